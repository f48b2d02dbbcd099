"""Lava lamp: soft blobs of warm wax rising, merging and sinking.

Metaballs with a compact kernel ``(1 - d²/R²)²``: each blob only touches the pixels
inside its own box, and where boxes overlap the fields add, so blobs merge with
smooth necks. The soft edge is a tone curve baked into the palette table, not
per-pixel maths.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes.base import Grid, Scene, brightness_param, density_param, palette_param, speed_param
from scenes.palettes import LUT_SIZE, colourise, through
from scenes.registry import register


def _curve() -> np.ndarray:
    """Field → palette position: a dim glow, a soft rim, a warm body, a brighter core."""
    f = np.linspace(0.0, 1.0, LUT_SIZE) * 2.0        # colourise input is field / 2
    body = noise.smooth01((f - 0.45) / 0.25)
    return (0.16 + 0.2 * np.clip(f / 0.45, 0, 1) + 0.3 * body
            + 0.22 * noise.smooth01((f - 0.6) / 0.9))


@register
class LavaLamp(Scene):
    name = "lava_lamp"
    description = "warm wax blobs slowly rising, merging and sinking in a lava lamp"
    params = (
        palette_param("ember"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many blobs"),
    )

    def _blobs(self, n: int) -> np.ndarray:
        rng = self.rng(1)
        return np.stack([rng.uniform(-1.2, 1.2, n), rng.uniform(0.4, 0.75, n),
                         rng.uniform(0.012, 0.03, n), rng.uniform(0, 2 * np.pi, n),
                         rng.uniform(0.01, 0.025, n), rng.uniform(0, 2 * np.pi, n)])

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        n = max(2, round(6 * float(self.p["density"])))
        b = self.memo(("blobs", n), lambda: self._blobs(n))
        s = float(self.p["speed"]) * t
        f = self.scratch("f", (h, w))
        base = self.memo(("base", w, h), lambda: (0.1 + 0.25 * np.exp(-((grid.y - 1.1) / 0.9) ** 2)
                                                  - 0.05 * (grid.x / grid.aspect) ** 2
                                                  ).astype(np.float32))
        np.copyto(f, base)
        xs, ys = grid.x[0], grid.y[:, 0]
        cx = b[0] + 0.25 * np.sin(b[4] * s + b[5])
        cy = 1.05 * np.sin(b[2] * s + b[3])               # up and down the lamp
        for x0, y0, r in zip(cx.tolist(), cy.tolist(), b[1].tolist()):
            xa, xb = np.searchsorted(xs, [x0 - r, x0 + r])
            ya, yb = np.searchsorted(ys, [y0 - r, y0 + r])
            if xa >= xb or ya >= yb:
                continue
            inv = np.float32(1.0 / (r * r))
            dx2 = (xs[xa:xb] - np.float32(x0)) ** 2 * inv
            dy2 = (ys[ya:yb] - np.float32(y0)) ** 2 * inv
            q = np.subtract(np.float32(1.0) - dy2[:, None], dx2[None, :])
            np.maximum(q, np.float32(0.0), out=q)
            q *= q
            f[ya:yb, xa:xb] += q
        f *= np.float32(0.5)
        table = self.memo(("table", self.p["palette"], self.p["brightness"]),
                          lambda: through(str(self.p["palette"]), _curve(),
                                          float(self.p["brightness"])))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
