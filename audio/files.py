"""User audio files: probing, decoding once into 48 kHz stereo, and playing as a layer.

Files are decoded with libsndfile (``soundfile``: WAV, OGG, FLAC and MP3), made
stereo, resampled once in the frequency domain and cached, so playback is a plain
array lookup — a pure function of the sample index like every other layer. A looped
file is folded into a seamless loop (its tail crossfaded into its head with equal
power); a file played once fades in over a few milliseconds and out over its last
seconds, then stays silent.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from audio.dsp import RATE, db, silence, smootherstep

EXTENSIONS = (".wav", ".ogg", ".oga", ".flac", ".mp3")
LOOP_XFADE_S = 2.0
END_FADE_S = 3.0


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


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1][:120] if str(exc).strip() else type(exc).__name__


def resample(x: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Band-limited resampling of ``(n, ch)`` by zero-padding/truncating the spectrum."""
    if src == dst:
        return x
    n = x.shape[0]
    m = max(1, round(n * dst / src))
    spec = np.fft.rfft(x, axis=0)
    keep = min(spec.shape[0], m // 2 + 1)
    out = np.zeros((m // 2 + 1, x.shape[1]), dtype=spec.dtype)
    out[:keep] = spec[:keep]
    return (np.fft.irfft(out, n=m, axis=0) * (m / n)).astype(np.float32)


@lru_cache(maxsize=8)
def _decode(path: str, mtime: float, rate: int) -> np.ndarray:
    import soundfile

    try:
        data, sr = soundfile.read(path, dtype="float32", always_2d=True)
    except Exception as exc:
        raise AudioFileError(f"cannot decode audio file '{path}': {_short(exc)}") from None
    if data.shape[0] == 0:
        raise AudioFileError(f"audio file '{path}' holds no sound")
    stereo = data[:, :2] if data.shape[1] >= 2 else np.repeat(data, 2, axis=1)
    out = resample(np.ascontiguousarray(stereo), sr, rate)
    out.flags.writeable = False
    return out


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """The whole file as float32 ``(n, 2)`` at ``rate`` (cached while unchanged)."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise AudioFileError(f"cannot read audio file '{path}': {exc.strerror}") from None
    return _decode(str(path), mtime, rate)


class FileLayer:
    """A decoded file starting at sample ``start``; looped seamlessly or played once."""

    name = "file"

    def __init__(self, samples: np.ndarray, start: int, loop: bool, gain_db: float = 0.0,
                 rate: int = RATE) -> None:
        self.start, self.loop, self.gain = int(start), loop, db(gain_db)
        n = samples.shape[0]
        if loop:
            x = min(int(LOOP_XFADE_S * rate), n // 4)
            body = samples[: n - x].copy()
            if x > 0:
                a = np.linspace(0, np.pi / 2, x, dtype=np.float32)[:, None]
                body[:x] = samples[:x] * np.sin(a) + samples[n - x:] * np.cos(a)
            self.data = body
        else:
            ramp = smootherstep(np.arange(n, dtype=np.float32) / max(1.0, 0.01 * rate))
            tail = smootherstep((n - np.arange(n, dtype=np.float32))
                                / max(1.0, min(END_FADE_S * rate, n / 4)))
            self.data = samples * (ramp * tail)[:, None].astype(np.float32)

    def render(self, start: int, n: int) -> np.ndarray:
        out = silence(n)
        idx = np.arange(start - self.start, start - self.start + n)
        ok = idx >= 0
        size = self.data.shape[0]
        if self.loop:
            idx = idx % size
        else:
            ok &= idx < size
        out[ok] = self.data[idx[ok]]
        return out * np.float32(self.gain)
