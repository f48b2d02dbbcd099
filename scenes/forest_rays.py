"""Forest rays: soft shafts of sunlight slanting through a canopy into still haze.

The shafts fan out gently from a sun far above the top of the screen. Each pixel's
angle to the sun, and a static weight (fall-off along the shaft times a hazy mist
texture), are computed once per grid; per frame only a 1-D table of shaft strength
against angle changes (gaps in the leaves drifting, shafts slowly waxing and waning)
and is read back with one gather. Dust motes float through the light.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes._sprites import kernel_bank, splat, to_pixels
from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register

_SUN = (-0.35, -4.6)          # far above the screen, so the shafts only lean a little
_ANGLES = 1024


def _soft(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


@register
class ForestRays(Scene):
    name = "forest_rays"
    description = "sunbeams slanting through a forest canopy into soft, drifting haze"
    params = (
        palette_param("forest"),
        speed_param(),
        brightness_param(),
        Param("rays", 1.0, "how many light shafts", min=0.3, max=3.0),
    )

    def _static(self, grid: Grid) -> dict[str, np.ndarray]:
        h, w = grid.shape
        x, y = grid.x.astype(np.float64), grid.y.astype(np.float64)
        dx, dy = x - _SUN[0], y - _SUN[1]
        ang = np.arctan2(dx, dy)                          # 0 = straight down from the sun
        lo, hi = float(ang.min()), float(ang.max())
        idx = (ang - lo) / (hi - lo) * (_ANGLES - 1)
        # Light is strongest just under the canopy and thins out toward the floor.
        fall = 0.35 + 0.65 * np.exp(-((y + 0.75) / 1.05) ** 2)
        fall *= noise.smooth01((y + 1.08) / 0.3)          # shafts start inside the leaves
        # Still mist: the shafts show it as soft, uneven light (never a hard streak).
        mist = noise.periodic_noise(self.seed + 3, h, w, h * 0.6, 1.1, 1.6)
        weight = fall * (0.6 + 0.6 * (mist - 0.5))
        # A calm canopy: a soft darker band of foliage with a faint glow behind it.
        leaf = noise.periodic_noise(self.seed + 2, h, w, h * 0.45, 1.3, 2.5)
        top = noise.smooth01((-0.45 - y) / 0.55)
        leaves = noise.smooth01((leaf - 0.38) / 0.3) * top
        bg = (0.21 + 0.16 * np.exp(-((y + 1.0) / 0.45) ** 2)      # sky glow behind leaves
              + 0.04 * np.exp(-((y - 1.1) / 0.6) ** 2)            # lit forest floor
              - 0.03 * (x / grid.aspect) ** 2)                     # gentle vignette
        bg -= 0.17 * leaves
        weight *= 1.0 - 0.6 * leaves
        return {"idx": np.clip(idx, 0, _ANGLES - 1).astype(np.int32),
                "weight": (weight * 0.5).astype(np.float32),
                "lit": fall.astype(np.float32),
                "bg": bg.astype(np.float32)}

    def _table(self, s: float) -> np.ndarray:
        """Shaft strength against angle at scene time ``s`` (1-D, cheap)."""
        a = self.memo(("a",), lambda: np.arange(_ANGLES, dtype=np.float64))
        rays = float(self.p["rays"])
        gaps = noise.smooth_loop(self.seed, 4096, 28.0)
        fine = noise.smooth_loop(self.seed + 1, 4096, 16.0)
        waxe = noise.smooth_loop(self.seed + 4, 1024, 30.0)
        # Leaves drift: the gap pattern slides a little, back and forth, very slowly.
        drift = 60.0 * np.sin(s * 0.011) + s * 0.5
        g = noise.at1d(gaps, a * (0.9 * rays) + drift)
        g2 = noise.at1d(fine, a * (1.3 * rays) + (400.0 - drift * 0.6))
        shafts = _soft((g - 0.5) * 4.0) + 0.35 * _soft((g2 - 0.55) * 4.0)
        # Each shaft waxes and wanes on its own slow cycle (tens of seconds).
        shafts *= 0.45 + 0.9 * noise.at1d(waxe, a * 0.25 + s * 0.4)
        shafts += 0.12                                      # a little light everywhere
        return shafts.astype(np.float32)

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        st = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t
        f = self.scratch("f", (h, w))
        np.take(self._table(s), st["idx"], out=f)
        f *= st["weight"]
        f += st["bg"]
        motes = self.memo(("motes",), lambda: self.rng(5).uniform(0, 1, (5, 26)))
        mx = (motes[0] * 4 + s * 0.006 + 0.08 * np.sin(s * 0.04 + motes[2] * 6)) % 4 - 2
        my = (motes[1] * 2.4 + s * 0.004 + 0.05 * np.sin(s * 0.05 + motes[3] * 6)) % 2.4 - 1.2
        px, py = to_pixels(grid, mx, my)
        ix = np.clip(px.astype(int), 0, w - 1)
        iy = np.clip(py.astype(int), 0, h - 1)
        glint = 0.5 + 0.5 * np.sin(s * 0.15 + motes[4] * 6)
        lit = (f[iy, ix] - st["bg"][iy, ix]) * st["lit"][iy, ix] * 1.2 * glint
        splat(f, px, py, lit, kernel_bank(h * 0.005))
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
