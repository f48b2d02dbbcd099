"""``driftlight still``: one exact frame as a PNG, byte-identical for the same inputs.

``--scene NAME [--t SECONDS]`` shows one scene at full strength; ``--at TIME`` shows
frame TIME of the configured session (crossfades and fades included). Either way the
frame goes through the GL compositor the live window uses, at the output size, so the
PNG is what the patient would see.
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from player import projections
from player.commands._common import add_session_args, load_plugins, plan_session, seed_arg
from player.compositor import Compositor, SceneFault
from player.durations import DurationError, format_duration, parse_duration
from player.errors import UserError
from player.gl.view import DEFAULT_IPD_M, LAYOUTS, SCREEN, View, Viewport, stereo_views
from player.playlist import PhaseSpec, SceneRef
from player.timeline import FramePlan, Layer, Phase, Slot
from scenes import registry
from scenes.params import did_you_mean

HELP = "render one exact frame (a scene, or a moment of the session) to a PNG"
ORDER = 40
DEFAULT_SIZE = (1920, 1080)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--at", metavar="TIME", help="a moment of the session: 12m, 00:12:30, "
                      "or seconds")
    what.add_argument("--scene", metavar="NAME", help="render this scene on its own")
    parser.add_argument("--t", type=float, default=60.0, metavar="SECONDS",
                        help="seconds since the scene began (with --scene; default 60)")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="a scene parameter (with --scene; repeatable)")
    parser.add_argument("--size", default="1920x1080", metavar="WxH",
                        help="output size in pixels (default 1920x1080)")
    parser.add_argument("--projection", default="flat", metavar="flat|dome|sphere",
                        help="flat (the screen), dome (a VR180 frame, 1:1 per eye) or sphere "
                        "(a 360° equirectangular frame, 2:1); 180 and 360 work too")
    parser.add_argument("--stereo", choices=LAYOUTS, help="both eyes in one picture: sbs "
                        "(side by side), sbs-half (each eye half as wide), tb (top and bottom)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.png", help="PNG to write")


def parse_size(text: str) -> tuple[int, int]:
    """``"1920x1080"`` → (1920, 1080), or a UserError that says what is expected."""
    parts = text.lower().split("x")
    try:
        w, h = (int(v) for v in parts)
    except ValueError:
        raise UserError(f"driftlight: error: --size '{text}' is not WIDTHxHEIGHT; "
                        f"for example --size 1920x1080") from None
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise UserError(f"driftlight: error: --size {w}x{h} is outside 16..8192 pixels")
    return w, h


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``["speed=0.5", "palette=ember"]`` → typed values (YAML rules, as in a config)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UserError(f"driftlight: error: --param '{pair}' is not KEY=VALUE; "
                            f"for example --param speed=0.5")
        try:
            out[key.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            out[key.strip()] = value
    return out


def checked_scene(name: str, params: dict[str, Any],
                  presets: dict[str, SceneRef] | None = None) -> SceneRef:
    """A SceneRef whose scene exists and whose parameters it accepts (else UserError).
    A preset works wherever a scene does: its parameters, then ``params`` over them."""
    preset = (presets or {}).get(name)
    if preset is not None:
        name, params = preset.scene, {**preset.params, **params}
    try:
        cls = registry.get(name)
    except registry.SceneError as exc:
        if not presets:
            raise UserError(f"driftlight: error: {exc}") from None
        known = [*registry.names(), *presets]
        raise UserError(f"driftlight: error: unknown scene or preset '{name}'"
                        f"{did_you_mean(name, known)}; run 'driftlight scenes' to list the "
                        f"scenes; this config's presets: {', '.join(sorted(presets))}") from None
    errors = cls.check_params(params)
    if errors:
        raise UserError(*(f"driftlight: error: scene '{name}': {e.message}" for e in errors))
    return SceneRef(name, params)


def config_presets(config: str | None) -> dict[str, SceneRef]:
    """The presets of the config (``./config.yaml`` or the packaged default)."""
    from player.config import find_config, load_config

    return load_config(find_config(config)).presets


def config_cap(config: str | None) -> float:
    """The config's brightness cap, so a still is what the session would show (a config
    that cannot be read leaves the default: a still of one scene does not need it)."""
    from player.config import find_config, load_config
    from player.config_format import DISPLAY

    default = float(next(f.default for f in DISPLAY if f.name == "brightness_cap"))
    try:
        return load_config(find_config(config)).display.brightness_cap
    except UserError:
        return default


def config_ipd(config: str | None) -> float:
    """The config's interpupillary distance in metres (its default when unreadable)."""
    from player.config import find_config, load_config

    try:
        return load_config(find_config(config)).display.ipd_mm / 1000.0
    except UserError:
        return DEFAULT_IPD_M


def scene_plan(ref: SceneRef, t: float) -> FramePlan:
    """A frame plan showing one scene at full strength at scene time ``t``."""
    spec = PhaseSpec(name=ref.scene, scenes=(ref,), duration=math.inf)
    slot = Slot(0, 0, (0, 0), ref, 0.0, math.inf, 0.0, 0.0, 0.0)
    return FramePlan(t, (Layer(slot, t, 1.0),), Phase(0, ref.scene, 0.0, math.inf, spec), 1.0)


def save_png(pixels: np.ndarray, path: Path) -> None:
    """Write an (H, W, 3) uint8 RGB array as a PNG, or a UserError saying why not."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    h, w, _ = pixels.shape
    try:
        pygame.image.save(pygame.image.frombuffer(pixels.tobytes(), (w, h), "RGB"), str(path))
    except (pygame.error, OSError) as exc:
        raise UserError(f"{path}: error: cannot write the PNG: {exc}") from None


def run(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    faults: list[SceneFault] = []
    if args.scene:
        load_plugins(args.plugin)
        presets = config_presets(args.config) if args.scene not in registry.names() else {}
        cap = config_cap(args.config)
        plan = scene_plan(checked_scene(args.scene, parse_params(args.param), presets), args.t)
        seed = seed_arg(args.seed, 1)
        ipd = config_ipd(args.config)
    else:
        if args.param:
            raise UserError("driftlight: error: --param works with --scene; change a "
                            "session's scenes in the config instead")
        session = plan_session(args)
        try:
            at = float(args.at) if args.at.strip() in ("0", "0.0") else parse_duration(args.at)
        except DurationError as exc:
            raise UserError(f"driftlight: error: --at: {exc}") from None
        if at > session.timeline.length:
            raise UserError(f"driftlight: error: --at {args.at} is after the end of the "
                            f"session ({format_duration(session.timeline.length)}); choose a "
                            f"moment from 0 to {format_duration(session.timeline.length)}")
        plan = session.timeline.at(at)
        seed = session.seed
        cap = session.config.display.brightness_cap
        ipd = session.config.display.ipd_mm / 1000.0
    surface = projections.surface(args.projection)
    said = f"--projection {args.projection}"
    if args.scene:
        projections.check_scene(plan.layers[0].slot.scene.scene, surface, said)
    else:
        projections.check_playlist(session.config, session.playlist, surface, said)
    # One frame on its own: the live guard, which bounds change between frames, has no
    # frame before it to compare with.
    view = {"flat": SCREEN, "dome": View("equirect180", "dome"),
            "sphere": View("equirect360", "sphere")}[surface]
    eye: tuple[int, int] = size
    views: list[tuple[View, Viewport | None]] = [(view, None)]
    if args.stereo:
        eye, views = stereo_views(args.stereo, size, ipd, view)
    compositor = Compositor(eye, seed=seed, on_fault=faults.append, guard=False,
                            brightness_cap=cap)
    pixels = compositor.frame(plan, views=views if args.stereo else None)
    if faults:
        f = faults[0]
        raise UserError(f"driftlight: error: scene '{f.scene}' failed while rendering: "
                        f"{f.error}")
    out = Path(args.output)
    save_png(pixels, out)
    print(f"wrote {out} ({size[0]}x{size[1]})")
    return 0
