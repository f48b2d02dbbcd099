"""Aurora: luminous curtains folding slowly above a dark, starry horizon.

Each curtain is a bright lower hem whose glow fades upward. The hem height and the
vertical ray pattern are 1-D curves across the screen (cheap); the only per-pixel
work is reading a glow profile at (height above the hem) / (curtain length).
"""

from __future__ import annotations

import numpy as np

from scenes import noise, palettes
from scenes._sprites import splat_points, to_pixels
from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise
from scenes.params import Param
from scenes.registry import register

_PROFILE_N = 1024
_D_MIN, _D_MAX = -0.6, 4.0   # hem distance in curtain lengths: below hem .. far above


def _profile() -> np.ndarray:
    """Glow against distance above the hem: a soft rise at the hem, a long fade upward."""
    d = np.linspace(_D_MIN, _D_MAX, _PROFILE_N)
    rise = noise.smooth01((d + 0.25) / 0.4)
    return (rise * np.exp(-np.clip(d, 0, None) * 0.9)).astype(np.float32)


@register
class Aurora(Scene):
    name = "aurora"
    description = "northern lights: soft curtains folding slowly over a starry horizon"
    params = (
        palette_param("aurora"),
        speed_param(),
        brightness_param(),
        Param("curtains", 2, "how many curtains of light", min=1, max=3),
        Param("height", 0.5, "how tall the curtains reach (fraction of the screen)",
              min=0.2, max=1.0),
    )

    def _table(self) -> np.ndarray:
        """Palette table over field values 0..2: gamma 0.9 with a soft shoulder above 0.6,
        so where curtains overlap brightly the light saturates gently instead of
        running into the palette's top colour as a hot spot."""
        v = np.linspace(0.0, 2.0, palettes.LUT_SIZE)
        knee = np.where(v < 0.6, v, 0.6 + 0.4 * (1.0 - np.exp(-(v - 0.6) / 0.4)))
        return palettes.through(str(self.p["palette"]), knee ** 0.9,
                                float(self.p["brightness"]))

    def _static(self, grid: Grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        h, w = grid.shape
        sky = 0.1 + 0.1 * np.clip((grid.y + 1.0) * 0.5, 0, 1) ** 2
        ridge = 0.62 + 0.22 * (noise.sample1d(noise.loop1d(self.seed, 256, 40.0),
                                              (grid.x[0] + 2) * 40) - 0.5)
        land = noise.smooth01((grid.y - ridge[None, :]) / 0.025)   # 0 sky .. 1 land
        sky = sky * (1 - land) + 0.03 * land
        rng = self.rng(1)
        n = int(grid.width * grid.height / 260)
        sx = rng.uniform(-grid.aspect, grid.aspect, n)
        sy = rng.uniform(-1, 0.6, n)
        px, py = to_pixels(grid, sx, sy)
        stars = np.zeros((h, w), np.float32)
        splat_points(stars, px, py, rng.uniform(0.05, 0.5, n) ** 2)
        stars *= 1 - land
        return (sky + stars).astype(np.float32), _profile(), (1 - land).astype(np.float32)

    def render(self, t: float, grid: Grid) -> np.ndarray:
        p = self.p
        h, w = grid.shape
        base, prof, sky_mask = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(p["speed"]) * t
        x = grid.x[0]
        f = self.scratch("f", (h, w))
        d = self.scratch("d", (h, w))
        ints = self.memo(("ints", h, w), lambda: np.empty((h, w), np.int32))
        np.multiply(base, np.float32(0.5), out=f)      # the table reads 0..2 (see _table)
        g = self.scratch("g", (h, w))
        ycol = grid.y[:, :1]
        scale = (_PROFILE_N - 1) / (_D_MAX - _D_MIN)
        rng = self.rng(2)
        for c in range(int(p["curtains"])):
            ph = [float(v) for v in rng.uniform(0, 2 * np.pi, 4)]
            depth = 1.0 - 0.3 * c
            hem = (0.25 - 0.12 * c + 0.10 * np.sin(0.8 * x + 0.021 * s + ph[0])
                   + 0.05 * np.sin(1.9 * x - 0.033 * s + ph[1]))
            length = float(p["height"]) * (0.55 + 0.2 * np.sin(0.6 * x + 0.015 * s + ph[2]))
            curve = noise.loop1d(self.seed * 7 + c, 512, 10.0, 0.6)
            rays = noise.sample1d(curve, (x + 2.0) * 70.0 + s * 0.9 * (1 if c % 2 else -1))
            glow = noise.loop1d(self.seed * 7 + c + 11, 256, 60.0)
            strength = noise.sample1d(glow, (x + 2.0) * 20.0 - s * 0.35)
            inten = (depth * (0.25 + 1.3 * rays ** 2) * (0.3 + 1.4 * strength ** 2)
                     ).astype(np.float32)
            # Profile index = ((hem - y) / length - D_MIN) * scale = a - y * b, per column.
            b = scale / length
            a = (hem / length - _D_MIN) * scale
            # Rows below the lowest reach of the glow stay as they are.
            rb = int(np.searchsorted(grid.y[:, 0], float(np.max(hem - _D_MIN * length)))) + 1
            rb = min(rb, h)
            dd, gg, ii = d[:rb], g[:rb], ints[:rb]
            np.multiply(ycol[:rb], b.astype(np.float32)[None, :], out=dd)
            np.subtract(a.astype(np.float32)[None, :], dd, out=dd)
            np.clip(dd, 0, _PROFILE_N - 1, out=dd)
            np.copyto(ii, dd, casting="unsafe")
            np.take(prof, ii, out=gg)
            gg *= inten[None, :] * np.float32(0.25)
            gg *= sky_mask[:rb]
            f[:rb] += gg
        table = self.memo(("table",), self._table)
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
