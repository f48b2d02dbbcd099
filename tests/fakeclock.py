"""A fake monotonic clock for tests: time only moves when the code under test sleeps."""

from __future__ import annotations


class FakeClock:
    def __init__(self, oversleep_ns: int = 0, spin_ns: int = 5_000) -> None:
        self.t = 1_000_000_000
        self.oversleep_ns = oversleep_ns
        self.spin_ns = spin_ns
        self.sleeps: list[float] = []

    def now(self) -> int:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if seconds <= 0:
            self.t += self.spin_ns
        else:
            self.t += int(seconds * 1e9) + self.oversleep_ns

    def advance(self, seconds: float) -> None:
        self.t += int(seconds * 1e9)
