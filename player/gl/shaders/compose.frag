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

void main() {
    vec3 lab = vec3(0.0);
    float chroma = 0.0;
    vec3 c[4];
    c[0] = u_weight.x > 0.0 ? sample_layer(u_layer0, u_flip.x) : vec3(0.0);
    c[1] = u_weight.y > 0.0 ? sample_layer(u_layer1, u_flip.y) : vec3(0.0);
    c[2] = u_weight.z > 0.0 ? sample_layer(u_layer2, u_flip.z) : vec3(0.0);
    c[3] = u_weight.w > 0.0 ? sample_layer(u_layer3, u_flip.w) : vec3(0.0);
    vec3 srgb = c[0];                        // one scene at full strength: nothing to mix
    if (u_weight != vec4(1.0, 0.0, 0.0, 0.0)) {
        for (int i = 0; i < 4; i++) {
            float w = u_weight[i];
            if (w <= 0.0) continue;
            vec3 l = linear_to_oklab(srgb_to_linear(c[i]));
            lab += w * l;
            chroma += w * length(l.yz);
        }
        float ab = length(lab.yz);
        if (ab > 1e-6) lab.yz *= min(chroma / ab, 2.0);
        srgb = linear_to_srgb(max(oklab_to_linear(lab), 0.0));
    }
    srgb = min(srgb * u_level, vec3(u_cap));
    f_colour = vec4(srgb_to_linear(srgb), 1.0);
}
