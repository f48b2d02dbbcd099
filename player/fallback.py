"""The safe picture shown in place of a scene that failed.

Deliberately simple — a dusky vertical gradient with a slow, faint swell — so that it
cannot fail itself, and calm enough that the patient barely notices the change.
"""

from __future__ import annotations

import math

import numpy as np

from scenes.base import Grid
from scenes.palettes import colourise

FADE_S = 4.0     # crossfade from the failed scene's last good frame


def fallback_image(grid: Grid, t: float) -> np.ndarray:
    swell = 0.04 * math.sin(t * 2 * math.pi / 40.0)
    field = (grid.y + 1.0) * np.float32(0.25) + np.float32(0.18 + swell)
    return colourise("dusk", field)
