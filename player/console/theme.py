"""The console's look, declared once: a calm dark theme with readable type.

Colours are muted and close in lightness, so the therapist's screen does not light up a
dim room; the only saturated colour is the amber of a question waiting for an answer.
Type sizes scale with the window height (:func:`type_size`), so the console reads the
same on a laptop and on a large second screen.
"""

from __future__ import annotations

Colour = tuple[int, int, int]

BACKGROUND: Colour = (17, 19, 24)
PANEL: Colour = (27, 30, 37)
PANEL_EDGE: Colour = (44, 48, 58)
TEXT: Colour = (214, 216, 222)
TEXT_DIM: Colour = (142, 146, 158)
TEXT_FAINT: Colour = (96, 100, 112)
ACCENT: Colour = (132, 170, 200)        # the playhead, focus, a button under the mouse
GOOD: Colour = (122, 176, 142)          # the health line when all is well
CAUTION: Colour = (214, 170, 102)       # a question waiting (confirm), a health warning
BUTTON: Colour = (36, 40, 49)
BUTTON_HOVER: Colour = (46, 52, 64)
BUTTON_PRESSED: Colour = (58, 66, 82)
BUTTON_ARMED: Colour = (74, 60, 36)     # asking "click again to confirm"

# Phase colours of the timeline bar, used in turn: soft, distinct, none much brighter.
PHASES: tuple[Colour, ...] = (
    (76, 104, 140), (104, 88, 138), (70, 122, 118), (132, 98, 80),
    (92, 118, 84), (128, 84, 106), (84, 110, 132), (118, 112, 78),
)

FONT_SCALE = 1.0 / 28      # body text height as a share of the window height
MIN_TYPE = 17
MAX_TYPE = 36


def type_size(window_height: int, scale: float = 1.0) -> int:
    """Body type in pixels for a window this tall (``scale`` for headings and small print)."""
    base = min(MAX_TYPE, max(MIN_TYPE, round(window_height * FONT_SCALE)))
    return max(11, round(base * scale))


def phase_colour(index: int) -> Colour:
    return PHASES[index % len(PHASES)]


def mix(a: Colour, b: Colour, k: float) -> Colour:
    """``a`` moved a share ``k`` of the way to ``b``."""
    return (round(a[0] + (b[0] - a[0]) * k), round(a[1] + (b[1] - a[1]) * k),
            round(a[2] + (b[2] - a[2]) * k))
