"""The whole session's sound: a pure function of (timeline, seed, sample index).

Each phase is a *mix* of layers (its ``audio:`` section, or the calm default). A mix
is normalised once, at construction, to the loudness target: its layers are rendered
over a fixed reference excerpt and measured (BS.1770), which depends only on the
phase's audio settings and the seed — never on where the phase falls — so re-timing
a live session cannot change a level. Then::

    out(i) = soft_clip( master_fade(i) · Σ_phases weight_p(i) · gain_p · mix_p(i) )

where ``weight_p`` is the visual phase crossfade (same boundaries, same lengths, same
smootherstep as :meth:`player.timeline.Timeline.at`) and ``master_fade`` is
:meth:`Timeline.fade`. Both are evaluated at block boundaries and interpolated per
sample (:mod:`audio.dsp`). Identical layers in neighbouring phases get identical
seeds, so a layer both phases share passes through their crossfade untouched.

A layer that raises while rendering is faded out from its last good output, the
others keep playing, and ``on_event("audio_layer_failed", ...)`` says so. (That one
path depends on history: it is the exception to purity, by design.)
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from audio import loudness
from audio.dsp import BLOCK, RATE, block_times, db, interp, silence, smootherstep
from audio.files import AudioFileError, FileLayer, FileStream, open_stream
from audio.registry import layer_class
from audio.spec import PhaseAudio, phase_audio

EventFn = Callable[[str, dict[str, Any]], None]
CALIBRATE_S = 12.0          # reference excerpt measured per phase mix
MIN_CROSSFADE_S = 0.25      # a hard visual cut still gets a pop-free audio crossfade
FAIL_FADE_S = 2.0           # a failed layer fades out over this long
PIECE_BLOCKS = 48           # render in ~1 s pieces
CLIP_KNEE, CLIP_CEIL = 0.5, 0.85   # soft clip above −6 dBFS towards −1.4 dBFS


class Renders(Protocol):
    @property
    def name(self) -> str: ...

    def render(self, start: int, n: int) -> np.ndarray: ...


def soft_clip(x: np.ndarray) -> np.ndarray:
    """Identity below the knee, a smooth tanh shoulder to the ceiling above it (in place)."""
    mag = np.abs(x)
    over = mag > CLIP_KNEE
    if np.any(over):
        room = np.float32(CLIP_CEIL - CLIP_KNEE)
        m = mag[over]
        x[over] = np.sign(x[over]) * (CLIP_KNEE + room * np.tanh((m - CLIP_KNEE) / room))
    return x


class Guarded:
    """A layer whose failure fades it out instead of stopping the session."""

    def __init__(self, layer: Renders, where: str, report: Callable[[str, dict], None],
                 rate: int) -> None:
        self.layer, self.where, self.report, self.rate = layer, where, report, rate
        self.name = layer.name
        self._last: np.ndarray | None = None   # last good block, mirrored into the fade
        self._failed_at: int | None = None

    def render(self, start: int, n: int) -> np.ndarray:
        if self._failed_at is None:
            try:
                out = self.layer.render(start, n)
                self._last = out[-BLOCK:].copy()
                return out
            except Exception as exc:  # contained: the session must go on
                self._failed_at = start
                self.report("audio_layer_failed", {"layer": self.name, "where": self.where,
                                                   "error": f"{type(exc).__name__}: {exc}"})
        return self._fade(start, n)

    def _fade(self, start: int, n: int) -> np.ndarray:
        if self._last is None or self._failed_at is None:
            return silence(n)
        age = np.arange(start - self._failed_at, start - self._failed_at + n)
        env = 1 - smootherstep(age / (FAIL_FADE_S * self.rate))
        if not np.any(env > 0):
            return silence(n)
        m = self._last.shape[0]
        k = age % (2 * m)          # ping-pong through the last block: no jump at the turns
        idx = np.where(k < m, m - 1 - k, k - m)
        return self._last[idx] * env[:, None].astype(np.float32)


@dataclass
class Mix:
    """One phase's layers and the gain that brings them to the loudness target."""

    settings: PhaseAudio
    layers: list[Renders]
    gain: float = 1.0

    def render(self, start: int, n: int) -> np.ndarray:
        out = silence(n)
        for layer in self.layers:
            out += layer.render(start, n)
        return out


@dataclass(frozen=True)
class Arrangement:
    """The phases' mixes and crossfades for one timeline (see :meth:`SessionAudio.arrange`)."""

    timeline: Any
    length: int
    starts: np.ndarray
    xfades: np.ndarray
    mixes: list[Mix]


class SessionAudio:
    """Stereo float32 samples of a whole session; ``render`` is exact for any span."""

    def __init__(self, timeline: Any, seed: int = 1, rate: int = RATE,
                 base_dir: Path | str = ".", target_lufs: float = -23.0,
                 on_event: EventFn | None = None) -> None:
        self.seed, self.rate, self.base_dir = int(seed), int(rate), Path(base_dir)
        self.target = float(target_lufs)
        self.on_event: EventFn | None = on_event
        self.events: list[tuple[str, dict[str, Any]]] = []   # everything reported so far
        self._gains: dict[str, float] = {}                   # calibration per mix key
        self.set_timeline(timeline)

    # -- timeline ---------------------------------------------------------------------
    def set_timeline(self, timeline: Any) -> None:
        """Follow a re-timed session (from the next render on)."""
        self.adopt(self.arrange(timeline))

    def arrange(self, timeline: Any) -> Arrangement:
        """What :meth:`set_timeline` changes, worked out without changing anything: the
        live player builds it on a helper thread (new mixes are calibrated, which takes a
        while) and adopts it (:meth:`adopt`) between two renders."""
        starts, xfades = [], []
        for ph in timeline.phases:
            first = next((s for s in timeline.slots if s.phase == ph.index), None)
            xf = first.fade_in if first is not None and ph.index > 0 else 0.0
            starts.append(ph.start)
            xfades.append(max(MIN_CROSSFADE_S, xf) if ph.index > 0 else 0.0)
        old = getattr(self, "mixes", [])
        mixes = [self._mix(ph, old[i] if i < len(old) else None, xfades[i])
                 for i, ph in enumerate(timeline.phases)]
        return Arrangement(timeline, round(timeline.length * self.rate), np.array(starts),
                           np.array(xfades), mixes)

    def adopt(self, arrangement: Arrangement) -> None:
        """Render from ``arrangement`` on (a few assignments: cheap)."""
        self.timeline, self.length = arrangement.timeline, arrangement.length
        self._starts, self._xfades = arrangement.starts, arrangement.xfades
        self.mixes = arrangement.mixes

    def _mix(self, phase: Any, old: Mix | None, xfade: float) -> Mix:
        settings = phase_audio(phase.spec.audio, self.base_dir)
        audible = phase.start - xfade / 2
        if old is not None and old.settings == settings and (
                settings.file is None or round(audible * self.rate) == self._file_start(old)):
            return old
        where = f"phase '{phase.name}'"
        layers: list[Renders] = []
        for spec in settings.layers:
            cls = layer_class(spec.name)
            if cls is None:
                self._report("audio_layer_failed", {"layer": spec.name, "where": where,
                                                    "error": "unknown layer"})
                continue
            key = zlib.crc32(repr((spec.name, sorted(spec.params.items()))).encode())
            layers.append(Guarded(cls(spec.params, seed=self.seed * 7919 + key,
                                      rate=self.rate), where, self._report, self.rate))
        stream = self._open(settings, where)
        mix = Mix(settings, layers)
        mix.gain = self._calibrate(mix, stream)
        if stream is not None:
            layer = FileLayer(stream, round(audible * self.rate), settings.loop,
                              settings.file_gain_db, self.rate)
            mix.layers.append(Guarded(layer, where, self._report, self.rate))
        return mix

    @staticmethod
    def _file_start(mix: Mix) -> int | None:
        files = [g.layer for g in mix.layers
                 if isinstance(g, Guarded) and isinstance(g.layer, FileLayer)]
        return files[0].start if files and isinstance(files[0], FileLayer) else None

    def _open(self, settings: PhaseAudio, where: str) -> FileStream | None:
        """The phase's file, streamed from disk (opening reads only its header)."""
        if settings.file is None:
            return None
        try:
            return open_stream(settings.file, self.rate)
        except AudioFileError as exc:
            self._report("audio_file_failed", {"file": str(settings.file), "where": where,
                                               "error": str(exc)})
            return None

    def _calibrate(self, mix: Mix, stream: FileStream | None) -> float:
        """Gain bringing ``mix`` to the target, from a fixed excerpt (cached per settings).

        A file counts from its start: the excerpt is its first seconds, read from disk."""
        key = repr((mix.settings, self.seed, stream is not None))
        if key not in self._gains:
            n = int(CALIBRATE_S * self.rate) // BLOCK * BLOCK
            x = mix.render(0, n)
            if stream is not None:
                x += FileLayer(stream, 0, mix.settings.loop, mix.settings.file_gain_db,
                               self.rate).render(0, n)
            level = loudness.integrated(x, self.rate)
            self._gains[key] = db(self.target - level) if math.isfinite(level) else 1.0
        return self._gains[key] * db(mix.settings.gain_db)

    def _report(self, kind: str, info: dict[str, Any]) -> None:
        self.events.append((kind, info))
        if self.on_event is not None:
            self.on_event(kind, info)

    # -- gains ------------------------------------------------------------------------
    def fade(self, t: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`Timeline.fade`."""
        tl = self.timeline
        up = smootherstep(t / tl.fade_in) if tl.fade_in > 0 else np.ones_like(t)
        down = (smootherstep((tl.length - t) / tl.fade_out) if tl.fade_out > 0
                else np.ones_like(t))
        return np.where((t <= 0) | (t >= tl.length), 0.0, up * down)

    def weights(self, t: np.ndarray) -> np.ndarray:
        """Phase weights ``(phases, len(t))``: the visual phase crossfades, summing to 1."""
        rise = np.ones((len(self._starts) + 1, len(t)))
        for p in range(1, len(self._starts)):
            rise[p] = smootherstep((t - self._starts[p]) / self._xfades[p] + 0.5)
        rise[-1] = 0.0
        return rise[:-1] - rise[1:]

    # -- rendering --------------------------------------------------------------------
    def render(self, start: int, n: int) -> np.ndarray:
        """Stereo float32 ``(n, 2)`` for samples ``[start, start + n)`` of the session."""
        a = start // BLOCK * BLOCK
        b = -(-(start + n) // BLOCK) * BLOCK
        step = PIECE_BLOCKS * BLOCK     # cache-sized pieces: a long span is not faster whole
        out = np.concatenate([self._render_aligned(i, min(step, b - i))
                              for i in range(a, b, step)] or [silence(0)])
        return out[start - a:start - a + n]

    def _render_aligned(self, start: int, n: int) -> np.ndarray:
        out = silence(n)
        if n == 0 or start >= self.length or start + n <= 0:
            return out
        t = block_times(start, n, self.rate)
        fade = self.fade(t)
        if not np.any(fade > 0):
            return out
        w = self.weights(t) * fade
        for p, mix in enumerate(self.mixes):
            if np.any(w[p] > 0):
                out += mix.render(start, n) * interp(w[p] * mix.gain)[:, None]
        return soft_clip(out)
