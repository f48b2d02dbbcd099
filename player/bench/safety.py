"""``driftlight bench safety``: the safety analysis and the live guard against their goals.

- ``check --safety`` speed: the packaged config's session playlist at ``--minutes``
  (default 60), rendered and analysed; goal ≥ 30× real time (60 min in ≤ 2 min).
- video speed: a 1080p30 H.264 test video made here with ffmpeg (testsrc2), decoded
  and analysed; goal ≥ 5× real time.
- the live guard on a calm 480×270 frame: goal median ≤ 0.3 ms.

The machine is shared and noisy: the guard is timed as a median of many frames, and
each speed is a single wall-clock run, so run twice before trusting a miss.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from player.config import PACKAGED_CONFIG, load_config
from player.timeline import Timeline

HELP = "time check --safety, video analysis and the live guard against their goals"
GOAL_PLAYLIST_X, GOAL_VIDEO_X, GOAL_GUARD_MS = 30.0, 5.0, 0.3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--minutes", type=float, default=60.0, metavar="M",
                        help="session length analysed (default 60)")
    parser.add_argument("--video-seconds", type=float, default=20.0, metavar="S",
                        help="length of the generated 1080p30 test video (default 20)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="processes for the playlist analysis (default: automatic)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def bench_playlist(minutes: float, workers: int | None) -> dict[str, float]:
    from player.safety.playlist import analyse_timeline

    config = load_config(PACKAGED_CONFIG)
    timeline = Timeline.build(config.playlist(None), minutes * 60)
    t0 = time.perf_counter()
    report = analyse_timeline(timeline, config.session.seed, workers=workers,
                              brightness_cap=config.display.brightness_cap)
    wall = time.perf_counter() - t0
    return {"session_s": timeline.length, "wall_s": round(wall, 2),
            "x_realtime": round(timeline.length / wall, 1), "verdict": report.verdict}


def bench_video(seconds: float) -> dict[str, float | str]:
    from player.safety.video import analyse_video

    if shutil.which("ffmpeg") is None:
        return {"skipped": "ffmpeg not installed"}
    with tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / "test_1080p30.mp4"
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                        f"testsrc2=s=1920x1080:r=30:d={seconds:g}", "-c:v", "libx264",
                        "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(video)], check=True)
        t0 = time.perf_counter()
        report = analyse_video(video)
        wall = time.perf_counter() - t0
    return {"video_s": seconds, "wall_s": round(wall, 2),
            "x_realtime": round(seconds / wall, 1), "verdict": report.verdict}


def bench_guard(frames: int = 600) -> dict[str, float]:
    """Median ms of the guard on a slowly fading 480×270 frame (its calm path)."""
    from player.safety.guard import Guard

    rng = np.random.default_rng(1)
    base = rng.random((270, 480, 3), dtype=np.float32) * np.float32(0.8)
    guard = Guard()
    img = base.copy()
    guard(img)
    times = []
    for i in range(frames):
        np.multiply(base, np.float32(1.0 - i / (4 * frames)), out=img)
        t0 = time.perf_counter()
        guard(img)
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(float(np.median(times)), 4),
            "p99_ms": round(float(np.percentile(times, 99)), 4),
            "active_frames": guard.active_frames}


def run(args: argparse.Namespace) -> int:
    results = {"guard": bench_guard(), "video": bench_video(args.video_seconds),
               "playlist": bench_playlist(args.minutes, args.workers)}
    ok = {"guard": results["guard"]["median_ms"] <= GOAL_GUARD_MS,
          "video": results["video"].get("x_realtime", GOAL_VIDEO_X) >= GOAL_VIDEO_X,
          "playlist": results["playlist"]["x_realtime"] >= GOAL_PLAYLIST_X}
    if args.json:
        print(json.dumps({"results": results, "ok": ok}, indent=2))
    else:
        g, v, p = results["guard"], results["video"], results["playlist"]
        print(f"guard (480×270, calm): median {g['median_ms']} ms, p99 {g['p99_ms']} ms "
              f"(goal ≤ {GOAL_GUARD_MS} ms) {'ok' if ok['guard'] else 'MISSED'}")
        if "skipped" in v:
            print(f"video: skipped ({v['skipped']})")
        else:
            print(f"video (1080p30, {v['video_s']:g} s): {v['wall_s']} s wall, "
                  f"{v['x_realtime']}× real time (goal ≥ {GOAL_VIDEO_X:g}×) "
                  f"{'ok' if ok['video'] else 'MISSED'}")
        print(f"check --safety ({p['session_s'] / 60:g} min playlist): {p['wall_s']} s wall, "
              f"{p['x_realtime']}× real time (goal ≥ {GOAL_PLAYLIST_X:g}×) "
              f"{'ok' if ok['playlist'] else 'MISSED'}; verdict {p['verdict']}")
    return 0 if all(ok.values()) else 1
