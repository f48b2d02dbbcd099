"""The live session loop: clock → timeline → compositor → window, with a log.

Each frame the loop asks the frame clock for the next deadline, works out the
session time at that deadline (a pause holds it still), draws ``timeline.at(t)``
through the compositor, waits for the deadline and presents. The session ends by
itself when the timeline ends; an early end — Esc held, the window closed, a signal —
fades out first. Therapist actions change the timeline only from now on
(:mod:`player.retime`). Nothing a scene does can end the session: faults are
contained by the compositor and logged here.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from player import STARTED, __version__, retime
from player.clock import FrameClock
from player.compositor import Compositor, SceneFault
from player.controls import STEP_S, KeyGate, help_rows
from player.degrade import Governor
from player.durations import clock_time
from player.gl import warmup
from player.gl.context import is_software, renderer
from player.gl.view import DEFAULT_IPD_M, layout, stereo_views
from player.memory import steady_heap
from player.overlay import Overlay
from player.ramp import Ramp
from player.sessionlog import SessionLog
from player.timeline import FramePlan, Timeline
from player.vsync import VsyncProbe

SIGNAL_END_FADE_S = 2.0
THERAPIST_END_FADE_S = 3.0
PAUSE_FADE_S = 2.0
PAUSE_DIM = 0.3
SMOOTH_S = 1.0          # brightness and volume changes glide over this long
PREPARE_AHEAD_S = 20.0  # build scenes this long before they start to show
LEVEL_STEP = 0.1


@dataclass
class SessionState:
    """What the therapist has changed; everything else comes from the timeline."""

    timeline: Timeline
    paused_at: float | None = None        # session time frozen while paused
    paused_total: float = 0.0             # wall seconds spent paused so far
    pause_wall: float = 0.0
    ending: float | None = None           # wall time the early end began
    end_reason: str = ""
    speed: float = 1.0                    # session seconds per wall second (previews)
    origin: float = 0.0                   # session time at wall 0 (moved by seeks, speeds)
    brightness: float = 1.0
    volume: float = 0.7
    overlay: bool = False
    help: bool = False
    dim: Ramp = field(default_factory=lambda: Ramp(1.0))
    end: Ramp = field(default_factory=lambda: Ramp(1.0))
    bright: Ramp = field(default_factory=lambda: Ramp(1.0))

    def session_time(self, wall: float) -> float:
        if self.paused_at is not None:
            return self.paused_at
        return self.origin + (wall - self.paused_total) * self.speed

    def seek(self, t: float, wall: float) -> None:
        """Make the session time ``t`` at ``wall`` (a preview's scrubbing); a pause holds
        there, and resuming goes on from it."""
        self.origin += t - self.session_time(wall)
        if self.paused_at is not None:
            self.paused_at = t

    def set_speed(self, speed: float, wall: float) -> None:
        """Play at ``speed`` session seconds per wall second from ``wall`` on, the session
        time going on from where it is (paused or not)."""
        t = self.session_time(wall)
        since = (self.pause_wall if self.paused_at is not None else wall) - self.paused_total
        self.speed = speed
        self.origin = t - since * speed


class Session:
    def __init__(self, *, timeline: Timeline, window, log: SessionLog | None, seed: int,
                 fps: float = 60.0, brightness_cap: float = 0.9, volume: float = 0.7,
                 clock: FrameClock | None = None, audio=None, locked: bool = False,
                 speed: float = 1.0, meta: dict | None = None, console=None,
                 stereo: str | None = None, ipd_m: float = DEFAULT_IPD_M) -> None:
        steady_heap()
        self.stereo = stereo        # play --stereo: a layout of player.gl.view, or None
        self.ipd_m = ipd_m
        self.window = window
        self.pg = window.pygame
        self.log = log or NullLog()
        self.seed = seed
        self.audio = audio
        self.meta = meta or {}
        self.clock = clock or FrameClock(fps)
        # With a vsync'd window, first watch whether the swap blocks (see player.vsync).
        refresh = getattr(window, "refresh_hz", None) or fps
        self.vsync_probe = VsyncProbe(1.0 / refresh) if getattr(window, "vsync", False) else None
        if self.vsync_probe is not None:
            self.clock.retune(vsync=True)
        self.state = SessionState(timeline, volume=volume, speed=speed)
        self.keys = KeyGate(locked)
        self.fps = fps                   # the display's refresh rate, once the probe knows it
        self._swap_blocks = False
        # a software renderer starts low (see player.degrade)
        self.governor = Governor(1.0 / fps, software=is_software(window.ctx),
                                 window=not window.request.headless)
        picture = self.picture_size(window.size)
        self.compositor = Compositor(picture, seed=seed, brightness_cap=brightness_cap,
                                     internal_height=self.governor.height(picture[1]),
                                     on_fault=self._on_fault, ctx=window.ctx)
        if self.governor.divisor > 1:
            self.clock.retune(hz=self.governor.fps(fps), keep_counts=True)
        if self.compositor.guard is not None:
            self.compositor.guard.rate = self.governor.fps(fps)   # the rate frames are shown
        self.overlay = Overlay(self.pg)
        self.frames = 0
        self.first_frame_s: float | None = None
        self.startup_s: float | None = None   # from loading driftlight to the first frame
        self.first_frame_unix: float | None = None
        self.on_frame: Callable[[Session, float], None] | None = None
        self.headset: Any = None    # play --vr: a player.vr.output.HeadsetOutput
        # The therapist's console (player.console.live), when there is one: it takes its
        # window's events and the actions, and draws in slices after each frame.
        self.console = console
        self.faulted_scenes: list[str] = []
        if console is not None:
            console.attach(self)
        self.minimised = False
        self._phase = -1
        self._end_request: tuple[str, float] | None = None
        self._audio_stop: threading.Thread | None = None
        self._frame_errors = 0
        self._warmup: subprocess.Popen | None = None

    # -- requests from outside the loop (signals, window close) -------------------------
    @property
    def end_requested(self) -> bool:
        """Whether an early end has been asked for (a signal, Esc held, the window closed)."""
        return self._end_request is not None

    def request_end(self, reason: str, fade_s: float = SIGNAL_END_FADE_S) -> None:
        """Fade out and stop; safe to call from a signal handler, any number of times."""
        if self._end_request is None:
            self._end_request = (reason, fade_s)

    # -- the loop -----------------------------------------------------------------------
    def run(self) -> str:
        """Play until the timeline ends or an end is requested; returns the outcome."""
        tl = self.state.timeline
        self.log.event("session_start", playlist=tl.playlist.name, length_s=tl.length,
                       seed=self.seed, schedule=schedule(tl), display=list(self.window.size),
                       internal=list(self.compositor.size), renderer=renderer(self.window.ctx),
                       versions=versions(), **self.meta)
        self._audio(lambda a: a.start(0.0))
        self._warmup = warmup.start(s.scene for p in tl.phases for s in p.spec.scenes)
        self.clock.start()
        outcome = "completed"
        while True:
            wall = self.clock.next_frame()
            began = self.clock.now_ns()
            self.poll_events(wall)
            st = self.state
            if self._end_request is not None and st.ending is None:
                self._begin_end(wall)
            t = st.session_time(wall)
            if st.ending is not None and st.end.settled(wall):
                outcome = "ended_early"
                break
            if t >= st.timeline.length:
                break
            plan = st.timeline.at(t)
            self._note_phase(plan, t)
            desktop = self.headset is None or self.headset.desktop_due()
            if not self.minimised and desktop:
                self._draw_safely(plan, wall)
            work = (self.clock.now_ns() - began) / 1e9
            if self.console is not None:   # in the time this frame would only wait
                self.console.tick(wall, (self.clock.deadline - self.clock.now_ns()) / 1e9)
            self.clock.wait()
            if desktop:
                self.window.flip()
            if self.headset is not None:      # paces the loop while the headset runs: its
                self.headset.frame(self, plan, wall)   # xrWaitFrame is this frame's present
            self.clock.presented()
            if self.audio is not None and hasattr(self.audio, "sync"):
                self.audio.sync(st.session_time(self.clock.seconds()))  # see audio.sync
            if self.vsync_probe is not None and self.vsync_probe.decided is None:
                self._probe_vsync()
            if self.first_frame_s is None:
                self.first_frame_s = self.clock.seconds()
                self.startup_s = time.perf_counter() - STARTED
                self.first_frame_unix = time.time()
            self.frames += 1
            self._govern(work, t)
            if self.on_frame is not None:
                self.on_frame(self, wall)
        self.finish(outcome)
        return outcome

    def _note_phase(self, plan: FramePlan, t: float) -> None:
        if plan.phase.index != self._phase:
            self._phase = plan.phase.index
            self.log.event("phase", index=plan.phase.index, name=plan.phase.name,
                           t=round(t, 3), scenes=[s.scene for s in plan.phase.spec.scenes])

    def _draw_safely(self, plan: FramePlan, wall: float) -> None:
        """Draw; anything that still goes wrong (scenes are contained already) is logged,
        a few times, and the session goes on showing the last good frame."""
        try:
            self.draw(plan, wall)
        except Exception as exc:
            self._frame_errors += 1
            if self._frame_errors <= 5:
                self.log.event("frame_error", t=round(plan.t, 3),
                               error=f"{type(exc).__name__}: {exc}",
                               traceback=traceback.format_exc())

    def draw(self, plan: FramePlan, wall: float) -> None:
        st = self.state
        t = plan.t
        if self.frames % 30 == 0:
            for layer in st.timeline.at(t + PREPARE_AHEAD_S).layers:
                self.compositor.prepare(layer)
        target = self.window.framebuffer
        if self.stereo is None:
            self.compositor.render(plan, self.level(wall), target)
        else:                    # both eyes of one frame, side by side or top and bottom
            views = stereo_views(self.stereo, self.window.size, self.ipd_m)[1]
            self.compositor.render_views(plan, self.level(wall), target, views)
        surface = self.window.canvas
        for viewport, size in self.text_places() if self.console is None else ():
            surface.begin(target, viewport, size)   # with a console, no text for the patient
            if st.help:
                self.overlay.table(surface, help_rows(self.keys.locked))
            if st.overlay:
                self.overlay.lines(surface, self.status_lines(t, plan.phase.name))
            self.overlay.ring(surface, self.keys.esc_progress(wall))
        self.window.ctx.finish()   # the frame is drawn now: the frame time is honest

    def text_places(self) -> list[tuple[tuple[int, int, int, int] | None, tuple[int, int] | None]]:
        """Where the therapist's text goes: the whole window; in stereo each eye's
        viewport, laid out alike in both (zero parallax: it reads on the screen plane in
        3D glasses, not doubled across the halves)."""
        if self.stereo is None:
            return [(None, None)]
        eye, viewports = layout(self.stereo, self.window.size)
        return [(viewport, eye) for viewport in viewports]

    def picture_size(self, size: tuple[int, int]) -> tuple[int, int]:
        """The size of the picture drawn for a window of ``size`` (one eye's in stereo)."""
        return size if self.stereo is None else stereo_views(self.stereo, size)[0]

    def level(self, wall: float) -> float:
        """The picture's level now: pause dim × end fade × the therapist's brightness."""
        st = self.state
        return st.dim.at(wall) * st.end.at(wall) * st.bright.at(wall)

    def status_lines(self, t: float, phase: str) -> list[str]:
        st = self.state
        s = self.clock.summary()
        flags = " · ".join(x for x in ("PAUSED" if st.paused_at is not None else "",
                                       "LOCKED" if self.keys.locked else "") if x)
        return [
            f"{phase}  ({self._phase + 1}/{len(st.timeline.phases)})  {flags}",
            f"elapsed {clock_time(t)}   remaining {clock_time(st.timeline.length - t)}   "
            f"length {clock_time(st.timeline.length)}",
            f"brightness {st.brightness:.0%}   "
            + (f"volume {st.volume:.0%}" if getattr(self.audio, "available", False)
               else "no sound"),
            f"frames p50 {s.p50_ms:.1f} ms  p99 {s.p99_ms:.1f} ms  missed {s.missed}  "
            f"internal {self.compositor.size[0]}×{self.compositor.size[1]}",
        ]

    # -- input ----------------------------------------------------------------------------
    def poll_events(self, wall: float) -> None:
        pg = self.pg
        for event in pg.event.get():
            if self.console is not None and self.console.owns(event):
                self.console.handle(event, wall)
            elif event.type in (pg.QUIT, pg.WINDOWCLOSE):
                self.request_end("window_closed")
            elif event.type == pg.KEYDOWN:
                action = self.keys.key_down(pg.key.name(event.key), event.unicode, wall)
                if action:
                    (self.console.action if self.console is not None else self.act)(
                        action, wall)
            elif event.type == pg.KEYUP:
                self.keys.key_up(pg.key.name(event.key))
            elif event.type in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED):
                self._resized()
            elif event.type == pg.WINDOWMINIMIZED:
                self.minimised = True
            elif event.type in (pg.WINDOWRESTORED, pg.WINDOWSHOWN, pg.WINDOWEXPOSED):
                self.minimised = False
            elif event.type == pg.WINDOWFOCUSLOST:
                self.keys.forget_keys()
        if self.keys.esc_progress(wall) >= 1.0:
            self.keys.forget_keys()
            self.request_end("therapist", THERAPIST_END_FADE_S)

    def act(self, action: str, wall: float) -> None:
        """Carry out one therapist action (also used by tests and remote controls)."""
        st = self.state
        t = st.session_time(wall)
        if st.ending is not None:
            return
        if action == "pause":
            if st.paused_at is None:
                st.paused_at, st.pause_wall = t, wall
                st.dim.to(PAUSE_DIM, wall, PAUSE_FADE_S)
                self._audio(lambda a: a.pause())
                self.log.event("pause", t=round(t, 3))
            else:
                st.paused_total += wall - st.pause_wall
                st.paused_at = None
                st.dim.to(1.0, wall, PAUSE_FADE_S)
                self._audio(lambda a: a.resume(t))
                self.log.event("resume", t=round(t, 3),
                               paused_s=round(wall - st.pause_wall, 3))
        elif action == "skip":
            new = retime.skip(st.timeline, t)
            self.log.event("skip", t=round(t, 3), applied=new is not None,
                           **({"schedule": schedule(new)} if new else {}))
            if new is not None:
                self._set_timeline(new)
        elif action in ("longer", "shorter"):
            want = st.timeline.length + (STEP_S if action == "longer" else -STEP_S)
            new = retime.resize(st.timeline, t, want)
            self.log.event("retime", t=round(t, 3), action=action,
                           old_length_s=round(st.timeline.length, 3),
                           length_s=round(new.length, 3), schedule=schedule(new))
            self._set_timeline(new)
        elif action in ("brightness_up", "brightness_down"):
            step = LEVEL_STEP if action == "brightness_up" else -LEVEL_STEP
            level = round(min(1.0, max(0.2, st.brightness + step)), 2)
            if level != st.brightness:       # a press at the limit changes nothing
                st.brightness = level
                st.bright.to(st.brightness, wall, SMOOTH_S)
                self.log.event("brightness", t=round(t, 3), level=st.brightness)
        elif action in ("volume_up", "volume_down"):
            step = LEVEL_STEP if action == "volume_up" else -LEVEL_STEP
            level = round(min(1.0, max(0.0, st.volume + step)), 2)
            if level != st.volume:
                st.volume = level
                self._audio(lambda a: a.set_volume(st.volume))
                self.log.event("volume", t=round(t, 3), level=st.volume)
        elif action == "overlay":
            st.overlay = not st.overlay
        elif action == "help":
            st.help = not st.help
        elif action == "unlocked":
            self.log.event("unlock", t=round(t, 3))

    def _probe_vsync(self) -> None:
        probe = self.vsync_probe
        last = self.clock.stats.last_interval_ns
        if probe is None or last is None or probe.add(last / 1e9) is None:
            return
        self._swap_blocks = bool(probe.decided)
        self.fps = probe.refresh_hz or self.fps
        rate = self.governor.fps(self.fps)
        self.clock.retune(vsync=self._swap_blocks and self.governor.divisor == 1, hz=rate)
        if self.compositor.guard is not None:
            self.compositor.guard.rate = rate
        self.log.event("vsync", blocking=self.clock.vsync,
                       refresh_hz=round(probe.refresh_hz, 3) if probe.refresh_hz else None)

    def _set_timeline(self, new: Timeline) -> None:
        self.state.timeline = new
        self._audio(lambda a: a.set_timeline(new))

    def _audio(self, call: Callable[[Any], object]) -> None:
        """Tell the sound; if it fails, log it and go on without sound (never stop)."""
        if self.audio is None:
            return
        try:
            call(self.audio)
        except Exception as exc:
            self.log.event("audio_error", error=f"{type(exc).__name__}: {exc}",
                           traceback=traceback.format_exc())
            self.audio = None

    def _begin_end(self, wall: float) -> None:
        request = self._end_request
        assert request is not None          # called once an end has been asked for
        reason, fade_s = request
        st = self.state
        st.ending, st.end_reason = wall, reason
        st.end.to(0.0, wall, fade_s)
        self.log.event("ending", reason=reason, t=round(st.session_time(wall), 3),
                       fade_s=fade_s)
        if self.audio is not None:
            self._audio_stop = threading.Thread(target=self.audio.stop, args=(fade_s,),
                                                daemon=True)
            self._audio_stop.start()

    def _resized(self) -> None:
        size = self.picture_size(self.window.refresh_size())
        self.compositor.resize(size, self.governor.height(size[1]))
        self.log.event("display", size=list(size))

    def _govern(self, work: float, t: float) -> None:
        if not self.governor.frame(work):
            return
        before, rate = self.compositor.size, self.governor.fps(self.fps)
        picture = self.picture_size(self.window.size)
        self.compositor.resize(picture, self.governor.height(picture[1]))
        if abs(1e9 / rate - self.clock.period_ns) > 1:
            # a blocking swap paces one refresh a frame; at a lower rate the clock paces
            self.clock.retune(hz=rate, keep_counts=True,
                              vsync=self._swap_blocks and self.governor.divisor == 1)
            if self.compositor.guard is not None:
                self.compositor.guard.rate = rate
        self.log.event("degrade", t=round(t, 3), internal_from=list(before),
                       internal_to=list(self.compositor.size), fps=round(rate, 3))

    def _on_fault(self, fault: SceneFault) -> None:
        self.faulted_scenes.append(fault.scene)
        self.log.event("scene_error", scene=fault.scene, phase=fault.phase, t=round(fault.t, 3),
                       error=fault.error, traceback=fault.traceback)

    def finish(self, outcome: str) -> None:
        wall = self.clock.seconds()
        if self._warmup is not None and self._warmup.poll() is None:
            self._warmup.kill()
        st = self.state
        if self._audio_stop is not None:
            self._audio_stop.join(timeout=5)
        else:
            self._audio(lambda a: a.stop(0.0))      # the timeline has faded the sound out already
        if self.console is not None:
            self.console.log_stats()                # what the console cost, before the end
        self.log.event("end", outcome=outcome, reason=st.end_reason or "timeline_ended",
                       elapsed_s=round(wall, 3), session_t=round(st.session_time(wall), 3),
                       length_s=round(st.timeline.length, 3), frames=self.frames,
                       first_frame_s=self.first_frame_s,
                       startup_s=None if self.startup_s is None else round(self.startup_s, 3),
                       first_frame_unix=self.first_frame_unix,
                       stats=self.clock.summary().as_dict(),
                       audio_underruns=getattr(self.audio, "underruns", None))


class NullLog:
    """The log of a preview: nothing is recorded."""

    def event(self, kind: str, **data) -> None:
        pass


def schedule(tl: Timeline) -> list[dict]:
    return [{"name": p.name, "start_s": round(p.start, 3), "end_s": round(p.end, 3),
             "scenes": [s.scene for s in p.spec.scenes]} for p in tl.phases]


def versions() -> dict[str, str]:
    import moderngl
    import pygame
    import yaml

    return {"driftlight": __version__, "python": sys.version.split()[0],
            "pygame": pygame.version.ver, "moderngl": moderngl.__version__,
            "sdl": ".".join(map(str, pygame.get_sdl_version())),
            "numpy": np.__version__, "pyyaml": yaml.__version__,
            "platform": platform.platform()}
