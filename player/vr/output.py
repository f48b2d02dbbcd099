"""The headset as one more output of the live session (``play --vr``).

:class:`player.session.Session` calls two hooks on ``session.headset``: ``desktop_due()``
before drawing the desktop window, and ``frame(session, plan, wall)`` after presenting.
While the runtime wants frames, ``xrWaitFrame`` paces the loop (the session's frame
clock stops sleeping) and the desktop mirror is drawn on the beats the scene texture is
painted (≥ 30 Hz), so the headset's refresh is never waited on twice. When the headset
is off or the runtime gone, the session's own clock paces the desktop again, which goes
on showing the picture.
"""

from __future__ import annotations

from typing import Any

from player.timeline import FramePlan
from player.vr.headset import Headset
from player.vr.painter import Painter


class HeadsetOutput:
    def __init__(self, headset: Headset, painter: Painter) -> None:
        self.headset = headset
        self.painter = painter
        self._desktop = True
        self._paced = False

    def desktop_due(self) -> bool:
        return self._desktop

    def frame(self, session: Any, plan: FramePlan, wall: float) -> None:
        self.painter.show(plan, session.level(wall))
        painted = self.headset.frame(self.painter)
        submitting = self.headset.submitting
        self._desktop = painted or not submitting
        if submitting and not session.clock.vsync:    # the runtime paces the loop
            session.clock.retune(vsync=True, keep_counts=True)   # (also after the governor)
        elif self._paced and not submitting:          # our clock again
            # the desktop window of --vr does not wait for its display's refresh
            session.clock.retune(vsync=False, hz=session.governor.fps(session.fps),
                                 keep_counts=True)
        self._paced = submitting

    def close(self) -> None:
        self.headset.close()
        self.painter.release()
