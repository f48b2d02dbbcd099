"""``driftlight bench safety``: the flash-safety analysis and the live guard against goals.

- **corpus**: the known-answer videos of :mod:`player.safety.corpus`, built here with
  ffmpeg; ``safety VIDEO`` must be right on every one. Where EA's IRIS (its Python port,
  ``pip install iris-pse-detection``) is importable — here, or in the interpreter given
  by ``--iris-python`` — it runs on the same files in the same run: its accuracy, and
  how much longer it took than we did.
- **video speed**: a 1080p30 H.264 video made here (testsrc2), decoded and analysed;
  goal ≥ 5× real time.
- **check --safety speed**: the packaged config's session at ``--minutes`` (default 60);
  goal ≥ 30× real time.
- **strobe sweep**: full-screen strobe plugins from 3.5 to 60 Hz, square and sine, through
  ``check --safety``; every one must fail.
- **live guard**: in the numpy model of the compositor, every adversarial plugin's shown
  output passes the analyser, the 0.5 Hz fade and 2.5-a-second cuts are shown within
  2/255, and ``judge`` on a calm 128×72 probe takes a median ≤ 0.3 ms.

The machine is shared and noisy: speeds are single wall-clock runs, so run twice
before trusting a miss.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from player.bench._verdict import verdict
from player.errors import UserError

HELP = "check the flash-safety analysis (accuracy, speed) and the live guard against goals"
GOAL_PLAYLIST_X, GOAL_VIDEO_X, GOAL_GUARD_MS = 30.0, 5.0, 0.3
SWEEP_HZ = (3.5, 4.0, 5.0, 8.0, 12.0, 15.0, 16.0, 17.0, 20.0, 30.0, 32.0, 45.0, 59.0, 60.0)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--minutes", type=float, default=60.0, metavar="M",
                        help="session length for the check --safety speed (default 60)")
    parser.add_argument("--video-seconds", type=float, default=20.0, metavar="S",
                        help="length of the generated 1080p30 test video (default 20)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="processes for the playlist analysis (default: automatic)")
    parser.add_argument("--iris-python", metavar="PYTHON", default=None,
                        help="a Python interpreter with iris-pse-detection installed, to "
                             "compare with EA's IRIS (default: this one, if it has it)")
    parser.add_argument("--skip", action="append", default=[], metavar="PART",
                        choices=("corpus", "video", "playlist", "sweep", "guard"),
                        help="leave out one part (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


# -- the corpus ---------------------------------------------------------------------------
def bench_corpus(iris_python: str | None) -> dict[str, Any]:
    from player.safety import corpus
    from player.safety.video import analyse_video

    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        return {"skipped": "ffmpeg not installed"}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = corpus.cases()
        paths = [corpus.build(case, folder) for case in cases]
        ours_s = 0.0
        for case, path in zip(cases, paths, strict=True):
            t0 = time.perf_counter()
            try:
                report = analyse_video(path)
                got, complete = report.verdict, report.complete
            except UserError:
                got, complete = "error", True
            ours_s += time.perf_counter() - t0
            right = got in case.accept and complete == case.complete
            rows.append({"case": case.name, "expected": "|".join(sorted(case.accept)),
                         "driftlight": got, "right": right})
        iris = run_iris(paths, iris_python)
    out: dict[str, Any] = {"cases": rows, "right": sum(r["right"] for r in rows),
                           "total": len(rows), "seconds": round(ours_s, 2)}
    if "results" in iris:
        iris_right = 0
        for row, case, res in zip(rows, cases, iris["results"], strict=True):
            row["iris"] = res
            iris_right += res in case.accept
        out["iris"] = {"right": iris_right, "seconds": iris["seconds"],
                       "slower_x": round(iris["seconds"] / max(ours_s, 1e-9), 2)}
    else:
        out["iris"] = {"skipped": iris["skipped"]}
    return out


IRIS_SCRIPT = r"""
import contextlib, io, json, sys, tempfile, time
from iris_pse_detection import Configuration, VideoAnalyser
out = []
total = 0.0
for path in sys.argv[1:]:
    config = Configuration()
    config.results_path = tempfile.mkdtemp() + "/"
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            name = VideoAnalyser(config).analyse_video(path).overall_result.name
        verdict = ("warning" if name == "PassWithWarning" else "pass" if name == "Pass"
                   else "fail")
    except Exception:
        verdict = "error"
    total += time.perf_counter() - t0
    out.append(verdict)
print(json.dumps({"results": out, "seconds": round(total, 2)}))
"""


def run_iris(paths: list[Path], python: str | None) -> dict[str, Any]:
    """IRIS's verdicts on ``paths`` (in another process), or why it was skipped."""
    if python is None:
        try:
            import iris_pse_detection  # noqa: F401
        except ImportError:
            return {"skipped": "IRIS is not installed (pip install iris-pse-detection, or "
                               "--iris-python PATH)"}
        python = sys.executable
    try:
        proc = subprocess.run([python, "-c", IRIS_SCRIPT, *map(str, paths)],
                              capture_output=True, text=True, timeout=3600, check=False)
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        return {"results": data["results"], "seconds": float(data["seconds"])}
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError, KeyError) as e:
        return {"skipped": f"IRIS did not run ({type(e).__name__})"}


# -- speed --------------------------------------------------------------------------------
def bench_video(seconds: float) -> dict[str, Any]:
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


def bench_playlist(minutes: float, workers: int | None) -> dict[str, Any]:
    from player.config import PACKAGED_CONFIG, load_config
    from player.safety.playlist import analyse_timeline
    from player.timeline import Timeline

    config = load_config(PACKAGED_CONFIG)
    timeline = Timeline.build(config.playlist(None), minutes * 60)
    t0 = time.perf_counter()
    report = analyse_timeline(timeline, config.session.seed, workers=workers,
                              brightness_cap=config.display.brightness_cap)
    wall = time.perf_counter() - t0
    return {"session_s": timeline.length, "wall_s": round(wall, 2),
            "x_realtime": round(timeline.length / wall, 1), "verdict": report.verdict,
            "notes": list(report.notes)}


# -- the strobe sweep ---------------------------------------------------------------------
def bench_sweep(frequencies: tuple[float, ...] = SWEEP_HZ) -> dict[str, Any]:
    from player.safety.strobes import register_strobe

    rows = []
    t0 = time.perf_counter()
    for hz in frequencies:
        for wave in ("square", "sine"):
            report = check_strobe(register_strobe(), hz, wave)
            rows.append({"hz": hz, "wave": wave, "verdict": report.verdict,
                         "flashes_per_s": report.worst["general"].flashes_per_s})
    return {"cases": rows, "failing": sum(r["verdict"] == "fail" for r in rows),
            "total": len(rows), "wall_s": round(time.perf_counter() - t0, 1)}


def check_strobe(scene: str, hz: float, wave: str, seconds: float = 5.0) -> Any:
    """``check --safety`` of a playlist that is nothing but the strobe plugin."""
    from player.playlist import PhaseSpec, Playlist, SceneRef
    from player.safety.playlist import analyse_timeline
    from player.timeline import Timeline

    phase = PhaseSpec("strobe", (SceneRef(scene, {"hz": hz, "wave": wave}),), weight=1.0)
    timeline = Timeline.build(Playlist("sweep", (phase,), fade_in=0.0, fade_out=0.0),
                              seconds)
    return analyse_timeline(timeline, 1, brightness_cap=1.0, workers=1)


# -- the guard ----------------------------------------------------------------------------
def bench_guard(frames: int = 600) -> dict[str, Any]:
    from player.safety import guardsim as gs
    from player.safety.analyser import analyse
    from player.safety.guard import Guard

    fps = 60.0
    held = {}
    for name, scene in gs.ADVERSARIAL.items():
        shown = gs.shown(gs.play(scene, 5.0, fps), Guard(fps=fps))
        held[name] = analyse(shown, fps).verdict
    kept = {}
    for name, scene in gs.LEGITIMATE.items():
        drawn = list(gs.play(scene, 5.0, fps))
        kept[name] = max(int(np.abs(a.astype(np.int16) - b).max()) for a, b in zip(
            gs.shown(drawn, None), gs.shown(drawn, Guard(fps=fps)), strict=True))
    calm = gs.fade(0.05)
    probes = [gs.probe_of(calm(i / fps)) for i in range(frames)]
    guard = Guard(fps=fps)
    times = []
    for p in probes:
        t0 = time.perf_counter()
        guard.judge(p)
        times.append((time.perf_counter() - t0) * 1000)
    return {"adversarial": held, "legitimate_max_diff": kept,
            "median_ms": round(float(np.median(times)), 4),
            "p99_ms": round(float(np.percentile(times, 99)), 4)}


def run(args: argparse.Namespace) -> int:
    skip = set(args.skip)
    data: dict[str, Any] = {}
    goals: dict[str, bool] = {}
    lines: list[str] = []
    if "guard" not in skip:
        g = data["guard"] = bench_guard()
        goals["guard: every adversarial plugin's shown output passes"] = all(
            v == "pass" for v in g["adversarial"].values())
        goals["guard: fade and cuts shown within 2/255"] = all(
            v <= 2 for v in g["legitimate_max_diff"].values())
        goals[f"guard: median ≤ {GOAL_GUARD_MS} ms on a calm probe"] = (
            g["median_ms"] <= GOAL_GUARD_MS)
        lines.append("live guard (numpy model of the compositor, 60 fps):")
        lines += [f"  {k}: shown output {v}" for k, v in g["adversarial"].items()]
        lines += [f"  {k}: changed by at most {v}/255" for k, v in
                  g["legitimate_max_diff"].items()]
        lines.append(f"  judge() on a calm 128×72 probe: median {g['median_ms']} ms, "
                     f"p99 {g['p99_ms']} ms")
    if "corpus" not in skip:
        c = data["corpus"] = bench_corpus(args.iris_python)
        if "skipped" in c:
            lines.append(f"corpus: skipped ({c['skipped']})")
        else:
            goals["safety VIDEO right on every corpus case"] = c["right"] == c["total"]
            has_iris = "skipped" not in c["iris"]
            lines.append(f"corpus: driftlight right on {c['right']} of {c['total']} "
                         f"({c['seconds']} s)")
            for row in c["cases"]:
                iris = f"  IRIS {row['iris']:<8}" if has_iris else ""
                lines.append(f"  {row['case']:<22} expected {row['expected']:<13} "
                             f"driftlight {row['driftlight']:<8}{iris}"
                             f"{'' if row['right'] else '  WRONG'}")
            if has_iris:
                i = c["iris"]
                lines.append(f"  IRIS right on {i['right']} of {c['total']} ({i['seconds']} s:"
                             f" {i['slower_x']}× driftlight's time)")
            else:
                lines.append(f"  IRIS: {c['iris']['skipped']}")
    if "video" not in skip:
        v = data["video"] = bench_video(args.video_seconds)
        if "skipped" in v:
            lines.append(f"video: skipped ({v['skipped']})")
        else:
            goals[f"safety VIDEO 1080p30 ≥ {GOAL_VIDEO_X:g}× real time"] = (
                v["x_realtime"] >= GOAL_VIDEO_X)
            lines.append(f"video (1080p30, {v['video_s']:g} s): {v['wall_s']} s wall, "
                         f"{v['x_realtime']}× real time")
    if "sweep" not in skip:
        s = data["sweep"] = bench_sweep()
        goals["check --safety: every strobe 3.5–60 Hz fails"] = s["failing"] == s["total"]
        missed = [f"{r['hz']:g} Hz {r['wave']}" for r in s["cases"] if r["verdict"] != "fail"]
        lines.append(f"strobe sweep through check --safety: {s['failing']} of {s['total']} "
                     f"fail ({s['wall_s']} s)" + (f"; not failing: {', '.join(missed)}"
                                                  if missed else ""))
    if "playlist" not in skip:
        p = data["playlist"] = bench_playlist(args.minutes, args.workers)
        goals[f"check --safety ≥ {GOAL_PLAYLIST_X:g}× real time"] = (
            p["x_realtime"] >= GOAL_PLAYLIST_X)
        lines.append(f"check --safety ({p['session_s'] / 60:g} min packaged playlist): "
                     f"{p['wall_s']} s wall, {p['x_realtime']}× real time; verdict "
                     f"{p['verdict']}")
        lines += [f"  note: {n}" for n in p["notes"]]
    return verdict(data, goals, args.json, lines)
