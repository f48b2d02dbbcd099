"""Smooth ramps of a level over wall time: fades for pause, end, brightness, volume."""

from __future__ import annotations

from dataclasses import dataclass

from player.easing import smootherstep


@dataclass
class Ramp:
    """A value that glides from where it is to a target over ``seconds`` (smootherstep)."""

    value: float
    target: float | None = None
    start_value: float = 0.0
    start: float = 0.0
    seconds: float = 0.0

    def to(self, target: float, now: float, seconds: float) -> None:
        self.value = self.at(now)
        self.start_value, self.target, self.start, self.seconds = self.value, target, now, seconds

    def at(self, now: float) -> float:
        if self.target is None:
            return self.value
        if self.seconds <= 0 or now >= self.start + self.seconds:
            return self.target
        k = smootherstep((now - self.start) / self.seconds)
        return self.start_value + (self.target - self.start_value) * k

    def settled(self, now: float) -> bool:
        return self.target is None or now >= self.start + self.seconds
