// diagram_hairlines.vert: the network diagram's dense edges (the first
// layer's thousands) as one-pixel lines, GL_LINES, two vertices per edge
// (web/render/diagram_renderer.cpp). GLSL ES 3.00 without the version line
// (see diagram_edges.vert).
//
// A software renderer pays per primitive and per pixel: a line is one
// primitive a pixel wide, an anti-aliased quad two triangles three pixels
// wide, about three times the cost (measured in SwiftShader). Where thousands
// of edges overlap, their strength shows in their opacity alone.
uniform vec2 u_target;    // the target's size in pixels
uniform float u_px;       // pixels per display unit

in vec2 a_position;       // display units from the diagram's top-left corner
in vec4 a_color;          // RGBA, alpha 0: not drawn

out vec4 v_color;

void main() {
    v_color = a_color;
    vec2 p = a_position * u_px;
    if (a_color.a == 0.0) p = vec2(-4.0);   // an invisible edge: a point outside the target
    // The cached layer counts rows from the bottom, as GL does (diagram_edges.vert).
    gl_Position = vec4(p.x / u_target.x * 2.0 - 1.0, 1.0 - p.y / u_target.y * 2.0, 0.0, 1.0);
}
