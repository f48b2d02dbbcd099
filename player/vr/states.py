"""The OpenXR session states as pure logic: what each state change asks of us.

A runtime moves a session through IDLE → READY → SYNCHRONIZED → VISIBLE → FOCUSED and
back (the headset taken off: FOCUSED → VISIBLE → SYNCHRONIZED → STOPPING → IDLE), and
ends it with EXITING or LOSS_PENDING. Here that is a table, so the rules are tested
without a runtime: READY asks us to begin the session, STOPPING to end it, EXITING and
LOSS_PENDING to let go of the runtime and try it again later. None of them ends the
driftlight session: the desktop picture goes on whatever the headset does.
"""

from __future__ import annotations

from dataclasses import dataclass

# The names of XrSessionState's values, in the order of the enum (0 is UNKNOWN).
STATE_NAMES = ("unknown", "idle", "ready", "synchronized", "visible", "focused",
               "stopping", "loss_pending", "exiting")
# Frames are wanted from xrBeginSession on (READY): the runtime synchronizes on them.
SUBMITTING = frozenset({"ready", "synchronized", "visible", "focused"})
WORN = frozenset({"visible", "focused"})                         # someone sees them
ACTIONS = {"ready": "begin", "stopping": "end", "exiting": "release",
           "loss_pending": "release"}


@dataclass
class SessionStates:
    """The session's current state and whether ``xrBeginSession`` is in effect."""

    state: str = "unknown"
    running: bool = False

    def change(self, state: str) -> str:
        """Take a new state; returns the action it asks for ("begin", "end", "release"
        or "")."""
        if state not in STATE_NAMES:
            raise ValueError(f"not an OpenXR session state: {state!r}")
        self.state = state
        action = ACTIONS.get(state, "")
        if action == "begin":
            self.running = True
        elif action in ("end", "release"):
            self.running = False
        return action

    def lost(self) -> None:
        """The runtime went away without a state change (XR_ERROR_SESSION_LOST, ...)."""
        self.state, self.running = "lost", False

    @property
    def submitting(self) -> bool:
        """Whether frames go to the runtime now (xrWaitFrame … xrEndFrame)."""
        return self.running and self.state in SUBMITTING

    @property
    def worn(self) -> bool:
        return self.running and self.state in WORN
