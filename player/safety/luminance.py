"""Relative luminance and the red value of sRGB pixels (WCAG 2.x definitions).

8-bit frames go through a 256-entry lookup table, so linearising a frame is one gather.
"""

from __future__ import annotations

import numpy as np

from player.safety.criteria import LUMA_WEIGHTS, RED_SATURATION, RED_SCALE, SRGB_THRESHOLD


def linear(srgb: np.ndarray | float) -> np.ndarray:
    """sRGB values in [0, 1] → linear light (IEC 61966-2-1, WCAG's 0.04045 threshold)."""
    c = np.asarray(srgb, dtype=np.float64)
    return np.where(c <= SRGB_THRESHOLD, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


LINEAR_LUT: np.ndarray = linear(np.arange(256) / 255.0).astype(np.float32)
LINEAR_LUT.flags.writeable = False
_W = tuple(np.float32(w) for w in LUMA_WEIGHTS)


def linearise(rgb: np.ndarray) -> np.ndarray:
    """A uint8 (..., 3) sRGB image → float32 linear RGB."""
    return LINEAR_LUT.take(rgb.astype(np.intp))   # take with intp indices: fastest gather


def relative_luminance(lin: np.ndarray) -> np.ndarray:
    """Linear RGB (..., 3) → relative luminance in [0, 1]: 0.2126 R + 0.7152 G + 0.0722 B."""
    return lin[..., 0] * _W[0] + lin[..., 1] * _W[1] + lin[..., 2] * _W[2]


def red_value(lin: np.ndarray) -> np.ndarray:
    """Linear RGB → the red-flash value (R − G − B) × 320, negatives clamped to 0."""
    r = lin[..., 0] - lin[..., 1] - lin[..., 2]
    return np.maximum(r, np.float32(0.0)) * np.float32(RED_SCALE)


def saturated_red(lin: np.ndarray) -> np.ndarray:
    """Where a pixel is a saturated red: R / (R + G + B) >= 0.8 (black is not)."""
    total = lin[..., 0] + lin[..., 1] + lin[..., 2]
    return (lin[..., 0] >= np.float32(RED_SATURATION) * total) & (total > 0)
