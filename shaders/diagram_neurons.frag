// diagram_neurons.frag: an anti-aliased disc with a ring (see diagram_neurons.vert).
precision highp float;

in vec2 v_offset;
flat in float v_radius, v_ring;
flat in vec4 v_fill, v_ring_color;

out vec4 o_color;

void main() {
    float d = length(v_offset);
    float outside = clamp(v_radius + 0.5 - d, 0.0, 1.0);          // 1 inside the disc
    float inner = clamp(v_radius - v_ring + 0.5 - d, 0.0, 1.0);   // 1 inside the ring
    vec4 c = mix(v_ring_color, v_fill, inner);
    o_color = vec4(c.rgb, c.a * outside);
}
