"""Rain on glass: drops gathering and trickling slowly down a window at night.

Beyond the glass, far lights are soft bokeh discs of the palette's colours, drifting
very slowly. The glass itself is in sharp focus: a light mist of fine beads that come
and go, and now and then a larger drop that slides down in slow stop-and-go steps,
wiping a clear, wet trail that mists over again. Every drop is a tiny lens: through
it the lights beyond appear small, sharp and upside down, with a dark rim and a
glint. Drops live in cells (beads in a grid, sliders in columns), each a pure
function of time, so a pixel looks only at its own cell.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, density_param, palette_param, speed_param
from scenes.registry import register


@register
class RainGlass(ShaderScene):
    name = "rain_glass"
    description = "raindrops gathering and sliding slowly down a window, soft lights beyond"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many drops"),
    )
    tags = ("cosy", "water", "dark")
    shader = """
// Hash of a cell into three numbers in [0, 1] (one integer hash).
vec3 cell3(ivec2 c, uint salt) {
    uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu ^ u_seed_u ^ salt);
    return vec3(float(h & 1023u), float((h >> 10) & 1023u), float(h >> 22)) / 1023.0;
}

// One layer of out-of-focus lights: a disc in some cells, its centre in the middle 0.4
// of the cell and its radius, soft edge included, under 0.3 of a cell, so a pixel needs
// only its own cell. Returns (coverage, palette tone of the light).
vec2 bokeh(vec2 screen, vec2 o, float cell, float blur, uint salt, float t) {
    vec2 q = screen + o;
    vec2 g = q / cell;
    ivec2 c = ivec2(floor(g));
    vec3 h = cell3(c, salt);
    vec2 at = (vec2(c) + 0.3 + 0.4 * h.xy) * cell;
    vec2 home = at - o;                                   // its place on the screen
    float sky = smoother(0.5, -1.3, home.y - 0.5 * noise1(home.x * 0.7));   // fewer up high
    float r = cell * (0.07 + 0.13 * h.z * h.z);
    float d = length(q - at) - r;
    float soft = r * (0.05 + 0.5 * blur) + u_px;
    float disc = clamp(0.5 - d / soft, 0.0, 1.0);
    disc *= 0.85 + 0.15 * smoother(-0.8 * r, 0.0, d);            // a faintly brighter rim
    float on = smoother(0.1 + 0.5 * sky, 0.2 + 0.5 * sky, fract(h.z * 7.77))
               * (0.65 + 0.35 * sin(t * 0.05 + h.x * 6.3)) * (0.55 + 0.45 * fract(h.x * 11.3));
    return vec2(disc * on, 0.5 + 0.48 * fract(h.y * 5.3));
}

// The night beyond the glass at q, blurred by ``blur`` (1 through misted glass, less
// through a clear trail, least through a drop). Returns (palette tone, light).
vec2 beyond(vec2 q, float blur, float t) {
    vec2 drift = vec2(t * 0.006, 0.0);
    vec2 a = bokeh(q, drift + u_seed_offset, 0.7, blur, 0x1u, t);
    vec2 b = bokeh(q, drift * 0.6 + u_seed_offset.yx, 0.38, blur, 0x2u, t + 40.0);
    float wash = 0.5 + 0.5 * noise2q(q * 0.7 + u_seed_offset + drift * 0.5);
    float lit = a.x * 0.85 + b.x * 0.6;
    // a dark street: a low glow of the town below, washes of light, then the lights
    float tone = 0.06 + 0.3 * wash * smoother(-1.2, 1.0, q.y);
    tone = mix(tone, mix(a.y, b.y, b.x / (a.x + b.x + 1e-3)), min(lit * 1.5, 1.0));
    return vec2(tone, 0.3 + 1.2 * lit);
}

// Distance slid after ``u`` seconds of sliding: moves, nearly stops, moves again.
float trickle(float u) {
    const float w = 6.2832 / 7.0;
    return u - 0.85 * sin(w * u) / w;
}

// The slider of column ``col`` at scene time s: (centre x, centre y, radius, y where it
// formed) and (pace, seconds into its cycle, seconds before it slides, cycle length).
void slider(float col, float cw, float s, out vec4 a, out vec4 b) {
    vec3 h = cell3(ivec2(int(col), 7), 0x9u);
    float period = 80.0 + 60.0 * h.z;
    float phase = fract(s / period + h.x) * period;
    float start = 5.0 + 8.0 * h.y;
    float pace = 0.035 + 0.03 * h.z;
    float y0 = -1.1 + 0.9 * h.y;
    float y = y0 + trickle(max(phase - start, 0.0)) * pace;
    float x = (col + 0.5 + 0.3 * (h.x - 0.5)) * cw + 0.015 * noise1(y * 3.0 + col * 5.1);
    float r = (0.026 + 0.02 * h.z) * smoother(0.0, 4.0, phase) * step(0.25, fract(h.y * 3.7));
    a = vec4(x, y, r, y0);
    b = vec4(pace, phase, start, period);
}

vec3 scene(vec2 p, float t) {
    float s = t * u_speed;
    float dens = u_density;
    float cw = 0.2 / sqrt(dens);                  // columns of sliders

    // the slider of this pixel's column, and the wet trail it leaves above itself
    float col = floor(p.x / cw);
    vec4 sa, sb;
    slider(col, cw, s, sa, sb);
    float path = sa.x + 0.015 * (noise1(p.y * 3.0 + col * 5.1) - noise1(sa.y * 3.0 + col * 5.1));
    float above = sa.y - p.y;                                    // > 0 above the drop
    float trail = step(0.0, above) * step(sa.w, p.y)
                  * smoother(sa.z * 0.7, sa.z * 0.3, abs(p.x - path))
                  * exp(-above / sb.x / 12.0) * smoother(sb.z, sb.z + 1.0, sb.y)
                  * smoother(sb.w, sb.w - 12.0, sb.y) * step(1e-4, sa.z);
    float glass_fog = 1.0 - 0.8 * trail;          // 1 misted .. 0 wiped clear

    // beads: small drops that swell in and fade, each on its own slow cycle; a slider
    // running through one takes it along (judged at the bead's centre, so whole beads go;
    // two bead cells make a column and a bead stays inside its cell, so the column's
    // slider is this pixel's)
    float bc = 0.5 * cw;
    ivec2 bcell = ivec2(floor(p / bc));
    vec3 bh = cell3(bcell, 0x5u);
    float life = fract(s / (40.0 + 40.0 * bh.z) + bh.x);
    vec2 bat = (vec2(bcell) + 0.3 + 0.4 * bh.xy) * bc;
    float br = bc * (0.06 + 0.16 * bh.z * bh.z)
               * smoother(0.0, 0.2, life) * smoother(1.0, 0.75, life) * step(0.55, bh.y);
    float taken = smoother(sa.z + br + 0.01, sa.z * 0.6, abs(bat.x - sa.x))
                  * step(sa.w - sa.z, bat.y) * step(bat.y, sa.y + sa.z)
                  * smoother(sb.w, sb.w - 12.0, sb.y);
    br *= 1.0 - taken;

    // a few small beads left along the fresh trail
    float tb = floor(p.y / 0.05);
    vec3 th = cell3(ivec2(int(col), int(tb)), 0xbu);
    vec2 tat = vec2(path + 0.3 * sa.z * (th.x - 0.5), (tb + 0.3 + 0.4 * th.y) * 0.05);
    float tr = sa.z * (0.12 + 0.2 * th.z) * step(0.55, th.z) * smoother(0.2, 0.6, trail)
               * smoother(1.0, 2.5, (sa.y - tat.y) / max(sa.z, 1e-4));   // left behind, growing

    // lenses laid over each other: beads, then trail beads, then the slider on top;
    // the topmost drop here is the one seen (each drop's edge is anti-aliased)
    vec2 rs = p - sa.xy;
    rs.y *= rs.y > 0.0 ? 0.85 : 1.0;                             // fuller below, like a drop
    float k1 = fill(length(p - bat) - br) * step(1e-4, br);
    float k2 = fill(length(p - tat) - tr) * step(1e-4, tr);
    float k3 = fill(length(rs) - sa.z) * step(1e-4, sa.z);
    float inside = max(k1, max(k2, k3));
    vec2 centre = k3 > 0.0 ? sa.xy : (k2 > 0.0 ? tat : bat);
    float r = k3 > 0.0 ? sa.z : (k2 > 0.0 ? tr : br);
    vec2 off = (k3 > 0.0 ? rs : p - centre) / max(r, 1e-4);     // -1..1 across the drop
    float e = length(off);
    // a lens: the world beyond, small and upside down
    vec2 q = mix(p, centre - off * r * 3.5 - vec2(0.0, 0.1 * r), inside);
    float blur = mix(mix(0.35, 1.0, glass_fog), 0.3, inside);
    float rim = smoother(0.55, 1.0, e) * (0.5 + 0.5 * smoother(-0.5, 0.8, off.y));
    float glint = point(off - vec2(-0.32, -0.38), 0.16);
    float caustic = smoother(0.25, 0.85, off.y) * smoother(1.0, 0.7, e);

    vec2 b = beyond(q, blur, s);
    vec3 col_b = palette_texel(b.x);
    vec3 light = palette_texel(0.97);
    col_b *= col_b;
    light *= light;
    // a drop gathers light from a wide view: a little brighter than the glass around it;
    // misted glass scatters a little light back and softens the darks
    vec3 c = col_b * b.y + inside * (col_b * 0.25 + light * 0.02);
    c = mix(c, c * 0.75 + col_b * 0.04, glass_fog * (1.0 - inside) * 0.5);
    c *= 1.0 - 0.75 * rim * inside;
    c += light * (glint * 0.5 + caustic * 0.04) * inside;
    c *= 1.0 - 0.35 * smoother(0.9, 1.8, length(p * vec2(0.6, 1.0)));      // vignette
    return sqrt(c) * u_brightness;
}
"""
