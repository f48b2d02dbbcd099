// Counts (with an occlusion query) the pixels of a scene texture that are NaN or inf.
#include "finite.glsl"
uniform sampler2D u_tex;
in vec2 v_uv;
out vec4 f_colour;
void main() {
    if (finite3(texture(u_tex, v_uv).rgb)) discard;
    f_colour = vec4(1.0);
}
