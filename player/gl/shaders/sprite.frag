uniform sampler2D u_tex;       // RGBA, first row at the top
in vec2 v_uv;
out vec4 f_colour;
void main() { f_colour = texture(u_tex, v_uv); }
