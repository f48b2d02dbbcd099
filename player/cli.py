"""The ``driftlight`` command line.

Each subcommand is one module in :mod:`player.commands` with ``HELP`` (one line),
``ORDER`` (its place in ``--help``), ``add_arguments(parser)`` and ``run(args) -> int``;
this file only discovers them, parses, and turns input errors into one clear message
and exit code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from types import ModuleType

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")   # before anything imports pygame

from player import __version__, commands
from player.errors import UserError
from scenes.registry import SceneError


def _commands() -> list[tuple[str, ModuleType]]:
    mods = []
    for info in pkgutil.iter_modules(commands.__path__):
        if not info.name.startswith("_"):
            mods.append((info.name, importlib.import_module(f"player.commands.{info.name}")))
    return sorted(mods, key=lambda nm: getattr(nm[1], "ORDER", 100))


def escape(text: str) -> str:
    """Help text as argparse wants it (a bare % would be read as a format)."""
    return text.replace("%", "%%")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="driftlight",
        description="Calm generative visuals and ambient sound for a therapy session.")
    parser.add_argument("--version", action="version", version=f"driftlight {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, mod in _commands():
        p = sub.add_parser(name, help=escape(mod.HELP), description=escape(mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
    return parser


# Options whose value may start with '-' ("--length -5m" should be judged, not misparsed).
_SIGNED_VALUE_OPTIONS = {"--length", "--at", "--t", "--seed"}


def _join_signed_values(argv: list[str]) -> list[str]:
    out: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg in _SIGNED_VALUE_OPTIONS:
            value = next(it, None)
            out.append(arg if value is None else f"{arg}={value}")
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_signed_values(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except (UserError, SceneError) as err:
        print(str(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("driftlight: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: one clear line, not a traceback
        print(f"driftlight: internal error: {type(exc).__name__}: {exc} (please report "
              f"this with the command you ran; set DRIFTLIGHT_DEBUG=1 for details)",
              file=sys.stderr)
        if os.environ.get("DRIFTLIGHT_DEBUG"):
            raise
        return 1
