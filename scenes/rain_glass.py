"""Rain on glass: drops gathering and sliding slowly down a window at night.

Behind the glass, blurred lights drift very slowly. Drop ``k`` appears at a time
and place from its own random stream, swells in, lingers, then slides slowly down
and fades, so the set of drops at ``t`` is a pure function of ``t``.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes._sprites import kernel_bank, splat, splat_points, to_pixels
from scenes.base import Grid, Scene, brightness_param, density_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.registry import register

_LIFE = 30.0          # seconds from a drop forming to it fading away
_EVERY = 0.6          # seconds between new drops at density 1


@register
class RainGlass(Scene):
    name = "rain_glass"
    description = "raindrops gathering and sliding slowly down a window, soft lights beyond"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many drops"),
    )

    def _static(self, grid: Grid) -> dict[str, np.ndarray]:
        h, w = grid.shape
        rng = self.rng(1)
        n = w * h // 90
        mist = np.zeros((h, w), np.float32)
        px, py = to_pixels(grid, rng.uniform(-grid.aspect, grid.aspect, n), rng.uniform(-1, 1, n))
        splat_points(mist, px, py, rng.uniform(0, 0.06, n))
        return {"lights": noise.padded(self.seed + 8, h, w, h * 0.8, 2.0),
                "mist": mist,
                "base": (0.16 + 0.06 * (1 - grid.y)).astype(np.float32)}

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        st = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t
        f = self.scratch("f", (h, w))
        tmp = self.scratch("tmp", (h, w))
        noise.scroll(st["lights"], s * 0.5 * h / 270, s * 0.12 * h / 270, f, tmp)
        f -= np.float32(0.5)
        f *= np.float32(0.6)
        f += st["base"]
        bokeh = self.memo(("bokeh",), lambda: self.rng(2).uniform(0, 1, (5, 14)))
        bx = (bokeh[0] * 2 - 1) * grid.aspect + 0.25 * np.sin(s * 0.01 + bokeh[2] * 6)
        by = bokeh[1] * 1.6 - 0.6 + 0.1 * np.sin(s * 0.013 + bokeh[3] * 6)
        bpx, bpy = to_pixels(grid, bx, by)
        glow = 0.1 + 0.12 * bokeh[4] * (0.7 + 0.3 * np.sin(s * 0.05 + bokeh[2] * 9))
        splat(f, bpx, bpy, glow, kernel_bank(h * 0.07, ring=0.35))
        f += st["mist"]
        every = _EVERY / float(self.p["density"])
        ks = np.arange(max(0, int((s - _LIFE) / every)), int(s / every) + 1)
        if len(ks):
            rng = np.random.default_rng([self.seed, 77])
            table = self.memo(("drops",), lambda: rng.uniform(0, 1, (5, 1 << 14)))
            d = table[:, ks % (1 << 14)]
            age = s - ks * every - d[0] * every
            live = (age > 0) & (age < _LIFE)
            age, d = age[live], d[:, live]
            x = (d[1] * 2 - 1) * grid.aspect
            slide_at = 6 + d[2] * 14                      # seconds before it starts to slide
            slide = np.clip(age - slide_at, 0, None)
            y = d[3] * 2.2 - 1.2 + slide * (0.02 + 0.05 * d[4]) + 0.002 * slide ** 2
            amp = noise.smooth01(age / 3.0) * noise.smooth01((_LIFE - age) / 5.0)
            px, py = to_pixels(grid, x, y)
            big = d[4] > 0.6
            splat(f, px[~big], py[~big], amp[~big] * 0.3, kernel_bank(h * 0.009, ring=0.8))
            splat(f, px[big], py[big], amp[big] * 0.35, kernel_bank(h * 0.016, ring=0.8))
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
