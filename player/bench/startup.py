"""``driftlight bench startup``: how soon a session shows, and how exactly it ends.

Runs ``driftlight play --headless --length 10s`` (the shipped ``demo`` playlist, which
fits any length; the clinical playlists need minutes) as a user would, a few times, and
reads each session log: the time from launch to the first frame, and how long after
its first frame the process was gone (the goal: the requested length, within 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from player.bench._verdict import verdict
from player.config_format import SHORT_SESSIONS_ENV
from player.sessionlog import read_log

HELP = "launch-to-first-frame and end accuracy of 'play --headless --length 10s'"
GOAL_FIRST_FRAME_S = 1.5
GOAL_END_S = 0.5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", nargs="?", metavar="CONFIG")
    parser.add_argument("--playlist", default="demo", help="a playlist that fits --length "
                        "(default: the shipped 'demo', which fits any length)")
    parser.add_argument("--length", type=float, default=10.0, help="session seconds")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")


def one_run(config: str | None, playlist: str, length: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "s.jsonl"
        cmd = [sys.executable, "-m", "player", "play", "--headless", "--length", f"{length}s",
               "--log", str(log), "--playlist", playlist, *([config] if config else [])]
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
               SHORT_SESSIONS_ENV: "1"}       # a 10 s session: shorter than a clinic's
        launched = time.time()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        exited = time.time()
        first = read_log(log)[-1]["first_frame_unix"]
    return {"first_frame_s": round(first - launched, 3),          # launch → first frame
            "end_error_s": round(exited - first - length, 3)}     # first frame → exit, − length


def run(args: argparse.Namespace) -> int:
    runs = [one_run(args.config, args.playlist, args.length) for _ in range(args.runs)]
    med = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    goals = {"first frame < 1.5 s after launch": med["first_frame_s"] < GOAL_FIRST_FRAME_S,
             "ends within 0.5 s of the length": abs(med["end_error_s"]) <= GOAL_END_S}
    return verdict({"median": med, "runs": runs}, goals, args.json,
                   (f"{k:<22} {v} s (median of {args.runs})" for k, v in med.items()))
