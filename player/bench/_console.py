"""``driftlight bench session --console``: the same session with the console off and on.

Starts one virtual X server with two screens, as a clinic's desk has two displays — the
patient's (screen 0, 1280×720) and the therapist's (screen 1, 1920×1080) — and plays the
same session (same config, playlist, length and seed, fullscreen on screen 0, sound to
SDL's dummy device; without a config, ``bench window``'s four-scene playlist at
``--fps``, default 60) ``--rounds`` times each way, alternating off / on so that the
machine's other load falls on both alike. Each run is read back from its own session
log: missed deadlines and the p99 present-to-present interval of the patient's frames,
and, with the console, its redraw rate and what each of its slices of work cost
(``console_stats``). The goals are the issue's: the console redraws at ≤ 15 fps, and
costs the patient nothing measurable (medians over the rounds; a console that makes the
patient's frames *better* is not a failure): with it, the share of deadlines missed no
more than without, within noise — 3·√n of the deadlines (missed deadlines are counts of
rare events), or the spread between runs of one kind — and the p99 of how far each
frame interval is off the frame period no more than 0.2 ms worse. The period, not the
interval: on a software renderer the frame governor may settle at a different rate in
each run, and intervals at 30 Hz and at 20 Hz are not comparable; their distance from
their own period is. Each run's rate and raw p99 interval are listed too.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from player.bench.window import BENCH_CONFIG, _xvfb
from player.config_format import SHORT_SESSIONS_ENV
from player.errors import UserError
from player.sessionlog import read_log

PATIENT, CONSOLE = "1280x720", "1920x1080"
GOAL_FPS = 15.0
GOAL_P99_MS = 0.2


def one_run(args: argparse.Namespace, env: dict, folder: Path, name: str,
            console: str) -> dict[str, Any]:
    """Play the session once and read its numbers from the log."""
    log = folder / f"{name}.jsonl"
    cmd = [sys.executable, "-m", "player", "play", args.config or str(folder / "bench.yaml"),
           *(["--playlist", args.playlist] if args.playlist else []), "--fullscreen",
           "--display", "0", "--console", console, "--length", f"{args.minutes * 60:g}s",
           "--seed", "7", "--log", str(log)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True,
                          timeout=args.minutes * 60 + 180)
    if done.returncode != 0:
        raise UserError(f"driftlight: error: bench session --console: the session failed: "
                        f"{done.stderr.strip()[-400:]}")
    events = read_log(log)
    stats = next(e for e in reversed(events) if e["event"] == "end")["stats"]
    deadlines = stats["frames"] + stats["missed"]
    out = {"missed": stats["missed"], "deadlines": deadlines, "p50_ms": stats["p50_ms"],
           "p99_ms": stats["p99_ms"], "p99_off_ms": stats["p99_abs_error_ms"],
           "rate_hz": round(deadlines / (args.minutes * 60), 1)}
    con = next((e for e in events if e["event"] == "console_stats"), None)
    if con is not None:
        out |= {k: con[k] for k in ("fps", "redraws", "slice_p50_ms", "slice_p99_ms",
                                    "slice_max_ms")}
    return out


def measure(args: argparse.Namespace) -> tuple[dict, dict[str, bool], list[str]]:
    """The runs, their medians, the goals met and the lines to print."""
    server, display = _xvfb(PATIENT, CONSOLE)
    env = {**os.environ, "DISPLAY": display, "SDL_AUDIODRIVER": "dummy",
           SHORT_SESSIONS_ENV: "1"}
    env.pop("SDL_VIDEODRIVER", None)
    runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "bench.yaml").write_text(BENCH_CONFIG.format(fps=args.fps or 60))
            for i in range(args.rounds):
                for mode, console in (("off", "off"), ("on", "1")):
                    runs[mode].append(one_run(args, env, Path(tmp), f"{mode}{i}", console))
    finally:
        server.kill()
        server.wait()
    return judge(runs, args.minutes)


def judge(runs: dict[str, list[dict[str, Any]]],
          minutes: float) -> tuple[dict, dict[str, bool], list[str]]:
    """Medians of the runs each way, the goals met, and the lines to print."""
    rounds = len(runs["off"])
    med = {mode: {k: statistics.median(r.get(k, 0) for r in rs) for k in rs[-1]}
           for mode, rs in runs.items()}
    off, on = med["off"], med["on"]
    share = {mode: m["missed"] / max(1, m["deadlines"]) for mode, m in med.items()}
    noise = max(3 * math.sqrt(max(off["missed"], on["missed"], 1)) / max(1, off["deadlines"]),
                *(_spread([r["missed"] / max(1, r["deadlines"]) for r in rs])
                  for rs in runs.values()))
    data = {"rounds": rounds, "minutes_each": minutes, "off": off, "on": on,
            "runs": runs, "missed_share": share, "missed_share_noise": round(noise, 5)}
    goals = {
        f"console redraws <= {GOAL_FPS:g} fps": on.get("fps", 0) <= GOAL_FPS,
        "missed deadlines with the console no more than without, within noise":
        share["on"] - share["off"] <= noise,
        f"p99 off the frame period with the console within {GOAL_P99_MS} ms of without":
        on["p99_off_ms"] - off["p99_off_ms"] <= GOAL_P99_MS,
    }
    lines = [f"the same {minutes:g}-minute session, fullscreen on a {PATIENT} screen, "
             f"{rounds} round(s) each way (medians):",
             f"{'':14}{'missed':>8}{'of':>7}{'share':>8}{'rate Hz':>9}{'p50 ms':>8}"
             f"{'p99 ms':>8}{'p99 off period ms':>19}",
             *(f"console {mode:<6}{m['missed']:>8g}{m['deadlines']:>7g}{share[mode]:>8.2%}"
               f"{m['rate_hz']:>9.1f}{m['p50_ms']:>8.1f}{m['p99_ms']:>8.1f}"
               f"{m['p99_off_ms']:>19.1f}" for mode, m in med.items()),
             f"console on the {CONSOLE} screen: {on.get('fps', 0):.1f} redraws/s; its "
             f"slices p50 {on.get('slice_p50_ms', 0):.1f} ms, p99 "
             f"{on.get('slice_p99_ms', 0):.1f} ms, max {on.get('slice_max_ms', 0):.1f} ms",
             f"noise allowed on the missed share: {noise:.2%}",
             *(f"  run {i + 1}, console {mode}: missed {r['missed']} of {r['deadlines']} "
               f"at {r['rate_hz']:g} Hz, p99 {r['p99_ms']:.1f} ms ({r['p99_off_ms']:.1f} off "
               f"the period)" + (f", {r['fps']:.1f} redraws/s" if "fps" in r else "")
               for mode, rs in runs.items() for i, r in enumerate(rs))]
    return data, goals, lines


def _spread(values: list[float]) -> float:
    return max(values) - min(values) if len(values) > 1 else 0.0
