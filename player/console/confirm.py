"""Ask before acting: a second click (or Y) within a few seconds confirms.

Shortening the session and ending it early cannot be undone in the patient's
experience, so the console asks first. The state is pure (times are passed in), so the
rules are tested without a window::

    confirm = Confirm()
    confirm.press("shorter", now)      # False: asked, now waiting ("armed")
    confirm.press("shorter", now + 1)  # True: confirmed, act now
    confirm.yes(now)                   # the Y key: the armed action, or None
"""

from __future__ import annotations

from dataclasses import dataclass

ASK_FIRST = ("shorter", "end")
WAIT_S = 6.0


@dataclass
class Confirm:
    armed: str | None = None
    since: float = 0.0

    def press(self, action: str, now: float) -> bool:
        """Whether ``action`` should run now: actions in :data:`ASK_FIRST` need a second
        press while armed; any other action just runs (and drops a waiting question)."""
        self.expire(now)
        if action not in ASK_FIRST:
            self.armed = None
            return True
        if self.armed == action:
            self.armed = None
            return True
        self.armed, self.since = action, now
        return False

    def yes(self, now: float) -> str | None:
        """Y pressed: the action waiting for it, confirmed (None when nothing waits)."""
        self.expire(now)
        action, self.armed = self.armed, None
        return action

    def cancel(self) -> None:
        self.armed = None

    def expire(self, now: float) -> None:
        if self.armed is not None and now - self.since > WAIT_S:
            self.armed = None

    def waiting(self, now: float) -> str | None:
        self.expire(now)
        return self.armed
