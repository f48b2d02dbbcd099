"""``driftlight bench window``: a real OpenGL window under Xvfb, timed from its own log.

Starts a virtual X server (Xvfb) at the size asked, plays ``driftlight play
--fullscreen`` in it for ``--seconds`` (the ``demo`` playlist, sound off), and reads
the session log: missed deadlines, present-to-present intervals, the internal
resolutions the frame governor chose, and the time from launch to the first frame.
Goals: ≤ 1 % missed deadlines at 60 Hz and the first frame ≤ 1.5 s after launch. It
measures the renderer the X server's GL offers — Mesa's llvmpipe here, a real GPU on a
clinic's machine (run it there with ``--display-env`` to use the real screen).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from player.bench._verdict import verdict
from player.config_format import SHORT_SESSIONS_ENV
from player.errors import UserError
from player.sessionlog import read_log

HELP = "missed deadlines and first frame of a real fullscreen GL window under Xvfb"
GOAL_MISSED = 0.01
GOAL_FIRST_FRAME_S = 1.5
BENCH_CONFIG = """display:
  fps: {fps}
audio:
  enabled: false
session:
  fade_in: 3s
  fade_out: 3s
playlists:
  bench:
    phases:
      - name: drift
        scenes: [nebula, aurora, ocean, starfield]
        rotate: 15s
        weight: 1
        transition: 6s
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", default="1920x1080", metavar="WxH")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--fps", type=float, default=60.0)
    parser.add_argument("--display-env", action="store_true",
                        help="use the current $DISPLAY instead of starting Xvfb")
    parser.add_argument("--json", action="store_true")


def _xvfb(size: str, *more: str) -> tuple[subprocess.Popen, str]:
    """A virtual X server with one screen of ``size`` (WxH), and one more per ``more``."""
    if shutil.which("Xvfb") is None:
        raise UserError("driftlight: error: bench window needs Xvfb (apt-get install xvfb), "
                        "or --display-env to use the current display")
    number = next(n for n in range(120, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    screens = [a for i, s in enumerate((size, *more)) for a in ("-screen", str(i), f"{s}x24")]
    proc = subprocess.Popen(["Xvfb", f":{number}", *screens, "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise UserError("driftlight: error: Xvfb did not start")
        time.sleep(0.05)
    return proc, f":{number}"


def run(args: argparse.Namespace) -> int:
    server = None
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", SHORT_SESSIONS_ENV: "1"}
    if not args.display_env:
        server, env["DISPLAY"] = _xvfb(args.size)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            log, config = Path(tmp) / "s.jsonl", Path(tmp) / "bench.yaml"
            config.write_text(BENCH_CONFIG.format(fps=args.fps))
            launched = time.time()
            proc = subprocess.run([sys.executable, "-m", "player", "play", str(config),
                                   "--fullscreen", "--length", f"{args.seconds}s", "--log",
                                   str(log)], env=env, capture_output=True, text=True,
                                  timeout=args.seconds + 120)
            if proc.returncode != 0:
                raise UserError(f"driftlight: error: bench window: the session failed: "
                                f"{proc.stderr.strip()[-300:]}")
            events = read_log(log)
    finally:
        if server is not None:
            server.kill()
    start = next(e for e in events if e["event"] == "session_start")
    end = events[-1]
    stats = end["stats"]
    deadlines = stats["frames"] + stats["missed"]
    missed = stats["missed"] / max(1, deadlines)
    levels = [start["internal"]] + [e["internal_to"] for e in events if e["event"] == "degrade"]
    first = end["first_frame_unix"] - launched
    data = {"renderer": start.get("renderer"), "size": args.size, "fps": args.fps,
            "missed_share": round(missed, 4), "deadlines": deadlines,
            "p50_ms": stats["p50_ms"], "p99_ms": stats["p99_ms"], "max_ms": stats["max_ms"],
            "internal_sizes": levels, "first_frame_s": round(first, 3)}
    goals = {f"missed deadlines <= {GOAL_MISSED:.0%}": missed <= GOAL_MISSED,
             f"first frame <= {GOAL_FIRST_FRAME_S} s after launch": first <= GOAL_FIRST_FRAME_S}
    lines = [f"renderer: {data['renderer']}",
             f"{args.size} at {args.fps:g} Hz for {args.seconds:g} s: missed "
             f"{stats['missed']} of {deadlines} deadlines ({missed:.2%}); intervals p50 "
             f"{stats['p50_ms']} ms, p99 {stats['p99_ms']} ms, max {stats['max_ms']} ms",
             f"internal sizes chosen: {' -> '.join('x'.join(map(str, s)) for s in levels)}",
             f"first frame {first:.2f} s after launch"]
    return verdict(data, goals, args.json, lines)
