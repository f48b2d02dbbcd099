"""A tileable blue-noise threshold texture, made by void-and-cluster (Ulichney, 1993).

Blue noise has no low frequencies, so as a dither it reads as an even, fine grain
instead of the clumps of white noise or the visible grid of an ordered (Bayer)
matrix. Made once per process from a fixed seed (about 0.1 s for 64×64), so every
run and every driver dithers identically.
"""

from __future__ import annotations

from functools import cache
from typing import SupportsIndex

import numpy as np

SIZE = 64
SIGMA = 1.9


def _kernel(n: int) -> np.ndarray:
    d = np.minimum(np.arange(n), n - np.arange(n)).astype(np.float64)
    g = np.exp(-(d[:, None] ** 2 + d[None, :] ** 2) / (2 * SIGMA * SIGMA))
    return g


@cache
def blue_noise(n: int = SIZE, seed: int = 7) -> np.ndarray:
    """An (n, n) float32 array whose values are the ranks 0..n²-1 scaled into [0, 1)."""
    kernel = _kernel(n)
    fk = np.fft.rfft2(kernel)

    def energy(mask: np.ndarray) -> np.ndarray:
        return np.fft.irfft2(np.fft.rfft2(mask) * fk, s=mask.shape)

    def splat(e: np.ndarray, y: SupportsIndex, x: SupportsIndex, sign: float) -> None:
        e += sign * np.roll(np.roll(kernel, y, axis=0), x, axis=1)

    rng = np.random.default_rng(seed)
    total = n * n
    ones = total // 10
    pattern = np.zeros((n, n), bool)
    pattern.flat[rng.choice(total, ones, replace=False)] = True
    e = energy(pattern.astype(np.float64))
    while True:                                   # spread the initial points evenly
        cy, cx = np.unravel_index(np.argmax(np.where(pattern, e, -np.inf)), e.shape)
        pattern[cy, cx] = False
        splat(e, cy, cx, -1.0)
        vy, vx = np.unravel_index(np.argmin(np.where(pattern, np.inf, e)), e.shape)
        if (vy, vx) == (cy, cx):
            pattern[cy, cx] = True
            splat(e, cy, cx, 1.0)
            break
        pattern[vy, vx] = True
        splat(e, vy, vx, 1.0)
    rank = np.zeros((n, n), np.int64)
    work, ew = pattern.copy(), e.copy()
    for r in range(ones - 1, -1, -1):             # phase 1: remove the tightest clusters
        y, x = np.unravel_index(np.argmax(np.where(work, ew, -np.inf)), ew.shape)
        work[y, x] = False
        splat(ew, y, x, -1.0)
        rank[y, x] = r
    work, ew = pattern.copy(), e.copy()
    for r in range(ones, total):                  # phases 2 and 3: fill the largest voids
        y, x = np.unravel_index(np.argmin(np.where(work, np.inf, ew)), ew.shape)
        work[y, x] = True
        splat(ew, y, x, 1.0)
        rank[y, x] = r
    return ((rank + 0.5) / total).astype(np.float32)
