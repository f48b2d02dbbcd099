"""Prepare mode in a real X server: two windows of the program (the GL picture and the
software console), a real click on the console's timeline, a real screenshot.

The click must seek to the time under the pointer, and the picture window must then
show exactly what ``driftlight still --at`` renders for that time (the same compositor;
a small tolerance for the screenshot's round trip).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pygame

from player.prepare.view import PrepareView
from player.timeline import Timeline
from tests.test_window_x11 import CONFIG
from tests.xkit import SIZE, geometry, grab, needs, wait_for, windows, x_env, xdo, xserver

__all__ = ["xserver"]
pytestmark = needs()
PICTURE = (320, 180)
GAP = 16          # player.commands.preview puts the picture here


def console_window(env: dict) -> tuple[str, tuple[int, int]] | None:
    """The console's X window id and size, once both windows of the preview are up."""
    if len(windows(env)) < 2 or not (found := windows(env, "prepare")):
        return None
    where = geometry(env, found[0])
    return found[0], (where.w, where.h)


def test_a_click_on_the_timeline_shows_that_moment_as_still_renders_it(xserver, tmp_path):
    env = x_env(xserver)
    proc = subprocess.Popen([sys.executable, "-m", "player", "preview", str(CONFIG),
                             "--length", "10m", "--paused", "--no-sound",
                             "--size", f"{PICTURE[0]}x{PICTURE[1]}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: console_window(env) is not None, 30), "no console window"
        found = console_window(env)
        assert found is not None
        wid, size = found
        view = PrepareView()                  # the console's layout, to aim the click
        view.layout(size)
        view.bar.set_timeline(Timeline.build(_playlist(), 600.0))
        bar = view.bar.parts()[1]
        x, y = bar.left + bar.width * 2 // 3, bar.centery
        at = view.bar.time_at(x)
        still = tmp_path / "still.png"
        subprocess.run([sys.executable, "-m", "player", "still", str(CONFIG), "--length",
                        "10m", "--at", f"{at:.6f}", "--size", f"{PICTURE[0]}x{PICTURE[1]}",
                        "-o", str(still)], check=True, timeout=120, capture_output=True)
        want = pygame.surfarray.array3d(pygame.image.load(str(still))).swapaxes(0, 1)

        def shows_it() -> bool:   # clicks again until the click lands (the same seek)
            xdo(env, "mousemove", "--window", wid, str(x), str(y), "click", "1")
            shot = grab(xserver, SIZE)
            got = shot[GAP:GAP + PICTURE[1], GAP:GAP + PICTURE[0]].astype(int)
            return float(np.abs(got - want).mean()) < 1.0
        assert wait_for(shows_it, 30), "the picture is not that of still --at"
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert proc.returncode in (0, -15), proc.stderr.read()


def _playlist():
    from player.config import load_config

    return load_config(CONFIG).playlist("any-length")
