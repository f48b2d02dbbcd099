"""The optional calm check-in: a 0–10 rating typed before the start and after the end."""

from __future__ import annotations

import time
from collections.abc import Callable

PROMPTS = {
    "before": "How calm do you feel right now?",
    "after": "How calm do you feel now?",
}
TIMEOUT_S = {"before": 600.0, "after": 300.0}


def ask_rating(window, overlay, when: str, should_stop: Callable[[], bool] = lambda: False,
               now: Callable[[], float] = time.monotonic) -> int | None:
    """Show the question dimly and wait for 0–10 then Enter; Enter alone, Esc, closing
    the window or the time limit skip it (None)."""
    pg = window.pygame
    typed = ""
    start = now()
    while now() - start < TIMEOUT_S[when] and not should_stop():
        for event in pg.event.get():
            if event.type == pg.QUIT:
                return None
            if event.type != pg.KEYDOWN:
                continue
            if event.key in (pg.K_RETURN, pg.K_KP_ENTER):
                return int(typed) if typed else None
            if event.key == pg.K_ESCAPE:
                return None
            if event.key == pg.K_BACKSPACE:
                typed = typed[:-1]
            elif event.unicode.isdigit() and len(typed) < 2 and int(typed + event.unicode) <= 10:
                typed += event.unicode
        window.canvas.begin(window.framebuffer)
        window.canvas.clear()
        overlay.lines(window.canvas, [PROMPTS[when], "Type a number from 0 (not calm) to 10 "
                                       "(completely calm), then Enter.", "", typed or "_"],
                      "centre")
        window.flip()
        time.sleep(1 / 30)
    return None
