"""Starfield: drifting very slowly forward through a quiet field of stars.

Stars live in layers of jittered grid cells; each layer slowly comes closer (it grows)
and hands over to the next, so the drift is endless and a pure function of time.
A star fades in from far away and out before it comes near, so none pops in or rushes
past. Stars are drawn at the output resolution with sizes in screen units, so a star
is a round point at 720p and at 4K alike, and never a blinking block. Behind them a
faint Milky Way band with dust lanes, over a sky that is almost black.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, density_param, palette_param, speed_param
from scenes.registry import register


@register
class Starfield(ShaderScene):
    name = "starfield"
    description = "gliding slowly forward through a calm field of stars"
    params = (
        palette_param("twilight"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many stars"),
    )
    shader = """
const int LAYERS = 5;

// One layer of stars, ``zoom`` times nearer than the screen: a jittered grid, a star in
// most cells. Distances are measured on the screen, so points stay crisp and round.
vec3 star_layer(vec2 q, float zoom, float cells, float fade, int layer) {
    vec2 g = q / zoom * cells;
    vec2 cell = floor(g);
    vec3 light = vec3(0.0);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ivec2(cell) + ivec2(i, j);
            vec3 h = hash3(c + ivec2(layer * 7919, layer * 104729));
            if (h.z > 0.55 * u_density) continue;         // empty cell
            vec2 at = (vec2(c) + 0.15 + 0.7 * h.xy) / cells * zoom;
            float mag = pow(hash1(c + ivec2(layer * 31, 17)), 3.0);   // few bright ones
            float radius = (0.0011 + 0.0020 * mag) * sqrt(zoom);
            float a = point(q - at, radius) * (0.25 + 1.6 * mag);
            vec3 tint = mix(vec3(0.75, 0.82, 1.0), vec3(1.0, 0.88, 0.74),
                            hash1(c + ivec2(5, layer)));
            light += a * tint;
        }
    }
    return light * fade;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec2 q = rot(s * 0.0015) * p;
    // the sky: nearly black, a little bluer high up, a faint band of the Milky Way
    vec2 b = rot(-0.45) * (q + vec2(0.2, 0.0));
    float across = b.y;
    float band = exp(-across * across * 9.0);
    float dust = fbm2(b * vec2(1.3, 3.2) + u_seed_offset, 5, 0.55);
    float glowing = fbm2(b * vec2(2.1, 5.0) - u_seed_offset.yx, 4, 0.6);
    float milky = band * clamp(0.55 + 0.6 * glowing - 0.9 * max(dust, 0.0), 0.0, 1.2);
    vec3 sky = vec3(0.004, 0.005, 0.012) + vec3(0.0, 0.002, 0.01) * (1.0 - p.y);
    sky += palette(0.55) * 0.09 * milky;
    // fine unresolved stars inside the band
    sky += palette(0.9) * 0.05 * band * pow(max(0.0, noise2(b * 90.0 + u_seed_offset)), 6.0);
    vec3 stars = vec3(0.0);
    float forward = s * 0.012;                       // layers per second, slow
    for (int k = 0; k < LAYERS; k++) {
        float z = fract((float(k) - forward) / float(LAYERS));   // 1 far .. 0 near
        float zoom = mix(2.4, 0.45, z);                // on-screen scale of the layer
        float fade = smoother(1.0, 0.75, z) * smoother(0.0, 0.3, z);
        int cycle = int(floor((float(k) - forward) / float(LAYERS)));
        stars += star_layer(q, zoom, 9.0, fade, k + cycle * LAYERS);
    }
    vec3 c = sky + stars * palette(0.92) * 1.1;
    return c * u_brightness;
}
"""
