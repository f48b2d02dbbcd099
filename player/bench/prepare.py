"""``driftlight bench prepare``: how soon prepare mode shows the picture after a seek.

Prepare mode (``driftlight preview``) at 1920×1080, headless, with the shipped
``ketamine-45``: once every scene of the session is compiled (as the preview does while
it stands still), seek to moments spread over the session and time each from the seek
to the frame drawn and finished on the GPU — the whole frame of the loop, console
redraw included. The first picture after a seek is a draft on a software renderer (see
:mod:`player.prepare.app`); the time to the sharp, full-resolution picture is reported
beside it. Goal: the picture for the new time within 100 ms (median).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from player.bench._verdict import verdict

HELP = "seek-to-picture time of prepare mode (driftlight preview) at 1920x1080"
GOAL_MS = 100.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", nargs="?", metavar="CONFIG")
    parser.add_argument("--playlist", default="ketamine-45")
    parser.add_argument("--length", default="45m")
    parser.add_argument("--seeks", type=int, default=9)
    parser.add_argument("--size", default="1920x1080", metavar="WxH")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    import pygame

    from player.commands.preview import CONSOLE_SIZE, _loader
    from player.commands.still import parse_size
    from player.display import DisplayRequest, Window
    from player.gl.context import renderer
    from player.prepare.app import SHARPEN_AFTER_S, PrepareApp
    from player.prepare.model import Prepare

    size = parse_size(args.size)
    ns = argparse.Namespace(config=args.config, playlist=args.playlist, length=args.length,
                            seed=None, plugin=[], client=None)
    model = Prepare(_loader(ns), paused=True)
    window = Window(DisplayRequest(headless=True, size=size))
    app = PrepareApp(model, window, pygame.Surface(CONSOLE_SIZE))
    try:
        wall = 0.0
        while app._to_prepare or wall == 0.0:         # compile every scene kind first
            app.frame(wall)
            wall += 0.05
        length = model.timeline.length
        rng = random.Random(7)
        draft, sharp = [], []
        drafts = 0
        for i in range(args.seeks):
            t = (i + rng.random()) * length / args.seeks
            wall += 1.0
            began = time.perf_counter()
            model.seek(t, wall)
            assert app.frame(wall)
            window.flip()
            draft.append((time.perf_counter() - began) * 1000)
            if app.sharp:            # a GPU (or a small window) draws it sharp at once
                sharp.append(draft[-1])
                continue
            drafts += 1
            began = time.perf_counter()
            wall += SHARPEN_AFTER_S + 0.01
            assert app.frame(wall)
            window.flip()
            sharp.append((time.perf_counter() - began) * 1000)
        internal = list(app.sharp_compositor.size)
        draft_h = app.draft_height or size[1]
        draft_size = [round(draft_h * size[0] / size[1]), draft_h]
        gl = renderer(window.ctx)
    finally:
        app.close()
        window.close()
    med = round(statistics.median(draft), 1)
    data = {"renderer": gl, "output": list(size), "draft_internal": draft_size,
            "sharp_internal": internal, "drafts": drafts,
            "seek_to_picture_ms": [round(x, 1) for x in draft],
            "median_ms": med, "max_ms": round(max(draft), 1),
            "sharp_ms": [round(x, 1) for x in sharp],
            "sharp_median_ms": round(statistics.median(sharp), 1)}
    lines = [f"renderer            {gl}",
             f"seek -> picture     median {med} ms, max {data['max_ms']} ms "
             f"({args.seeks} seeks at {size[0]}x{size[1]}; {drafts} drawn first as a "
             f"draft at {draft_size[0]}x{draft_size[1]})",
             f"-> sharp picture    median {data['sharp_median_ms']} ms "
             f"(drawn at {internal[0]}x{internal[1]}, once the playhead stands still)"]
    goals = {f"a seek shows the new picture within {GOAL_MS:g} ms (median) at "
             f"{size[0]}x{size[1]}": med <= GOAL_MS}
    return verdict(data, goals, args.json, lines)
