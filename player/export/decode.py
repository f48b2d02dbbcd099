"""Reading an exported file back, for the checks of the bench and the tests.

Frames are converted to sRGB with swscale's exact rounding and full chroma
interpolation (``accurate_rnd+full_chroma_int``): its fast default path darkens dark
pixels by about two codes, which would be blamed on the export. The luma plane is read
at its own depth, with no conversion at all, to measure banding. ``lag_ms`` finds where
one sound matches another, to the sample and below, by cross-correlation.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from player.export.tools import Tools

EXACT = "accurate_rnd+full_chroma_int"


def _run(args: list[str]) -> bytes:
    done = subprocess.run(args, capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace").strip().splitlines()[-1:])
    return done.stdout


def frames(tools: Tools, path: Path, size: tuple[int, int]) -> np.ndarray:
    """Every frame as (N, H, W, 3) uint8 sRGB."""
    w, h = size
    raw = _run([tools.ffmpeg, "-v", "error", "-i", str(path), "-map", "0:v:0",
                "-vf", f"scale=in_color_matrix=bt709:in_range=tv:flags={EXACT},format=rgb24",
                "-f", "rawvideo", "-"])
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def luma(tools: Tools, path: Path, size: tuple[int, int], bits: int) -> np.ndarray:
    """The Y' plane of every frame, (N, H, W) in [0, 1] (limited range undone)."""
    w, h = size
    fmt, dtype, black, span = (("yuv420p", np.uint8, 16, 219) if bits == 8
                               else ("yuv420p10le", np.uint16, 64, 876))
    raw = np.frombuffer(_run([tools.ffmpeg, "-v", "error", "-i", str(path), "-map", "0:v:0",
                              "-f", "rawvideo", "-pix_fmt", fmt, "-"]), dtype)
    per = w * h * 3 // 2
    planes = raw.reshape(-1, per)[:, :w * h].reshape(-1, h, w)
    return (planes.astype(np.float32) - black) / span


def audio(tools: Tools, path: Path, rate: int = 48000) -> np.ndarray:
    """The sound as (n, 2) float32 at ``rate``."""
    raw = _run([tools.ffmpeg, "-v", "error", "-i", str(path), "-map", "0:a:0",
                "-f", "f32le", "-ac", "2", "-ar", str(rate), "-"])
    return np.frombuffer(raw, np.float32).reshape(-1, 2)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def lag_ms(got: np.ndarray, ref: np.ndarray, rate: int, search_ms: float = 50.0) -> float:
    """Where ``got`` best matches ``ref`` (ms; positive = late), sub-sample."""
    a, b = got.mean(axis=1).astype(np.float64), ref.mean(axis=1).astype(np.float64)
    n = min(a.size, b.size)
    a, b = a[:n], b[:n]
    size = 1 << (2 * n - 1).bit_length()
    xc = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    m = int(search_ms * rate / 1000)
    lags = np.r_[np.arange(0, m + 1), np.arange(-m, 0)]
    vals = np.r_[xc[:m + 1], xc[-m:]]
    i = int(np.argmax(vals))
    k = lags[i]
    y0, y1, y2 = xc[(k - 1) % size], xc[k % size], xc[(k + 1) % size]
    frac = 0.5 * (y0 - y2) / (y0 - 2 * y1 + y2) if (y0 - 2 * y1 + y2) else 0.0
    return (k + frac) * 1000.0 / rate
