"""Options every session command shares: CONFIG, --playlist, --length, --seed."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from player.clients.session import ClientPlan, client_plan
from player.config import Config, find_config, load_config
from player.durations import DurationError, parse_duration
from player.errors import UserError
from player.fitting import FitError
from player.playlist import Playlist
from player.timeline import Timeline


def add_session_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", nargs="?", metavar="CONFIG",
                        help="config file (default: ./config.yaml, then the packaged default)")
    parser.add_argument("--playlist", metavar="NAME", help="playlist to play (default: the "
                        "config's session.playlist)")
    parser.add_argument("--length", metavar="DUR", help="session length: 45m, 1h30m, 90s, "
                        "00:45:00 or seconds (default: the config's session.length)")
    parser.add_argument("--seed", type=int, metavar="N", help="random seed of the visuals "
                        "and sound (default: the config's session.seed)")
    parser.add_argument("--plugin", action="append", default=[], metavar="FILE.py",
                        help="load extra scenes from a Python file (repeatable)")
    parser.add_argument("--client", metavar="CODE", help="a pseudonymous client code (never a "
                        "name): apply the profile clients/CODE.yaml (docs/clients.md)")


@dataclass(frozen=True)
class SessionPlan:
    config: Config
    playlist: Playlist
    timeline: Timeline
    seed: int
    client: ClientPlan = field(default_factory=ClientPlan)


def length_arg(text: str | None, default: float) -> float:
    if text is None:
        return default
    try:
        return parse_duration(text)
    except DurationError as exc:
        raise UserError(f"driftlight: error: --length: {exc}") from None


def load_plugins(paths: list[str]) -> None:
    """Load entry-point scenes and plugin files; a plugin's shader is compiled now, so a
    GLSL error is a ``FILE:LINE: error:`` at load, not a fault in the middle of a session."""
    from player.gl.program import ShaderError
    from player.gl.scenepass import check_shader
    from scenes.registry import get, load_entry_points, load_plugin

    load_entry_points()
    for path in paths:
        for name in load_plugin(path):
            try:
                check_shader(get(name))
            except ShaderError as exc:
                raise UserError(f"{exc} (in scene '{name}' of plugin {path})") from None


def plan_session(args: argparse.Namespace) -> SessionPlan:
    """Load the config, apply command-line overrides, and fit the timeline."""
    load_plugins(getattr(args, "plugin", []))
    config = load_config(find_config(args.config))
    client = client_plan(args, config)     # --client: the profile's playlist, length, changes
    playlist = config.playlist(args.playlist or client.playlist)
    length = length_arg(args.length, client.length or config.session.length)
    config, playlist = client.apply(config, playlist)
    seed = args.seed if args.seed is not None else config.session.seed
    try:
        timeline = Timeline.build(playlist, length)
    except FitError as exc:  # blame the length where it was written: config or --length
        where = (f"driftlight: error: --length {args.length}" if args.length is not None
                 else f"{client.length_where}: error" if client.length_where
                 else config.where.get(playlist.name, str(config.path)) + ": error")
        raise UserError(f"{where}: {exc}") from None
    return SessionPlan(config, playlist, timeline, seed, client)
