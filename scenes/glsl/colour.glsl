// Colour spaces: sRGB <-> linear light, and OKLab (a perceptual space for mixing).

vec3 srgb_to_linear(vec3 c) {
    c = max(c, 0.0);
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

vec3 linear_to_srgb(vec3 c) {
    c = max(c, 0.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

vec3 linear_to_oklab(vec3 c) {
    vec3 lms = mat3(0.4122214708, 0.2119034982, 0.0883024619,
                    0.5363325363, 0.6806995451, 0.2817188376,
                    0.0514459929, 0.1073969566, 0.6299787005) * c;
    lms = pow(max(lms, 0.0), vec3(1.0 / 3.0));
    return mat3(0.2104542553, 1.9779984951, 0.0259040371,
                0.7936177850, -2.4285922050, 0.7827717662,
                -0.0040720468, 0.4505937099, -0.8086757660) * lms;
}

vec3 oklab_to_linear(vec3 lab) {
    vec3 lms = mat3(1.0, 1.0, 1.0,
                    0.3963377774, -0.1055613458, -0.0894841775,
                    0.2158037573, -0.0638541728, -1.2914855480) * lab;
    lms = lms * lms * lms;
    return mat3(4.0767416621, -1.2684380046, -0.0041960863,
                -3.3077115913, 2.6097574011, -0.7034186147,
                0.2309699292, -0.3413193965, 1.7076147010) * lms;
}

// Turn the hue of an sRGB colour by ``angle`` radians about the grey axis, keeping its
// luma (the matrix of CSS's hue-rotate). Far cheaper than a round trip through OKLab,
// for accents and slow tints where exact perceptual hue does not matter.
vec3 hue_turn(vec3 c, float angle) {
    float k = cos(angle), s = sin(angle);
    return max(mat3(0.213 + 0.787 * k - 0.213 * s, 0.213 - 0.213 * k + 0.143 * s,
                    0.213 - 0.213 * k - 0.787 * s,
                    0.715 - 0.715 * k - 0.715 * s, 0.715 + 0.285 * k + 0.140 * s,
                    0.715 - 0.715 * k + 0.715 * s,
                    0.072 - 0.072 * k + 0.928 * s, 0.072 - 0.072 * k - 0.283 * s,
                    0.072 + 0.928 * k + 0.072 * s) * c, 0.0);
}
