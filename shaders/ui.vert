// ui.vert: Dear ImGui's vertices to clip space (web/render/ui_renderer.cpp).
// GLSL ES 3.00 without the version line: the renderer puts "#version 300 es"
// first on the web and "#version 130" on the desktop, which reads the same source.
//
// A vertex is a position in display pixels (origin top left), a texture
// coordinate and an RGBA color. Solid shapes (frames, plot fills, lines) carry
// the font atlas's white pixel as their texture coordinate; v_solid tells the
// fragment shader so, and it skips the texture fetch: a software renderer
// (SwiftShader in headless Chromium) spends about half of a pixel's time on it.
uniform vec2 u_scale;     // 2 / display size: pixels to clip space
uniform vec2 u_origin;    // the display's top-left corner in ImGui's coordinates
uniform vec2 u_white_uv;  // the white pixel's coordinate, or (-1, -1): every vertex samples

in vec2 a_position;
in vec2 a_uv;
in vec4 a_color;

out vec2 v_uv;
out vec4 v_color;
flat out int v_solid;

void main() {
    v_uv = a_uv;
    v_color = a_color;
    v_solid = a_uv == u_white_uv ? 1 : 0;
    vec2 p = (a_position - u_origin) * u_scale;
    gl_Position = vec4(p.x - 1.0, 1.0 - p.y, 0.0, 1.0);
}
