"""End to end in a real X server: a real window, real key presses, a real screenshot.

Needs Xvfb, xdotool and ffmpeg (``.ci/run`` installs them); skips with the reason
when they cannot be found.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from player.sessionlog import read_log

NEEDED = ("Xvfb", "xdotool", "ffmpeg")
MISSING = [tool for tool in NEEDED if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} "
                                "(apt-get install xvfb xdotool ffmpeg)")
SIZE = (960, 540)
CONFIG = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"


@pytest.fixture
def xserver():
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.time() > deadline or proc.poll() is not None:
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    yield display
    proc.terminate()
    proc.wait(timeout=10)


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def events(log: Path) -> list[str]:
    return [e["event"] for e in read_log(log)] if log.exists() else []


def screenshot(display: str, out: Path) -> np.ndarray:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-video_size",
                    f"{SIZE[0]}x{SIZE[1]}", "-i", display, "-frames:v", "1", str(out)],
                   check=True, timeout=30)
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(out), "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], check=True, capture_output=True,
                         timeout=30).stdout
    return np.frombuffer(raw, np.uint8).reshape(SIZE[1], SIZE[0], 3)


def test_real_window_keys_screenshot_and_log(xserver, tmp_path):
    env = {**os.environ, "DISPLAY": xserver, "SDL_AUDIODRIVER": "dummy"}
    env.pop("SDL_VIDEODRIVER", None)
    log = tmp_path / "session.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "player", "play", str(CONFIG),
                             "--fullscreen", "--length", "60s", "--log", str(log)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: "phase" in events(log), 20), proc.stderr
        window = subprocess.run(["xdotool", "search", "--sync", "--class", "driftlight"],
                                env=env, capture_output=True, text=True, timeout=20)
        wid = window.stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, timeout=10)
        time.sleep(4.0)                                    # past the 3 s fade-in

        shot = screenshot(xserver, tmp_path / "screen.png")
        assert shot.mean() > 8, "the screen is black"
        assert shot.std() > 2, "the screen is one flat colour"

        def key(*args: str) -> None:
            subprocess.run(["xdotool", *args], env=env, check=True, timeout=10)

        key("key", "space")
        assert wait_for(lambda: "pause" in events(log), 5)
        key("key", "space")
        assert wait_for(lambda: "resume" in events(log), 5)
        key("key", "bracketleft")
        assert wait_for(lambda: "brightness" in events(log), 5)
        key("keydown", "Escape")
        time.sleep(2.6)
        key("keyup", "Escape")
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, proc.stderr.read()
    got = read_log(log)
    ending = [e for e in got if e["event"] == "ending"]
    assert ending and ending[0]["reason"] == "therapist"
    assert got[-1]["event"] == "end" and got[-1]["outcome"] == "ended_early"
    assert got[0]["display"] == list(SIZE)                  # fullscreen at native resolution
