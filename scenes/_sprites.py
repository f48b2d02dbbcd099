"""Soft round sprites (fireflies, bokeh, stars, drops) added into a scalar field.

A gaussian kernel is precomputed at several sub-pixel phases, so a sprite drifting
slowly glides instead of stepping a whole (4-screen-pixel) internal pixel at a time.
Positions are in grid units (x in ±aspect, y in ±1), so scenes are resolution-free.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from scenes.base import Grid

SUBPIXEL = 4


@cache
def kernel_bank(radius_px: float, ring: float = 0.0) -> np.ndarray:
    """(SUBPIXEL, SUBPIXEL, k, k) float32 gaussians with peak 1, one per sub-pixel phase.

    ``ring`` > 0 brightens the rim a little, like an out-of-focus (bokeh) disc.
    """
    r = max(radius_px, 0.6)
    half = int(np.ceil(r * 2.5))
    k = 2 * half + 1
    bank = np.empty((SUBPIXEL, SUBPIXEL, k, k), np.float32)
    c = np.arange(k, dtype=np.float64) - half
    for sy in range(SUBPIXEL):
        for sx in range(SUBPIXEL):
            dx = c[None, :] - sx / SUBPIXEL
            dy = c[:, None] - sy / SUBPIXEL
            d = np.hypot(dx, dy) / r
            g = np.exp(-0.5 * (d * 1.25) ** 4) if ring else np.exp(-0.5 * d * d)
            if ring:
                g = g * (1.0 + ring * np.exp(-((d - 1.0) * 4.0) ** 2))
                g /= g.max()
            bank[sy, sx] = g
    bank.flags.writeable = False
    return bank


def to_pixels(grid: Grid, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Grid units → fractional pixel coordinates (pixel centres at integer + 0.5)."""
    px = (np.asarray(x) / grid.aspect + 1.0) * 0.5 * grid.width - 0.5
    py = (np.asarray(y) + 1.0) * 0.5 * grid.height - 0.5
    return px, py


def splat(field: np.ndarray, px: np.ndarray, py: np.ndarray, amp: np.ndarray,
          bank: np.ndarray) -> None:
    """Add ``amp[i]`` × kernel centred at (px[i], py[i]) into ``field`` (clipped at edges)."""
    h, w = field.shape
    k = bank.shape[-1]
    half = k // 2
    for x, y, a in zip(px.tolist(), py.tolist(), amp.tolist()):
        if a <= 1e-4:
            continue
        fx, fy = np.floor(x), np.floor(y)
        sx = min(SUBPIXEL - 1, int((x - fx) * SUBPIXEL + 0.5))
        sy = min(SUBPIXEL - 1, int((y - fy) * SUBPIXEL + 0.5))
        x0, y0 = int(fx) - half, int(fy) - half
        xa, ya = max(x0, 0), max(y0, 0)
        xb, yb = min(x0 + k, w), min(y0 + k, h)
        if xa >= xb or ya >= yb:
            continue
        ker = bank[sy, sx, ya - y0:yb - y0, xa - x0:xb - x0]
        field[ya:yb, xa:xb] += ker * np.float32(a)


def splat_points(field: np.ndarray, px: np.ndarray, py: np.ndarray, amp: np.ndarray) -> None:
    """Add many tiny points at once (stars): bilinear weights, one ``bincount``."""
    h, w = field.shape
    fx, fy = np.floor(px), np.floor(py)
    ax, ay = px - fx, py - fy
    ix, iy = fx.astype(np.intp), fy.astype(np.intp)
    idx, wts = [], []
    for ox, oy, wt in ((0, 0, (1 - ax) * (1 - ay)), (1, 0, ax * (1 - ay)),
                       (0, 1, (1 - ax) * ay), (1, 1, ax * ay)):
        xx, yy = ix + ox, iy + oy
        ok = (xx >= 0) & (xx < w) & (yy >= 0) & (yy < h)
        idx.append((yy * w + xx)[ok])
        wts.append((wt * amp)[ok])
    acc = np.bincount(np.concatenate(idx), np.concatenate(wts), minlength=h * w)
    field += acc.reshape(h, w).astype(np.float32)
