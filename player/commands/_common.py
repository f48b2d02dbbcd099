"""Options every session command shares: CONFIG, --playlist, --length, --seed."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field

from player import config_format as fmt
from player.clients.session import ClientPlan, client_plan
from player.config import Config, find_config, load_config
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
    parser.add_argument("--seed", metavar="N", help="random seed of the visuals and sound, "
                        f"{_SEED.range_text()} (default: the config's session.seed)")
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


_LENGTH = next(f for f in fmt.SESSION if f.name == "length")
_SEED = next(f for f in fmt.SESSION if f.name == "seed")


def length_arg(text: str | None, default: float) -> float:
    """``--length``, by the same rule as the config's ``session.length`` (1m..12h)."""
    if text is None:
        return default
    try:
        return float(_LENGTH.check(text))
    except fmt.FieldError as exc:
        raise UserError(f"driftlight: error: --length: {_option_message(exc)}") from None


def seed_arg(text: str | None, default: int) -> int:
    """``--seed``, by the same rule as the config's ``session.seed``."""
    if text is None:
        return default
    try:
        value: object = int(text.strip())
    except ValueError:
        value = text
    try:
        return int(_SEED.check(value))
    except fmt.FieldError as exc:
        raise UserError(f"driftlight: error: --seed: {_option_message(exc)}") from None


def _option_message(exc: fmt.FieldError) -> str:
    """A field's message worded for an option: ``'seed' is -1, outside`` → ``-1 is outside``."""
    text = str(exc)
    for name in ("length", "seed"):
        text = text.removeprefix(f"'{name}': ").replace(f"'{name}' must be", "it must be")
        text = re.sub(rf"^'{name}' is (.+?), outside", r"\1 is outside", text)
    return text


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


def session_config(args: argparse.Namespace) -> Config:
    """The plugins loaded and the config read (``CONFIG``, else the default)."""
    load_plugins(getattr(args, "plugin", []))
    return load_config(find_config(args.config))


def plan_session(args: argparse.Namespace, config: Config | None = None) -> SessionPlan:
    """Load the config (unless given), apply command-line overrides, fit the timeline."""
    config = config or session_config(args)
    client = client_plan(args, config)     # --client: the profile's playlist, length, changes
    playlist = config.playlist(args.playlist or client.playlist)
    length = length_arg(args.length, client.length or config.session.length)
    config, playlist = client.apply(config, playlist)
    seed = seed_arg(args.seed, config.session.seed)
    try:
        timeline = Timeline.build(playlist, length)
    except FitError as exc:  # blame the length where it was written: config or --length
        raise UserError(_misfit(args, config, client, exc)) from None
    return SessionPlan(config, playlist, timeline, seed, client)


def _misfit(args: argparse.Namespace, config: Config, client: ClientPlan,
            exc: FitError) -> str:
    """The error for a playlist that does not fit, where the session length came from."""
    if args.length is not None:
        return f"driftlight: error: --length {args.length}: {exc}"
    if client.length_where:
        return f"{client.length_where}: error: {exc}"
    if config.length_where:
        return (f"{config.length_where}: error: {exc} (this is session.length; --length "
                f"overrides it)")
    return (f"{config.path}: error: {exc} (the default session length: set "
            f"session.length, or pass --length)")
