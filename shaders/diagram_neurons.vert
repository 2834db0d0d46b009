// diagram_neurons.vert: the network diagram's neurons (web/render/
// diagram_renderer.cpp), drawn straight to the screen over the cached edges.
// GLSL ES 3.00 without the version line (see diagram_edges.vert).
//
// Each neuron (web/app/diagram_scene.h, DiagramNeuron), written out as the
// four corners of a quad (a_corner), is a disc at a_disc.xy of radius
// a_disc.z, in display units from the diagram's top-left corner, filled with
// a_fill inside a ring of a_ring_width in a_ring.
uniform vec2 u_target;    // the framebuffer's size in pixels
uniform vec2 u_origin;    // the diagram's top-left corner in framebuffer pixels (from the top)
uniform float u_px;       // pixels per display unit

in vec2 a_corner;         // 0 or 1, twice
in vec3 a_disc;           // x, y, radius
in vec4 a_fill;
in vec4 a_ring;
in float a_ring_width;

out vec2 v_offset;        // pixels from the centre
flat out float v_radius, v_ring;
flat out vec4 v_fill, v_ring_color;

void main() {
    v_radius = a_disc.z * u_px;
    v_ring = a_ring_width * u_px;
    v_fill = a_fill;
    v_ring_color = a_ring;
    float extent = v_radius + 0.5;
    v_offset = (a_corner * 2.0 - 1.0) * extent;
    vec2 p = u_origin + a_disc.xy * u_px + v_offset;
    // The framebuffer counts y from the bottom.
    gl_Position = vec4(p.x / u_target.x * 2.0 - 1.0, 1.0 - p.y / u_target.y * 2.0, 0.0, 1.0);
}
