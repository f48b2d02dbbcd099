// A soft bloom: light above a threshold, blurred wide. Drawn into a small texture
// (an eighth of the internal size) from the composite's mipmaps; the grade pass adds
// it back with one bilinear read, which is all the smoothness a glow needs.
uniform sampler2D u_comp;
uniform float u_bloom;          // strength
const float BLOOM_THRESHOLD = 0.30;   // linear light (about sRGB 0.58)
in vec2 v_uv;
out vec4 f_colour;
void main() {
    float base = max(0.0, log2(float(textureSize(u_comp, 0).y) / 64.0));
    vec3 sum = vec3(0.0);
    float total = 0.0;
    for (int level = 0; level < 3; level++) {
        float lod = base + float(level);
        vec2 texel = exp2(lod) / vec2(textureSize(u_comp, 0));
        float w = 1.0 / (1.0 + float(level));
        for (int k = 0; k < 8; k++) {          // a ring of taps: a smooth, round blur
            float a = 0.785398 * float(k) + 0.4 * float(level);
            vec3 c = textureLod(u_comp, v_uv + 1.5 * texel * vec2(cos(a), sin(a)), lod).rgb;
            sum += w * max(c - BLOOM_THRESHOLD, 0.0);
            total += w;
        }
    }
    f_colour = vec4(u_bloom * sum / total, 1.0);
}
