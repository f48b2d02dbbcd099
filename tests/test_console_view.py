"""What a console frame says, without a screen (SDL's dummy driver), and where SDL is
told to put the console window so that it opens on the display asked for, and how
``bench session --console`` judges its runs."""

import pygame

from player.console.placement import CENTRED, position
from player.console.view import ConsoleView, Snapshot

PREFLIGHT = ["Before the session:", "  display 0 (1280x720): patient",
             "  display 1 (1920x1080): console", "  sound: dummy (48000 Hz)",
             "  renderer: llvmpipe", "  session logs: /tmp/logs"]


def drawn(snap: Snapshot, size=(1100, 680)) -> list[str]:
    """Every line of text one console frame draws."""
    pygame.display.init()
    pygame.font.init()
    view = ConsoleView()
    said: list[str] = []
    draw = view.text.draw

    def record(surface, line, *args, **kwargs):
        said.append(line)
        return draw(surface, line, *args, **kwargs)

    view.text.draw = record
    view.draw(pygame.Surface(size), snap, None, None)
    return said


def test_the_preflight_lines_are_shown_until_the_session_goes_on():
    said = drawn(Snapshot(phase="arrival", preflight=PREFLIGHT))
    assert all(line in said for line in PREFLIGHT)
    assert not any("display 1" in line for line in drawn(Snapshot(phase="arrival")))


def test_a_check_in_question_shows_over_the_preflight_with_what_is_typed():
    snap = Snapshot(phase="arrival", preflight=PREFLIGHT,
                    checkin=("How calm do you feel right now?", "Type 0 to 10", "7"))
    said = drawn(snap)
    assert "How calm do you feel right now?" in said and "7" in said
    assert "  display 1 (1920x1080): console" not in said


def test_a_centred_window_stays_centred_where_displays_lie_side_by_side():
    desk = [(0, 0, 1920, 1080), (1920, 0, 1280, 1024)]
    assert position(1, (1100, 680), desk) == (CENTRED | 1, CENTRED | 1)
    assert position(0, (1100, 680), desk) == (CENTRED, CENTRED)


def test_on_separate_x_screens_the_window_centre_avoids_the_first_screen():
    # Xvfb -screen 0 1280x720 -screen 1 1920x1080: both displays start at (0, 0)
    screens = [(0, 0, 1280, 720), (0, 0, 1920, 1080)]
    x, y = position(1, (1100, 680), screens)
    cx, cy = x + 550, y + 340
    assert not (cx < 1280 and cy < 720), "SDL would open it on screen 0"
    assert 0 <= x <= 1920 - 1100 and 0 <= y <= 1080 - 680        # all on screen 1
    # two screens of one size: no such spot exists; SDL's centred position is all it gets
    same = [(0, 0, 1920, 1080), (0, 0, 1920, 1080)]
    assert position(1, (1100, 680), same) == (CENTRED | 1, CENTRED | 1)
    assert position(3, (400, 300), screens) == (CENTRED | 3, CENTRED | 3)


def run(missed: int, p99: float, fps: float | None = None) -> dict:
    out = {"missed": missed, "deadlines": 3600, "p50_ms": 16.7, "p99_ms": p99,
           "p99_off_ms": p99 - 16.7, "rate_hz": 60.0}
    return out | ({"fps": fps, "redraws": 0, "slice_p50_ms": 1.0, "slice_p99_ms": 2.0,
                   "slice_max_ms": 3.0} if fps is not None else {})


def test_the_console_bench_fails_a_console_that_costs_the_patient_frames():
    from player.bench._console import judge

    fine = {"off": [run(10, 17.0), run(14, 17.2)], "on": [run(12, 17.1, 14.8)] * 2}
    assert all(judge(fine, 1.0)[1].values())
    costly = {"off": [run(10, 17.0)] * 2, "on": [run(60, 17.1, 14.8)] * 2}
    slow_p99 = {"off": [run(10, 17.0)] * 2, "on": [run(10, 17.5, 14.8)] * 2}
    too_often = {"off": [run(10, 17.0)] * 2, "on": [run(10, 17.0, 30.0)] * 2}
    for runs in (costly, slow_p99, too_often):
        assert sum(not met for met in judge(runs, 1.0)[1].values()) == 1
