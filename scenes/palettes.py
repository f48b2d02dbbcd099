"""Named palettes as lookup tables.

A palette maps a scalar field in [0, 1] to colour. It is stored as a table of
``LUT_SIZE`` RGB rows, so colouring a frame is one gather, not per-pixel maths.
Stops are sRGB colours chosen to stay soft: the brightest stop of every palette
is well below full white so no palette can glare.
"""

from __future__ import annotations

import threading
from functools import cache

import numpy as np

LUT_SIZE = 1024

# name -> (description, stops as (position, "#rrggbb"))
PALETTES: dict[str, tuple[str, tuple[tuple[float, str], ...]]] = {
    "dusk": ("violet night into warm rose and amber",
             ((0.0, "#07061a"), (0.35, "#2b1d4f"), (0.65, "#8a4a78"), (0.85, "#d98a6c"),
              (1.0, "#f2c58e"))),
    "ocean": ("deep navy through teal to pale sea foam",
              ((0.0, "#020b1a"), (0.35, "#0b3354"), (0.65, "#1d7583"), (0.85, "#5fb3b0"),
               (1.0, "#c8e6dc"))),
    "forest": ("dark moss, fern green and soft sunlight",
               ((0.0, "#040d07"), (0.35, "#143321"), (0.6, "#3e6b3a"), (0.85, "#a3b86a"),
                (1.0, "#e8e3b0"))),
    "ember": ("charcoal, deep red and glowing amber",
              ((0.0, "#0a0404"), (0.35, "#3d0f0c"), (0.6, "#8c2f14"), (0.85, "#d9782a"),
               (1.0, "#f5c77e"))),
    "twilight": ("indigo, lavender and a cool blue glow",
                 ((0.0, "#05051a"), (0.35, "#1c1f5c"), (0.65, "#5b4e9c"), (0.85, "#a08ccc"),
                  (1.0, "#dcd3f0"))),
    "aurora": ("night sky with green and violet light",
               ((0.0, "#020812"), (0.3, "#063a3a"), (0.55, "#1f9e6e"), (0.8, "#7fdca0"),
                (1.0, "#c7b3ef"))),
    "dawn": ("slate blue warming to peach and gold",
             ((0.0, "#0c1020"), (0.35, "#3a4a72"), (0.6, "#b77c86"), (0.85, "#f0b483"),
              (1.0, "#fbe3b0"))),
    "mono": ("soft greys, for a low-colour room",
             ((0.0, "#050505"), (0.5, "#5a5a5e"), (1.0, "#d8d8dc"))),
}

NAMES: tuple[str, ...] = tuple(PALETTES)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]


@cache
def lut(name: str) -> np.ndarray:
    """The palette ``name`` as a read-only ``(LUT_SIZE, 3)`` float32 table."""
    stops = PALETTES[name][1]
    pos = np.array([p for p, _ in stops])
    cols = np.array([_rgb(c) for _, c in stops])
    x = np.linspace(0.0, 1.0, LUT_SIZE)
    table = np.stack([np.interp(x, pos, cols[:, i]) for i in range(3)], axis=1)
    table = table.astype(np.float32)
    table.flags.writeable = False
    return table


_LOCAL = threading.local()   # per thread: scenes may be warmed up off the frame thread


def colourise(name: str | np.ndarray, field: np.ndarray,
              out: np.ndarray | None = None) -> np.ndarray:
    """Map a field in [0, 1] of shape (H, W) to an (H, W, 3) float32 image.

    ``name`` is a palette name or a table from :func:`lut`/:func:`curved`. Index
    buffers are reused between calls (allocating fresh megabyte arrays every frame
    costs more in page faults than the lookup itself); pass ``out`` to reuse that too.
    """
    table = lut(name) if isinstance(name, str) else name
    top = np.float32(len(table) - 1)
    scratch = _LOCAL.__dict__.setdefault("buffers", {})
    if field.shape not in scratch:
        scratch[field.shape] = (np.empty(field.shape, np.float32),
                                np.empty(field.shape, np.int32))
    idx, ints = scratch[field.shape]
    np.multiply(field, top, out=idx)
    np.clip(idx, np.float32(0), top, out=idx)
    np.copyto(ints, idx, casting="unsafe")
    return np.take(table, ints, axis=0, out=out)


@cache
def curved(name: str, gamma: float = 1.0, lift: float = 0.0, gain: float = 1.0) -> np.ndarray:
    """Palette ``name`` read through ``lift + (1 - lift) * x ** gamma``, times ``gain``.

    Scenes bake contrast and their brightness parameter into the table, so neither
    costs per-pixel maths.
    """
    x = np.linspace(0.0, 1.0, LUT_SIZE)
    return through(name, lift + (1.0 - lift) * x ** gamma, gain)


def through(name: str, curve: np.ndarray, gain: float = 1.0) -> np.ndarray:
    """A table whose entry ``i`` is palette ``name`` at ``curve[i]`` (in [0, 1]), × ``gain``.

    ``curve`` has ``LUT_SIZE`` samples of any tone curve a scene wants (a soft
    threshold for metaballs, say); build it once and keep the result.
    """
    pos = np.clip(np.asarray(curve, dtype=np.float64), 0.0, 1.0)
    table = lut(name)[np.round(pos * (LUT_SIZE - 1)).astype(np.intp)] * np.float32(gain)
    table = table.astype(np.float32)
    table.flags.writeable = False
    return table
