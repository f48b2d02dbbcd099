"""The optional calm check-in: a 0–10 rating typed before the start and after the end.

What is typed is recorded as typed or not at all: a number out of range (``12``) is
refused with a word and asked again, never cut down to something the person did not
mean. Time and sleep are injected so tests run it on a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

PROMPTS = {
    "before": "How calm do you feel right now?",
    "after": "How calm do you feel now?",
}
HOW = "Type a number from 0 (not calm) to 10 (completely calm), then Enter."
TIMEOUT_S = {"before": 600.0, "after": 300.0}
HIGHEST = 10
FRAME_S = 1 / 30


def ask_rating(window, overlay, when: str, should_stop: Callable[[], bool] = lambda: False,
               now: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep,
               screen: Callable[[list[str]], None] | None = None,
               places: list[tuple[Any, Any]] | None = None,
               pick: Callable[[Any], int | None] | None = None) -> int | None:
    """Show the question dimly and wait for 0–10 then Enter; Enter alone, Esc, closing
    the window or the time limit skip it (None). A number over 10 is asked again.
    ``screen`` shows the lines elsewhere (the therapist's console) instead of on the
    patient's window; ``places`` are the (viewport, size) to draw them in (stereo: each
    eye's, ``Session.text_places``), else the whole window; ``pick`` turns any other
    event into a rating clicked there (the console's row of 0-10)."""
    pg = window.pygame
    typed = ""
    note = ""
    start = now()
    while now() - start < TIMEOUT_S[when] and not should_stop():
        for event in pg.event.get():
            if event.type in (pg.QUIT, pg.WINDOWCLOSE):
                return None
            if event.type != pg.KEYDOWN:
                picked = pick(event) if pick is not None else None
                if picked is not None:
                    return picked
                continue
            if event.key in (pg.K_RETURN, pg.K_KP_ENTER):
                if not typed:
                    return None
                if int(typed) <= HIGHEST:
                    return int(typed)
                note, typed = f"{typed} is more than {HIGHEST}; please type it again.", ""
            elif event.key == pg.K_ESCAPE:
                return None
            elif event.key == pg.K_BACKSPACE:
                typed = typed[:-1]
            elif event.unicode.isdigit() and len(typed) < 2:
                typed, note = typed + event.unicode, ""
        lines = [PROMPTS[when], HOW, note, typed or "_"]
        if screen is not None:
            screen(lines)
        else:
            window.canvas.begin(window.framebuffer)
            window.canvas.clear()
            for viewport, size in places or [(None, None)]:
                window.canvas.begin(window.framebuffer, viewport, size)
                overlay.lines(window.canvas, lines, "centre")
            window.flip()
        sleep(FRAME_S)
    return None
