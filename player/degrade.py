"""Keep frames on time on a slow PC: step the internal resolution down, and back up.

Scenes render at a fraction of the output resolution that this governor picks: the
whole output on a GPU, less on a slow or software renderer. A run of frames whose
drawing takes most of their budget steps it down; a long run of comfortable frames
steps it back up. The picture is soft-edged by design, so a lower internal resolution
is barely visible — a stutter is.

When even the smallest internal resolution is too slow (a software renderer such as
Mesa's llvmpipe still has to fill every output pixel once per frame), the last resort
is to show each frame for two or three refreshes: an even 30 or 20 frames a second
instead of an uneven 60. A software renderer starts there, so the first seconds of a
session do not stutter while it finds its level. Coming back up waits longer after a
step up that had to be taken back, so the level does not oscillate.
"""

from __future__ import annotations

SCALES = (1.0, 0.75, 0.5, 0.375, 0.25, 0.1875, 0.125)
DIVISORS = (1, 2, 3)
SOFTWARE_START = (0.25, 2)     # in a window; headless (CI, servers) keeps every refresh
MIN_HEIGHT = 90
OVER = 0.85          # a frame whose work takes more than this share of its budget is over
UNDER = 0.45         # ...and less than this share is comfortable
DOWN_AFTER = 8       # over-budget frames (net) before stepping down
UP_AFTER_S = 20.0


class Governor:
    def __init__(self, period_s: float, software: bool = False, window: bool = True) -> None:
        self.period = period_s
        scale, divisor = SOFTWARE_START if software else (SCALES[0], 1)
        divisor = divisor if window else 1
        self.level = SCALES.index(scale)
        self.divisor = divisor
        self._over = 0.0
        self._under = 0.0
        self._up_after = UP_AFTER_S
        self._since_up: float | None = None
        self._last_up = ""

    @property
    def scale(self) -> float:
        """The internal resolution as a fraction of the output's."""
        return SCALES[self.level]

    def height(self, output_height: int) -> int:
        """The internal height for an output this tall."""
        return min(output_height, max(MIN_HEIGHT, round(output_height * self.scale)))

    def fps(self, display_fps: float) -> float:
        """The frame rate to draw at on a display refreshing at ``display_fps``."""
        return display_fps / self.divisor

    def frame(self, work_s: float) -> bool:
        """Record one frame's drawing time; True when the level changed."""
        budget = self.period * self.divisor
        share = work_s / budget
        self._over = self._over + 1 if share > OVER else max(0.0, self._over - 0.5)
        self._under = self._under + budget if share < UNDER else 0.0
        if self._since_up is not None:
            self._since_up += budget
        if self._over >= DOWN_AFTER:
            changed = self._down(share)
        elif self._under >= self._up_after:
            changed = self._up()
        else:
            return False
        self._over = self._under = 0.0
        return changed

    def _down(self, share: float) -> bool:
        undo = self._since_up is not None and self._since_up < 5.0
        self._since_up = None
        if undo:                                  # that step up was too much: take it back
            self._up_after = min(self._up_after * 2, 600.0)
            if self._last_up == "rate":
                self.divisor += 1
                return True
        if self.level + 1 < len(SCALES) and share < 2.5:
            self.level += 1
        elif self.divisor < DIVISORS[-1]:
            self.divisor += 1
        elif self.level + 1 < len(SCALES):
            self.level += 1
        else:
            return False
        return True

    def _up(self) -> bool:
        self._since_up = 0.0
        if self.divisor > 1:
            self.divisor -= 1
            self._last_up = "rate"
        elif self.level > 0:
            self.level -= 1
            self._last_up = "scale"
        else:
            return False
        return True
