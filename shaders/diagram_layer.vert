// diagram_layer.vert: the network diagram's cached layer (its background,
// edges, image and neurons, drawn into a texture when they change) as one quad
// on the screen, and the input image as one quad into that layer
// (web/render/diagram_renderer.cpp). GLSL ES 3.00 without the version line.
uniform vec2 u_target;    // the framebuffer's size in pixels
uniform vec4 u_rect;      // x, y (from the top), width, height in framebuffer pixels

in vec2 a_corner;         // 0 or 1, twice

out vec2 v_uv;

void main() {
    v_uv = vec2(a_corner.x, 1.0 - a_corner.y);  // the texture's row 0 is the diagram's bottom (see diagram_edges.vert)
    vec2 p = u_rect.xy + a_corner * u_rect.zw;
    gl_Position = vec4(p.x / u_target.x * 2.0 - 1.0, 1.0 - p.y / u_target.y * 2.0, 0.0, 1.0);
}
