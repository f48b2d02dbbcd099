"""The live guard in a numpy model of the compositor, for tests and the bench.

:func:`shown` does what the GL compositor does around :meth:`Guard.judge`: block means
of each linear-light frame make the probe, the gain map is sampled bilinearly (cell
centres at ``(i + 0.5) / n``, clamped), and the frame shown is ``prev + G · (new −
prev)`` in linear light, encoded to 8-bit sRGB. Feeding what it yields to the analyser
answers "what would a viewer see?" without a GPU.

The adversarial plugins and the legitimate content the guard is judged on are here
too, as functions of time returning linear-light frames.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from player.safety.guard import PROBE_HEIGHT, Guard, bilinear

Scene = Callable[[float], np.ndarray]          # t → linear float32 (H, W, 3)
SIZE = (256, 144)


def linear(code: float) -> float:
    """An sRGB value in [0, 1] → linear light."""
    return code / 12.92 if code <= 0.04045 else ((code + 0.055) / 1.055) ** 2.4


def encode(lin: np.ndarray) -> np.ndarray:
    """Linear float → 8-bit sRGB."""
    c = np.clip(lin, 0.0, 1.0)
    s = np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1 / 2.4) - 0.055)
    return np.round(s * 255).astype(np.uint8)


def probe_of(frame: np.ndarray, height: int = PROBE_HEIGHT) -> np.ndarray:
    """Block means of a linear frame at the probe size (the frame's size must be a
    multiple of it)."""
    h, w = frame.shape[:2]
    ph = min(height, h)
    pw = max(1, round(ph * w / h))
    by, bx = h // ph, w // pw
    return frame[:ph * by, :pw * bx].reshape(ph, by, pw, bx, 3).mean(axis=(1, 3))


def shown(frames: Iterable[np.ndarray], guard: Guard | None) -> Iterator[np.ndarray]:
    """The 8-bit sRGB frames a viewer sees, with ``guard`` in the loop (None: off)."""
    prev: np.ndarray | None = None
    for frame in frames:
        out = frame
        if guard is not None:
            gains = guard.judge(probe_of(frame))
            if gains is not None and prev is not None:
                g = bilinear(gains, *frame.shape[:2])[..., None]
                out = prev + g * (frame - prev)
        prev = out
        yield encode(out)


def play(scene: Scene, seconds: float, fps: float, start: float = 0.0,
         ) -> Iterator[np.ndarray]:
    for i in range(round(seconds * fps)):
        yield scene(start + i / fps)


def _full(value: Callable[[float], tuple[float, float, float]],
          size: tuple[int, int] = SIZE) -> Scene:
    w, h = size

    def draw(t: float) -> np.ndarray:
        f = np.empty((h, w, 3), np.float32)
        f[:] = value(t)
        return f
    return draw


def _grey(code: float) -> tuple[float, float, float]:
    v = linear(code)
    return (v, v, v)


def strobe(hz: float) -> Scene:
    """Full-field black/white, square."""
    return _full(lambda t: _grey(1.0 if (t * hz * 2 + 1e-9) % 2 < 1 else 0.0))


def sine(hz: float, phase: float = 0.0) -> Scene:
    """Full-field sine between black and white in sRGB."""
    return _full(lambda t: _grey(0.5 + 0.5 * math.cos(2 * math.pi * hz * t + phase)))


def red_flicker(hz: float) -> Scene:
    """Saturated red against a darker red: mostly a red flash."""
    lo, hi = linear(150 / 255), 1.0
    return _full(lambda t: (hi if (t * hz * 2 + 1e-9) % 2 < 1 else lo, 0.0, 0.0))


def dense_dots(hz: float, share: float = 0.4, size: tuple[int, int] = SIZE) -> Scene:
    """A 2-px checkerboard over ``share`` of the screen whose lit squares all flash
    together: small regions, densely packed."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    mask = (((yy // 2) + (xx // 2)) % 2 == 0) & (xx < w * share)
    base = np.full((h, w, 3), linear(0.15), np.float32)

    def draw(t: float) -> np.ndarray:
        f = base.copy()
        if (t * hz * 2 + 1e-9) % 2 < 1:
            f[mask] = 1.0
        return f
    return draw


def fade(hz: float = 0.5) -> Scene:
    """A full black ↔ white fade (sine in sRGB), ``hz`` cycles a second."""
    return sine(hz, phase=math.pi)


def cuts(per_second: float = 2.5, size: tuple[int, int] = SIZE) -> Scene:
    """Hard cuts between a dark and a bright picture, ``per_second`` cuts a second."""
    w, h = size
    ramp = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :, None]
    dark = np.broadcast_to(ramp * 0.15 + 0.02, (h, w, 3)).astype(np.float32)
    bright = np.broadcast_to(0.9 - ramp * 0.3, (h, w, 3)).astype(np.float32)
    return lambda t: bright if math.floor(t * per_second + 1e-9) % 2 else dark


ADVERSARIAL: dict[str, Scene] = {
    "strobe 10 Hz": strobe(10),
    "strobe 4 Hz": strobe(4),
    "sine 8 Hz": sine(8),
    "red flicker 8 Hz": red_flicker(8),
    "dense small squares 12 Hz": dense_dots(12),
}
LEGITIMATE: dict[str, Scene] = {
    "0.5 Hz full fade": fade(0.5),
    "cuts 2.5 a second": cuts(2.5),
}
