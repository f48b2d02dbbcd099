"""``driftlight bench vr``: what the VR paths cost on the present renderer.

*Equirectangular frames*: the milliseconds of one whole frame (scene through the
projection, compose, bloom, grade, dither, read-back) as an export renders it: a 360°
mono frame at 4096×2048 and a stereo VR180 frame (two 2048×2048 eyes side by side), for
scenes that support the sphere. The renderer GL reports is printed with the numbers:
on llvmpipe (no GPU) an equirect frame takes seconds, which is fine for an export and
is why a headset there needs a GPU. Headset figures (frames submitted on time, the
scene texture's refresh rate) are added by the OpenXR path of this bench.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from player.bench._verdict import verdict
from player.commands.still import scene_plan
from player.compositor import Compositor
from player.gl.context import offscreen, renderer
from player.gl.view import View, Viewport, stereo_views
from player.playlist import SceneRef

HELP = "time VR paths: equirect 360/VR180 frames at export size (renderer named)"
EQUIRECT_360 = (4096, 2048)
VR180_STEREO = (4096, 2048)          # two 2048×2048 eyes side by side
SCENES = ("starfield", "mountains")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--frames", type=int, default=3, metavar="N",
                        help="frames timed per case (default 3: seconds each on llvmpipe)")
    parser.add_argument("--scene", action="append", default=[], metavar="NAME",
                        help=f"scenes to time (default: {', '.join(SCENES)})")
    parser.add_argument("--json", action="store_true", help="print JSON")


def equirect_ms(name: str, size: tuple[int, int], views: list[tuple[View, Viewport | None]],
                frames: int) -> dict[str, float]:
    """Median and slowest ms of one whole frame of ``name`` drawn through ``views``."""
    ctx = offscreen()
    eye = size if views[0][1] is None else (views[0][1][2], views[0][1][3])
    comp = Compositor(eye, seed=1, ctx=ctx, guard=False)
    tex = ctx.texture(size, 4)
    fbo = ctx.framebuffer(color_attachments=[tex])
    try:
        comp.render_views(scene_plan(SceneRef(name), 100.0), 1.0, fbo, views)   # compile
        fbo.read(components=3, alignment=1)
        times = []
        for i in range(max(1, frames)):
            t0 = time.perf_counter()
            comp.render_views(scene_plan(SceneRef(name), 120.0 + i / 30), 1.0, fbo, views)
            fbo.read(components=3, alignment=1)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        comp.release()
        fbo.release()
        tex.release()
    return {"median_ms": round(float(np.median(times)), 1), "max_ms": round(max(times), 1)}


def run(args: argparse.Namespace) -> int:
    names = args.scene or list(SCENES)
    cases: dict[str, tuple[tuple[int, int], list[tuple[View, Viewport | None]]]] = {
        "360 mono 4096x2048": (EQUIRECT_360, [(View("equirect360", "sphere"), None)]),
        "VR180 stereo 2x2048x2048": (VR180_STEREO, stereo_views(
            "sbs", VR180_STEREO, view=View("equirect180", "dome"))[1]),
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    for case, (size, views) in cases.items():
        results[case] = {name: equirect_ms(name, size, views, args.frames) for name in names}
    gl = renderer(offscreen())
    lines = [f"renderer: {gl}", f"{'case':<26}{'scene':<12}{'median ms':>10}{'max ms':>9}"]
    for case, per in results.items():
        for name, r in per.items():
            lines.append(f"{case:<26}{name:<12}{r['median_ms']:>10.1f}{r['max_ms']:>9.1f}")
    drawn = all(np.isfinite(r["median_ms"]) for per in results.values() for r in per.values())
    return verdict({"renderer": gl, "equirect": results},
                   {"every equirect frame drawn": drawn}, args.json, lines)
