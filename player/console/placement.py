"""Where to put a window so that SDL really opens it on the display asked for.

SDL 2 (X11) has no way to say "create this window on display N": it turns a "centred on
display N" position into plain coordinates inside N's bounds, then creates the X window
on the X screen of the *first* display whose bounds hold the window's centre
(``SDL_GetWindowDisplayIndex`` → ``GetRectDisplayIndex`` in SDL_video.c, used by
``X11_CreateWindow``). On one X screen with two monitors (an ordinary desk) the displays
lie side by side and that is right. With separate X screens (``Xvfb -screen 0 ...
-screen 1 ...``, or an X server configured per monitor) every display starts at (0, 0):
a window centred on display 1 has its centre inside display 0 too, so it opens on
screen 0. :func:`position` finds a spot on display N whose centre lies in no earlier
display (possible when N reaches past them, e.g. a 1920×1080 screen beside a 1280×720
one); when there is none, the centred position is all SDL can be given.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from pathlib import Path

Rect = tuple[int, int, int, int]      # x, y, w, h
CENTRED = 0x2FFF0000                  # SDL_WINDOWPOS_CENTERED_DISPLAY(0)


def _inside(x: int, y: int, r: Rect) -> bool:
    return r[0] <= x < r[0] + r[2] and r[1] <= y < r[1] + r[3]


def position(display: int, size: tuple[int, int],
             bounds: Sequence[Rect]) -> tuple[int, int]:
    """A window position on ``display`` that SDL also creates the window on (see
    :func:`spot`); SDL's "centred on display N" when the bounds are unknown or there is
    no such spot."""
    found = spot(display, size, bounds) if 0 <= display < len(bounds) else None
    return found or (CENTRED | display, CENTRED | display)


def spot(display: int, size: tuple[int, int],
         bounds: Sequence[Rect]) -> tuple[int, int] | None:
    """Centred on ``display`` when SDL would open it there, else the spot nearest the
    centre whose centre point lies in no earlier display, keeping the window inside the
    display where it fits; None when there is no such spot."""
    dx, dy, dw, dh = bounds[display]
    w, h = size
    earlier = bounds[:display]
    # the centre may go where the whole window still fits in the display
    xs = range(dx + min(w, dw) // 2, dx + dw - min(w, dw) // 2 + 1)
    ys = range(dy + min(h, dh) // 2, dy + dh - min(h, dh) // 2 + 1)
    mid = (dx + dw // 2, dy + dh // 2)
    best: tuple[int, int] | None = None
    for cx in _steps(xs, mid[0]):
        for cy in _steps(ys, mid[1]):
            if any(_inside(cx, cy, r) for r in earlier):
                continue
            if best is None or (abs(cx - mid[0]) + abs(cy - mid[1])
                                < abs(best[0] - mid[0]) + abs(best[1] - mid[1])):
                best = (cx, cy)
    if best is None:
        return None
    if best == mid:
        return (CENTRED | display, CENTRED | display)
    return best[0] - w // 2, best[1] - h // 2


def _steps(values: range, mid: int, count: int = 48) -> list[int]:
    """A few candidate coordinates across ``values``: its ends, the middle and a grid."""
    if not values:
        return [mid]
    lo, hi = values[0], values[-1]
    grid = {lo + (hi - lo) * i // count for i in range(count + 1)}
    return sorted(grid | {min(max(mid, lo), hi)})


def display_bounds() -> list[Rect]:
    """Each display's bounds as SDL sees them (SDL_GetDisplayBounds, through the SDL
    library pygame loaded); empty when that library cannot be reached."""
    try:
        import pygame

        lib = _sdl(pygame)
        if lib is None:
            return []

        class _Rect(ctypes.Structure):
            _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("w", ctypes.c_int),
                        ("h", ctypes.c_int)]

        out = []
        for i in range(pygame.display.get_num_displays()):
            r = _Rect()
            if lib.SDL_GetDisplayBounds(i, ctypes.byref(r)) != 0:
                return []
            out.append((r.x, r.y, r.w, r.h))
        return out
    except Exception:
        return []


def _sdl(pygame: object) -> ctypes.CDLL | None:
    """The SDL 2 library already loaded by pygame (the same copy: dlopen returns it)."""
    here = Path(getattr(pygame, "__file__", "") or ".").parent
    names = sorted((here.parent / "pygame_ce.libs").glob("libSDL2-2*.so*")) + \
        sorted(here.glob("SDL2.dll")) + sorted(here.glob("libSDL2*.dylib"))
    for name in [*map(str, names), "libSDL2-2.0.so.0"]:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None
