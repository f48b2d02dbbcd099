"""The one easing curve of driftlight: smootherstep, for a number or a numpy array.

Crossfades, fades, pauses and glides — picture and sound alike — all follow it, so a
sound fade and the picture's fade over the same seconds are the same curve exactly.
"""

from __future__ import annotations

from typing import overload

import numpy as np


@overload
def smootherstep(x: float) -> float: ...
@overload
def smootherstep(x: np.ndarray) -> np.ndarray: ...


def smootherstep(x: float | np.ndarray) -> float | np.ndarray:
    """0 → 1 with zero first and second derivative at both ends; clamped outside [0, 1]."""
    x = np.clip(x, 0.0, 1.0) if isinstance(x, np.ndarray) else min(1.0, max(0.0, float(x)))
    return x * x * x * (x * (x * 6 - 15) + 10)
