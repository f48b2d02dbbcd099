"""User audio files: probing, streaming from disk at 48 kHz stereo, playing as a layer.

A phase may play a file of any length — a 2-hour recording included — so a file is
never decoded whole. :class:`FileStream` reads it with libsndfile (``soundfile``: WAV,
OGG, FLAC and MP3) in blocks as playback reaches them: stereo, resampled in chunks
by an exact polyphase windowed-sinc filter (for a ratio like 44.1 → 48 kHz the filter
has one set of taps per output phase, so a chunk depends only on its index), and kept
in a small cache of recent chunks. Memory stays a few megabytes whatever the file's
length; opening one costs a header read, and seeking into its middle a ``seek``.
Reading happens where sound is rendered — the audio thread, or the offline renderer
— never on the frame thread.

Playback is still a pure function of the sample index, like every other layer. A
looped file is folded into a seamless loop (its tail crossfaded into its head with
equal power); a file played once fades in over a few milliseconds and out over its
last seconds, then stays silent.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from audio.dsp import RATE, db, silence, smootherstep

EXTENSIONS = (".wav", ".ogg", ".oga", ".flac", ".mp3")
LOOP_XFADE_S = 2.0
END_FADE_S = 3.0
LONG_FILE_S = 3600.0        # `check` mentions files longer than this
CHUNK = 1 << 16             # output samples per cached chunk (~1.4 s at 48 kHz)
CACHE_CHUNKS = 8            # ~4 MB of stereo float32
TAPS = 16                   # filter half-width in source samples
MAX_PHASES = 4096           # exact phases up to this many, else quantised to it


class AudioFileError(Exception):
    """A file that cannot be played; the message says what to do."""


def probe(path: Path) -> str | None:
    """None if ``path`` looks playable (header read, a little decoded), else why not."""
    if not path.exists():
        return f"audio file '{path}' not found; check the name, or give a path relative " \
               f"to the config file's folder"
    if not path.is_file():
        return f"audio file '{path}' is a folder, not a file"
    try:
        import soundfile
    except ImportError:  # pragma: no cover - depends on the installation
        return "playing audio files needs the 'soundfile' package: pip install soundfile"
    try:
        with soundfile.SoundFile(str(path)) as f:
            if f.frames == 0 or f.samplerate <= 0:
                return f"audio file '{path}' holds no sound"
            f.read(min(f.frames, 8192), dtype="float32")
    except PermissionError:
        return f"cannot read audio file '{path}': permission denied"
    except Exception as exc:  # libsndfile reports corrupt data as assorted errors
        return (f"cannot decode audio file '{path}' ({_short(exc)}); use WAV, OGG, FLAC "
                f"or MP3, or convert it, e.g. ffmpeg -i IN -ar 48000 OUT.wav")
    return None


def duration(path: Path) -> float | None:
    """The file's length in seconds from its header, or None when it cannot be read."""
    try:
        import soundfile

        with soundfile.SoundFile(str(path)) as f:
            return f.frames / f.samplerate if f.samplerate > 0 else None
    except Exception:
        return None


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1][:120] if str(exc).strip() else type(exc).__name__


def resample(x: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Band-limited resampling of ``(n, ch)`` by zero-padding/truncating the spectrum
    (whole arrays in memory: for short excerpts such as the true-peak measurement)."""
    if src == dst:
        return x
    n = x.shape[0]
    m = max(1, round(n * dst / src))
    spec = np.fft.rfft(x, axis=0)
    keep = min(spec.shape[0], m // 2 + 1)
    out = np.zeros((m // 2 + 1, x.shape[1]), dtype=spec.dtype)
    out[:keep] = spec[:keep]
    return (np.fft.irfft(out, n=m, axis=0) * (m / n)).astype(np.float32)


# -- streaming -----------------------------------------------------------------------------

class Source(Protocol):
    """Stereo float32 samples at the session rate, readable at any position."""

    length: int

    def read(self, start: int, n: int) -> np.ndarray: ...


@lru_cache(maxsize=16)
def _kernel(src: int, dst: int) -> tuple[np.ndarray, int, int]:
    """Polyphase taps ``(phases, 2·TAPS)`` for resampling ``src`` → ``dst``, the number
    of phases, and the phase step (``dst`` samples per cycle, reduced)."""
    g = math.gcd(src, dst)
    cycle = dst // g
    phases = min(cycle, MAX_PHASES)
    cutoff = min(1.0, dst / src) * 0.95              # below Nyquist of the lower rate
    frac = np.arange(phases, dtype=np.float64) / phases
    offsets = np.arange(-TAPS + 1, TAPS + 1, dtype=np.float64)
    u = frac[:, None] - offsets[None, :]             # distance from each tap, in samples
    window = 0.5 + 0.5 * np.cos(np.pi * np.clip(u / TAPS, -1.0, 1.0))
    h = cutoff * np.sinc(cutoff * u) * window
    h /= h.sum(axis=1, keepdims=True)                # unity gain at DC for every phase
    return h.astype(np.float32), phases, cycle


class FileStream:
    """A file as a :class:`Source`: read from disk on demand, resampled in chunks."""

    def __init__(self, path: Path, rate: int = RATE) -> None:
        try:
            import soundfile

            self._file = soundfile.SoundFile(str(path))
        except Exception as exc:
            raise AudioFileError(f"cannot decode audio file '{path}': {_short(exc)}") from None
        self.path, self.rate = path, int(rate)
        self.src_rate = int(self._file.samplerate)
        self.src_frames = int(self._file.frames)
        if self.src_frames <= 0 or self.src_rate <= 0:
            self._file.close()
            raise AudioFileError(f"audio file '{path}' holds no sound")
        self.channels = int(self._file.channels)
        self.length = max(1, round(self.src_frames * self.rate / self.src_rate))
        self.seconds = self.src_frames / self.src_rate
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.reads = 0                  # chunks decoded, for tests and benchmarks

    def close(self) -> None:
        with self._lock:
            self._file.close()
            self._cache.clear()

    def read(self, start: int, n: int) -> np.ndarray:
        """Samples ``[start, start + n)`` as float32 ``(n, 2)``; silence outside the file."""
        out = silence(n)
        lo, hi = max(start, 0), min(start + n, self.length)
        k = lo // CHUNK
        while lo < hi:
            a = k * CHUNK
            b = min(a + CHUNK, hi)
            chunk = self._chunk(k)
            out[lo - start:b - start] = chunk[lo - a:b - a]
            lo, k = b, k + 1
        return out

    def _chunk(self, k: int) -> np.ndarray:
        with self._lock:
            found = self._cache.get(k)
            if found is not None:
                self._cache.move_to_end(k)
                return found
            chunk = self._make(k)
            self.reads += 1
            self._cache[k] = chunk
            while len(self._cache) > CACHE_CHUNKS:
                self._cache.popitem(last=False)
            return chunk

    def _raw(self, a: int, b: int) -> np.ndarray:
        """Source frames ``[a, b)`` as float32 stereo, zeros beyond the file's ends."""
        out = np.zeros((b - a, 2), np.float32)
        lo, hi = max(a, 0), min(b, self.src_frames)
        if lo < hi:
            try:
                self._file.seek(lo)
                data = self._file.read(hi - lo, dtype="float32", always_2d=True)
            except Exception as exc:   # a file changed or damaged during the session
                raise AudioFileError(f"cannot read audio file '{self.path}': "
                                     f"{_short(exc)}") from None
            m = data.shape[0]
            if data.shape[1] >= 2:
                out[lo - a:lo - a + m] = data[:, :2]
            else:
                out[lo - a:lo - a + m] = data[:, :1]
        return out

    def _make(self, k: int) -> np.ndarray:
        j0, j1 = k * CHUNK, min((k + 1) * CHUNK, self.length)
        if self.src_rate == self.rate:
            return self._raw(j0, j1)
        src, dst = self.src_rate, self.rate
        h, phases, cycle = _kernel(src, dst)
        first = (j0 * src) // dst                      # source sample at or before j0
        last = ((j1 - 1) * src) // dst
        raw = self._raw(first - TAPS + 1, last + TAPS + 1)   # every tap the chunk needs
        n = j1 - j0
        out = np.empty((n, 2), np.float32)
        if cycle <= 1024:
            # Exact polyphase: outputs one cycle apart share their taps and are a fixed
            # number of source samples apart, so each phase is one strided product.
            hop = cycle * src // dst                   # source samples per cycle
            for q in range(min(cycle, n)):
                jq = j0 + q
                at = (jq * src) // dst - first         # window start, as an index into raw
                count = len(range(q, n, cycle))
                view = np.lib.stride_tricks.as_strided(
                    raw[at:], shape=(count, 2 * TAPS, 2),
                    strides=(hop * raw.strides[0], raw.strides[0], raw.strides[1]),
                    writeable=False)
                out[q::cycle] = np.tensordot(view, h[(jq * src) % dst * phases // dst],
                                             axes=([1], [0]))
            return out
        j = np.arange(j0, j1, dtype=np.int64)          # an odd ratio: phases quantised
        i0 = (j * src) // dst - first
        phase = ((j * src) % dst) * phases // dst
        offsets = np.arange(2 * TAPS)
        for s in range(0, n, 4096):                   # bounded temporaries
            window = raw[i0[s:s + 4096, None] + offsets[None, :]]     # (m, taps, 2)
            out[s:s + 4096] = np.einsum("mtc,mt->mc", window, h[phase[s:s + 4096]])
        return out


class ArraySource:
    """Samples already in memory as a :class:`Source` (tests, short generated sounds)."""

    def __init__(self, samples: np.ndarray) -> None:
        self.data = np.asarray(samples, dtype=np.float32)
        self.length = self.data.shape[0]

    def read(self, start: int, n: int) -> np.ndarray:
        out = silence(n)
        lo, hi = max(start, 0), min(start + n, self.length)
        if lo < hi:
            out[lo - start:hi - start] = self.data[lo:hi]
        return out


@lru_cache(maxsize=8)
def _open(path: str, mtime: float, size: int, rate: int) -> FileStream:
    return FileStream(Path(path), rate)


def open_stream(path: Path, rate: int = RATE) -> FileStream:
    """The stream of ``path`` (shared while the file is unchanged)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise AudioFileError(f"cannot read audio file '{path}': {exc.strerror}") from None
    return _open(str(path), st.st_mtime, st.st_size, int(rate))


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """The whole file as float32 ``(n, 2)`` at ``rate`` (for short files only: this
    holds it all in memory; sessions use :func:`open_stream`)."""
    stream = open_stream(path, rate)
    return stream.read(0, stream.length)


class FileLayer:
    """A file starting at sample ``start``; looped seamlessly or played once."""

    name = "file"

    def __init__(self, source: Source | np.ndarray, start: int, loop: bool,
                 gain_db: float = 0.0, rate: int = RATE) -> None:
        self.source: Source = ArraySource(source) if isinstance(source, np.ndarray) else source
        self.start, self.loop, self.gain = int(start), loop, db(gain_db)
        n = self.source.length
        self.n = n
        self.xfade = min(int(LOOP_XFADE_S * rate), n // 4) if loop else 0
        self.period = n - self.xfade            # a loop's length once folded
        self.ramp_in = max(1.0, 0.01 * rate)
        self.ramp_out = max(1.0, min(END_FADE_S * rate, n / 4))

    def render(self, start: int, n: int) -> np.ndarray:
        if n > CHUNK:                           # long spans piece by piece: small temporaries
            out = silence(n)
            for a in range(0, n, CHUNK):
                out[a:a + CHUNK] = self.render(start + a, min(CHUNK, n - a))
            return out
        i0 = start - self.start                 # the file's own sample index
        if self.loop:
            out = self._looped(i0, n)
        else:
            out = self.source.read(i0, n)
            idx = np.arange(i0, i0 + n, dtype=np.float64)
            env = (smootherstep(idx / self.ramp_in)
                   * smootherstep((self.n - idx) / self.ramp_out))
            env[(idx < 0) | (idx >= self.n)] = 0.0
            out *= env[:, None].astype(np.float32)
        out *= np.float32(self.gain)
        return out

    def _looped(self, i0: int, n: int) -> np.ndarray:
        out = silence(n)
        if i0 + n <= 0 or self.period <= 0:
            return out
        pos = max(0, -i0)                       # silence before the file starts
        while pos < n:
            j = (i0 + pos) % self.period
            m = min(n - pos, self.period - j)
            piece = self.source.read(j, m)
            if j < self.xfade:                  # the head, crossfaded with the tail
                k = min(m, self.xfade - j)
                a = (np.arange(j, j + k, dtype=np.float32) + 0.0) * np.float32(
                    np.pi / 2 / self.xfade)
                tail = self.source.read(self.n - self.xfade + j, k)
                piece[:k] = piece[:k] * np.sin(a)[:, None] + tail * np.cos(a)[:, None]
            out[pos:pos + m] = piece
            pos += m
        return out
