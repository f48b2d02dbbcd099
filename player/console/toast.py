"""Short confirmations of what just happened ("Paused", "Session 5 min shorter — now ends
at 14:47"), shown on the console for a few seconds and never on the patient's screen."""

from __future__ import annotations

from dataclasses import dataclass, field

SHOW_S = 6.0
KEEP = 3


@dataclass
class Toasts:
    items: list[tuple[float, str, str]] = field(default_factory=list)   # (at, text, level)

    def say(self, text: str, now: float, level: str = "good") -> None:
        self.items = [*self.items[-(KEEP - 1):], (now, text, level)]

    def current(self, now: float) -> list[tuple[str, str, float]]:
        """(text, level, age 0..1) of the toasts still showing, newest last."""
        self.items = [i for i in self.items if now - i[0] < SHOW_S]
        return [(text, level, (now - at) / SHOW_S) for at, text, level in self.items]
