// diagram_edges.vert: the network diagram's edges as anti-aliased lines of
// any width (web/render/diagram_renderer.cpp). GLSL ES 3.00 without the
// version line, which the renderer adds ("#version 300 es" on the web,
// "#version 130" on the desktop).
//
// Each edge (web/app/diagram_scene.h, DiagramEdge) is a line from a_ends.xy to
// a_ends.zw in display units from the diagram's top-left corner. Its four
// vertices carry the edge and a corner of a unit quad (a_corner; the renderer
// writes them out rather than drawing instances, which a software renderer
// draws one by one), and become a rectangle around the line, half a pixel
// wider on each side for anti-aliasing (no wider: ten thousand edges' pixels
// are what a software renderer pays for); v_across is the signed distance
// from the centre line in pixels. Edges are drawn into a texture of the
// diagram's size (cached between builds): its row 0 is the diagram's bottom,
// as GL counts rows (diagram_layer.vert reads it so).
uniform vec2 u_target;    // the target's size in pixels
uniform float u_px;       // pixels per display unit

in vec2 a_corner;         // (0 or 1 along the edge, 0 or 1 across it)
in vec4 a_ends;           // x0, y0, x1, y1
in float a_width;         // display units
in vec4 a_color;          // RGBA, alpha 0: not drawn

out vec4 v_color;
out float v_across;
flat out float v_half;

void main() {
    vec2 p0 = a_ends.xy * u_px;
    vec2 p1 = a_ends.zw * u_px;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 along = len > 0.0 ? d / len : vec2(1.0, 0.0);
    vec2 across = vec2(-along.y, along.x);
    float w = a_width * u_px;
    // A line thinner than a pixel is drawn a pixel wide and as much fainter.
    v_half = max(0.5 * w, 0.5);
    float extent = v_half + 0.5;
    v_across = (a_corner.y * 2.0 - 1.0) * extent;
    v_color = vec4(a_color.rgb, a_color.a * min(w, 1.0));
    vec2 p = mix(p0, p1, a_corner.x) + across * v_across;
    // An invisible edge collapses to a point outside the target: no pixels.
    if (a_color.a == 0.0) p = vec2(-4.0);
    gl_Position = vec4(p.x / u_target.x * 2.0 - 1.0, 1.0 - p.y / u_target.y * 2.0, 0.0, 1.0);
}
