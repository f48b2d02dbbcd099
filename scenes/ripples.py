"""Ripples: single drops falling now and then on still, dark water.

Drop ``k`` falls at a time and place drawn from its own random stream, so which
rings are visible at ``t`` is a pure function of ``t``. A ring is a radial wave
packet read from a 1-D profile; it is born with zero height and fades as it spreads,
so nothing pops. Rings are squashed vertically: we look at the water at an angle.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register

_LIFE = 13.0        # seconds a ring stays visible
_SPREAD = 0.09      # ring speed, screen heights per second (~25 s to cross)
_SQUASH = 1.8       # vertical foreshortening of rings
_PROF_N = 512


def _ring_profile() -> np.ndarray:
    """Wave packet against distance from the ring front, over [-0.3, 0.3]."""
    d = np.linspace(-0.3, 0.3, _PROF_N)
    return (np.sin(d * 2 * np.pi / 0.09) * np.exp(-(d / 0.1) ** 2)).astype(np.float32)


@register
class Ripples(Scene):
    name = "ripples"
    description = "still water at dusk; now and then a single drop sends out soft rings"
    params = (
        palette_param("ocean"),
        speed_param(),
        brightness_param(),
        Param("interval", 5.0, "average seconds between drops", min=2.0, max=60.0),
    )

    def _drop(self, k: int) -> tuple[float, float, float, float]:
        rng = self.rng(1000 + k)
        interval = float(self.p["interval"])
        t0 = (k + rng.uniform(0.0, 0.8)) * interval
        return t0, float(rng.uniform(-1.3, 1.3)), float(rng.uniform(-0.6, 0.75)), \
            float(rng.uniform(0.5, 1.0))

    def _static(self, grid: Grid) -> dict[str, np.ndarray]:
        h, w = grid.shape
        # Dusk sky reflected in the water: brighter far away (top), a soft pool of light
        # mid-screen, the near water a calm, readable blue rather than black.
        sky = 0.27 + 0.15 * np.exp(-((grid.y + 1.0) / 0.9) ** 2)
        sky += 0.12 * np.exp(-(grid.x / 1.1) ** 2 - ((grid.y + 0.3) / 0.45) ** 2)
        sky -= 0.03 * (grid.x / grid.aspect) ** 2
        return {"base": sky.astype(np.float32),
                "tex": noise.padded(self.seed + 4, h, w, h * 0.5, 0.9, 3.0),
                "prof": _ring_profile()}

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        st = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t
        f = noise.wash(st["tex"], s * 0.8 * h / 270, s * 0.3 * h / 270, 0.14, st["base"],
                       self.scratch("f", (h, w)), self.scratch("tmp", (h, w)))
        interval = float(self.p["interval"])
        xs, ys = grid.x[0], grid.y[:, 0]
        first = int(np.floor((s - _LIFE) / interval)) - 1
        for k in range(max(first, 0), int(np.floor(s / interval)) + 1):
            t0, cx, cy, amp = self._drop(k)
            age = s - t0
            if not 0.0 < age < _LIFE:
                continue
            radius = age * _SPREAD
            env = amp * float(noise.smooth01(np.array(age / 1.5))) * (1 - age / _LIFE) ** 2
            env *= 0.36 / (1.0 + 2 * radius)
            reach = radius + 0.3
            # Only the rows and columns the ring can touch.
            xa, xb = np.searchsorted(xs, [cx - reach, cx + reach])
            ya, yb = np.searchsorted(ys, [cy - reach / _SQUASH, cy + reach / _SQUASH])
            if xa >= xb or ya >= yb:
                continue
            dx2 = (xs[xa:xb] - np.float32(cx)) ** 2
            dy2 = ((ys[ya:yb] - np.float32(cy)) * np.float32(_SQUASH)) ** 2
            r = np.sqrt(dy2[:, None] + dx2[None, :])
            r -= np.float32(radius - 0.3)
            r *= np.float32((_PROF_N - 1) / 0.6)
            np.clip(r, 0, _PROF_N - 1, out=r)
            ring = np.take(st["prof"], r.astype(np.int32))
            ring *= np.float32(env)
            f[ya:yb, xa:xb] += ring
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
