"""``driftlight bench scenes``: per-scene frame time of the whole GL composite.

Each frame is what the live loop draws: the scene at the internal resolution, the
compose, bloom, guard probe and read-back, grade and the present pass with its dither
at the output size, then ``finish()`` so the GPU's time is counted. It prints the
renderer GL reports. Goals: on a software renderer (llvmpipe, 2 cores) every scene
≤ 6 ms median at 480×270; on a GPU ≤ 2 ms at 3840×2160 (``--size 3840x2160``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np

from player.bench._verdict import verdict
from player.commands._common import load_plugins
from player.commands.still import parse_size, scene_plan
from player.compositor import Compositor
from player.gl.context import is_software, offscreen, renderer
from player.playlist import SceneRef
from scenes import registry

HELP = "time every scene's whole composite per frame (median, p99, memory), GL renderer named"
SOFTWARE_GOAL_MS, SOFTWARE_SIZE = 6.0, (480, 270)
GPU_GOAL_MS, GPU_SIZE = 2.0, (3840, 2160)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", default=None, metavar="WxH", help="output size (default "
                        "480x270 on a software renderer, 3840x2160 on a GPU)")
    parser.add_argument("--frames", type=int, default=120, metavar="N",
                        help="frames timed per scene (default 120)")
    parser.add_argument("--scene", action="append", default=[], metavar="NAME",
                        help="only this scene (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--plugin", action="append", default=[], metavar="FILE.py",
                        help="load extra scenes from a Python file (repeatable)")


def _rss_mb() -> float:
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def bench_scene(comp: Compositor, name: str, frames: int) -> dict[str, float]:
    """Median and p99 ms of one whole frame (guard included, GPU finished)."""
    target = comp._output_fbo()
    for i in range(5):                       # compile, JIT and first-use costs
        comp.render(scene_plan(SceneRef(name), 100.0 + i / 60), target=target)
    comp.ctx.finish()
    times = []
    for i in range(frames):
        plan = scene_plan(SceneRef(name), 120.0 + i / 60)
        t0 = time.perf_counter()
        comp.render(plan, target=target)
        comp.ctx.finish()
        times.append((time.perf_counter() - t0) * 1000)
    ms = np.array(times)
    return {"median_ms": round(float(np.median(ms)), 3),
            "p99_ms": round(float(np.percentile(ms, 99)), 3)}


def run(args: argparse.Namespace) -> int:
    ctx = offscreen()
    software = is_software(ctx)
    size = parse_size(args.size) if args.size else (SOFTWARE_SIZE if software else GPU_SIZE)
    goal = SOFTWARE_GOAL_MS if software else GPU_GOAL_MS
    load_plugins(args.plugin)
    names = [registry.get(n).name for n in args.scene] or registry.names()
    comp = Compositor(size, seed=1, ctx=ctx)      # the live path: the guard is on
    before = _rss_mb()
    results = {name: bench_scene(comp, name, max(10, args.frames)) for name in names}
    grown = _rss_mb() - before
    lines = [f"renderer: {renderer(ctx)}",
             f"{'scene':<15}{'median ms':>10}{'p99 ms':>9}   whole composite at "
             f"{size[0]}x{size[1]}"]
    lines += [f"{n:<15}{r['median_ms']:>10.2f}{r['p99_ms']:>9.2f}" for n, r in results.items()]
    lines.append(f"peak resident memory grew {grown:.1f} MB over all scenes")
    goals = {}
    if size == (SOFTWARE_SIZE if software else GPU_SIZE):
        kind = "software renderer" if software else "GPU"
        goals[f"every scene median <= {goal:g} ms at {size[0]}x{size[1]} ({kind})"] = all(
            r["median_ms"] <= goal for r in results.values())
    data = {"renderer": renderer(ctx), "size": list(size), "scenes": results,
            "memory_growth_mb": round(grown, 1)}
    return verdict(data, goals, args.json, lines)
