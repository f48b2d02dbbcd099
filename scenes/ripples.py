"""Ripples: still water at dusk; now and then a single drop sends out soft rings.

We look across a pond toward a far, wooded shore; the sun has just set behind the
trees and their dark line and the glowing sky are mirrored in the water. Drop ``k``
falls at a time and place from its own hash, so which rings show at ``t`` is a pure
function of ``t``. A ring is a small packet of waves on the water plane, so its
perspective is exact (wide and flat far off); it shows the way real ripples do, by
bending the reflection — the shore line and the afterglow wobble along its crests.
It is born with no height, spreads, and fades; waves finer than a pixel are filtered
away rather than aliased.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Ripples(ShaderScene):
    name = "ripples"
    description = "still water at dusk; now and then a single drop sends out soft rings"
    params = (
        palette_param("ocean"),
        speed_param(),
        brightness_param(),
        Param("interval", 5.0, "average seconds between drops", min=2.0, max=60.0),
    )
    tags = ("paced", "water", "dark", "cool")
    shader = """
const float HORIZON = -0.6;    // screen y of the horizon (y grows downward)
const float FOCAL = 1.6;
const float EYE = 1.5;          // eye height above the water, metres
const float SHORE = 0.035;      // the far shore's waterline, screen units below the horizon
const float LIFE = 14.0;        // seconds a ring is visible (at most 3.6 intervals)
const float GLOW_X = -0.35;     // where the sun went down

// What lies beyond the pond toward screen x at elevation e (screen units above the
// horizon): the dusk sky, and the dark, uneven line of the far wood.
// Returns (palette tone, extra glow).
vec2 beyond(float x, float e, float mirrored, float aa) {
    float o = u_seed_offset.x;
    float gap = smoother(0.1, 0.7, abs(x - GLOW_X));      // the shore is low where it set
    float top = (0.012 + 0.07 * gap * (0.5 + 0.5 * fbm1(x * 1.6 + o, 3, 0.5)))
                + 0.008 * gap * noise1(x * 26.0 + o);       // the crowns' ragged edge
    float sky_up = max(e, 0.0);
    float tone = 0.6 - 0.5 * sqrt(min(sky_up / 1.4, 1.0));
    // the afterglow; in the water, stretched down into a column by the faint wavelets
    float glow = exp(-abs(x - GLOW_X) * mix(1.2, 1.9, mirrored))
                 * exp(-sky_up * mix(2.8, 1.1, mirrored));
    // the wood covers the sky up to its crowns, anti-aliased over ``aa`` (how far the
    // look moves per pixel) and softer in the water, which never mirrors quite sharply
    float wood = clamp(0.5 - (e - top) / (aa + 0.025 * mirrored), 0.0, 1.0);
    tone = mix(tone, 0.03, wood);
    glow *= 1.0 - wood;
    return vec2(tone, glow);
}

vec3 scene(vec2 p, float t) {
    float s = t * u_speed;
    float dy = p.y - HORIZON;
    float water = smoother(SHORE - 0.5 * u_px, SHORE + 0.5 * u_px, dy);
    vec2 look = vec2(p.x, -dy);                  // direct: screen x, elevation
    float fresnel = 1.0;
    if (dy > SHORE - u_px) {
        // the point of the water seen here, and one pixel's footprint on it
        float h = max(dy, 1e-3);
        float dist = EYE / h;
        vec2 w = vec2(p.x, FOCAL) * dist;
        vec2 foot = vec2(dist, FOCAL * dist / h) * u_px;
        // a breath of air: the faintest wavelets, so the mirror is alive
        vec2 grad = vec2(0.0);
        float wander = 3.0 * noise2q(w * 0.25 + u_seed_offset + vec2(s * 0.01, 0.0));
        for (int i = 0; i < 2; i++) {
            float fi = float(i);
            vec2 k = vec2(sin(fi * 2.1 + 0.4), cos(fi * 1.7)) * (3.0 + 2.3 * fi);
            float keep = 1.0 / (1.0 + dot(k * foot, k * foot));
            float phase = dot(k, w) + s * (0.4 + 0.15 * fi) + fi * 2.0 + wander * (1.0 - 0.6 * fi);
            grad += k * (0.0004 * cos(phase) * keep);
        }
        // the rings of the drops that are still spreading
        // (frequent drops live shorter, so no more than five rings are ever drawn)
        float life = min(LIFE, 3.6 * u_interval);
        float lo = floor((s - life) / u_interval), hi = floor(s / u_interval);
        for (float k = lo; k <= hi; k += 1.0) {
            uint hk = dl_hash(uint(int(k)) * 0x9e3779b9u ^ u_seed_u ^ 0x51au);
            vec3 r = vec3(float(hk & 1023u), float((hk >> 10) & 1023u), float(hk >> 22)) / 1023.0;
            float born = (k + 0.8 * r.z) * u_interval;
            float age = s - born;
            if (age < 0.0 || age > life) continue;
            // where it fell: somewhere in the near and middle water
            float fy = mix(0.12, 0.85, r.y);                     // screen height below horizon
            vec2 at = vec2((r.x * 2.0 - 1.0) * 1.5, FOCAL) * (EYE / fy);
            vec2 d = w - at;
            float dd = length(d);
            float front = 0.22 * age;                             // metres from the centre
            float width = 0.12 + 0.03 * age;
            float x = dd - front;
            float kk = 6.2832 / (0.2 + 0.012 * age);              // longer waves run ahead
            float amp = 0.03 * smoothstep(0.0, 1.2, age) * (1.0 - age / life)
                        * smoothstep(life, life - 4.0, age) * inversesqrt(1.0 + 3.0 * front);
            float env = exp(-x * x / (width * width)) * min(dd * 12.5, 1.0);
            vec2 dir = d / max(dd, 1e-4);
            vec2 kf = kk * dir * foot;
            float keep = 1.0 / (1.0 + 0.5 * dot(kf, kf));
            grad += dir * (amp * kk * cos(kk * x) * env * keep);
        }
        // a tilted surface shifts the mirrored image: toward us moves it up and down
        // fully, sideways less so at a grazing angle
        look = vec2(p.x, dy - 2.0 * SHORE) + 2.0 * FOCAL * vec2(grad.x * min(1.0, 2.0 * h / FOCAL),
                                                                -grad.y);
        float g = 1.0 - min(h / FOCAL, 1.0), g2 = g * g;
        fresnel = 0.3 + 0.7 * g2 * g2 * g;
    }
    vec2 b = beyond(look.x, look.y, water, 1.5 * fwidth(look.y) + u_px);
    vec3 base = palette_texel(b.x);
    vec3 warm = palette_texel(0.97);
    vec3 c = base * base + warm * warm * 0.45 * b.y;
    float lit = mix(1.0, fresnel, water);
    c *= lit;
    // a low mist on the water along the far shore, lit by the afterglow
    float mist = exp(-abs(dy - SHORE - 0.005) * 70.0) * exp(-abs(p.x - GLOW_X) * 1.5);
    c += (base * 0.3 + warm * warm * 0.1) * mist * 0.0 + warm * warm * 0.05 * mist;
    // the near water goes down to black
    c *= 1.0 - 0.6 * smoother(0.4, 1.6, dy);
    return sqrt(c) * u_brightness;
}
"""
