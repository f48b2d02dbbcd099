"""Keep frames on time on a slow PC: step the internal resolution down, and back up.

Scenes render at a fraction of the output resolution that this governor picks: the
whole output on a GPU, less on a slow or software renderer. Frames whose drawing
takes most of their budget for half a second step it down one level; a long run of
comfortable frames steps it back up. The picture is soft-edged by design, so a lower
internal resolution is barely visible — a stutter is. A software renderer (Mesa's
llvmpipe) starts low, so the first seconds do not stutter while it finds its level.
"""

from __future__ import annotations

LEVELS = (1.0, 0.75, 0.5, 0.375, 0.25, 0.1875, 0.125)
SOFTWARE_START = 0.25
MIN_HEIGHT = 90
OVER = 0.85          # a frame whose work takes more than this share of the period is over
UNDER = 0.45         # ...and less than this share is comfortable
DOWN_AFTER_S = 0.5
UP_AFTER_S = 20.0


class Governor:
    def __init__(self, period_s: float, software: bool = False) -> None:
        self.period = period_s
        self.level = LEVELS.index(SOFTWARE_START) if software else 0
        self._over = 0.0
        self._under = 0.0

    @property
    def scale(self) -> float:
        """The internal resolution as a fraction of the output's."""
        return LEVELS[self.level]

    def height(self, output_height: int) -> int:
        """The internal height for an output this tall."""
        return min(output_height, max(MIN_HEIGHT, round(output_height * self.scale)))

    def frame(self, work_s: float) -> bool:
        """Record one frame's drawing time; True when the level changed."""
        share = work_s / self.period
        self._over = self._over + self.period if share > OVER else max(0.0, self._over
                                                                        - self.period / 2)
        self._under = self._under + self.period if share < UNDER else 0.0
        if self._over >= DOWN_AFTER_S and self.level + 1 < len(LEVELS):
            self.level += 1
        elif self._under >= UP_AFTER_S and self.level > 0:
            self.level -= 1
        else:
            return False
        self._over = self._under = 0.0
        return True
