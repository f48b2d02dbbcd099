"""Keep frames on time on a slow PC: step the internal resolution down, and back up.

Frames that run over budget for a few seconds step the compositor's internal
resolution down one level; a long run of comfortable frames steps it back up. The
picture is soft-edged by design, so a lower internal resolution is barely visible —
a stutter is.
"""

from __future__ import annotations

LEVELS = (270, 216, 180, 144)
OVER = 0.85          # a frame whose work takes more than this share of the period is over
UNDER = 0.45         # ...and less than this share is comfortable
DOWN_AFTER_S = 3.0
UP_AFTER_S = 30.0


class Governor:
    def __init__(self, period_s: float, start: int = LEVELS[0]) -> None:
        self.period = period_s
        self.level = LEVELS.index(start) if start in LEVELS else 0
        self._over = 0.0
        self._under = 0.0

    @property
    def height(self) -> int:
        return LEVELS[self.level]

    def frame(self, work_s: float) -> int | None:
        """Record one frame's work time; returns a new internal height when it changes."""
        share = work_s / self.period
        self._over = self._over + self.period if share > OVER else max(0.0, self._over
                                                                        - self.period / 2)
        self._under = self._under + self.period if share < UNDER else 0.0
        if self._over >= DOWN_AFTER_S and self.level + 1 < len(LEVELS):
            self.level += 1
        elif self._under >= UP_AFTER_S and self.level > 0:
            self.level -= 1
        else:
            return None
        self._over = self._under = 0.0
        return self.height
