"""Shared field helpers: periodic noise textures, smooth scrolling, cheap upsampling.

Expensive noise is made once per (seed, size, feature scale) and then only *moved*:
sampling a periodic texture at an offset that depends on ``t`` is seekable by
construction and costs a handful of array operations per frame instead of octaves of
noise. All per-frame maths is float32 and writes into caller-supplied buffers.
"""

from __future__ import annotations

from functools import cache

import numpy as np


def periodic_noise(seed: int, height: int, width: int, feature_px: float,
                   roughness: float = 1.0, stretch: float = 1.0) -> np.ndarray:
    """A tileable (height, width) float32 fractal-noise texture in [0, 1], mean 0.5.

    Spectral synthesis: white noise shaped by ``1 / (k + k0) ** (1 + roughness)`` so the
    largest blobs are about ``feature_px`` pixels across, with a soft high cut so the
    texture never looks grainy once upscaled. Periodic, so scrolling never shows a seam.
    ``stretch`` > 1 makes features that many times wider than tall (waves, strata).
    Not cached here: a scene keeps its textures in its own memo, so they are freed with
    the scene and a long session does not pile up textures of scenes long gone.
    """
    rng = np.random.default_rng([seed, height, width, round(feature_px * 64)])
    white = rng.standard_normal((height, width))
    ky = np.fft.fftfreq(height)[:, None]
    kx = np.fft.rfftfreq(width)[None, :]
    k = np.hypot(kx * stretch, ky)
    k0 = 1.0 / max(feature_px, 1.0)
    amp = (k + k0) ** -(1.0 + roughness) * np.exp(-(k * max(6.0, feature_px / 12)) ** 2)
    amp[0, 0] = 0.0
    field = np.fft.irfft2(np.fft.rfft2(white) * amp, s=(height, width))
    field /= field.std() + 1e-12
    out = np.clip(0.5 + 0.17 * field, 0.0, 1.0).astype(np.float32)
    out.flags.writeable = False
    return out


def _padded(seed: int, height: int, width: int, feature_px: float,
            roughness: float, stretch: float) -> np.ndarray:
    tex = periodic_noise(seed, height, width, feature_px, roughness, stretch)
    out = np.pad(tex, ((0, height + 1), (0, width + 1)), mode="wrap")
    out.flags.writeable = False
    return out


def scroll(tex: np.ndarray, dx: float, dy: float, out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """Sample periodic texture ``tex`` shifted by (dx, dy) pixels, bilinear, into ``out``.

    ``tex`` must come from :func:`padded`; ``out`` and ``tmp`` are (h, w) float32 buffers
    no larger than the original texture. Sub-pixel offsets keep slow drifts smooth:
    a whole-pixel step at the internal resolution is a 4-pixel jump on screen.
    """
    h, w = out.shape
    th, tw = (tex.shape[0] - 1) // 2, (tex.shape[1] - 1) // 2
    fx, fy = np.floor(dx), np.floor(dy)
    ix, iy = int(fx) % tw, int(fy) % th
    ax, ay = np.float32(dx - fx), np.float32(dy - fy)
    a = tex[iy:iy + h + 1, ix:ix + w + 1]
    # Horizontal blend of the two rows we need, then a vertical blend.
    np.subtract(a[:h, 1:], a[:h, :w], out=out)
    out *= ax
    out += a[:h, :w]
    np.subtract(a[1:, 1:], a[1:, :w], out=tmp)
    tmp *= ax
    tmp += a[1:, :w]
    tmp -= out
    tmp *= ay
    out += tmp
    return out


def wash(tex: np.ndarray, dx: float, dy: float, amount: float, base: np.ndarray,
         out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """``base`` + ``amount`` × (``tex`` scrolled by (dx, dy) − 0.5): a slowly drifting
    texture laid over a fixed backdrop, computed in ``out``."""
    scroll(tex, dx, dy, out, tmp)
    out -= np.float32(0.5)
    out *= np.float32(amount)
    out += base
    return out


def padded(seed: int, height: int, width: int, feature_px: float,
           roughness: float = 1.0, stretch: float = 1.0) -> np.ndarray:
    """:func:`periodic_noise` wrapped by one period plus a pixel, ready for :func:`scroll`."""
    return _padded(seed, height, width, float(feature_px), float(roughness), float(stretch))


@cache
def loop1d(seed: int, n: int, feature: float, roughness: float = 1.0) -> np.ndarray:
    """A periodic 1-D noise curve of ``n`` samples in [0, 1] (sample it with np.interp);
    cached, as scenes ask for these small curves every frame."""
    return periodic_noise(seed, 1, n, feature, roughness)[0]


def sample1d(curve: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``curve`` (periodic) at fractional positions ``pos``, linearly interpolated."""
    n = len(curve)
    return np.interp(pos, np.arange(n), curve, period=n).astype(np.float32)


def smooth01(x: np.ndarray) -> np.ndarray:
    """Smoothstep on [0, 1] for small (1-D) arrays: soft shoulders, no hard edges."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


@cache
def smooth_loop(seed: int, n: int, sigma: float) -> np.ndarray:
    """A periodic 1-D curve of ``n`` samples in [0, 1], mean 0.5: white noise blurred by a
    gaussian of ``sigma`` samples, so it has only soft, rounded features (no spikes)."""
    white = np.random.default_rng([seed, n, round(sigma * 64), 71]).standard_normal(n)
    k = np.fft.rfftfreq(n)
    curve = np.fft.irfft(np.fft.rfft(white) * np.exp(-2.0 * (np.pi * k * sigma) ** 2), n)
    curve /= curve.std() + 1e-12
    out = np.clip(0.5 + 0.2 * curve, 0.0, 1.0)
    out.flags.writeable = False
    return out


def at1d(curve: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Periodic ``curve`` at fractional ``pos`` (float64 is fine: small 1-D arrays).

    Cheaper than :func:`sample1d` for per-frame tables: no sort, no ``arange``.
    """
    n = len(curve)
    fl = np.floor(pos)
    i = fl.astype(np.intp) % n
    a = pos - fl
    return curve[i] * (1.0 - a) + curve[(i + 1) % n] * a
