// ui.frag: Dear ImGui's pixels (web/render/ui_renderer.cpp). GLSL ES 3.00
// without the version line, which the renderer adds (see ui.vert).
//
// A solid shape's pixel is its vertex color; anything else (text, images)
// multiplies it by the texture. The branch is per triangle (v_solid is flat),
// so it never splits a 2x2 pixel quad inside one shape.
precision highp float;  // texture coordinates of a large font atlas need more than mediump

uniform sampler2D u_texture;

in vec2 v_uv;
in vec4 v_color;
flat in int v_solid;

out vec4 o_color;

void main() {
    if (v_solid != 0)
        o_color = v_color;
    else
        o_color = v_color * texture(u_texture, v_uv);
}
