"""Deliberately broken plugin scenes, for the strobe sweep of ``check --safety``.

They live outside the ``scenes`` package, so the compositor treats them exactly as it
treats a user's ``--plugin`` file (a numpy scene in a worker process, which re-imports
this module by name). :func:`register_strobe` adds the scene to the registry on demand;
nothing here is registered by importing the program.
"""

from __future__ import annotations

import math

import numpy as np

from scenes.base import Grid, Scene
from scenes.params import Param

NAME = "safety_strobe"


class SafetyStrobe(Scene):
    """The whole screen between black and white, square or sine, ``hz`` cycles a second."""

    name = NAME
    description = "a full-screen strobe (a deliberately broken plugin, for tests)"
    params = (Param("hz", 10.0, "cycles a second", min=0.1, max=240.0),
              Param("wave", "square", "square or sine", choices=("square", "sine")))

    def render(self, t: float, grid: Grid) -> np.ndarray:
        hz = float(self.p["hz"])
        if self.p["wave"] == "square":
            v = 1.0 if (t * hz * 2 + 1e-9) % 2 < 1 else 0.0
        else:
            v = 0.5 + 0.5 * math.cos(2 * math.pi * hz * t)
        return np.full((*grid.shape, 3), v, np.float32)


def register_strobe() -> str:
    """Register :class:`SafetyStrobe` (once) and return its scene name."""
    from scenes.registry import names, register

    if NAME not in names():
        register(SafetyStrobe)
    return NAME
