"""``play --stereo`` sessions, headless: the therapist's text drawn into each eye at the
same place (zero parallax, so it reads in 3D glasses) or not at all with a console, and a
numpy plugin scene (no depth) shown alike to both eyes; ``--stereo`` with ``--vr`` refused."""

from __future__ import annotations

import numpy as np
import pytest

from player.checkin import ask_rating
from player.cli import main
from player.display import DisplayRequest, Window
from player.gl.view import layout
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.session import Session
from player.sessionlog import read_log
from player.timeline import Timeline
from scenes import registry
from scenes.base import Grid, Scene

SIZE = (320, 90)


class Stripes(Scene):
    """A numpy scene with no depth: vertical stripes, brighter to the right."""

    name = "test_numpy_stripes"

    def render(self, t: float, grid: Grid) -> np.ndarray:
        v = 0.3 + 0.3 * (np.sin(grid.x * 12.0) > 0) + 0.2 * (grid.x + 1.8) / 3.6
        return np.repeat(v[..., None], 3, axis=2).astype(np.float32)


@pytest.fixture
def stripes(monkeypatch):
    """Stripes registered as a plugin scene, rendered in this process (a live session
    runs a plugin numpy scene in a worker, whose first frames are black: tested in
    test_faults_scenes; here the eyes are what matters)."""
    registry.load_builtins()
    monkeypatch.setattr(registry, "_SCENES", {**registry._SCENES, Stripes.name: Stripes})
    monkeypatch.setattr("player.isolation.needs_isolation", lambda cls: False)


def session(stereo: str | None, scene: str = "sunrise", console=None) -> Session:
    playlist = Playlist("p", (PhaseSpec("one", (SceneRef(scene),), weight=1),),
                        fade_in=2.0, fade_out=2.0)
    window = Window(DisplayRequest(headless=True, size=SIZE))
    s = Session(timeline=Timeline.build(playlist, 300.0), window=window, log=None, seed=3,
                fps=30, stereo=stereo)
    s.console = console            # drawing only: a console takes the text off the picture
    return s


def picture(s: Session, text: bool, t: float = 60.0) -> np.ndarray:
    s.state.help = s.state.overlay = text
    s.draw(s.state.timeline.at(t), 10.0)
    data = np.frombuffer(s.window.read(), np.uint8).reshape(SIZE[1], SIZE[0], 3)
    return data[::-1].astype(int)


def eyes(stereo: str, frame: np.ndarray) -> list[np.ndarray]:
    """Each eye's part of the window (viewports counted from the bottom row)."""
    h = frame.shape[0]
    return [frame[h - y - vh:h - y, x:x + vw] for x, y, vw, vh in layout(stereo, SIZE)[1]]


@pytest.mark.parametrize("stereo", ["sbs", "sbs-half", "tb"])
def test_text_is_drawn_in_each_eye_at_zero_parallax(stereo: str) -> None:
    s = session(stereo)
    try:
        plain, shown = picture(s, False), picture(s, True)
    finally:
        s.window.close()
    (left, right), (bare, _) = eyes(stereo, shown), eyes(stereo, plain)
    assert (np.abs(left - bare).sum(axis=2) > 60).sum() > 200   # the text is there...
    assert np.abs(left - right).max() <= 2                      # ...alike in both eyes


def test_with_a_console_no_text_in_stereo() -> None:
    s = session("sbs", console=object())
    try:
        assert np.array_equal(picture(s, False), picture(s, True))
    finally:
        s.window.close()


def test_a_numpy_scene_shows_both_eyes_the_same_picture(stripes) -> None:
    s = session("sbs", Stripes.name)
    try:
        frame = picture(s, False)
    finally:
        s.window.close()
    left, right = eyes("sbs", frame)
    assert left.mean() > 40 and left.std() > 10                # the scene, not a fallback
    assert np.abs(left - right).max() <= 2                     # no depth: no parallax
    assert s.faulted_scenes == []


def test_stereo_with_vr_is_refused_and_logged(tmp_path, capsys) -> None:
    log = tmp_path / "s.jsonl"
    assert main(["play", "--vr", "--stereo", "sbs", "--length", "1m", "--log", str(log)]) == 2
    err = capsys.readouterr().err
    assert "--stereo sbs and --vr do not go together" in err and "Traceback" not in err
    assert read_log(log)[-1] == {**read_log(log)[-1], "event": "end",
                                 "outcome": "not_started", "reason": "invalid_input"}


@pytest.mark.parametrize("stereo", ["sbs", "tb"])
def test_the_checkin_question_is_in_each_eye(stereo: str) -> None:
    s = session(stereo)
    clock = {"t": 0.0}

    def sleep(seconds: float) -> None:            # Enter, after the question is shown once
        clock["t"] += seconds
        s.pg.event.post(s.pg.event.Event(s.pg.KEYDOWN, key=s.pg.K_RETURN, unicode="\r"))
    try:
        s.pg.event.clear()
        assert ask_rating(s.window, s.overlay, "before", now=lambda: clock["t"], sleep=sleep,
                          places=s.text_places()) is None
        data = np.frombuffer(s.window.read(), np.uint8).reshape(SIZE[1], SIZE[0], 3)
    finally:
        s.window.close()
    left, right = eyes(stereo, data[::-1].astype(int))
    assert (left.sum(axis=2) > 60).sum() > 100 and np.abs(left - right).max() <= 2
