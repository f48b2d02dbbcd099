"""``driftlight preview``: watch a whole session sped up, before the patient arrives."""

from __future__ import annotations

import argparse
import signal

from player.commands._common import add_session_args, plan_session
from player.display import DisplayRequest, Window
from player.errors import UserError
from player.session import Session

HELP = "watch the session sped up in a window, with the status overlay (no log, no sound)"
ORDER = 15


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    parser.add_argument("--speed", type=float, default=10.0, metavar="X",
                        help="session seconds per real second (default 10: a 45-minute "
                             "session in 4.5 minutes)")
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if not 0.1 <= args.speed <= 600:
        raise UserError(f"driftlight: error: --speed {args.speed:g} is out of range; use a "
                        f"value from 0.1 to 600")
    plan = plan_session(args)
    window = Window(DisplayRequest(fullscreen=False, headless=args.headless))
    session = Session(timeline=plan.timeline, window=window, log=None, seed=plan.seed,
                      fps=plan.config.display.fps,
                      brightness_cap=plan.config.display.brightness_cap, speed=args.speed)
    session.state.overlay = True
    previous = signal.signal(signal.SIGINT, lambda s, f: session.request_end("SIGINT"))
    try:
        session.run()
    finally:
        signal.signal(signal.SIGINT, previous)
        window.close()
    return 0
