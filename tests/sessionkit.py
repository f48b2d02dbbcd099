"""Run a real Session in-process, headless, on a fake clock, with scripted input."""

from __future__ import annotations

from pathlib import Path

from player.clock import FrameClock
from player.display import DisplayRequest, Window
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.session import Session
from player.sessionlog import SessionLog, read_log
from player.timeline import Timeline
from tests.fakeclock import FakeClock

FPS = 30
FRAME = 1 / FPS


def three_phases(scene: str = "sunrise", transition: float = 4.0) -> Playlist:
    return Playlist("test", tuple(
        PhaseSpec(name, (SceneRef(scene),), weight=1, transition=transition)
        for name in ("arrival", "peak", "return")), fade_in=2.0, fade_out=2.0)


_CODES = {"+": "PLUS", "-": "MINUS", "[": "LEFTBRACKET", "]": "RIGHTBRACKET", "=": "EQUALS"}


def key(name: str, char: str = "", up: bool = False):
    """A key event as SDL delivers it: the key code by pygame name, and its character."""
    import pygame

    code = getattr(pygame, "K_" + _CODES.get(name, name if len(name) == 1 else name.upper()))
    return pygame.event.Event(pygame.KEYUP if up else pygame.KEYDOWN, key=code, unicode=char)


def run_session(tmp: Path, length: float, script: dict[float, list] | None = None,
                playlist: Playlist | None = None, locked: bool = False, audio=None,
                window: Window | None = None, fake: FakeClock | None = None, setup=None):
    """Play ``length`` seconds; ``script`` maps session-wall seconds to pygame events.
    ``window`` and ``fake`` (the clock) may be given, e.g. to make drawing take time;
    ``setup(session)`` runs before the session does (e.g. to give it a headset)."""
    fake = fake or FakeClock()
    clock = FrameClock(FPS, now_ns=fake.now, sleep=fake.sleep)
    window = window or Window(DisplayRequest(headless=True, size=(160, 90)))
    log = SessionLog(tmp / "s.jsonl")
    session = Session(timeline=Timeline.build(playlist or three_phases(), length),
                      window=window, log=log, seed=3, fps=FPS, clock=clock, locked=locked,
                      audio=audio)
    pending = sorted((script or {}).items())
    session.posted = {}  # script time -> wall time the events were actually delivered

    def on_frame(s: Session, wall: float) -> None:
        import pygame

        while pending and pending[0][0] <= wall:
            at, batch = pending.pop(0)
            s.posted[at] = wall
            for event in batch:
                pygame.event.post(event)
    session.on_frame = on_frame
    if setup is not None:
        setup(session)
    try:
        outcome = session.run()
    finally:
        window.close()
        log.close()
    return outcome, read_log(tmp / "s.jsonl"), session
