"""The live session loop: clock → timeline → compositor → window, with a log.

The loop asks the frame clock for the next deadline, works out the session time at
that deadline (pauses hold it still), draws ``timeline.at(t)`` through the
compositor, waits for the deadline and presents. It ends by itself when the
timeline ends; an end requested by a signal, the window closing or the therapist
fades out first. Nothing a scene does can end it: scene faults are contained by the
compositor and logged here.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from player import __version__
from player.clock import FrameClock
from player.compositor import Compositor, Presenter, SceneFault
from player.ramp import Ramp
from player.sessionlog import SessionLog
from player.timeline import Timeline

EARLY_END_FADE_S = 2.0


@dataclass
class SessionState:
    """What the therapist has changed; everything else comes from the timeline."""

    timeline: Timeline
    paused_at: float | None = None        # session time frozen while paused
    paused_total: float = 0.0             # wall seconds spent paused so far
    pause_wall: float = 0.0
    ending: float | None = None           # wall time the early end began
    end_reason: str = ""
    dim: Ramp = field(default_factory=lambda: Ramp(1.0))
    end: Ramp = field(default_factory=lambda: Ramp(1.0))

    def session_time(self, wall: float) -> float:
        if self.paused_at is not None:
            return self.paused_at
        return wall - self.paused_total


class Session:
    def __init__(self, *, timeline: Timeline, window, log: SessionLog, seed: int,
                 fps: float = 60.0, brightness_cap: float = 0.9,
                 clock: FrameClock | None = None, audio=None,
                 meta: dict | None = None) -> None:
        self.window = window
        self.log = log
        self.seed = seed
        self.audio = audio
        self.meta = meta or {}
        self.clock = clock or FrameClock(fps)
        self.state = SessionState(timeline)
        self.compositor = Compositor(window.size, seed=seed, brightness_cap=brightness_cap,
                                     on_fault=self._on_fault)
        self.presenter = Presenter(self.compositor, window.surface)
        self.frames = 0
        self.first_frame_wall: float | None = None
        self.on_frame: Callable[[Session, float], None] | None = None
        self._phase = -1

    # -- requests from outside the loop (signals, window close) -------------------------
    def request_end(self, reason: str, fade_s: float = EARLY_END_FADE_S) -> None:
        """Fade out and stop; safe to call from a signal handler, any number of times."""
        if self.state.ending is None:
            self.state.end_reason = reason
            self._end_fade_s = fade_s
            self._end_requested = True

    # -- the loop -----------------------------------------------------------------------
    def run(self) -> str:
        """Play until the timeline ends or an end is requested; returns the outcome."""
        tl = self.state.timeline
        self._end_requested = False
        self.log.event("session_start", playlist=tl.playlist.name, length_s=tl.length,
                       seed=self.seed, schedule=schedule(tl), display=list(self.window.size),
                       versions=versions(), **self.meta)
        if self.audio is not None:
            self.audio.start(0.0)
        self.clock.start()
        outcome = "completed"
        while True:
            wall = self.clock.next_frame()
            self.poll_events(wall)
            st = self.state
            if self._end_requested and st.ending is None:
                st.ending = wall
                st.end.to(0.0, wall, self._end_fade_s)
                if self.audio is not None:
                    self.audio.stop(self._end_fade_s, block=False)
            t = st.session_time(wall)
            if st.ending is not None and st.end.settled(wall):
                outcome = "ended_early"
                break
            if t >= st.timeline.length:
                break
            self.draw(t, wall)
            self.clock.wait()
            self.window.flip()
            self.clock.presented()
            if self.first_frame_wall is None:
                self.first_frame_wall = self.clock.seconds()
            self.frames += 1
            if self.on_frame is not None:
                self.on_frame(self, wall)
        self.finish(outcome)
        return outcome

    def draw(self, t: float, wall: float) -> None:
        st = self.state
        plan = st.timeline.at(t)
        if plan.phase.index != self._phase:
            self._phase = plan.phase.index
            self.log.event("phase", index=plan.phase.index, name=plan.phase.name,
                           t=round(t, 3), scenes=[s.scene for s in plan.phase.spec.scenes])
        level = st.dim.at(wall) * st.end.at(wall)
        self.compositor.frame(plan, level)
        self.presenter.present()

    def poll_events(self, wall: float) -> None:
        pg = self.window.pygame
        for event in pg.event.get():
            if event.type == pg.QUIT:
                self.request_end("window_closed")
            elif event.type in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED):
                self._resized()

    def _resized(self) -> None:
        surface = self.window.refresh_surface()
        self.compositor.resize(surface.get_size())
        self.presenter.retarget(surface)

    def _on_fault(self, fault: SceneFault) -> None:
        self.log.event("scene_error", scene=fault.scene, phase=fault.phase, t=round(fault.t, 3),
                       error=fault.error, traceback=fault.traceback)

    def finish(self, outcome: str) -> None:
        wall = self.clock.seconds()
        st = self.state
        if self.audio is not None:
            self.audio.stop(0.5)
        self.log.event("end", outcome=outcome, reason=st.end_reason or "timeline_ended",
                       elapsed_s=round(wall, 3), session_t=round(st.session_time(wall), 3),
                       frames=self.frames, first_frame_s=self.first_frame_wall,
                       stats=self.clock.summary().as_dict(),
                       audio_underruns=getattr(self.audio, "underruns", None))


def schedule(tl: Timeline) -> list[dict]:
    return [{"name": p.name, "start_s": round(p.start, 3), "end_s": round(p.end, 3),
             "scenes": [s.scene for s in p.spec.scenes]} for p in tl.phases]


def versions() -> dict[str, str]:
    import pygame
    import yaml

    return {"driftlight": __version__, "python": sys.version.split()[0],
            "pygame": pygame.version.ver, "sdl": ".".join(map(str, pygame.get_sdl_version())),
            "numpy": np.__version__, "pyyaml": yaml.__version__,
            "platform": platform.platform()}
