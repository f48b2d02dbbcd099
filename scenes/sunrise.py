"""Sunrise: a slow gradient sky with a soft low sun and drifting haze bands."""

from __future__ import annotations

import numpy as np

from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise
from scenes.params import Param
from scenes.registry import register


@register
class Sunrise(Scene):
    name = "sunrise"
    description = "a slow dawn sky: a soft sun rising behind drifting haze"
    params = (
        palette_param("dawn"),
        speed_param(),
        brightness_param(),
        Param("rise", 600.0, "seconds for the sun to climb from horizon to full height",
              min=60.0, max=7200.0),
    )

    def render(self, t: float, grid: Grid) -> np.ndarray:
        p = self.p
        speed = float(p["speed"])
        rise = min(1.0, t * speed / float(p["rise"]))
        rise = rise * rise * (3 - 2 * rise)
        phase = [float(v) for v in self.rng().uniform(0, 2 * np.pi, 3)]  # keep float32 maths
        sun_y = 0.55 - 0.75 * rise
        sky = (grid.y + 1.0) * 0.5                       # 0 at the top, 1 at the bottom
        glow = np.exp(-((grid.x * 0.6) ** 2 + (grid.y - sun_y) ** 2) * 2.2)
        haze = 0.04 * np.sin(grid.y * 9.0 + grid.x * 0.7 + t * speed * 0.05 + phase[0])
        haze += 0.03 * np.sin(grid.y * 5.0 - grid.x * 0.4 - t * speed * 0.031 + phase[1])
        field = 0.12 + 0.35 * sky * (0.4 + 0.6 * rise) + 0.45 * glow + haze * sky
        field = np.clip(field, 0.0, 1.0).astype(np.float32)
        img = colourise(str(p["palette"]), field)
        img *= np.float32(p["brightness"])
        return img
