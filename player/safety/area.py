"""The 10° field of view, how much of it flashes at once, and the regions that flash.

WCAG 2.3.1 limits flashing to 25 % of any 10° visual field, approximated as any
341×256 rectangle of a 1024×768 screen. Scaled to a frame by the smaller of the two
axis ratios (a 4:3 window that fits the frame: on a wide screen it spans the same
share of the height, which is the conservative reading). A summed-area table gives
the flashing area of every window position at once.

*Regions.* WCAG counts "the combined area of flashes occurring concurrently". Pixels
that flicker each on their own — TV snow, film grain, sparkle — are not an area that
flashes: their light averages out over any patch of the screen. :class:`Regions` cuts
the frame into blocks an eighth of the window on each side and forms regions of 2×2
blocks (a quarter of the window on each side, 1/16 of its area: four of them make a
failing area), overlapping by one block, whose *mean light* the analyser tracks as
well. A pixel's flash only counts where one of the regions that contain it flashes
with it at half the threshold or more. Along any edge of a genuinely flashing area
some region containing the edge pixel is at least half inside it, so its swing is at
least half the pixel's, and the area keeps its full size; a region of n independent
grains swings only about 1/√n as much as one grain.
"""

from __future__ import annotations

import numpy as np

from player.safety.criteria import AREA_FRACTION, FOV_VIEW, FOV_WINDOW

# Blocks per window side; regions are REGION_BLOCKS × REGION_BLOCKS blocks.
BLOCKS_PER_WINDOW = 8
REGION_BLOCKS = 4


def fov_window(width: int, height: int) -> tuple[int, int]:
    """The (width, height) in pixels of a 10° field-of-view window in this frame."""
    s = min(width / FOV_VIEW[0], height / FOV_VIEW[1])
    return (min(width, max(1, round(FOV_WINDOW[0] * s))),
            min(height, max(1, round(FOV_WINDOW[1] * s))))


class FieldOfView:
    """Answers "does more than ``fraction`` (25 %) of some 10° window flash?" for masks."""

    def __init__(self, width: int, height: int, fraction: float = AREA_FRACTION) -> None:
        self.window = fov_window(width, height)
        self.limit = fraction * self.window[0] * self.window[1]
        self._sat = np.zeros((height + 1, width + 1), np.int32)

    def largest(self, mask: np.ndarray) -> int:
        """The most flashing pixels inside any one window position."""
        ww, wh = self.window
        s = self._sat
        np.cumsum(mask, axis=0, out=s[1:, 1:])
        np.cumsum(s[1:, 1:], axis=1, out=s[1:, 1:])
        sums = s[wh:, ww:] - s[:-wh, ww:] - s[wh:, :-ww] + s[:-wh, :-ww]
        return int(sums.max())

    def exceeds(self, mask: np.ndarray) -> bool:
        """More than the fraction of some window is set in ``mask``."""
        if np.count_nonzero(mask) <= self.limit:      # cannot, whatever the layout
            return False
        return self.largest(mask) > self.limit


class Regions:
    """Block means of a frame, the overlapping regions over them, and back to pixels."""

    def __init__(self, width: int, height: int) -> None:
        ww, wh = fov_window(width, height)
        bw = max(1, round(ww / BLOCKS_PER_WINDOW))
        bh = max(1, round(wh / BLOCKS_PER_WINDOW))
        self._xs = np.arange(0, width, bw)
        self._ys = np.arange(0, height, bh)
        nx, ny = len(self._xs), len(self._ys)
        sizes = np.outer(np.diff(np.append(self._ys, height)),
                         np.diff(np.append(self._xs, width))).astype(np.float32)
        self._inv = (1.0 / sizes)[..., None]
        self.blocks = (ny, nx)
        k = REGION_BLOCKS
        self.shape = (max(1, ny - k + 1), max(1, nx - k + 1))
        # pixel → its block, for taking block values back to the pixel grid
        self._py = np.minimum(np.arange(height) // bh, ny - 1)
        self._px = np.minimum(np.arange(width) // bw, nx - 1)

    def means(self, lin: np.ndarray) -> np.ndarray:
        """Linear (H, W, 3) → mean linear RGB of each region, (ry, rx, 3)."""
        sums = np.add.reduceat(np.add.reduceat(lin, self._ys, axis=0), self._xs, axis=1)
        blocks = sums * self._inv
        k = REGION_BLOCKS
        ny, nx = self.blocks
        if ny < k or nx < k:                     # a frame smaller than a region
            return blocks.mean(axis=(0, 1), keepdims=True)
        out = blocks[:ny - k + 1, :nx - k + 1].copy()
        for i in range(k):
            for j in range(k):
                if i or j:
                    out += blocks[i:ny - k + 1 + i, j:nx - k + 1 + j]
        out *= np.float32(1.0 / (k * k))
        return out

    def to_pixels(self, values: np.ndarray) -> np.ndarray:
        """Per region → per pixel: each pixel takes the largest value of the regions
        that contain it."""
        k = REGION_BLOCKS
        ny, nx = self.blocks
        ry, rx = values.shape
        if (ry, rx) != (ny - k + 1, nx - k + 1):           # one region covers everything
            per_block = np.broadcast_to(values.max(), (ny, nx))
        else:
            per_block = np.zeros((ny, nx), values.dtype)
            for i in range(k):
                for j in range(k):
                    view = per_block[i:i + ry, j:j + rx]
                    np.maximum(view, values, out=view)
        return per_block[self._py[:, None], self._px[None, :]]
