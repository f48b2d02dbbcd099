"""``driftlight bench NAME``: the project's own benchmarks, one module each in player/bench."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

from player import bench
from player.cli import escape

HELP = "measure pacing, scene speed or audio speed against the project's goals"
ORDER = 90


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="bench", metavar="NAME", required=True)
    for info in pkgutil.iter_modules(bench.__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"player.bench.{info.name}")
        p = sub.add_parser(info.name, help=escape(mod.HELP), description=escape(mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(bench_run=mod.run)


def run(args: argparse.Namespace) -> int:
    return int(args.bench_run(args) or 0)
