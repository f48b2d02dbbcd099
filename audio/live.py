"""Live playback: a producer thread that keeps the sound device fed, whatever the frames do.

The thread renders :class:`audio.session.SessionAudio` ``CHUNK`` samples (~128 ms) at
a time into a FIFO kept at least ``AHEAD_S`` ahead, and hands the device
(:mod:`audio.device`, pygame's mixer unless a test gives another) one chunk at a time.
All gain changes are per-sample ramps applied as chunks are rendered: volume glides,
pause fades down over ``PAUSE_S`` (starting after the ~0.43 s already buffered) and
resume fades up, stop fades out. When resume finds the sound silent, the cursor jumps
to the picture's time first, so sound and picture meet again without a pop. The render
time is the session time of the samples as they will be *heard*: the buffered latency
is added when (re)starting.

Threads. The controls (``set_volume``, ``pause``, ``resume``, ``stop``,
``set_timeline``) are called from the frame thread or any other; they only set targets
under one lock, which the producer holds just long enough to step its ramps — never
while it renders. A re-timed session's new mixes are built on a helper thread (new
mixes are calibrated, which takes a while) and swapped in by the producer between two
chunks. ``stop`` only asks: the producer fades out, lets the device play out, closes
it and reports ``audio_stopped``. Anything that goes wrong on these threads is
reported as ``audio_error`` (with its traceback) instead of vanishing with the thread.

If no sound device can be opened the player reports ``audio_unavailable`` and becomes
a no-op: the visuals go on. A device that runs dry counts an underrun and reports it.

Sound follows session time (:mod:`audio.sync`). The session calls :meth:`LiveAudio.sync`
after each frame; when a chunk starts playing, its session time is compared with the
session's. Past a stall (the process stopped and continued), an underrun or a device
clock running fast, what is buffered but not yet in the device is dropped and the next
chunk crossfades (equal power, one chunk) to where the session is: ``audio_resync``.
The first chunks go to an idle device and are heard at once, so playback starts at the
session's time, not a buffer's length ahead. Sound still audible when the session
closes (it should have faded with the timeline) fades over ``LAST_FADE_S``, never cut.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np

from audio.device import Device, MixerDevice
from audio.dsp import BLOCK, silence, smootherstep
from audio.session import Arrangement, EventFn, SessionAudio
from audio.sync import TimeLock

AHEAD_S = 0.30          # rendered ahead of the device, at least
QUEUE_BLOCKS = 6        # blocks rendered at once and handed to the device (~128 ms)
CHUNK = QUEUE_BLOCKS * BLOCK
PAUSE_S = 2.0
VOLUME_GLIDE_S = 0.5    # a full 0→1 volume change takes this long
IDLE_S = 0.004          # the producer's nap when it is far enough ahead
LAST_FADE_S = 0.3       # sound still audible when the session closes fades this fast
AUDIBLE = 10 ** (-60 / 20)


class _Ramp:
    """A value gliding linearly towards a target; ``step`` gives a block's per-sample ramp."""

    def __init__(self, value: float, seconds_full: float, rate: int) -> None:
        self.value = self.target = value
        self.per_block = BLOCK / (seconds_full * rate)

    def step(self, blocks: int = 1) -> tuple[float, float]:
        a = self.value
        d, most = self.target - a, self.per_block * blocks
        self.value = a + max(-most, min(most, d))
        return a, self.value


class LiveAudio:
    """Streams a session's sound to the device; every control is smooth and thread-safe.

    ``device`` defaults to pygame's mixer; ``sleep`` is the producer's nap (a test's
    fake device advances its own time there)."""

    def __init__(self, audio: SessionAudio, volume: float = 1.0,
                 on_event: EventFn | None = None, device: Device | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.audio = audio
        self.on_event: EventFn = on_event or (lambda kind, info: None)
        self.device: Device = device or MixerDevice()
        self.underruns = 0
        self.cpu_s = 0.0                 # producer thread CPU time, for the benchmark
        self.available = False
        self.unavailable: str | None = None   # why no device could be opened
        self._driver_output = ""
        self._sleep = sleep
        rate = audio.rate
        self._volume = _Ramp(float(volume), VOLUME_GLIDE_S, rate)
        self._pause = _Ramp(1.0, PAUSE_S, rate)   # smootherstep of this is the pause gain
        self._stop = _Ramp(1.0, 1.0, rate)
        self._lock = threading.Lock()
        self._fifo: deque[np.ndarray] = deque()
        self._cursor = 0
        self._jump_to: float | None = None
        self._running = False
        self._closing = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._pending: Arrangement | None = None        # built, waiting to be swapped in
        self._wanted: Any = None                        # a timeline waiting to be built
        self._builder: threading.Thread | None = None
        # staying at the session's time (audio.sync)
        self.timelock = TimeLock(rate)
        self._firsts: deque[int] = deque()    # first sample of each chunk in the FIFO
        self._chunk_first = 0                 # ... of the chunk _next_chunk just made
        self._device_end = 0                  # the sample after all the device was given
        self._resync: tuple[int, int] | None = None   # crossfade (from, to), pending
        self._last_peak = 0.0
        self.resyncs = 0
        if audio.on_event is None:
            audio.on_event = self.on_event

    # -- the session's controls --------------------------------------------------------
    def open(self) -> bool:
        """Open the device now (``play`` does, to say before the session when there is no
        sound); False when there is none — :attr:`unavailable` says why."""
        if self.available or self.unavailable is not None:
            return self.available
        try:
            self.device.open(self.audio.rate)
        except Exception as exc:
            self.unavailable = str(exc) or type(exc).__name__
            self._driver_output = getattr(exc, "driver_output", "")
            return False
        self.available = True
        return True

    def start(self, t0: float = 0.0) -> None:
        for kind, info in self.audio.events:     # problems found while preparing
            self.on_event(kind, info)
        if not self.open():
            self.on_event("audio_unavailable", {
                "error": f"{self.unavailable}; the session goes on without sound",
                "driver_output": self._driver_output[-2000:]})
            return
        with self._lock:
            self._cursor = self._block_at(t0)  # the first chunks are heard at once
            self.timelock.settle(self._cursor)
            self._running = True
        self._done.clear()
        self._thread = threading.Thread(target=self._run, name="driftlight-audio",
                                        daemon=True)
        self._thread.start()
        self.on_event("audio_started", {"t": t0, "ahead_s": AHEAD_S})

    @property
    def position(self) -> float:
        """Session seconds of the next samples the producer will render."""
        with self._lock:
            return self._cursor / self.audio.rate

    def sync(self, t: float) -> None:
        """The session's time now: called after each frame (cheap, any thread)."""
        self.timelock.sync(t)

    def set_volume(self, v: float) -> None:
        with self._lock:
            self._volume.target = min(1.0, max(0.0, float(v)))

    def pause(self) -> None:
        with self._lock:
            self._pause.target = 0.0

    def resume(self, at_t: float) -> None:
        with self._lock:   # jump only if already silent; mid-fade it just turns back up
            self._jump_to = at_t if self._pause.value == 0.0 else None
            self._pause.target = 1.0

    def set_timeline(self, timeline: Any) -> None:
        """Follow a re-timed session. While playing, the new mixes are built on a helper
        thread and swapped in between two chunks; the newest timeline wins."""
        with self._lock:
            live = self._running
            if live:
                self._wanted = timeline
                if self._builder is not None:
                    return                     # the running builder picks it up next
                self._builder = threading.Thread(target=self._build, daemon=True,
                                                 name="driftlight-audio-retime")
                self._builder.start()
        if not live:
            self.audio.set_timeline(timeline)

    def stop(self, fade_s: float = 3.0) -> None:
        """Fade out over ``fade_s`` seconds, then close; returns within fade_s + 0.5 s.
        Safe from any thread; never raises (a problem is reported as ``audio_error``).

        ``fade_s`` 0 means the sound is silent already (the timeline faded it out at the
        session's end): close at once instead of playing out the buffered silence."""
        try:
            with self._lock:
                if not self._running or self._closing:
                    thread = self._thread
                    if thread is None:
                        return
                else:
                    self._closing = True
                    if fade_s <= 0 and self._last_peak > AUDIBLE:
                        fade_s = LAST_FADE_S + self._latency()   # audible: fade, never cut
                    if fade_s <= 0:
                        self._running = False
                    else:        # what is buffered plays first: the fade is shorter by that
                        fade = max(0.3, fade_s - self._latency())
                        self._stop.per_block = BLOCK / (fade * self.audio.rate)
                        self._stop.target = 0.0
                    thread = self._thread
            self._done.wait(max(0.2, fade_s + 0.45))
            with self._lock:
                self._running = False            # past the deadline: stop feeding at once
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout=0.3)
        except Exception as exc:
            self._report(exc)

    # -- helper threads ----------------------------------------------------------------
    def _build(self) -> None:
        while True:
            with self._lock:
                timeline, self._wanted = self._wanted, None
                if timeline is None:
                    self._builder = None
                    return
            try:
                arrangement = self.audio.arrange(timeline)
            except Exception as exc:
                self._report(exc)
                continue
            with self._lock:
                self._pending = arrangement

    def _report(self, exc: BaseException) -> None:
        with contextlib.suppress(Exception):   # the log itself failed: nothing to add
            self.on_event("audio_error", {"error": f"{type(exc).__name__}: {exc}",
                                          "traceback": traceback.format_exc()})

    # -- producer ----------------------------------------------------------------------
    def _latency(self) -> float:
        return AHEAD_S + QUEUE_BLOCKS * BLOCK / self.audio.rate

    def _block_at(self, t: float) -> int:
        return max(0, round(t * self.audio.rate / BLOCK)) * BLOCK

    def _buffered(self) -> int:
        return sum(x.shape[0] for x in self._fifo)

    def _run(self) -> None:
        cpu0 = time.thread_time()
        ahead = int(AHEAD_S * self.audio.rate)
        started = False
        try:
            while True:
                with self._lock:
                    if not self._running:
                        break
                    pending, self._pending = self._pending, None
                    faded = self._closing and self._stop.value == 0.0
                if pending is not None:
                    self.audio.adopt(pending)
                started = self._feed(started)
                if faded and not self._fifo and not self.device.playing():
                    break                        # faded out and played out: done
                if not faded and self._buffered() < ahead + CHUNK:
                    self._fifo.append(self._next_chunk())
                    self._firsts.append(self._chunk_first)
                else:
                    self.cpu_s = time.thread_time() - cpu0
                    self._sleep(IDLE_S)
        except Exception as exc:
            self._report(exc)
        finally:
            self.cpu_s = time.thread_time() - cpu0
            with self._lock:
                self._running = False
            try:
                self.device.close()
            except Exception as exc:
                self._report(exc)
            self.on_event("audio_stopped", {"underruns": self.underruns})
            self._done.set()

    def _feed(self, started: bool) -> bool:
        """Hand the device the next chunk when it has room; True once it has played."""
        if not self._fifo or not self.device.has_room():
            return started
        playing = self.device.playing()
        if started and not playing:
            self.underruns += 1
            self.on_event("audio_underrun", {"count": self.underruns,
                                            "t": self._cursor / self.audio.rate})
        first = self._firsts.popleft() if self._firsts else self._device_end
        chunk = self._fifo.popleft()
        # Room appeared: the chunk queued before has just begun (or, idle, this one will).
        began = self._device_end - CHUNK if playing else first
        self.device.play(chunk)
        self._device_end = first + chunk.shape[0]
        self._follow_session(began)
        return True

    def _follow_session(self, began: int) -> None:
        """Chunk ``began`` has just started playing: is the sound still with the session?"""
        with self._lock:
            steady = (self._pause.value == 1.0 and self._pause.target == 1.0
                      and self._stop.target == 1.0 and self._jump_to is None
                      and self._resync is None)
        if not steady:
            self.timelock.hold()
            return
        move = self.timelock.began(began, time.perf_counter(), self._device_end)
        if move is None:
            return
        target = self._block_at(move.target_t)
        with self._lock:
            self._resync = (self._device_end, target)
        self._fifo.clear()                     # not yet in the device: made for the old time
        self._firsts.clear()
        self.resyncs += 1
        if move.why == "stall" or self.resyncs <= 3 or self.resyncs % 100 == 0:
            self.on_event("audio_resync", {"t": round(move.target_t, 3),
                                           "drift_s": round(move.drift_s, 3),
                                           "why": move.why, "count": self.resyncs})

    def _next_chunk(self) -> np.ndarray:
        k = QUEUE_BLOCKS
        with self._lock:         # only the ramps and the cursor: rendering is outside
            p0, p1 = self._pause.step(k)
            if p0 == 0.0 and self._jump_to is not None:  # silent: move to the picture's time
                self._cursor = self._block_at(self._jump_to + self._latency())
                self.timelock.settle(self._cursor)
                self._jump_to = None
            resync, self._resync = self._resync, None
            if resync is not None:               # crossfade to the session's time
                self._cursor = resync[1]
                self.timelock.settle(self._cursor + CHUNK)
            self._chunk_first = self._cursor
            if p0 == 0.0 and p1 == 0.0:
                self._last_peak = 0.0
                return silence(CHUNK)
            cursor = self._cursor
            self._cursor += CHUNK
            v0, v1 = self._volume.step(k)
            s0, s1 = self._stop.step(k)
        x = self.audio.render(cursor, CHUNK)
        if resync is not None:
            w = np.linspace(0.0, np.pi / 2, CHUNK, dtype=np.float32)[:, None]
            x = self.audio.render(resync[0], CHUNK) * np.cos(w) + x * np.sin(w)
        g0 = v0 * float(smootherstep(np.array(p0))) * s0
        g1 = v1 * float(smootherstep(np.array(p1))) * s1
        ramp = np.linspace(g0, g1, CHUNK, endpoint=False, dtype=np.float32)
        out = np.ascontiguousarray(x * ramp[:, None], dtype=np.float32)
        self._last_peak = float(np.abs(out[-BLOCK:]).max())
        return out
