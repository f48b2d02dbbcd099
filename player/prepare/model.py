"""Prepare mode's state: where the preview is in the session, how fast it plays, and
the schedule it shows — everything but the windows, so it is tested on a fake clock.

Time is the only input (:class:`player.session.SessionState`): a seek sets the session
time, a speed change changes its rate, and the picture is ``timeline.at(t)``. Changing
the length fits the whole playlist again (:mod:`player.fitting`), as the session would
be planned at that length; reading the config again keeps the current time. A config
that no longer loads leaves the last good schedule in place with its errors beside it.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import replace

from player.commands._common import SessionPlan
from player.console.words import span
from player.errors import UserError
from player.fitting import FitError
from player.prepare.keys import LENGTH_STEP_S, SPEEDS, STEPS
from player.session import SessionState
from player.timeline import Timeline

MIN_LENGTH_S = 60.0
MAX_LENGTH_S = 12 * 3600.0
PHASE_AGAIN_S = 3.0      # "to this phase's start" within this long of it goes one further

SPEED_ACTIONS = {f"speed_{s:g}": s for s in SPEEDS}

Loader = Callable[[float | None], SessionPlan]   # length (None: the config's) -> a plan


class Prepare:
    def __init__(self, load: Loader, *, length: float | None = None, at: float = 0.0,
                 speed: float = 1.0, paused: bool = False, wall: float = 0.0) -> None:
        self.load = load
        self.length = length          # the length asked for here; None follows the config
        self.plan = load(length)      # a broken config at the start is an exit 2
        self.errors: list[str] = []   # the config's errors while it does not load
        self.note = ""                # what the last action did, in words, for the console
        self.changes = 0              # counts what redraws the picture although t stands
        self.timelines = 0            # counts schedule changes (thumbnails, sound follow)
        self.state = SessionState(self.plan.timeline, speed=speed)
        self.state.seek(self.clamp(at), wall)
        if paused:
            self.pause(wall)

    @property
    def timeline(self) -> Timeline:
        return self.state.timeline

    @property
    def paused(self) -> bool:
        return self.state.paused_at is not None

    @property
    def speed(self) -> float:
        return self.state.speed

    def clamp(self, t: float) -> float:
        return min(max(0.0, t), self.timeline.length)

    def time(self, wall: float) -> float:
        """The session time at ``wall``; playing past the end pauses there."""
        t = self.state.session_time(wall)
        if t >= self.timeline.length and not self.paused:
            self.state.seek(self.timeline.length, wall)
            self.pause(wall)
            return self.timeline.length
        return self.clamp(t)

    # -- actions ----------------------------------------------------------------------
    def pause(self, wall: float) -> None:
        st = self.state
        if st.paused_at is None:
            st.paused_at, st.pause_wall = self.clamp(st.session_time(wall)), wall

    def play(self, wall: float) -> None:
        st = self.state
        if st.paused_at is not None:
            at_end = st.paused_at >= self.timeline.length
            st.paused_total += wall - st.pause_wall
            st.paused_at = None
            if at_end:                      # play at the end starts again, as players do
                self.seek(0.0, wall)

    def seek(self, t: float, wall: float) -> None:
        self.state.seek(self.clamp(t), wall)
        self.changes += 1

    def set_speed(self, speed: float, wall: float) -> None:
        self.state.set_speed(speed, wall)
        self.note = f"playing at {speed:g}x" + ("" if speed == 1 else " (sound at 1x only)")

    def act(self, action: str, wall: float) -> bool:
        """Carry out a button's or a key's action; False for an action not known here."""
        t = self.time(wall)
        if action == "pause":
            (self.play if self.paused else self.pause)(wall)
        elif action in STEPS:
            self.seek(t + STEPS[action], wall)
        elif action in SPEED_ACTIONS:
            self.set_speed(SPEED_ACTIONS[action], wall)
        elif action in ("longer", "shorter"):
            step = LENGTH_STEP_S if action == "longer" else -LENGTH_STEP_S
            self.relength(self.timeline.length + step, wall)
        elif action == "prev_phase":
            phase = self.timeline.phase_at(t)
            if t - phase.start < PHASE_AGAIN_S and phase.index > 0:
                phase = self.timeline.phases[phase.index - 1]
            self.seek(phase.start, wall)
        elif action == "next_phase":
            phase = self.timeline.phase_at(t)
            if phase.index + 1 < len(self.timeline.phases):
                self.seek(self.timeline.phases[phase.index + 1].start, wall)
        else:
            return False
        return True

    def relength(self, length: float, wall: float) -> None:
        """Fit the playlist to ``length`` (the schedule as it would be planned for it)."""
        length = min(MAX_LENGTH_S, max(MIN_LENGTH_S, length))
        try:
            timeline = Timeline.build(self.plan.playlist, length)
        except FitError as exc:
            self.note = f"cannot make it {span(length)}: {exc}"
            return
        self.length = length
        self.plan = replace(self.plan, timeline=timeline)
        self._adopt(timeline, wall)
        self.note = f"length {span(length)}: the schedule is fitted again"

    def reload(self, wall: float) -> None:
        """Read the config again (it was saved); keep the time, or show its errors."""
        try:
            plan = self.load(self.length)
        except UserError as exc:
            self.errors = list(exc.lines) or [str(exc)]
        except Exception as exc:       # a bug must not close the preview: say it plainly
            self.errors = [f"driftlight: error: the config could not be read "
                           f"({type(exc).__name__}: {exc})", *traceback.format_exc(limit=2)
                           .splitlines()[-1:]]
        else:
            self.errors = []
            self.plan = plan
            self._adopt(plan.timeline, wall)
            self.note = "config read again"
        self.changes += 1

    def _adopt(self, timeline: Timeline, wall: float) -> None:
        t = self.time(wall)
        self.state.timeline = timeline
        self.seek(t, wall)
        self.timelines += 1
