"""Forest rays: shafts of sunlight slanting through a canopy into soft haze.

The rays fan out from a sun above the top of the screen. Each pixel's angle to the
sun is computed once per grid; per frame only a 1-D table of ray strength against
angle changes (gaps in the leaves drifting), read back with one lookup. Dust motes
float through the light.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes._sprites import kernel_bank, splat, to_pixels
from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register

_SUN = (-0.9, -2.2)
_ANGLES = 1024
_SPAN = (-0.6, 1.3)           # angle range of the fan, radians from straight down


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
        dx, dy = grid.x - _SUN[0], grid.y - _SUN[1]
        ang = np.arctan2(dx, dy)                          # 0 = straight down from the sun
        idx = (ang - _SPAN[0]) / (_SPAN[1] - _SPAN[0]) * (_ANGLES - 1)
        dist = np.hypot(dx, dy)
        fall = np.exp(-((dist - 2.2) / 1.4) ** 2)
        fall *= 0.4 + 0.6 * noise.smooth01((grid.y + 1.1) / 1.4)
        canopy = noise.periodic_noise(self.seed + 2, h, w, h * 0.25, 1.2)
        leaves = noise.smooth01((canopy - 0.45) / 0.2) * noise.smooth01((-0.25 - grid.y) / 0.6)
        bg = 0.14 + 0.1 * noise.smooth01((grid.y + 0.2) / 1.4) - 0.11 * leaves
        return {"idx": np.clip(idx, 0, _ANGLES - 1).astype(np.int32),
                "fall": (fall * (1 - 0.8 * leaves)).astype(np.float32),
                "bg": bg.astype(np.float32),
                "haze": noise.padded(self.seed + 3, h, w, h * 0.5, 0.8, 2.0)}

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        st = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t
        a = np.arange(_ANGLES, dtype=np.float64)
        shafts = noise.loop1d(self.seed, 1024, 40.0, 0.3)
        flick = noise.loop1d(self.seed + 1, 512, 60.0)
        gaps = noise.sample1d(shafts, a * 0.35 * float(self.p["rays"]) + s * 0.4)
        table_1d = np.clip((gaps - 0.42) * 3.0, 0, None) ** 2
        table_1d *= noise.smooth01(a / 120) * noise.smooth01((_ANGLES - a) / 120)
        table_1d *= 0.4 + 0.9 * noise.sample1d(flick, a * 0.5 - s * 1.3)
        rays = np.take(table_1d.astype(np.float32), st["idx"])
        rays *= st["fall"]
        f = self.scratch("f", (h, w))
        tmp = self.scratch("tmp", (h, w))
        noise.scroll(st["haze"], s * 1.5 * h / 270, -s * 0.3 * h / 270, f, tmp)
        # Haze is seen only where light falls through it.
        f *= rays
        f *= np.float32(0.55)
        rays *= np.float32(0.25)
        f += rays
        f += st["bg"]
        motes = self.memo(("motes",), lambda: self.rng(5).uniform(0, 1, (5, 40)))
        mx = (motes[0] * 4 + s * 0.01 + 0.1 * np.sin(s * 0.05 + motes[2] * 6)) % 4 - 2
        my = (motes[1] * 2.4 + s * 0.006 + 0.06 * np.sin(s * 0.07 + motes[3] * 6)) % 2.4 - 1.2
        px, py = to_pixels(grid, mx, my)
        ix = np.clip(px.astype(int), 0, w - 1)
        iy = np.clip(py.astype(int), 0, h - 1)
        lit = rays[iy, ix] * 2.5 * (0.5 + 0.5 * np.sin(s * 0.2 + motes[4] * 6))
        splat(f, px, py, lit, kernel_bank(h * 0.006))
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
