"""The headset as one more output of the live session (``play --vr``).

:class:`player.session.Session` calls two hooks on ``session.headset``: ``desktop_due()``
before drawing the desktop window, and ``frame(session, plan, wall)`` after presenting.
While the runtime wants frames, ``xrWaitFrame`` paces the loop (the session's frame
clock stops sleeping) and the desktop mirror is drawn on the beats the scene texture is
painted (≥ 30 Hz), so the headset's refresh is never waited on twice. When the headset
is off or the runtime gone, the session's own clock paces the desktop again, which goes
on showing the picture.

For the therapist's console it says where the headset stands in plain words
(:meth:`HeadsetOutput.words`, on the console's health line) and lends its compositor
while the patient sees the headset, so the console's mirror shows the headset's picture
(its brightness cap, the pause dimming it) and the desktop's when the headset is off.
"""

from __future__ import annotations

import traceback
from typing import Any

from player.timeline import FramePlan
from player.vr.headset import Headset
from player.vr.painter import Painter

BACK_SAID_S = 20.0      # "headset back" stays on the health line this long
ERRORS_LOGGED = 5       # faults of the headset's step logged (then only counted)
TAKEN_OFF = "headset taken off — the picture goes on here"
LOST = "headset lost (the VR runtime stopped) — the picture goes on here; reconnecting"


class HeadsetOutput:
    def __init__(self, headset: Headset, painter: Painter) -> None:
        self.headset = headset
        self.painter = painter
        self._desktop = True
        self._paced = False
        self._worn_once = False
        self._worn = False
        self._back_at: float | None = None     # wall time the headset was worn again
        self.errors = 0

    @property
    def worn(self) -> bool:
        """Whether the patient sees the headset's picture now."""
        return self.headset.submitting and self.headset.states.worn

    @property
    def compositor(self) -> Any:
        """The headset's compositor (the console mirrors it while the headset is worn)."""
        return self.painter.compositor

    def words(self, wall: float) -> tuple[str, bool]:
        """The headset on the console's health line: (plain words, whether they need the
        therapist's attention)."""
        if self._worn:
            back = self._back_at is not None and wall - self._back_at < BACK_SAID_S
            return ("headset back" if back else "headset on"), False
        if not self._worn_once:
            return "waiting for the headset to be put on — the picture shows here", False
        return (TAKEN_OFF if self.headset.states.state != "lost" else LOST), True

    def desktop_due(self) -> bool:
        return self._desktop

    def frame(self, session: Any, plan: FramePlan, wall: float) -> None:
        """One step of the headset after the desktop's present; never raises: a fault
        here is logged (the first few) and the desktop goes on showing the picture."""
        try:
            self._frame(session, plan, wall)
        except Exception as exc:
            self._desktop, self.errors = True, self.errors + 1
            if self.errors <= ERRORS_LOGGED:
                self.headset.log("vr_error", error=f"{type(exc).__name__}: {exc}",
                                 traceback=traceback.format_exc())

    def _frame(self, session: Any, plan: FramePlan, wall: float) -> None:
        self.painter.show(plan, session.level(wall))
        painted = self.headset.frame(self.painter)
        submitting = self.headset.submitting
        worn = self.worn
        if worn and not self._worn:
            self._back_at = wall if self._worn_once else None
            self._worn_once = True
        self._worn = worn
        self._desktop = painted or not submitting
        refresh = self.headset.count.refresh_hz
        if submitting and refresh > 0 and (not session.clock.vsync or abs(
                session.clock.period_ns * refresh / 1e9 - 1) > 0.02):
            # the runtime paces the loop (also after the governor), at its refresh: the
            # console's slices fit in what is left of the runtime's frame
            session.clock.retune(vsync=True, hz=refresh, keep_counts=True)
        elif self._paced and not submitting:          # our clock again
            # the desktop window of --vr does not wait for its display's refresh
            session.clock.retune(vsync=False, hz=session.governor.fps(session.fps),
                                 keep_counts=True)
        self._paced = submitting

    def close(self) -> None:
        self.headset.close()
        self.painter.release()
