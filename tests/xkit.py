"""Real X servers for the tests: an Xvfb with the screens asked for, the environment that
runs the program on it, screenshots of a screen (or a part of one), xdotool, and waiting
on a session log.

Xvfb picks a free display number itself (``-displayfd``), so tests running side by side
never race for one. Needs Xvfb, xdotool and ffmpeg (``.ci/run`` installs them); the tests
skip with the reason when one is missing.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from player.sessionlog import read_log

TOOLS = ("Xvfb", "xdotool", "ffmpeg")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
SIZE = (960, 540)                   # the one screen of the ``xserver`` fixture


def needs(*tools: str) -> pytest.MarkDecorator:
    """Skip unless ``tools`` (all of TOOLS when none named) are installed."""
    missing = [tool for tool in tools or TOOLS if tool in MISSING]
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} "
                              "(apt-get install xvfb xdotool ffmpeg)")


@contextmanager
def xvfb(*screens: tuple[int, int]) -> Iterator[str]:
    """An X server with one screen per size given (SDL reports each as a display); yields
    its display (``":N"``). Skips the test when Xvfb does not start within 10 s."""
    read, write = os.pipe()
    args = [a for i, (w, h) in enumerate(screens) for a in ("-screen", str(i), f"{w}x{h}x24")]
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), *args, "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as ready:      # the number is written once it takes clients
            number = ready.readline().strip() if select.select([ready], [], [], 10)[0] else ""
        if not number:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def xserver() -> Iterator[str]:
    """One 960×540 screen."""
    with xvfb(SIZE) as display:
        yield display


def x_env(display: str) -> dict[str, str]:
    """The environment that runs the program on ``display`` (a real SDL video driver, no
    sound device)."""
    env = {**os.environ, "DISPLAY": display, "SDL_AUDIODRIVER": "dummy"}
    env.pop("SDL_VIDEODRIVER", None)
    return env


@contextmanager
def driftlight(env: dict[str, str], *args: str) -> Iterator[subprocess.Popen]:
    """``python -m player args`` on ``env``'s display (output kept in pipes), killed on
    leaving if it still runs."""
    proc = subprocess.Popen([sys.executable, "-m", "player", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def grab(screen: str, size: tuple[int, int], at: tuple[int, int] = (0, 0)) -> np.ndarray:
    """``size`` (w, h) pixels of X screen ``screen`` (``":N"`` or ``":N.1"``) from ``at``, as
    RGB uint8 rows, without the mouse pointer (x11grab would draw it at its coordinates on
    whichever screen is grabbed)."""
    (w, h), (x, y) = size, at
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "x11grab", "-draw_mouse", "0",
                          "-video_size", f"{w}x{h}", "-i", f"{screen}+{x},{y}", "-frames:v",
                          "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], check=True,
                         capture_output=True, timeout=30).stdout
    return np.frombuffer(raw, np.uint8).reshape(h, w, 3)


def xdo(env: dict[str, str], *args: str, check: bool = True) -> str:
    """Run ``xdotool args`` on ``env``'s display; its output."""
    return subprocess.run(["xdotool", *args], env=env, check=check, timeout=20,
                          capture_output=True, text=True).stdout


def windows(env: dict[str, str], named: str = "") -> list[str]:
    """The program's X windows (class driftlight) whose title holds ``named``."""
    found = xdo(env, "search", "--class", "driftlight", check=False).split()
    return [w for w in found if named in xdo(env, "getwindowname", w, check=False)]


class Geometry(NamedTuple):
    x: int
    y: int
    w: int
    h: int
    screen: int


def geometry(env: dict[str, str], wid: str) -> Geometry:
    """Where window ``wid`` lies, and on which X screen."""
    v = dict(line.split("=") for line in xdo(env, "getwindowgeometry", "--shell", wid).split())
    return Geometry(*(int(v[k]) for k in ("X", "Y", "WIDTH", "HEIGHT", "SCREEN")))


def wait_for(predicate: Callable[[], object], seconds: float) -> bool:
    """Poll ``predicate`` until true (True) or ``seconds`` pass (False)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def events(log: Path) -> list[str]:
    """The events a session log holds so far (none before it exists)."""
    return [e["event"] for e in read_log(log)] if log.exists() else []
