// Scale the shown picture to the output, add optional grain, and dither
// with temporal blue noise *after* scaling, so no dither pattern is ever magnified.
uniform sampler2D u_shown;    // sRGB-encoded
uniform sampler2D u_noise;     // a tileable blue-noise texture, values in [0, 1)
uniform vec2 u_noise_shift;    // per-frame offset of the noise (from the frame's time)
uniform float u_noise_turn;    // per-frame rotation of the noise values
uniform float u_levels;        // 255 for 8-bit output, 1023 for 10-bit
uniform float u_grain;         // fine luminance grain, 0 = off
in vec2 v_uv;
out vec4 f_colour;

float blue(vec2 pixel, float turn) {       // the 64×64 noise tiles the screen
    return fract(texelFetch(u_noise, (ivec2(pixel) + ivec2(u_noise_shift)) & 63, 0).r + turn);
}

void main() {
    vec3 c = texture(u_shown, v_uv).rgb;
    if (u_grain > 0.0) {
        float g = blue(gl_FragCoord.xy * 0.5 + 17.0, u_noise_turn * 3.0) - 0.5;
        c *= 1.0 + u_grain * 0.08 * g;
    }
    // triangular (TPDF) dither of ±1 step: no banding, and noise that does not depend
    // on the signal
    float n = blue(gl_FragCoord.xy, u_noise_turn) * 2.0 - 1.0;
    n = sign(n) * (1.0 - sqrt(1.0 - abs(n)));
    n *= step(1e-6, max(c.r, max(c.g, c.b)));     // black stays black (fades, pauses)
    f_colour = vec4(clamp(c + n / u_levels, 0.0, 1.0), 1.0);
}
