"""Live playback: a producer thread that keeps the sound device fed, whatever the frames do.

The thread renders :class:`audio.session.SessionAudio` ``CHUNK`` samples (~128 ms) at
a time into a FIFO kept at least ``AHEAD_S`` ahead, and hands the device one chunk at
a time through ``pygame.mixer.Channel.queue``. That was the robust choice: it works
with every SDL driver including ``dummy``, and ``pygame._sdl2.audio.AudioDevice``
cannot open a device while the mixer (which ``pygame.init`` starts) holds it. All gain
changes are per-sample ramps applied as chunks are rendered: volume glides, pause
fades down over ``PAUSE_S`` (starting after the ~0.43 s already buffered) and resume
fades up, stop fades out. When resume finds the sound silent, the cursor jumps to the
picture's time first, so sound and picture meet again without a pop. The render time
is the session time of the samples as they will be *heard*: the buffered latency is
added when (re)starting.

If no sound device can be opened the player logs ``audio_unavailable`` and becomes a
no-op: the visuals go on. A device that runs dry counts an underrun and logs it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

import numpy as np

from audio.dsp import BLOCK, silence, smootherstep
from audio.session import EventFn, SessionAudio

AHEAD_S = 0.30          # rendered ahead of the device, at least
QUEUE_BLOCKS = 6        # blocks rendered at once and handed to the mixer (~128 ms)
CHUNK = QUEUE_BLOCKS * BLOCK
PAUSE_S = 2.0
VOLUME_GLIDE_S = 0.5    # a full 0→1 volume change takes this long


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
    """Streams a session's sound to the device; every control is smooth."""

    def __init__(self, audio: SessionAudio, volume: float = 1.0,
                 on_event: EventFn | None = None) -> None:
        self.audio = audio
        self.on_event = on_event or (lambda kind, info: None)
        self.underruns = 0
        self.cpu_s = 0.0                 # producer thread CPU time, for the benchmark
        self.available = False
        rate = audio.rate
        self._volume = _Ramp(float(volume), VOLUME_GLIDE_S, rate)
        self._pause = _Ramp(1.0, PAUSE_S, rate)   # smootherstep of this is the pause gain
        self._stop = _Ramp(1.0, 1.0, rate)
        self._lock = threading.Lock()
        self._fifo: deque[np.ndarray] = deque()
        self._cursor = 0
        self._jump_to: float | None = None
        self._running = False
        self._thread: threading.Thread | None = None
        self._channel: Any = None
        if audio.on_event is None:
            audio.on_event = self.on_event

    # -- the lead's controls -----------------------------------------------------------
    def start(self, t0: float = 0.0) -> None:
        for kind, info in self.audio.events:     # problems found while preparing
            self.on_event(kind, info)
        try:
            import pygame

            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=self.audio.rate, size=32, channels=2,
                                  buffer=BLOCK)
            rate, fmt, channels = pygame.mixer.get_init()
            if (rate, abs(fmt), channels) != (self.audio.rate, 32, 2):
                raise RuntimeError(f"device opened as {pygame.mixer.get_init()}")
            self._channel = pygame.mixer.Channel(0)
            self._sound = pygame.mixer.Sound
        except Exception as exc:
            self.on_event("audio_unavailable", {"error": f"{exc}; the session goes on "
                                                         "without sound"})
            return
        self.available = True
        self._cursor = self._block_at(t0 + self._latency())
        self._running = True
        self._thread = threading.Thread(target=self._run, name="driftlight-audio",
                                        daemon=True)
        self._thread.start()
        self.on_event("audio_started", {"t": t0, "ahead_s": AHEAD_S})

    def set_volume(self, v: float) -> None:
        self._volume.target = min(1.0, max(0.0, float(v)))

    def pause(self) -> None:
        self._pause.target = 0.0

    def resume(self, at_t: float) -> None:
        with self._lock:   # jump only if already silent; mid-fade it just turns back up
            self._jump_to = at_t if self._pause.value == 0.0 else None
            self._pause.target = 1.0

    def set_timeline(self, timeline: Any) -> None:
        with self._lock:
            self.audio.set_timeline(timeline)

    def stop(self, fade_s: float = 3.0) -> None:
        """Fade out over ``fade_s`` seconds, then close; returns within fade_s + 0.5 s.

        ``fade_s`` 0 means the sound is silent already (the timeline faded it out at the
        session's end): close at once instead of playing out the buffered silence."""
        if not self._running:
            return
        if fade_s <= 0:
            self._running = False
            if self._thread is not None:
                self._thread.join(timeout=0.2)
            self._channel.stop()
            self.on_event("audio_stopped", {"underruns": self.underruns})
            return
        deadline = time.perf_counter() + fade_s + 0.45
        # What is buffered plays first, so the fade itself is shorter by that much.
        fade = max(0.3, fade_s - self._latency())
        self._stop.per_block = BLOCK / (fade * self.audio.rate)
        self._stop.target = 0.0
        while self._stop.value > 0 and time.perf_counter() < deadline - self._latency():
            time.sleep(0.01)
        while self._channel.get_busy() and time.perf_counter() < deadline:
            time.sleep(0.01)
        self._running = False
        if self._thread is not None:
            self._thread.join(timeout=0.2)
        self._channel.stop()
        self.on_event("audio_stopped", {"underruns": self.underruns})

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
        while self._running:
            self._feed(started)
            started = started or self._channel.get_busy()
            if self._buffered() < ahead + CHUNK:
                self._fifo.append(self._next_chunk())
            else:
                self.cpu_s = time.thread_time() - cpu0
                time.sleep(0.004)
        self.cpu_s = time.thread_time() - cpu0

    def _feed(self, started: bool) -> None:
        ch = self._channel
        if ch.get_queue() is not None or not self._fifo:
            return
        sound = self._sound(buffer=self._fifo.popleft().tobytes())
        if ch.get_busy():
            ch.queue(sound)
            return
        if started:
            self.underruns += 1
            self.on_event("audio_underrun", {"count": self.underruns,
                                            "t": self._cursor / self.audio.rate})
        ch.play(sound)

    def _next_chunk(self) -> np.ndarray:
        k = QUEUE_BLOCKS
        p0, p1 = self._pause.step(k)
        with self._lock:
            if p0 == 0.0 and self._jump_to is not None:  # silent: move to the picture's time
                self._cursor = self._block_at(self._jump_to + self._latency())
                self._jump_to = None
            if p0 == 0.0 and p1 == 0.0:
                return silence(CHUNK)
            x = self.audio.render(self._cursor, CHUNK)
            self._cursor += CHUNK
        v0, v1 = self._volume.step(k)
        s0, s1 = self._stop.step(k)
        g0 = v0 * float(smootherstep(np.array(p0))) * s0
        g1 = v1 * float(smootherstep(np.array(p1))) * s1
        ramp = np.linspace(g0, g1, CHUNK, endpoint=False, dtype=np.float32)
        return np.ascontiguousarray(x * ramp[:, None], dtype=np.float32)
