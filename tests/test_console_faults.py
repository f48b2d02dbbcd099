"""The console never ends the patient's session by accident: closing its window asks,
like End (and is logged); a fault in its input is logged and the session goes on."""

from __future__ import annotations

import pygame

from player.console.live import LiveConsole
from tests.sessionkit import key, run_session


def _play(tmp_path, closes: list[float], *, locked: bool = False, broken: bool = False,
          undrawable: bool = False):
    """A 6 s session with a console window, closed at each of ``closes`` (seconds)."""
    consoles: list[LiveConsole] = []

    def setup(session) -> None:
        console = LiveConsole(session.window.pygame, where="window", size=(320, 200))
        session.console = console
        console.attach(session)
        consoles.append(console)
        due = sorted([(at, pygame.event.Event(pygame.WINDOWCLOSE, window=console.window))
                      for at in closes], key=lambda item: item[0])
        if broken:                       # a bug in the buttons: every click raises
            def boom(event):
                raise ZeroDivisionError("division by zero")
            console.view.buttons.handle = boom
            due.append((1.5, pygame.event.Event(pygame.MOUSEBUTTONDOWN, window=console.window,
                                                pos=(5, 5), button=1)))
        if undrawable:                   # a bug in drawing: the console cannot be shown
            def fail(*args):
                raise ValueError("bad font")
            console.view.draw = fail
            due.append((3.0, key("[", "[")))          # then a key in the patient's window
        before = session.on_frame

        def on_frame(s, wall: float) -> None:
            before(s, wall)
            while due and due[0][0] <= wall:
                pygame.event.post(due.pop(0)[1])
        session.on_frame = on_frame

    outcome, log, _ = run_session(tmp_path, 6.0, setup=setup, locked=locked)
    return outcome, log, consoles[0]


def _events(log: list[dict], kind: str) -> list[dict]:
    return [e for e in log if e["event"] == kind]


def test_closing_the_console_once_asks_and_the_session_goes_on(tmp_path):
    outcome, log, console = _play(tmp_path, [1.0])
    assert outcome == "completed" and not _events(log, "ending")
    assert len(_events(log, "console_close")) == 1
    assert log[-1]["reason"] == "timeline_ended"


def test_closing_it_again_while_asked_ends_as_end_does(tmp_path):
    outcome, log, _ = _play(tmp_path, [1.0, 2.0])
    assert outcome == "ended_early"
    assert _events(log, "ending")[0]["reason"] == "therapist"


def test_a_locked_session_is_not_ended_by_closing_the_console(tmp_path):
    outcome, log, _ = _play(tmp_path, [1.0, 1.5], locked=True)
    assert outcome == "completed" and len(_events(log, "console_close")) == 2


def test_a_fault_in_the_console_input_is_logged_and_the_session_goes_on(tmp_path):
    outcome, log, console = _play(tmp_path, [], broken=True)
    assert outcome == "completed"
    fault = _events(log, "console_error")
    assert len(fault) == 1 and "ZeroDivisionError" in fault[0]["error"]
    assert console.input_errors == 1 and not console.failed   # it goes on drawing


def test_a_console_that_cannot_draw_closes_and_the_keys_act_at_once(tmp_path):
    outcome, log, console = _play(tmp_path, [], undrawable=True)
    assert outcome == "completed" and console.failed and console.closed
    kinds = [e["event"] for e in log]
    assert kinds.index("console_error") < kinds.index("console_closed") < \
        kinds.index("brightness")                # acted on at once, not routed to the console
    assert "console_stats" in kinds             # its figures kept, once
