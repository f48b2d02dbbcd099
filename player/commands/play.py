"""``driftlight play``: run a session in a window, fullscreen, or headless."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from player.commands._common import add_session_args, plan_session
from player.display import DisplayRequest, Window
from player.errors import UserError
from player.session import Session
from player.sessionlog import SessionLog, default_log_path

HELP = "play a session (fades in, follows the playlist, fades out)"
ORDER = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=None,
                      help="fill the whole display (the config's default)")
    mode.add_argument("--windowed", dest="fullscreen", action="store_false",
                      help="play in a resizable window")
    parser.add_argument("--display", type=int, metavar="N", help="display index for "
                        "fullscreen (0 is the primary)")
    parser.add_argument("--headless", action="store_true", help="no window and no sound "
                        "device (SDL dummy drivers), for servers and tests")
    parser.add_argument("--log", metavar="PATH", help="session log file (default: "
                        "sessions/session-DATE-TIME.jsonl)")


def run(args: argparse.Namespace) -> int:
    log = SessionLog(Path(args.log) if args.log else default_log_path())
    try:
        plan = plan_session(args)
    except UserError as err:
        log.event("error", message=str(err))
        log.event("end", outcome="not_started", reason="invalid_input")
        raise
    cfg = plan.config
    window = Window(DisplayRequest(
        fullscreen=cfg.display.fullscreen if args.fullscreen is None else args.fullscreen,
        display=cfg.display.display if args.display is None else args.display,
        headless=args.headless))
    session = Session(timeline=plan.timeline, window=window, log=log, seed=plan.seed,
                      fps=cfg.display.fps, brightness_cap=cfg.display.brightness_cap,
                      meta={"config": str(cfg.path)})
    previous = {sig: signal.signal(sig, lambda s, f: session.request_end(
        signal.Signals(s).name)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        session.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        window.close()
        log.close()
    return 0
