"""``driftlight bench vr``: what the VR paths cost on the present renderer.

*Equirectangular frames*: the milliseconds of one whole frame (scene through the
projection, compose, bloom, grade, dither, read-back) as an export renders it: a 360°
mono frame at 4096×2048 and a stereo VR180 frame (two 2048×2048 eyes side by side), for
scenes that support the sphere. The renderer GL reports is printed with the numbers:
on llvmpipe (no GPU) an equirect frame takes seconds, which is fine for an export and
is why a headset there needs a GPU.

*Headset*: ``driftlight play --vr`` for ``--headset-seconds`` in Monado's simulated
headset (the Debian 13 chroot of ``.ci/monado-chroot``; null compositor), read back from
the session log: the share of the runtime's frames we submitted on time (its display
periods, none skipped; goal ≥ 99 %) and how often the scene texture was repainted (goal
≥ 30 Hz), at the runtime's refresh rate, with the GL renderer that painted it.
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
GOAL_ON_TIME = 0.99
GOAL_SCENE_HZ = 30.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--frames", type=int, default=3, metavar="N",
                        help="frames timed per case (default 3: seconds each on llvmpipe)")
    parser.add_argument("--scene", action="append", default=[], metavar="NAME",
                        help=f"scenes to time (default: {', '.join(SCENES)})")
    parser.add_argument("--part", choices=("all", "equirect", "headset"), default="all",
                        help="time equirect frames, the simulated headset, or both")
    parser.add_argument("--headset-seconds", type=float, default=20.0, metavar="S",
                        help="seconds of play --vr in Monado's simulated headset (default 20)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def headset(seconds: float) -> tuple[dict, dict[str, bool], list[str]]:
    """play --vr in Monado's simulated headset: frames on time and scene refresh rate."""
    from player.bench import _monado

    why = _monado.unavailable()
    if why:
        return {"headset": {"skipped": why}}, {}, [f"headset: not measured ({why})"]
    proc, events = _monado.play(seconds)
    by = {e["event"]: e for e in events}
    if proc.returncode != 0 or "vr_end" not in by:
        why = (proc.stderr.strip().splitlines() or ["no log"])[-1]
        return {"headset": {"failed": why}}, {"play --vr ran in the simulated headset": False}, \
            [f"headset: play --vr failed: {why}"]
    count, start = by["vr_end"], by["vr_start"]
    scene_hz = count["scenes"] / count["span_s"] if count["span_s"] else 0.0
    data = {"runtime": start["runtime"], "system": start["system"], "layer": start["layer"],
            "renderer": by["session_start"]["renderer"], "scene_size": start["scene_size"],
            "refresh_hz": count["refresh_hz"], "submitted": count["submitted"],
            "missed": count["missed"], "on_time": count["on_time"],
            "scene_hz": round(scene_hz, 2), "seconds": count["span_s"]}
    lines = [f"headset: {data['system']} ({data['runtime']}), {data['layer']} layer, scene "
             f"{data['scene_size'][0]}x{data['scene_size'][1]} painted by {data['renderer']}",
             f"  refresh {data['refresh_hz']:.1f} Hz: {data['submitted']} frames submitted, "
             f"{data['missed']} display periods missed ({data['on_time']:.1%} on time); "
             f"scene texture {scene_hz:.1f} Hz over {data['seconds']:.1f} s"]
    goals = {f"≥ {GOAL_ON_TIME:.0%} of headset frames on time": count["on_time"] >= GOAL_ON_TIME,
             f"scene texture ≥ {GOAL_SCENE_HZ:g} Hz": scene_hz >= GOAL_SCENE_HZ}
    return {"headset": data}, goals, lines


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
    data: dict = {}
    goals: dict[str, bool] = {}
    lines: list[str] = []
    if args.part in ("all", "equirect"):
        found, met, said = equirect(args.scene or list(SCENES), args.frames)
        data, goals, lines = {**data, **found}, {**goals, **met}, [*lines, *said]
    if args.part in ("all", "headset"):
        found, met, said = headset(args.headset_seconds)
        data, goals, lines = {**data, **found}, {**goals, **met}, [*lines, *said]
    return verdict(data, goals, args.json, lines)


def equirect(names: list[str], frames: int) -> tuple[dict, dict[str, bool], list[str]]:
    cases: dict[str, tuple[tuple[int, int], list[tuple[View, Viewport | None]]]] = {
        "360 mono 4096x2048": (EQUIRECT_360, [(View("equirect360", "sphere"), None)]),
        "VR180 stereo 2x2048x2048": (VR180_STEREO, stereo_views(
            "sbs", VR180_STEREO, view=View("equirect180", "dome"))[1]),
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    for case, (size, views) in cases.items():
        results[case] = {name: equirect_ms(name, size, views, frames) for name in names}
    gl = renderer(offscreen())
    lines = [f"renderer: {gl}", f"{'case':<26}{'scene':<12}{'median ms':>10}{'max ms':>9}"]
    for case, per in results.items():
        for name, r in per.items():
            lines.append(f"{case:<26}{name:<12}{r['median_ms']:>10.1f}{r['max_ms']:>9.1f}")
    drawn = all(np.isfinite(r["median_ms"]) for per in results.values() for r in per.values())
    return {"renderer": gl, "equirect": results}, {"every equirect frame drawn": drawn}, lines
