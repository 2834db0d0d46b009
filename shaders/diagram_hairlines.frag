// diagram_hairlines.frag: a one-pixel line's colour (see diagram_hairlines.vert).
precision highp float;

in vec4 v_color;

out vec4 o_color;

void main() {
    o_color = v_color;
}
