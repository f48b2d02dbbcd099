"""Sample-exact building blocks: aligned blocks, oscillators and control envelopes.

Everything is computed from absolute sample indices, never from a running state, so
any span can be rendered on its own. Layers are always asked for whole ``BLOCK``-
aligned spans; an oscillator's phase is anchored in float64 at each block start and
advanced in float32 inside the block (exact where it matters, fast where it can be).
Slow gains (chord weights, phase crossfades, the master fade) are evaluated at block
boundaries and interpolated linearly per sample: continuous, so they never zipper.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from player.easing import smootherstep

__all__ = ["BLOCK", "RATE", "block_times", "check_span", "control", "cycles", "db", "interp",
           "silence", "sines", "smootherstep"]

RATE = 48000
BLOCK = 1024
TAU = np.float32(2 * np.pi)
_RAMP = np.arange(BLOCK, dtype=np.float32)
_FRAC = _RAMP / np.float32(BLOCK)


def check_span(start: int, n: int) -> int:
    """Number of blocks in ``[start, start + n)``; the span must be block-aligned."""
    if start % BLOCK or n % BLOCK:
        raise ValueError(f"span [{start}, {start + n}) is not aligned to {BLOCK} samples")
    return n // BLOCK


def block_times(start: int, n: int, rate: int = RATE) -> np.ndarray:
    """Session seconds (float64) at every block boundary of the span, both ends included."""
    nb = check_span(start, n)
    return (start + BLOCK * np.arange(nb + 1, dtype=np.float64)) / rate


def interp(values: np.ndarray) -> np.ndarray:
    """Per-sample float32 values from ``values`` at the block boundaries (last axis)."""
    v = np.asarray(values, dtype=np.float32)
    a, b = v[..., :-1, None], v[..., 1:, None]
    out = a + (b - a) * _FRAC
    return out.reshape(*v.shape[:-1], -1)


def control(fn: Callable[[np.ndarray], np.ndarray], start: int, n: int,
            rate: int = RATE) -> np.ndarray:
    """``fn`` of session seconds, evaluated at block boundaries and interpolated."""
    return interp(fn(block_times(start, n, rate)))


def cycles(start: int, n: int, freqs: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Oscillator phase in cycles, float32 ``(len(freqs), n)``; ``sin(TAU * x)`` is the tone."""
    nb = check_span(start, n)
    inc = np.asarray(freqs, dtype=np.float64).reshape(-1) / rate
    starts = start + BLOCK * np.arange(nb, dtype=np.float64)
    anchor = np.mod(starts[None, :] * inc[:, None], 1.0).astype(np.float32)
    ph = anchor[:, :, None] + _RAMP[None, None, :] * inc.astype(np.float32)[:, None, None]
    return ph.reshape(len(inc), n)


def sines(start: int, n: int, freqs: np.ndarray, rate: int = RATE) -> np.ndarray:
    """``sin`` of :func:`cycles`: one row per frequency."""
    return np.sin(cycles(start, n, freqs, rate) * TAU)


def db(gain_db: float) -> float:
    return float(10 ** (gain_db / 20))


def silence(n: int) -> np.ndarray:
    return np.zeros((n, 2), dtype=np.float32)
