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
        self.bw = bw = max(1, round(ww / BLOCKS_PER_WINDOW))
        self.bh = bh = max(1, round(wh / BLOCKS_PER_WINDOW))
        self.size = (width, height)
        # whole blocks; the pixels left over at the right and bottom join the last block
        nx, ny = max(1, width // bw), max(1, height // bh)
        self.blocks = (ny, nx)
        counts = np.full((ny, nx), float(bw * bh))
        counts[-1, :] = (height - (ny - 1) * bh) * bw
        counts[:, -1] = (width - (nx - 1) * bw) * (counts[:, -1] / bw)
        self._inv = (1.0 / counts).astype(np.float32)[..., None]
        k = REGION_BLOCKS
        self.shape = (max(1, ny - k + 1), max(1, nx - k + 1))

    def means(self, lin: np.ndarray) -> np.ndarray:
        """Linear (H, W, 3) → mean linear RGB of each region, (ry, rx, 3)."""
        ny, nx = self.blocks
        bw, bh = self.bw, self.bh
        w, h = self.size
        rows = lin[:ny * bh].reshape(ny, bh, w, 3).sum(axis=1)
        if ny * bh < h:
            rows[-1] += lin[ny * bh:].sum(axis=0)
        blocks = rows[:, :nx * bw].reshape(ny, nx, bw, 3).sum(axis=2)
        if nx * bw < w:
            blocks[:, -1] += rows[:, nx * bw:].sum(axis=1)
        blocks *= self._inv
        k = REGION_BLOCKS
        if ny < k or nx < k:                     # a frame smaller than a region
            return blocks.mean(axis=(0, 1), keepdims=True)
        # sums of k×k blocks, by a summed-area table over the block grid
        sat = np.zeros((ny + 1, nx + 1, 3), np.float32)
        np.cumsum(blocks, axis=0, out=sat[1:, 1:])
        np.cumsum(sat[1:, 1:], axis=1, out=sat[1:, 1:])
        out = sat[k:, k:] - sat[:-k, k:] - sat[k:, :-k] + sat[:-k, :-k]
        out *= np.float32(1.0 / (k * k))
        return out

    def to_pixels(self, values: np.ndarray) -> np.ndarray:
        """Per region → per pixel: each pixel takes the largest value of the regions
        that contain it."""
        k = REGION_BLOCKS
        ny, nx = self.blocks
        ry, rx = values.shape
        if (ry, rx) != (ny - k + 1, nx - k + 1):           # one region covers everything
            per_block = np.full((ny, nx), values.max(), values.dtype)
        else:
            # a block is in the regions starting up to k-1 blocks before it
            p = np.zeros((ny + k - 1, nx + k - 1), values.dtype)
            p[k - 1:k - 1 + ry, k - 1:k - 1 + rx] = values
            cols = p[:, :nx].copy()
            for j in range(1, k):
                np.maximum(cols, p[:, j:j + nx], out=cols)
            per_block = cols[:ny].copy()
            for i in range(1, k):
                np.maximum(per_block, cols[i:i + ny], out=per_block)
        w, h = self.size
        out = np.repeat(np.repeat(per_block, self.bh, axis=0), self.bw, axis=1)
        if out.shape != (h, w):                         # leftovers: the last block's
            out = np.pad(out[:h, :w], ((0, max(0, h - out.shape[0])),
                                       (0, max(0, w - out.shape[1]))), mode="edge")
        return out
