"""Third-party scenes in a worker process: a plugin can fail, but it cannot stop a session.

XScreenSaver runs every hack as its own process, so a crashing hack never ends the
locker. driftlight does the same for scenes that are not built in (``--plugin FILE.py``
and the ``driftlight.scenes`` entry points): :func:`isolate` returns an
:class:`IsolatedScene`, a stand-in with the numpy scene interface — ``render(t, grid)``
gives a float32 ``(H, W, 3)`` image — whose real scene lives in a worker process.

How a frame travels. The worker renders into one of three slots of a shared-memory
block (the grid's coordinates sit in the same block), and says which over a pipe; the
frame thread returns a view of the newest finished slot and asks for the next frame,
for the time it will be shown (``t`` plus the scene time the worker usually needs).
``render`` never waits for the worker: a frame that is late leaves the last good one
on screen. Before the first frame it returns black (the scene is fading in then).
The returned array is valid until the next ``render`` call (like a scratch buffer).

What can go wrong, and what happens. A watcher thread per scene follows its worker:

==========================  ======================================================
the worker …                then
==========================  ======================================================
raises (an ``Exception``)   reported; the last good frame stays; the next frame is
                            asked for as usual. Errors without a good frame for
                            :data:`ERRORS_S` count as a crash.
returns a bad frame         complex, NaN or infinite values, wrong shape or type:
                            the same as raising.
hangs                       no frame for :data:`HANG_S` (or no start within
                            :data:`START_S`): killed, restarted.
exits                       ``sys.exit``, ``os._exit``, ``KeyboardInterrupt``, a
                            crash: restarted.
outgrows its memory         resident size over the limit (polled), or a
                            ``MemoryError`` from its address-space limit: killed,
                            restarted.
==========================  ======================================================

Restarts wait :data:`BACKOFF` (growing); after :data:`MAX_RESTARTS` the scene gives
up. Whenever the worker has had no good frame for :data:`HOLD_S`, ``render`` raises
:class:`SceneUnavailable`: the compositor then fades to its fallback and tries again
later, as for any failed scene; the stand-in shows frames again as soon as a worker
delivers them. Every fault is passed to ``on_fault`` (from the watcher thread) as a
:class:`WorkerFault`, which has the fields of the compositor's ``SceneFault``, with the
scene's name and the reason in its ``error`` text.

Workers are fresh interpreters (``subprocess`` with the pipe's socket passed on; on
Windows ``multiprocessing``'s spawn method), never a fork of a process that holds an
OpenGL context. They re-import the scene's module or plugin file by name, import
nothing of the session (no window, sound or GL), ignore the terminal's SIGINT and
SIGHUP (the session decides when to end), and die with their parent. Built-in scenes
(modules under ``scenes.``) and shader scenes stay in-process: :func:`isolate` returns
them unchanged.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import importlib.util
import json
import math
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.shared_memory import SharedMemory
from typing import Any

import numpy as np

from scenes import base as scene_base
from scenes.base import Grid, Scene
from scenes.params import resolve

HANG_S = float(os.environ.get("DRIFTLIGHT_PLUGIN_HANG_S", "2.0"))
START_S = 20.0           # a worker must import and build its scene within this long
HOLD_S = 1.5             # show the last good frame this long while the worker is down
ERRORS_S = 3.0           # render failing this long without a good frame counts as a crash
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
MAX_RESTARTS = 5
CALM_S = 60.0            # a worker that runs this long without a restart starts afresh
MEMORY_MB = float(os.environ.get("DRIFTLIGHT_PLUGIN_MEMORY_MB", "1024"))
REPORT_EVERY_S = 30.0    # the same fault is reported again at most this often
SLOTS = 3
WORKER_NICE = 10         # a worker yields the CPU to the session (a busy loop cannot starve it)

FaultFn = Callable[["WorkerFault"], None]


class SceneUnavailable(Exception):
    """The isolated scene has no frame to show now; the message names it and says why."""


@dataclass
class WorkerFault:
    """One thing that went wrong with a worker (the fields of the compositor's
    ``SceneFault``, so a session logs it as a ``scene_error``)."""

    scene: str
    reason: str           # raise, bad_frame, hang, exit, memory, load, gave_up
    error: str            # one line: "[hang] no frame for 2.0 s; worker killed, …"
    traceback: str
    t: float
    phase: str = ""


def needs_isolation(cls: type[Scene]) -> bool:
    """True for a numpy scene from outside this package (a plugin)."""
    shader = getattr(scene_base, "ShaderScene", None)
    if shader is not None and issubclass(cls, shader):
        return False                   # drawn by the GPU; the compositor guards shaders
    return not cls.__module__.startswith("scenes.")


def isolate(cls: type[Scene], params: Mapping[str, Any] | None, seed: int, *,
            on_fault: FaultFn | None = None, realtime: bool = True) -> Scene:
    """``cls(params, seed)``, in a worker process when ``cls`` is a plugin numpy scene.

    Returns at once (the worker starts in the background); raises like ``cls`` would
    for invalid parameters. ``realtime`` (the live session, previews): ``render`` never
    waits and faults go to ``on_fault``. Otherwise (stills, exports, the safety
    analysis: exact frames matter, time does not) ``render`` waits for the very frame
    asked for and raises what the scene raised — an exception of the same type name and
    message, the worker's traceback as its cause — or :class:`SceneUnavailable` when
    the worker hung or exited."""
    if not needs_isolation(cls):
        return cls(params, seed=seed)
    return IsolatedScene(cls, params, seed, on_fault=on_fault, realtime=realtime)


class IsolatedScene(Scene):
    """The stand-in for a scene that runs in a worker process (see the module docstring)."""

    def __init__(self, cls: type[Scene], params: Mapping[str, Any] | None = None,
                 seed: int = 0, *, on_fault: FaultFn | None = None,
                 realtime: bool = True) -> None:
        values, errors = resolve(cls.params, params or {})
        if errors:
            raise errors[0]
        self.p = values
        self.seed = int(seed)
        # the class-level declarations of this stand-in are the isolated scene's own
        vars(self).update(name=cls.name, description=cls.description, params=cls.params)
        self.scene_class = cls
        self._worker = _Worker(cls, dict(params or {}), self.seed, on_fault, realtime)
        weakref.finalize(self, self._worker.close)

    def render(self, t: float, grid: Grid) -> np.ndarray:
        if self._worker.realtime:
            return self._worker.frame(t, grid)
        return self._worker.exact(t, grid)

    def warm(self, t: float, grid: Grid, timeout: float = 5.0) -> bool:
        """Off the frame thread: ask for frame ``t`` and wait (at most ``timeout``) until
        one is ready. True when the scene has a frame to show."""
        return self._worker.warm(t, grid, timeout)

    @property
    def worker_pid(self) -> int | None:
        return self._worker.pid

    def close(self) -> None:
        """Stop the worker (also done when the stand-in is garbage collected)."""
        self._worker.close()


# -- the parent's side ---------------------------------------------------------------------

_LIVE: weakref.WeakSet[_Worker] = weakref.WeakSet()


@atexit.register
def _kill_all() -> None:
    """At exit, kill workers outright: multiprocessing's own exit handler would wait
    without a limit for a worker that ignores SIGTERM."""
    for worker in list(_LIVE):
        worker.shutdown(wait=0.5)


class _Worker:
    """A worker process, its shared frames, and the watcher thread that minds it."""

    def __init__(self, cls: type[Scene], params: dict[str, Any], seed: int,
                 on_fault: FaultFn | None, realtime: bool = True) -> None:
        self.name = cls.name
        self.realtime = realtime
        self.results: dict[int, tuple] = {}     # outcomes of exact requests, by number
        self.source = _source(cls)
        self.params, self.seed = params, seed
        self.on_fault = on_fault
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.proc: Any = None
        self.conn: Connection | None = None
        self.pid: int | None = None
        self.state = "waiting"          # waiting (to start), starting, ready, gave_up, closed
        self.start_at = 0.0
        self.started = 0.0
        self.restarts = 0
        self.last_restart = 0.0
        self.load_failures = 0
        self.fatal: tuple[str, str, str] | None = None   # what the worker said before exiting
        self.gave_up = ""
        # frames
        self.shm: SharedMemory | None = None
        self.retired: list[SharedMemory] = []
        self.gen = 0                     # grid generation: bumps when the grid changes
        self.grid_ref: tuple[Any, int, int] | None = None
        self.shm_sent = False
        self.slots: list[np.ndarray] = []
        self.shown: int | None = None
        self.ready: int | None = None
        self.busy: int | None = None
        self.busy_seq = 0
        self.busy_gen = 0
        self.busy_since = 0.0
        self.busy_t = 0.0
        self.seq = 0
        self.have_frame = False
        self.down_since: float | None = None
        self.down_reason = ""
        self.error_since: float | None = None
        self.black: np.ndarray | None = None
        self.tracker_ready = False
        # pacing estimates: scene seconds per call, wall seconds per call and per render
        self.last_call: tuple[float, float] | None = None
        self.dt = 1 / 60
        self.interval = 1 / 60
        self.render_s = 0.01
        self.reported: dict[tuple[str, str], tuple[float, int]] = {}
        self.thread = threading.Thread(target=self._watch, name=f"scene-{self.name}",
                                       daemon=True)
        _LIVE.add(self)
        self.thread.start()

    # -- the frame thread ----------------------------------------------------------------
    def frame(self, t: float, grid: Grid) -> np.ndarray:
        now = time.perf_counter()
        with self.lock:
            if self.state == "gave_up":
                raise SceneUnavailable(self.gave_up)
            self._pace(t, now)
            if self.tracker_ready:
                self._use_grid(grid)
            if self.ready is not None:
                self.shown, self.ready = self.ready, None
            if self.state == "ready" and self.busy is None:
                self._request(t + self._lead())
            # No good frame for a while: the caller shows its fallback. A worker that is
            # back (ready, just asked) gets its chance first: a retry is not refused.
            down = self.down_since is not None and now - self.down_since > HOLD_S
            failing = self.error_since is not None and now - self.error_since > HOLD_S
            if (down and self.state != "ready") or failing:
                raise SceneUnavailable(f"scene '{self.name}': {self.down_reason}")
            if self.busy is not None and now - self.busy_since > HOLD_S:
                raise SceneUnavailable(f"scene '{self.name}': no frame for "
                                       f"{now - self.busy_since:.1f} s")
            if self.shown is not None:
                return self.slots[self.shown]
            if self.black is None or self.black.shape != (grid.height, grid.width, 3):
                self.black = np.zeros((grid.height, grid.width, 3), np.float32)
            return self.black

    def exact(self, t: float, grid: Grid) -> np.ndarray:
        """Frame ``t`` exactly, waiting for it (not for the live session: see isolate)."""
        deadline = time.perf_counter() + START_S + HANG_S + 5.0
        with self.lock:
            outcome: tuple = ("retry",)
            while outcome[0] == "retry":
                while True:
                    if self.state == "gave_up":
                        raise SceneUnavailable(self.gave_up)
                    if self.state == "ready" and self.tracker_ready and self.busy is None:
                        self._use_grid(grid)
                        self._request(t)
                        if self.busy is not None:
                            seq = self.busy_seq
                            break
                    if time.perf_counter() > deadline:
                        raise SceneUnavailable(f"scene '{self.name}': its worker did not "
                                               f"start")
                    self.changed.wait(0.05)
                while seq not in self.results:
                    if time.perf_counter() > deadline:
                        raise SceneUnavailable(f"scene '{self.name}': no frame for t={t:g}")
                    self.changed.wait(0.05)
                outcome = self.results.pop(seq)
            if outcome[0] == "frame":
                return self.slots[outcome[1]].copy()
        if outcome[0] == "error":
            _, etype, emsg, tb = outcome
            raise _remote(etype, emsg, tb)
        _, reason, text, tb = outcome
        raise SceneUnavailable(f"scene '{self.name}': [{reason}] {text}") from (
            _RemoteTraceback(tb) if tb else None)

    def warm(self, t: float, grid: Grid, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        with self.lock:
            while not self.tracker_ready and time.perf_counter() < deadline:
                self.changed.wait(0.05)
            self._use_grid(grid)
            while time.perf_counter() < deadline and self.state not in ("gave_up", "closed"):
                if self.ready is not None or self.shown is not None:
                    return True
                if self.state == "ready" and self.busy is None:
                    self._request(t)
                self.changed.wait(min(0.05, max(0.0, deadline - time.perf_counter())))
            return self.ready is not None or self.shown is not None

    def _pace(self, t: float, now: float) -> None:
        if self.last_call is not None:
            dt, dw = t - self.last_call[0], now - self.last_call[1]
            if 0 <= dt < 1.0 and 0 < dw < 1.0:
                self.dt += 0.1 * (dt - self.dt)
                self.interval += 0.1 * (dw - self.interval)
        self.last_call = (t, now)

    def _lead(self) -> float:
        """Scene seconds ahead to ask for: the frame is shown when it arrives."""
        calls = max(1, math.ceil(self.render_s / max(self.interval, 1e-3)))
        return self.dt * min(calls, 30)

    def _use_grid(self, grid: Grid) -> None:
        """A shared block for this grid (a new one when the grid changes)."""
        ref = (grid.x, grid.width, grid.height)
        if self.grid_ref is not None and self.grid_ref[0] is ref[0] \
                and self.grid_ref[1:] == ref[1:]:
            return
        h, w = grid.height, grid.width
        n = h * w
        shm = SharedMemory(create=True, size=(2 * n + SLOTS * 3 * n) * 4)
        arr = np.ndarray((2 * n + SLOTS * 3 * n,), np.float32, buffer=shm.buf)
        arr[:n] = np.asarray(grid.x, np.float32).reshape(-1)
        arr[n:2 * n] = np.asarray(grid.y, np.float32).reshape(-1)
        old_shown = self.slots[self.shown] if self.shown is not None else None
        self.slots = [arr[2 * n + i * 3 * n: 2 * n + (i + 1) * 3 * n].reshape(h, w, 3)
                      for i in range(SLOTS)]
        if old_shown is not None:        # keep showing the last frame, scaled, until a new one
            self.slots[0][:] = _nearest(old_shown, h, w)
            self.shown = 0
        else:
            self.shown = None
        self.ready = None
        self.busy = None
        self._retire(self.shm)
        self.shm, self.grid_ref = shm, ref
        self.gen += 1
        self.shm_sent = False
        if self.state == "ready":
            self._send_grid()

    def _send_grid(self) -> None:
        assert self.shm is not None and self.grid_ref is not None
        self._send(("shm", self.shm.name, self.grid_ref[1], self.grid_ref[2]))
        self.shm_sent = True

    def _request(self, t: float) -> None:
        if not self.shm_sent or self.shm is None:
            return
        slot = next(i for i in range(SLOTS) if i not in (self.shown, self.ready))
        self.seq += 1
        if self._send(("render", self.seq, float(t), slot)):
            self.busy, self.busy_seq, self.busy_gen = slot, self.seq, self.gen
            self.busy_since, self.busy_t = time.perf_counter(), float(t)

    def _send(self, msg: tuple) -> bool:
        if self.conn is None:
            return False
        try:
            self.conn.send(msg)
            return True
        except (OSError, ValueError):   # the worker is gone; the watcher notices
            return False

    def _retire(self, shm: SharedMemory | None) -> None:
        if shm is None:
            return
        with contextlib.suppress(OSError):
            shm.unlink()
        self.retired.append(shm)         # closed once no frame view points into it

    def _close_retired(self) -> None:
        keep = []
        for shm in self.retired:
            try:
                shm.close()
            except BufferError:
                keep.append(shm)
        self.retired = keep

    # -- the watcher thread --------------------------------------------------------------
    def _watch(self) -> None:
        next_memory_check = 0.0
        # Shared memory needs the resource tracker process; start it here, so that the
        # frame thread, which creates the blocks, never waits for it to launch.
        with contextlib.suppress(Exception):
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
        with self.lock:
            self.tracker_ready = True
            self.changed.notify_all()
        while True:
            with self.lock:
                state, conn, proc = self.state, self.conn, self.proc
            if state == "closed":
                break
            now = time.perf_counter()
            if state == "gave_up":
                self._stop_process()
                time.sleep(0.2)
                continue
            if state == "waiting":
                if now >= self.start_at:
                    self._spawn()
                else:
                    time.sleep(min(0.05, self.start_at - now))
                continue
            message: tuple | None = None
            dead = False
            try:
                if conn is not None and conn.poll(0.02):
                    message = conn.recv()
            except (EOFError, OSError):
                dead = True
            except Exception as exc:   # an unreadable message: treat the worker as broken
                self._crashed("exit", f"sent something unreadable ({exc})", "")
                continue
            if message is not None:
                self._handle(message)
                continue
            if dead or (proc is not None and not proc.alive()):
                self._died()
                continue
            now = time.perf_counter()
            with self.lock:
                hung = ((self.state == "starting" and now - self.started > START_S)
                        or (self.busy is not None and now - self.busy_since > HANG_S))
                waited = now - (self.started if self.state == "starting" else self.busy_since)
            if hung:
                self._crashed("hang", f"no frame for {waited:.1f} s", "")
                continue
            if now >= next_memory_check and self.pid is not None:
                next_memory_check = now + 0.05
                rss = _rss_mb(self.pid)
                if rss is not None and rss > MEMORY_MB:
                    self._crashed("memory", f"used {rss:.0f} MB of memory, over its "
                                            f"{MEMORY_MB:.0f} MB limit", "")
                    continue
            with self.lock:
                if self.retired:
                    self._close_retired()
        self._stop_process()
        with self.lock:
            for shm in [self.shm, *self.retired]:
                if shm is not None:
                    with contextlib.suppress(OSError):
                        shm.unlink()
                    with contextlib.suppress(BufferError, OSError):
                        shm.close()

    def _spawn(self) -> None:
        try:
            proc, conn = _launch((self.source, self.params, self.seed, MEMORY_MB, os.getpid()))
        except Exception as exc:          # no processes left, say: count it as a crash
            with self.lock:
                self.state = "starting"
                self.started = time.perf_counter()
            self._crashed("exit", f"could not start a worker ({exc})", "")
            return
        with self.lock:
            if self.state == "closed":
                proc.kill()
                return
            self.proc, self.conn, self.pid = proc, conn, proc.pid
            self.state, self.started, self.fatal = "starting", time.perf_counter(), None
            self.busy = None

    def _handle(self, msg: tuple) -> None:
        kind = msg[0]
        reports: list[WorkerFault] = []
        with self.lock:
            now = time.perf_counter()
            if kind == "ready":
                self.state = "ready"
                if self.shm is not None:
                    self._send_grid()
            elif kind == "skip":
                if msg[1] == self.busy_seq:
                    self.busy = None
                    if not self.realtime:
                        self.results[msg[1]] = ("retry",)
            elif kind == "frame" and not self.realtime:
                _, seq, slot, _ = msg
                if seq == self.busy_seq:
                    self.busy = None
                    self.results[seq] = ("frame", slot)
            elif kind == "frame":
                _, seq, slot, render_s = msg
                if seq == self.busy_seq and self.busy is not None:
                    self.busy = None
                    self.render_s += 0.2 * (now - self.busy_since - self.render_s)
                    if self.busy_gen == self.gen and slot not in (self.shown,):
                        self.ready = slot
                        self.have_frame = True
                        if self.down_since is not None and self.restarts and \
                                now - self.last_restart > CALM_S:
                            self.restarts = 0
                        self.down_since = None
                        self.error_since = None
            elif kind == "error":
                _, seq, reason, text, tb, fatal, etype, emsg = msg
                if fatal:
                    self.fatal = (reason, text, tb)
                elif not self.realtime:      # the caller raises it, as the scene did
                    if seq == self.busy_seq:
                        self.busy = None
                    self.results[seq] = ("error", etype, emsg, tb)
                else:
                    if seq == self.busy_seq:
                        self.busy = None
                    self.error_since = self.error_since or now
                    if self.down_since is None:
                        self.down_since, self.down_reason = now, text
                    fault = self._fault(reason, text, tb, "the last good frame stays")
                    if fault is not None:
                        reports.append(fault)
                    if now - self.error_since > ERRORS_S:
                        self.fatal = (reason, f"{text} (failing for over {ERRORS_S:g} s)", tb)
            self.changed.notify_all()
        self._report(reports)
        if kind == "error" and not msg[5] and self.fatal is not None:
            reason, text, tb = self.fatal
            self._crashed(reason, text, tb)

    def _died(self) -> None:
        conn = self.conn
        with contextlib.suppress(Exception):    # what it said just before it went
            while conn is not None and conn.poll(0):
                self._handle(conn.recv())
        if conn is not None and self.conn is None:
            return                               # handled already (a crash it reported)
        proc = self.proc
        code = proc.exitcode() if proc is not None else None
        said = proc.said() if proc is not None else ""
        if self.fatal is not None:
            reason, text, tb = self.fatal
        elif code is not None and code < 0:
            reason, text, tb = "exit", f"worker was killed by signal {_signame(-code)}", said
        elif code is None:
            reason, text, tb = "exit", "worker closed its connection", said
        else:
            reason, text, tb = "exit", f"worker exited with code {code}", said
        self._crashed(reason, text, tb)

    def _crashed(self, reason: str, text: str, tb: str) -> None:
        """Kill the worker and start another after a backoff, or give up; report it."""
        self._stop_process()
        now = time.perf_counter()
        with self.lock:
            if self.state == "closed":
                return
            if now - self.last_restart > CALM_S and self.have_frame:
                self.restarts = 0
            self.restarts += 1
            self.last_restart = now
            if reason == "load":
                self.load_failures += 1
            if self.down_since is None:
                self.down_since, self.down_reason = now, f"[{reason}] {text}"
            if self.busy is not None and not self.realtime:
                self.results[self.busy_seq] = ("crash", reason, text, tb)
            self.busy = None
            self.fatal = None
            self.conn = None
            self.pid = None
            if self.restarts > MAX_RESTARTS or self.load_failures >= 2:
                self.state = "gave_up"
                self.gave_up = (f"scene '{self.name}' gave up after {self.restarts} "
                                f"failures; the last: [{reason}] {text}")
                action = "giving up: the fallback shows instead"
            else:
                delay = BACKOFF[min(self.restarts - 1, len(BACKOFF) - 1)]
                self.state, self.start_at = "waiting", now + delay
                action = f"worker stopped; restarting in {delay:g} s"
            fault = self._fault(reason, text, tb, action, force=True)
            self.changed.notify_all()
        self._report([fault] if fault else [])

    def _fault(self, reason: str, text: str, tb: str, action: str,
               force: bool = False) -> WorkerFault | None:
        """A report, unless this one was made recently (then counted)."""
        key = (reason, text[:120])
        now = time.perf_counter()
        last, count = self.reported.get(key, (-math.inf, 0))
        if not force and now - last < REPORT_EVERY_S:
            self.reported[key] = (last, count + 1)
            return None
        self.reported[key] = (now, 0)
        again = f" (and {count} more times)" if count else ""
        return WorkerFault(self.name, reason, f"[{reason}] {text}{again}; {action}", tb,
                           self.busy_t)

    def _report(self, faults: list[WorkerFault]) -> None:
        if not self.realtime:             # exact frames: the caller gets the exception
            return
        for fault in faults:
            if self.on_fault is not None:
                try:
                    self.on_fault(fault)
                except Exception:    # a broken logger must not stop the watcher
                    traceback.print_exc()

    def _stop_process(self) -> None:
        with self.lock:
            proc, conn = self.proc, self.conn
            self.proc = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()
        if proc is not None:
            proc.kill()

    def close(self) -> None:
        """Ask the watcher to stop the worker; returns at once (safe on the frame thread)."""
        with self.lock:
            self.state = "closed"
            self.changed.notify_all()

    def shutdown(self, wait: float) -> None:
        self.close()
        self.thread.join(wait)
        self._stop_process()


class _Process:
    """A worker process, however it was started: alive, exit code, kill, its stderr."""

    def __init__(self, handle: Any, errors: Any = None) -> None:
        self.handle, self.errors = handle, errors
        self.pid: int = handle.pid

    def alive(self) -> bool:
        if isinstance(self.handle, subprocess.Popen):
            return self.handle.poll() is None
        return bool(self.handle.is_alive())

    def exitcode(self, wait: float = 1.0) -> int | None:
        """The exit code, waiting a moment for a process whose pipe just closed."""
        with contextlib.suppress(Exception):
            if isinstance(self.handle, subprocess.Popen):
                return self.handle.wait(wait)
            self.handle.join(wait)
            return self.handle.exitcode
        return None

    def said(self, limit: int = 2000) -> str:
        """The end of what the worker wrote on stderr (a crash before it could report)."""
        if self.errors is None:
            return ""
        with contextlib.suppress(OSError, ValueError):
            self.errors.seek(0, os.SEEK_END)
            size = self.errors.tell()
            self.errors.seek(max(0, size - limit))
            return self.errors.read().decode("utf-8", "replace")
        return ""

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.handle.kill()
        with contextlib.suppress(Exception):
            if isinstance(self.handle, subprocess.Popen):
                self.handle.wait(1.0)
            else:
                self.handle.join(1.0)
                self.handle.close()
        if self.errors is not None:
            with contextlib.suppress(OSError):
                self.errors.close()


# The worker's first line: the parent's import path, then the worker loop. A fresh
# interpreter started like this imports only what a scene needs — not the session's
# window, sound or OpenGL — and never re-runs the parent's main script (which
# multiprocessing's spawn method does).
_BOOT = ("import json, sys; sys.path[:0] = json.loads(sys.argv[2]); "
         "from player.isolation import _bootstrap; _bootstrap(int(sys.argv[1]))")


def _launch(init: tuple) -> tuple[_Process, Connection]:
    """Start a worker with the scene's ``init`` arguments; (process, parent's end)."""
    if os.name != "posix":   # no fd passing: multiprocessing's spawn (a fresh interpreter)
        ctx = multiprocessing.get_context("spawn")
        ours, theirs = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_worker_main, args=(theirs, *init), daemon=True,
                           name="driftlight-scene")
        proc.start()
        theirs.close()
        return _Process(proc), ours
    a, b = socket.socketpair()
    errors = tempfile.TemporaryFile()    # noqa: SIM115 - kept for the worker's lifetime
    try:
        handle = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(b.fileno()), json.dumps(sys.path)],
            pass_fds=(b.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=errors)
    except BaseException:
        a.close()
        errors.close()
        raise
    finally:
        b.close()
    conn = Connection(a.detach())
    conn.send(("init", *init))
    return _Process(handle, errors), conn


class _RemoteTraceback(Exception):
    """The worker's traceback, shown as the cause of the exception raised here."""

    def __init__(self, tb: str) -> None:
        super().__init__(tb)
        self.tb = tb

    def __str__(self) -> str:
        return f"\n\nin the scene's worker process:\n{self.tb}"


class PluginError(Exception):
    """Base of the exceptions that stand for one raised in a worker (same type name)."""


def _remote(etype: str, message: str, tb: str) -> PluginError:
    """An exception named like the worker's (``ValueError: …``), its traceback the cause."""
    name = etype if etype.isidentifier() else "PluginError"
    exc = type(name, (PluginError,), {"__module__": "plugin"})(message)
    exc.__cause__ = _RemoteTraceback(tb) if tb else None
    return exc


def _nearest(img: np.ndarray, h: int, w: int) -> np.ndarray:
    ys = np.minimum((np.arange(h) * img.shape[0]) // h, img.shape[0] - 1)
    xs = np.minimum((np.arange(w) * img.shape[1]) // w, img.shape[1] - 1)
    return img[ys][:, xs]


def _source(cls: type[Scene]) -> tuple[str, str | None, str]:
    """How a worker finds the class again: module name, its file, qualified name."""
    module = sys.modules.get(cls.__module__)
    return cls.__module__, getattr(module, "__file__", None), cls.__qualname__


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return None              # not Linux: the worker's own address-space limit applies


def _signame(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return str(num)


# -- the worker's side ---------------------------------------------------------------------

def _bootstrap(fd: int) -> None:
    """The entry point of a worker started by :func:`_launch` (POSIX)."""
    conn = Connection(fd)
    # Shared memory belongs to the parent, whose resource tracker removes it if the
    # parent dies; this process must not start a tracker of its own, which would remove
    # the blocks when the worker exits.
    from multiprocessing import resource_tracker

    resource_tracker.register = lambda name, rtype: None
    resource_tracker.unregister = lambda name, rtype: None
    try:
        kind, *init = conn.recv()
    except (EOFError, OSError):
        os._exit(0)
    _worker_main(conn, *init)


def _worker_main(conn: Connection, source: tuple[str, str | None, str],
                 params: dict[str, Any], seed: int, memory_mb: float, parent: int) -> None:
    """The worker process: build the scene, then render frames on request until told
    to stop or the parent goes away."""
    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):       # the terminal's signals are for the session
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    _die_with_parent(parent)
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICE)            # the session's frames and sound come first
    try:
        scene = _load(source)(params, seed=seed)
    except BaseException as exc:
        _say(conn, ("error", -1, "load", f"could not load the scene: {_describe(exc)}",
                    traceback.format_exc(), True, *_parts(exc)))
        os._exit(3)
    _limit_memory(memory_mb)
    _say(conn, ("ready", os.getpid()))
    shm: SharedMemory | None = None
    grid: Grid | None = None
    slots: list[np.ndarray] = []
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if msg[0] == "quit":
            os._exit(0)
        if msg[0] == "shm":
            _, name, w, h = msg
            try:
                shm = _attach(name, shm)
            except FileNotFoundError:    # already replaced (a resize): a newer one follows
                shm, grid = None, None
                continue
            n = w * h
            arr = np.ndarray((2 * n + SLOTS * 3 * n,), np.float32, buffer=shm.buf)
            x, y = arr[:n].reshape(h, w), arr[n:2 * n].reshape(h, w)
            x.flags.writeable = y.flags.writeable = False
            grid = Grid(w, h, x, y)
            slots = [arr[2 * n + i * 3 * n: 2 * n + (i + 1) * 3 * n].reshape(h, w, 3)
                     for i in range(SLOTS)]
            continue
        _, seq, t, slot = msg
        if grid is None:                 # asked for a grid that is gone already
            _say(conn, ("skip", seq))
            continue
        began = time.perf_counter()
        try:
            img = scene.render(t, grid)
            problem = _judge(img, slots[slot].shape)
            if problem:
                _say(conn, ("error", seq, "bad_frame", f"render returned {problem}", "", False,
                            "ValueError", f"render returned {problem}"))
                continue
            np.copyto(slots[slot], img, casting="same_kind")
            _say(conn, ("frame", seq, slot, time.perf_counter() - began))
        except MemoryError as exc:
            _say(conn, ("error", seq, "memory", f"ran out of memory ({_describe(exc)})",
                        traceback.format_exc(), True, *_parts(exc)))
            os._exit(5)
        except Exception as exc:
            _say(conn, ("error", seq, "raise", _describe(exc), traceback.format_exc(), False,
                        *_parts(exc)))
        except BaseException as exc:   # sys.exit, KeyboardInterrupt, …: this worker is done
            _say(conn, ("error", seq, "exit", _describe(exc), traceback.format_exc(), True,
                        *_parts(exc)))
            os._exit(4)


def _say(conn: Connection, msg: tuple) -> None:
    try:
        conn.send(msg)
    except (OSError, ValueError):
        os._exit(0)                    # the parent is gone


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300]}" if text else type(exc).__name__


def _parts(exc: BaseException) -> tuple[str, str]:
    """The exception's type name and message, to raise its like in the parent."""
    return type(exc).__name__, str(exc)[:2000]


def _judge(img: Any, shape: tuple[int, ...]) -> str:
    """Why ``img`` is not a usable frame of ``shape``, or an empty string."""
    if not isinstance(img, np.ndarray):
        return f"a {type(img).__name__}, not a numpy array"
    if np.iscomplexobj(img):
        return f"complex values ({img.dtype})"
    if img.dtype.kind not in "fiub":
        return f"values of type {img.dtype}"
    if img.shape != shape:
        return f"shape {img.shape}, expected {shape}"
    if img.dtype.kind == "f" and not np.isfinite(img).all():
        return "NaN or infinite values"
    return ""


def _load(source: tuple[str, str | None, str]) -> type[Scene]:
    module_name, file, qualname = source
    module = sys.modules.get(module_name)
    if module is None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            if not file:
                raise
            spec = importlib.util.spec_from_file_location(module_name, file)
            if spec is None or spec.loader is None:
                raise
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _attach(name: str, old: SharedMemory | None) -> SharedMemory:
    if old is not None:
        with contextlib.suppress(BufferError, OSError):
            old.close()
    return SharedMemory(name=name)     # the parent's; see _bootstrap on the tracker


def _die_with_parent(parent: int) -> None:
    """Exit when the session process goes, even while the scene is stuck."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)
    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _limit_memory(memory_mb: float) -> None:
    """Cap the address space at what the worker uses now plus its allowance, so a leak
    ends in a MemoryError here before the watcher's next look (POSIX only)."""
    try:
        import resource
    except ImportError:
        return
    try:
        with open("/proc/self/statm", "rb") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return
    limit = size + int(memory_mb * 2 * 2**20)     # virtual size runs ahead of resident size
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
