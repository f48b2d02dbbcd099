"""Two real displays: the patient's picture on X screen 0, the console on X screen 1 of
one Xvfb (``-screen 0 1280x720 -screen 1 1920x1080``, which SDL reports as two displays),
each screenshotted on its own. The console's colours are the theme's at known places (an
RGB/BGR or surface-format mix-up would fail), a check-in answered on the console (a 12
typed there is refused and asked again, a 7 clicked on its 0-10 row is logged), and the
patient's screen shows neither text nor the console meanwhile.

Needs Xvfb, xdotool and ffmpeg (as tests/test_window_x11.py); skips without them.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame
import pytest

from player.console import theme
from player.console.view import ConsoleView
from player.sessionlog import read_log
from tests.test_window_x11 import MISSING, events, wait_for

pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)}")
PATIENT, CONSOLE = (1280, 720), (1920, 1080)
CONFIG = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"


@pytest.fixture(scope="module")
def two_screens():
    number = next(n for n in range(220, 320) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "{}x{}x24".format(*PATIENT),
                             "-screen", "1", "{}x{}x24".format(*CONSOLE), "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.time() > deadline or proc.poll() is not None:
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    yield display
    proc.terminate()
    proc.wait(timeout=10)


def grab(screen: str, size: tuple[int, int]) -> np.ndarray:
    """One X screen, whole, as RGB (without the mouse pointer: x11grab draws it at its
    coordinates on whichever screen is grabbed)."""
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "x11grab", "-draw_mouse", "0",
                          "-video_size", f"{size[0]}x{size[1]}", "-i", screen, "-frames:v",
                          "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], check=True,
                         capture_output=True, timeout=30).stdout
    return np.frombuffer(raw, np.uint8).reshape(size[1], size[0], 3)


def test_patient_on_screen_0_console_on_screen_1_and_a_check_in_typed_there(
        two_screens, tmp_path):
    env = {**os.environ, "DISPLAY": two_screens, "SDL_AUDIODRIVER": "dummy"}
    env.pop("SDL_VIDEODRIVER", None)
    log = tmp_path / "session.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "player", "play", str(CONFIG),
                             "--fullscreen", "--console", "1", "--checkin", "--length", "60s",
                             "--log", str(log)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)

    def xdo(*args: str) -> str:
        return subprocess.run(["xdotool", *args], env=env, check=True, timeout=20,
                              capture_output=True, text=True).stdout

    try:
        def consoles() -> list[str]:
            def run(*args: str) -> str:
                return subprocess.run(["xdotool", *args], env=env, capture_output=True,
                                      text=True, timeout=20).stdout
            return [w for w in run("search", "--class", "driftlight").split()
                    if "console" in run("getwindowname", w)]

        assert wait_for(lambda: consoles() or proc.poll() is not None, 30), proc.stderr
        console = consoles()[0]
        where = dict(line.split("=") for line in
                     xdo("getwindowgeometry", "--shell", console).split())
        assert where["SCREEN"] == "1", "the console did not open on the display asked for"
        x, y, w, h = (int(where[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))

        def console_shot() -> np.ndarray:
            return grab(f"{two_screens}.1", CONSOLE)[y:y + h, x:x + w].astype(int)

        assert wait_for(lambda: console_shot().max() > 100, 20), "the console is not drawn"
        shot = console_shot()
        view = ConsoleView()
        view.layout((w, h))
        panel = view.areas["status"]
        button = view.buttons["pause"].rect
        for (px, py), colour in (((3, 3), theme.BACKGROUND),
                                 ((panel.right - 12, panel.bottom - 4), theme.PANEL),
                                 ((button.left + 6, button.bottom - 6), theme.BUTTON)):
            got = shot[py, px]
            assert np.abs(got - colour).max() <= 3, f"{got} at {px},{py}, want {colour}"
        # the patient's screen during the check-in: no text, no console
        patient = grab(f"{two_screens}.0", PATIENT).astype(int)
        assert (patient.min(axis=2) > 110).sum() == 0, "text on the patient's screen"
        xdo("windowfocus", "--sync", console)
        xdo("type", "--window", console, "12")              # typed: over 10, asked again
        xdo("key", "--window", console, "Return")
        time.sleep(1.0)
        assert "checkin" not in events(log)
        view._checkin(pygame.Surface((w, h)), view.areas["mirror"], ("?", "", ""))
        seven = view.ratings["7"].rect                      # then 7 clicked on the row
        xdo("mousemove", "--window", console, str(seven.centerx), str(seven.centery))
        xdo("click", "--window", console, "1")
        assert wait_for(lambda: "phase" in events(log), 30), proc.stderr
        time.sleep(2.0)
        picture = grab(f"{two_screens}.0", PATIENT).astype(int)
        assert picture.mean() > 4, "the patient's screen is black"   # (its sun may be bright)
        proc.terminate()
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    got = read_log(log)
    checkin = next(e for e in got if e["event"] == "checkin")
    assert checkin["when"] == "before" and checkin["rating"] == 7
    assert next(e for e in got if e["event"] == "session_start")["console"] == 1
