"""``driftlight displays``: the screens and projectors this computer can show a session on."""

from __future__ import annotations

import argparse
import json

from player.display import describe, displays
from player.errors import UserError

HELP = "list the displays (index, size, refresh rate) for --display"
ORDER = 70


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    from player.display import _prefer_x11

    _prefer_x11()
    import pygame

    try:
        found = displays()
    except pygame.error as exc:
        raise UserError(f"driftlight: error: cannot list displays ({exc})") from None
    driver = pygame.display.get_driver()
    if args.json:
        print(json.dumps({"video_driver": driver, "displays": found}, indent=2))
        return 0
    if driver in ("dummy", "offscreen"):
        print(f"no screen (video driver '{driver}'; on Linux, is DISPLAY set?)")
        return 0
    for d in found:
        print("display " + describe(d["index"], d["size"], d["refresh_hz"]))
    return 0
