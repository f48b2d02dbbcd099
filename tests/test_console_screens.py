"""Two real displays: the patient's picture on X screen 0, the console on X screen 1 of
one Xvfb (``-screen 0 1280x720 -screen 1 1920x1080``, which SDL reports as two displays),
each screenshotted on its own. The console's colours are the theme's at known places (an
RGB/BGR or surface-format mix-up would fail), a check-in answered on the console (a 12
typed there is refused and asked again, a 7 clicked on its 0-10 row is logged), and the
patient's screen shows neither text nor the console meanwhile.

Needs Xvfb, xdotool and ffmpeg (tests/xkit.py); skips without them.
"""

import time
from pathlib import Path

import numpy as np
import pygame
import pytest

from player.console import theme
from player.console.view import ConsoleView
from player.sessionlog import read_log
from tests import xkit

pytestmark = xkit.needs()
PATIENT, CONSOLE = (1280, 720), (1920, 1080)
CONFIG = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"


@pytest.fixture(scope="module")
def two_screens():
    with xkit.xvfb(PATIENT, CONSOLE) as display:
        yield display


def test_patient_on_screen_0_console_on_screen_1_and_a_check_in_typed_there(
        two_screens, tmp_path):
    env = xkit.x_env(two_screens)
    log = tmp_path / "session.jsonl"
    with xkit.driftlight(env, "play", str(CONFIG), "--fullscreen", "--console", "1", "--checkin",
                    "--length", "60s", "--log", str(log)) as proc:
        assert xkit.wait_for(lambda: xkit.windows(env, "console") or proc.poll() is not None, 30), \
            proc.stderr
        console = xkit.windows(env, "console")[0]
        x, y, w, h, screen = xkit.geometry(env, console)
        assert screen == 1, "the console did not open on the display asked for"

        def console_shot() -> np.ndarray:
            return xkit.grab(f"{two_screens}.1", CONSOLE)[y:y + h, x:x + w].astype(int)

        assert xkit.wait_for(lambda: console_shot().max() > 100, 20), "the console is not drawn"
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
        patient = xkit.grab(f"{two_screens}.0", PATIENT).astype(int)
        assert (patient.min(axis=2) > 110).sum() == 0, "text on the patient's screen"
        xkit.xdo(env, "windowfocus", "--sync", console)
        xkit.xdo(env, "type", "--window", console, "12")              # typed: over 10, asked again
        xkit.xdo(env, "key", "--window", console, "Return")
        time.sleep(1.0)
        assert "checkin" not in xkit.events(log)
        view._checkin(pygame.Surface((w, h)), view.areas["mirror"], ("?", "", ""))
        seven = view.ratings["7"].rect                      # then 7 clicked on the row
        xkit.xdo(env, "mousemove", "--window", console, str(seven.centerx), str(seven.centery))
        xkit.xdo(env, "click", "--window", console, "1")
        assert xkit.wait_for(lambda: "phase" in xkit.events(log), 30), proc.stderr
        time.sleep(2.0)
        picture = xkit.grab(f"{two_screens}.0", PATIENT).astype(int)
        assert picture.mean() > 4, "the patient's screen is black"   # (its sun may be bright)
        proc.terminate()
        proc.wait(timeout=20)
    got = read_log(log)
    checkin = next(e for e in got if e["event"] == "checkin")
    assert checkin["when"] == "before" and checkin["rating"] == 7
    assert next(e for e in got if e["event"] == "session_start")["console"] == 1
