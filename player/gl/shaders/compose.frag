// Up to four scene layers mixed in OKLab, then the master level and the brightness cap.
//
// Mixing in OKLab keeps lightness (an sRGB mix of complementary scenes dips into
// grey-brown mud half way); averaging a and b still cancels chroma between distant
// hues, so the mix's chroma is restored towards the weighted chroma of its inputs.
// The restoring gain is capped at 2: hues up to ~120 degrees apart keep their full
// chroma, opposite hues keep about half and turn slowly, never swinging fast.
// Output: linear light, for the guard's probe, the bloom and the final scaling.
#include "colour.glsl"
#include "finite.glsl"
uniform sampler2D u_layer0;
uniform sampler2D u_layer1;
uniform sampler2D u_layer2;
uniform sampler2D u_layer3;
uniform vec4 u_weight;      // weight of each layer (0 for unused slots)
uniform vec4 u_flip;        // 1 where the texture's first row is the top (numpy scenes)
uniform float u_level;      // fade × brightness × brightness cap, on sRGB values
uniform float u_cap;        // the brightest sRGB value any channel may reach
in vec2 v_uv;
out vec4 f_colour;

vec3 sample_layer(sampler2D tex, float flip) {
    vec3 c = texture(tex, vec2(v_uv.x, mix(v_uv.y, 1.0 - v_uv.y, flip))).rgb;
    return finite3(c) ? clamp(c, 0.0, 4.0) : vec3(0.0);
}

// LAYERS (1..4) is defined per program: a software renderer runs both sides of a branch,
// so each layer count gets its own program; one scene at full strength skips the mix.
void main() {
#if LAYERS == 1
    vec3 srgb = sample_layer(u_layer0, u_flip.x);
#else
    vec3 lab = vec3(0.0);
    float chroma = 0.0;
    vec3 l = linear_to_oklab(srgb_to_linear(sample_layer(u_layer0, u_flip.x)));
    lab += u_weight.x * l;
    chroma += u_weight.x * length(l.yz);
    l = linear_to_oklab(srgb_to_linear(sample_layer(u_layer1, u_flip.y)));
    lab += u_weight.y * l;
    chroma += u_weight.y * length(l.yz);
#if LAYERS >= 3
    l = linear_to_oklab(srgb_to_linear(sample_layer(u_layer2, u_flip.z)));
    lab += u_weight.z * l;
    chroma += u_weight.z * length(l.yz);
#endif
#if LAYERS >= 4
    l = linear_to_oklab(srgb_to_linear(sample_layer(u_layer3, u_flip.w)));
    lab += u_weight.w * l;
    chroma += u_weight.w * length(l.yz);
#endif
    float ab = length(lab.yz);
    lab.yz *= ab > 1e-6 ? min(chroma / ab, 2.0) : 1.0;
    vec3 srgb = linear_to_srgb(max(oklab_to_linear(lab), 0.0));
#endif
    srgb = min(srgb * u_level, vec3(u_cap));
    f_colour = vec4(srgb_to_linear(srgb), 1.0);
}
