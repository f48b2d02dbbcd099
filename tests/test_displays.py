"""A session is only played where someone can see it: no screen, or a missing projector,
is one clear line and exit 2 before anything plays; ``driftlight displays`` lists them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.xkit import needs, x_env, xserver  # noqa: F401  (the Xvfb fixture)


def play(tmp_path, env, *extra):
    log = tmp_path / "s.jsonl"
    proc = subprocess.run([sys.executable, "-m", "player", "play", "--playlist", "demo",
                           "--length", "10s", "--log", str(log), *extra],
                          capture_output=True, text=True, env=env, timeout=60)
    return proc, [json.loads(line) for line in log.read_text().splitlines()]


def test_no_screen_is_refused_before_the_session(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    proc, events = play(tmp_path, env)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no screen" in proc.stderr
    assert "--headless" in proc.stderr
    assert events[-1]["event"] == "end" and events[-1]["outcome"] == "not_started"


@needs("Xvfb")
def test_a_missing_projector_is_refused_naming_the_displays(tmp_path, xserver):  # noqa: F811
    env = x_env(xserver)
    proc, events = play(tmp_path, env, "--display", "1")
    assert proc.returncode == 2
    assert "display 1 is not connected" in proc.stderr and "0 (960x540" in proc.stderr
    assert events[-1]["outcome"] == "not_started"
    listing = subprocess.run([sys.executable, "-m", "player", "displays", "--json"],
                             capture_output=True, text=True, env=env, timeout=60)
    found = json.loads(listing.stdout)["displays"]
    assert [d["size"] for d in found] == [[960, 540]]
