"""The console as a second window of the program in a real X server (Xvfb): both windows
drawn, a click on a console button acts on the session and is logged, a note typed in
the console is logged, and the patient's window shows no text while a console is open.

Needs Xvfb, xdotool and ffmpeg (tests/xkit.py); skips without them.
"""

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from player.sessionlog import read_log
from tests.xkit import (
    driftlight,
    events,
    geometry,
    grab,
    needs,
    wait_for,
    windows,
    x_env,
    xdo,
    xvfb,
)

pytestmark = needs()
SCREEN = (1280, 800)
CONFIG = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"


@pytest.fixture
def xscreen():
    with xvfb(SCREEN) as display:
        yield display


def test_console_window_clicks_notes_and_a_patient_window_without_text(xscreen, tmp_path):
    env = x_env(xscreen)
    log = tmp_path / "session.jsonl"
    with driftlight(env, "play", str(CONFIG), "--windowed", "--console", "window",
                    "--length", "90s", "--log", str(log)) as proc:
        assert wait_for(lambda: "phase" in events(log), 30), proc.stderr
        assert wait_for(lambda: len(windows(env)) >= 2, 20)
        ids = windows(env)
        console = windows(env, "console")[0]
        cx, cy, cw, ch, _ = geometry(env, console)
        time.sleep(3.0)
        shot = grab(xscreen, (cw, ch), (cx, cy))
        # the console's calm dark background, with lighter text and a drawn layout
        assert np.median(shot.reshape(-1, 3), axis=0).max() < 50
        assert (shot.max(axis=2) > 150).mean() > 0.002, "no readable text on the console"
        # a click on the Pause button (first row of buttons, first cell)
        from player.console.view import ConsoleView

        view = ConsoleView()
        view.layout((cw, ch))
        pause = view.buttons["pause"].rect
        xdo(env, "mousemove", "--window", console, str(pause.centerx), str(pause.centery))
        xdo(env, "click", "--window", console, "1")
        assert wait_for(lambda: "pause" in events(log), 10), "a click on Pause did nothing"
        xdo(env, "windowfocus", "--sync", console)
        xdo(env, "key", "--window", console, "space")
        assert wait_for(lambda: "resume" in events(log), 10), "Space in the console"
        xdo(env, "key", "--window", console, "n")
        xdo(env, "type", "--window", console, "calm now")
        xdo(env, "key", "--window", console, "Return")
        assert wait_for(lambda: "note" in events(log), 10), "the note was not logged"
        xdo(env, "key", "--window", console, "minus")          # asks first ...
        time.sleep(1.0)
        assert "retime" not in events(log)
        xdo(env, "key", "--window", console, "y")              # ... and Y confirms
        assert wait_for(lambda: "retime" in events(log), 10)
        xdo(env, "key", "--window", console, "i")              # the overlay key: no text shown
        time.sleep(1.0)
        patient = next(w for w in ids if w != console)
        px, py, pw, ph, _ = geometry(env, patient)
        picture = grab(xscreen, (pw, ph), (px, py)).astype(np.float32)
        cx, cy, cw, ch, _ = geometry(env, console)            # the console lies on top: mask it
        ys, xs = np.mgrid[py:py + ph, px:px + pw]
        free = ~((xs >= cx) & (xs < cx + cw) & (ys >= cy) & (ys < cy + ch))
        assert free.mean() > 0.1
        assert picture[free].mean() > 4, "the patient's window is black"
        # overlay text is drawn in light grey on the dim picture: none may show
        assert (picture[free].min(axis=1) > 110).sum() == 0, "text on the patient's screen"
        proc.terminate()
        proc.wait(timeout=20)
    got = read_log(log)
    note = next(e for e in got if e["event"] == "note")
    assert note["text"] == "calm now" and note["t"] > 0 and "T" in note["wall"]
    retime = next(e for e in got if e["event"] == "retime")
    assert retime["action"] == "shorter"
    assert next(e for e in got if e["event"] == "session_start")["console"] == "window"
    assert got[-1]["event"] == "end"


def test_a_missing_console_display_is_refused_naming_those_connected(xscreen, tmp_path):
    env = x_env(xscreen)
    done = subprocess.run([sys.executable, "-m", "player", "play", str(CONFIG), "--windowed",
                           "--console", "3", "--length", "30s", "--log",
                           str(tmp_path / "s.jsonl")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "console display 3 is not connected" in done.stderr
    assert f"0 ({SCREEN[0]}x{SCREEN[1]}" in done.stderr and "Traceback" not in done.stderr
    assert read_log(tmp_path / "s.jsonl")[-1]["reason"] == "no_display"
