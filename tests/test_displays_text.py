"""``driftlight displays`` as a person reads it: a line per display, or why there is none."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.xkit import needs, xserver  # noqa: F401  (the Xvfb fixture)


def displays(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "player", "displays"], capture_output=True,
                          text=True, env=env, timeout=60)


def test_without_a_screen_it_says_so(tmp_path):
    res = displays({**os.environ, "SDL_VIDEODRIVER": "dummy"})
    assert res.returncode == 0
    assert res.stdout == "no screen (video driver 'dummy'; on Linux, is DISPLAY set?)\n"


@needs("Xvfb")
def test_each_display_is_one_line(xserver):  # noqa: F811
    env = {**os.environ, "DISPLAY": xserver}
    env.pop("SDL_VIDEODRIVER", None)
    res = displays(env)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("display 0 (960x540") and res.stdout.count("\n") == 1
