// diagram_layer.frag: the cached layer's pixels, opaque (see diagram_layer.vert).
precision highp float;

uniform sampler2D u_layer;

in vec2 v_uv;

out vec4 o_color;

void main() {
    o_color = vec4(texture(u_layer, v_uv).rgb, 1.0);
}
