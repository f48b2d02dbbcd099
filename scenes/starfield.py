"""Starfield: drifting very slowly forward through a quiet field of stars.

Stars live in layers of jittered grid cells; each layer slowly comes closer (it grows)
and hands over to the next, so the drift is endless and a pure function of time.
A star fades in from far away and out before it comes near, so none pops in or rushes
past. Stars are drawn at the output resolution with sizes in screen units, so a star
is a round point at 720p and at 4K alike, and never a blinking block. Each pixel reads
one cell per layer (``star_cell``), so five layers stay cheap. Behind them the Milky
Way: a soft band across an almost black sky, brighter and lumpy in its middle, split by
long dark dust lanes, with a dust of tiny stars where the screen is fine enough; and
far behind, faint stars that do not come closer, drawn only where the screen resolves them.
In stereo the sky lies at infinity and each star layer at the depth its size implies.
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
    tags = ("deep", "space", "dark", "motion")
    projections = ("flat", "dome", "sphere")
    shader = """
const int LAYERS = 5;

// The Milky Way: a broad soft glow across the sky with a brighter, clumpy core of star
// clouds, dark dust lanes along it and a haze of unresolved stars. ``b`` runs along
// the band (x) and across it (y).
vec3 milky_way(vec2 b, vec3 c_dim, vec3 c_bright) {
    float along = b.x;
    float across = b.y + 0.12 * noise1(along * 0.55 + u_seed_offset.x);
    float a2 = across * across;
    float halo = exp(-a2 * 2.5);                     // the wide glow, to the band's edges
    float core = exp(-a2 * 12.0);                    // the bright middle
    vec2 c = vec2(along, across);
    float clouds = fbm2q(c * vec2(1.2, 2.4) + u_seed_offset, 3, 0.6);          // star clouds
    // dust lanes: long dark filaments along the band, bent a little by the clouds
    float dust = fbm2q(c * vec2(0.9, 4.5) + vec2(0.0, 0.6 * clouds) - u_seed_offset.yx, 3, 0.65);
    float rift = smoother(0.0, 0.3, dust) * exp(-(across - 0.03) * (across - 0.03) * 18.0);
    float lumps = clamp(0.45 + 1.1 * clouds, 0.0, 1.4);
    float light = 0.34 * halo + core * (0.35 + 0.9 * lumps * lumps);
    light *= 1.0 - 0.8 * rift;
    // unresolved stars: a dust of tiny faint ones in the bright middle, one per small
    // cell (sitting well inside it), left out where a cell would be under ~4 pixels
    vec2 g = c * 80.0;
    vec3 h = hash3(ivec2(floor(g)) + ivec2(0x2f1, 0x1d3));
    float tiny = point((fract(g) - 0.3 - 0.4 * h.xy) / 80.0, 0.0007) * step(h.z, 0.6);
    light += 1.4 * core * tiny * h.z * smoother(0.33, 0.2, u_px * 80.0) * (1.0 - 0.8 * rift);
    vec3 tint = mix(c_dim, c_bright, clamp(core * (0.3 + 0.7 * lumps), 0.0, 1.0));
    return tint * light;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    mat2 turn = rot(s * 0.0015);
    vec2 q = turn * p;
    vec3 c_dim = palette_texel(0.40), c_bright = palette_texel(0.85);   // the palette, read once
    // the sky: nearly black, a little bluer high up, and the band of the Milky Way
    vec3 sky = vec3(0.003, 0.004, 0.010) + vec3(0.0, 0.002, 0.008) * (1.0 - p.y);
    vec2 qfar = turn * at_depth(p, 1e4);                 // the sky, at infinity
    sky += 0.3 * milky_way(rot(-0.45) * (qfar + vec2(0.2, 0.0)), c_dim, c_bright);
    vec3 stars = vec3(0.0);
    float forward = s * 0.012;                       // layers per second, slow
    for (int k = 0; k < LAYERS; k++) {
        float z = fract((float(k) - forward) / float(LAYERS));   // 1 far .. 0 near
        float zoom = mix(2.4, 0.45, z);                // on-screen scale of the layer
        float fade = smoother(1.0, 0.75, z) * smoother(0.0, 0.3, z);
        int cycle = int(floor((float(k) - forward) / float(LAYERS)));
        // in stereo each layer stands at the depth its size implies: 2.5 m to 13 m
        stars += fade * star_cell(turn * at_depth(p, 6.0 / zoom), zoom / 9.0, 0.55 * u_density,
                                  0.0011 * sqrt(zoom), k + cycle * LAYERS);
    }
    // a dust of faint, far stars that do not come closer, drawn only where the screen
    // resolves their cells (from about 720p up): detail that needs the native size
    float resolved = smoother(0.25, 0.12, u_px / 0.018);
    if (resolved > 0.0) stars += resolved * 0.4 * star_cell(qfar, 0.018, 0.3, 0.0006, 97);
    vec3 c = sky + stars * c_bright * 1.15;
    return c * u_brightness;
}
"""
