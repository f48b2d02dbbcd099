"""``driftlight bench scenes``: per-scene frame time at the output size, upscale included.

Each frame is what the live loop does: compose at the internal resolution (scene
render, brightness cap, dither) and upscale into an output-sized 32-bit surface.
Goals at 1920×1080: median ≤ 4 ms, p99 ≤ 8 ms, < 50 MB extra memory per scene.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc

import numpy as np

from player.commands._common import load_plugins
from player.commands.still import output_surface, parse_size, scene_plan
from player.compositor import Compositor, Presenter, internal_size
from player.playlist import SceneRef
from scenes import registry

HELP = "time every scene per frame at the output size (median, p99, memory)"
GOAL_MEDIAN_MS, GOAL_P99_MS, GOAL_MB = 4.0, 8.0, 50.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", default="1920x1080", metavar="WxH", help="output size")
    parser.add_argument("--frames", type=int, default=240, metavar="N",
                        help="frames timed per scene (default 240)")
    parser.add_argument("--scene", action="append", default=[], metavar="NAME",
                        help="only this scene (repeatable)")
    parser.add_argument("--json", action="store_true", help="print a JSON object keyed by scene")
    parser.add_argument("--upscale-compare", action="store_true",
                        help="also time CPU smoothscale against a SCALED window's present")
    parser.add_argument("--plugin", action="append", default=[], metavar="FILE.py",
                        help="load extra scenes from a Python file (repeatable)")


def bench_scene(name: str, size: tuple[int, int], frames: int) -> dict[str, float]:
    """Median/p99 ms per full frame and peak extra MB for one scene."""
    target = output_surface(size)
    tracemalloc.start()
    comp = Compositor(size, seed=1)
    presenter = Presenter(comp, target)
    for i in range(5):
        comp.frame(scene_plan(SceneRef(name), 100.0 + i / 60))
        presenter.present()
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    times = []
    for i in range(frames):
        plan = scene_plan(SceneRef(name), 120.0 + i / 60)
        t0 = time.perf_counter()
        comp.frame(plan)
        presenter.present()
        times.append((time.perf_counter() - t0) * 1000)
    ms = np.array(times)
    return {"median_ms": round(float(np.median(ms)), 3),
            "p99_ms": round(float(np.percentile(ms, 99)), 3),
            "peak_mb": round(peak_mb, 2)}


def upscale_compare(size: tuple[int, int], frames: int = 120) -> dict[str, object]:
    """CPU smoothscale into the output vs. a SCALED low-res window's flip (GPU upscale).

    Under the dummy driver (or Xvfb) SCALED is scaled in software, so only the CPU
    side is an honest number here; on a real GPU the SCALED path costs a texture
    upload of the small frame and the scale is free.
    """
    import pygame

    small = internal_size(size)
    src = pygame.Surface(small, 0, 32)
    dst = output_surface(size)
    cpu = []
    for _ in range(frames):
        t0 = time.perf_counter()
        pygame.transform.smoothscale(src, size, dst)
        cpu.append((time.perf_counter() - t0) * 1000)
    out: dict[str, object] = {"smoothscale_ms": round(float(np.median(cpu)), 3)}
    try:
        pygame.display.init()
        win = pygame.display.set_mode(small, pygame.SCALED, vsync=0)
        flips = []
        for _ in range(frames):
            t0 = time.perf_counter()
            win.blit(src, (0, 0))
            pygame.display.flip()
            flips.append((time.perf_counter() - t0) * 1000)
        out["scaled_flip_ms"] = round(float(np.median(flips)), 3)
        out["driver"] = pygame.display.get_driver()
        pygame.display.quit()
    except pygame.error as exc:
        out["scaled_flip_ms"] = None
        out["driver"] = f"unavailable: {exc}"
    return out


def run(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    load_plugins(args.plugin)
    names = [registry.get(n).name for n in args.scene] or registry.names()
    results = {name: bench_scene(name, size, max(10, args.frames)) for name in names}
    missed = [n for n, r in results.items() if r["median_ms"] > GOAL_MEDIAN_MS
              or r["p99_ms"] > GOAL_P99_MS or r["peak_mb"] > GOAL_MB]
    extra = upscale_compare(size) if args.upscale_compare else None
    if args.json:
        out: dict[str, object] = dict(results)
        if extra is not None:
            out["_upscale"] = extra
        print(json.dumps(out, indent=2))
    else:
        print(f"{'scene':<15}{'median ms':>10}{'p99 ms':>9}{'peak MB':>9}   at "
              f"{size[0]}x{size[1]} (goal ≤{GOAL_MEDIAN_MS:g} / ≤{GOAL_P99_MS:g} / <{GOAL_MB:g})")
        for name, r in results.items():
            flag = "  MISSED" if name in missed else ""
            print(f"{name:<15}{r['median_ms']:>10.2f}{r['p99_ms']:>9.2f}{r['peak_mb']:>9.1f}{flag}")
        if extra is not None:
            print(f"upscale: {extra}")
    return 1 if missed else 0
