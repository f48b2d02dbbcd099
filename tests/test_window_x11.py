"""End to end in a real X server: a real window, real key presses, a real screenshot.

Needs Xvfb, xdotool and ffmpeg (``.ci/run`` installs them); skips with the reason
when they cannot be found.
"""

import time
from pathlib import Path

from player.sessionlog import read_log
from tests.xkit import SIZE, driftlight, events, grab, needs, wait_for, x_env, xdo, xserver

__all__ = ["xserver"]
pytestmark = needs()
CONFIG = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"


def test_real_window_keys_screenshot_and_log(xserver, tmp_path):
    env = x_env(xserver)
    log = tmp_path / "session.jsonl"
    with driftlight(env, "play", str(CONFIG), "--fullscreen", "--length", "60s", "--log",
                    str(log)) as proc:
        assert wait_for(lambda: "phase" in events(log), 20), proc.stderr
        wid = xdo(env, "search", "--sync", "--class", "driftlight").split()[0]
        xdo(env, "windowfocus", "--sync", wid, check=False)
        time.sleep(4.0)                                    # past the 3 s fade-in

        shot = grab(xserver, SIZE)
        assert shot.mean() > 8, "the screen is black"
        assert shot.std() > 2, "the screen is one flat colour"

        xdo(env, "key", "space")
        assert wait_for(lambda: "pause" in events(log), 5)
        xdo(env, "key", "space")
        assert wait_for(lambda: "resume" in events(log), 5)
        xdo(env, "key", "bracketleft")
        assert wait_for(lambda: "brightness" in events(log), 5)
        xdo(env, "keydown", "Escape")
        time.sleep(2.6)
        xdo(env, "keyup", "Escape")
        proc.wait(timeout=15)
    assert proc.returncode == 0, proc.stderr.read()
    got = read_log(log)
    ending = [e for e in got if e["event"] == "ending"]
    assert ending and ending[0]["reason"] == "therapist"
    assert got[-1]["event"] == "end" and got[-1]["outcome"] == "ended_early"
    assert got[0]["display"] == list(SIZE)                  # fullscreen at native resolution
