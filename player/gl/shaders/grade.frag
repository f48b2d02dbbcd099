// The picture to show: composite plus bloom and, where the guard holds back, only part
// of the way from what was shown last (its gain map, bilinear; mixed in linear light).
// Written sRGB-encoded, so the full-size present pass is only a scale and a dither.
#include "colour.glsl"
uniform sampler2D u_comp;
uniform sampler2D u_bloom;     // the bloom pass (black when off)
uniform sampler2D u_prev;      // what was shown last frame (sRGB-encoded)
uniform sampler2D u_gain;      // the guard's per-cell gain, 1 = show the new frame
uniform float u_cap_linear;
in vec2 v_uv;
out vec4 f_colour;
void main() {
    vec3 c = texture(u_comp, v_uv).rgb + texture(u_bloom, v_uv).rgb;
    c = min(c, vec3(u_cap_linear));
#if HOLD                           // the guard holds back (a program of its own)
    vec3 prev = srgb_to_linear(texture(u_prev, v_uv).rgb);
    c = prev + texture(u_gain, v_uv).r * (c - prev);
#endif
    f_colour = vec4(linear_to_srgb(c), 1.0);
}
