"""The 10° field of view and how much of it flashes at once.

WCAG 2.3.1 limits flashing to 25 % of any 10° visual field, approximated as any
341×256 rectangle of a 1024×768 screen. Scaled to a frame by the smaller of the two
axis ratios (a 4:3 window that fits the frame: on a wide screen it spans the same
share of the height, which is the conservative reading). A summed-area table gives
the flashing area of every window position at once.
"""

from __future__ import annotations

import numpy as np

from player.safety.criteria import AREA_FRACTION, FOV_VIEW, FOV_WINDOW


def fov_window(width: int, height: int) -> tuple[int, int]:
    """The (width, height) in pixels of a 10° field-of-view window in this frame."""
    s = min(width / FOV_VIEW[0], height / FOV_VIEW[1])
    return (min(width, max(1, round(FOV_WINDOW[0] * s))),
            min(height, max(1, round(FOV_WINDOW[1] * s))))


class FieldOfView:
    """Answers "does more than 25 % of some 10° window flash?" for pixel masks."""

    def __init__(self, width: int, height: int) -> None:
        self.window = fov_window(width, height)
        self.limit = AREA_FRACTION * self.window[0] * self.window[1]
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
        """More than 25 % of some window is set in ``mask``."""
        if np.count_nonzero(mask) <= self.limit:      # cannot, whatever the layout
            return False
        return self.largest(mask) > self.limit
