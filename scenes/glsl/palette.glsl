// Palettes are lookup tables, not per-pixel colour maths.

// The scene's palette (a 1-D lookup table uploaded as a 1024x1 texture), x in [0, 1].
vec3 palette(float x) {
    return texture(u_palette, vec2(clamp(x, 0.0, 1.0) * (1023.0 / 1024.0) + 0.5 / 1024.0,
                                   0.5)).rgb;
}

// The palette entry nearest x, unfiltered: several times cheaper than palette(x) on a
// software renderer, and smooth enough for the few fixed colours a scene mixes itself.
vec3 palette_texel(float x) {
    return texelFetch(u_palette, ivec2(int(clamp(x, 0.0, 1.0) * 1023.0 + 0.5), 0), 0).rgb;
}
