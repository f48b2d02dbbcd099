"""Prepare mode without a screen: a fake clock, a headless picture, a console surface.

A click on the timeline seeks there and the picture is then exactly what ``still --at``
renders; the buttons and keys step, change speed and re-fit the length; saving a broken
config shows its errors in FILE:LINE:COL form and keeps the preview alive.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pygame
import pytest

from player.commands.preview import _loader
from player.compositor import Compositor
from player.display import DisplayRequest, Window
from player.prepare.app import SHARPEN_AFTER_S, PrepareApp
from player.prepare.model import Prepare
from player.prepare.watch import POLL_S, ConfigWatch
from player.timeline import Timeline

CONFIG = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"
SIZE = (192, 108)


def args_for(config: Path, length: str = "10m") -> argparse.Namespace:
    return argparse.Namespace(config=str(config), playlist=None, length=length, seed=None,
                              plugin=[], client=None)


@pytest.fixture
def app(tmp_path):
    config = tmp_path / "config.yaml"
    shutil.copy(CONFIG, config)
    model = Prepare(_loader(args_for(config)), at=0.0, paused=True)
    window = Window(DisplayRequest(headless=True, size=SIZE))
    console = pygame.Surface((640, 400))
    made = PrepareApp(model, window, console, watch=ConfigWatch([config]))
    made.config = config
    yield made
    made.close()
    window.close()


def picture(app: PrepareApp) -> np.ndarray:
    w, h = app.window.size
    return np.frombuffer(app.window.read(), np.uint8).reshape(h, w, 3)[::-1]


def still(app: PrepareApp, t: float) -> np.ndarray:
    """What ``still --at t`` renders: the same compositor, no guard, full resolution."""
    plan = app.model.plan
    comp = Compositor(SIZE, seed=plan.seed, guard=False,
                      brightness_cap=plan.config.display.brightness_cap)
    return comp.frame(app.model.timeline.at(t))


def click(x: int, y: int) -> list:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=1)]


def settle(app: PrepareApp, wall: float) -> float:
    """Frames until the picture is sharp (a draft first, then full resolution)."""
    for _ in range(3):
        app.frame(wall)
        wall += SHARPEN_AFTER_S
    return wall


def test_a_click_on_the_timeline_seeks_there_and_shows_that_moment(app):
    wall = settle(app, 0.0)
    bar = app.view.bar.parts()[1]
    x, y = bar.left + bar.width * 2 // 3, bar.centery
    expected = app.view.bar.time_at(x)
    assert 350 < expected < 450                       # two thirds into ten minutes
    app.frame(wall, click(x, y))
    assert app.model.time(wall) == pytest.approx(expected)
    assert app.model.paused
    settle(app, wall + 0.1)
    diff = np.abs(picture(app).astype(int) - still(app, expected).astype(int))
    assert diff.mean() < 1.0 and np.percentile(diff, 99) <= 3     # the dither, no more


def test_buttons_and_keys_step_play_at_speed_and_refit_the_length(app):
    wall = settle(app, 0.0)
    m = app.model
    grid = app.view.grid
    app.frame(wall, click(*grid["fwd_1m"].rect.center))
    assert m.time(wall) == pytest.approx(60.0)
    key = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, unicode="")
    app.frame(wall, [key])
    assert m.time(wall) == pytest.approx(70.0)
    app.frame(wall, click(*grid["speed_16"].rect.center))
    app.frame(wall, click(*grid["pause"].rect.center))
    assert not m.paused and m.speed == 16.0
    assert m.time(wall + 2.0) == pytest.approx(70.0 + 32.0)
    before = m.timeline
    app.frame(wall + 2.0, click(*grid["longer"].rect.center))
    assert m.timeline.length == before.length + 300
    refit = Timeline.build(before.playlist, before.length + 300)
    assert [(p.start, p.end) for p in m.timeline.phases] == \
        [(p.start, p.end) for p in refit.phases]
    assert m.time(wall + 2.0) == pytest.approx(102.0)   # the time stays where it was
    assert "15:00" in m.note or "0:15:00" in m.note


def test_a_broken_config_shows_its_errors_and_a_fix_brings_the_picture_back(app):
    wall = settle(app, 0.0)
    app.model.seek(120.0, wall)
    wall = settle(app, wall)
    good = picture(app).copy()
    text = app.config.read_text()
    app.config.write_text(text.replace("scene: ocean", "scene: [ocean"))
    os.utime(app.config, ns=(1, 1))
    wall = settle(app, wall + POLL_S)
    errors = app.model.errors
    assert errors and re.match(r".*config\.yaml:\d+:\d+: error: ", errors[0]), errors
    assert picture(app).mean() < good.mean() * 0.6          # dimmed behind the errors
    assert app.model.time(wall) == pytest.approx(120.0)
    app.config.write_text(text)
    os.utime(app.config, ns=(2, 2))
    wall = settle(app, wall + POLL_S)
    assert app.model.errors == []
    assert app.model.time(wall) == pytest.approx(120.0)
    diff = np.abs(picture(app).astype(int) - good.astype(int))
    assert diff.mean() < 1.0


class FakeSound:
    """Records what the preview asks of the sound (audio.live.LiveAudio's controls)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        return lambda *a: self.calls.append((name, *a))


def test_sound_plays_at_1x_only_and_follows_a_seek(app):
    sound = app.sound = FakeSound()
    wall = settle(app, 0.0)
    assert ("set_timeline", app.model.timeline) in sound.calls
    assert not [c for c in sound.calls if c[0] in ("resume", "sync")]     # paused: silent
    app.model.seek(100.0, wall)
    app.act("pause", wall)                                                # play at 1x
    app.frame(wall)
    assert ("resume", 100.0) in sound.calls and ("set_volume", app.volume) in sound.calls
    assert sound.calls[-1] == ("sync", 100.0)
    app.frame(wall + 1.0, click(*app.view.grid["fwd_1m"].rect.center))
    assert sound.calls[-1] == ("sync", 161.0)          # the sound crossfades to the new time
    sound.calls.clear()
    app.act("speed_4", wall + 1.0)
    app.frame(wall + 2.0)
    assert sound.calls == [("set_volume", 0.0), ("pause",)]   # faded out, not cut
    app.act("longer", wall + 2.0)
    app.frame(wall + 2.0)
    assert sound.calls[-1] == ("set_timeline", app.model.timeline)


def test_docs_list_every_key_of_prepare_mode():
    from player.prepare.keys import help_rows

    doc = (Path(__file__).resolve().parents[1] / "docs" / "prepare.md").read_text()
    for keys, text in help_rows():
        assert f"| {keys} |" in doc and f"| {text} |" in doc, f"docs/prepare.md lacks {keys}"


def test_the_storyboard_strip_arrives_from_the_background_and_a_picture_seeks(app):
    import time

    from player.prepare.thumbs import Thumbnails

    app.thumbnails = Thumbnails()
    wall = settle(app, 0.0) + 1.0
    deadline = time.monotonic() + 60
    phases = {p.index for p in app.model.timeline.phases}
    while {app.model.timeline.phase_at(m).index for m in app.strip} != phases:
        assert time.monotonic() < deadline, "no storyboard pictures arrived"
        app.frame(wall)
        wall += 0.05
        time.sleep(0.05)
    app._console_at = -1.0
    app.frame(wall)
    rect, moment = app.view._thumbs[-1]                 # the last phase's picture
    assert app.model.timeline.phase_at(moment).index == max(phases)
    picture = app.strip[moment]
    assert picture.get_size() == app.thumbnails.job.size and \
        pygame.surfarray.array3d(picture).mean() > 5      # a real picture, not black
    app.frame(wall, click(*rect.center))
    assert app.model.time(wall) == pytest.approx(moment)
