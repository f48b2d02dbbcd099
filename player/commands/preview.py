"""``driftlight preview``: prepare a session by scrubbing through it (prepare mode).

Opens the picture in one window and a console in another: the session as a timeline
bar to click or drag anywhere, a storyboard strip, play/pause at 1×, 4×, 16× or 60×,
steps of 10 s and 1 min, the fitted schedule, the length ±5 min, and each phase's sound
at 1×. Saving the config in any editor updates the preview; its errors are shown in the
console instead of a crash. See docs/prepare.md and :mod:`player.prepare`.
"""

from __future__ import annotations

import argparse
import signal

from player.commands._common import SessionPlan, add_session_args, plan_session, session_config
from player.commands.still import parse_size
from player.config import find_config, load_config
from player.durations import DurationError, format_duration, parse_duration
from player.errors import UserError

HELP = ("prepare a session: scrub its timeline, play it at 1x-60x, watch the schedule, "
        "edit the config live (no log)")
ORDER = 15
CONSOLE_SIZE = (960, 600)
GAP = 16


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    parser.add_argument("--at", metavar="TIME", default="0",
                        help="open at this moment of the session (12m, 00:12:30, seconds)")
    parser.add_argument("--speed", type=float, default=1.0, metavar="X",
                        help="session seconds per real second to start with (default 1; "
                             "the buttons and keys 1-4 choose 1x, 4x, 16x, 60x)")
    parser.add_argument("--paused", action="store_true", help="open paused")
    parser.add_argument("--size", default="960x540", metavar="WxH",
                        help="size of the picture window (default 960x540)")
    parser.add_argument("--no-sound", action="store_true", help="preview without sound")
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    from player.prepare.keys import help_rows

    parser.epilog = ("keys in the preview (each has a button on the console too):\n"
                     + "\n".join(f"  {keys:<16} {text}" for keys, text in help_rows()))
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def _loader(args: argparse.Namespace):
    """Plans for prepare mode: the config read again each time (plugins loaded once)."""
    def load(length: float | None) -> SessionPlan:
        over = argparse.Namespace(**{**vars(args), "length": (
            args.length if length is None else f"{length:g}s")})
        return plan_session(over, load_config(find_config(args.config)))
    return load


def _sound(plan: SessionPlan, no_sound: bool):
    """The session's live sound, silent until the preview plays at 1x (None: no sound)."""
    if no_sound or not plan.config.audio.enabled:
        return None
    try:
        from audio.live import LiveAudio
        from audio.session import SessionAudio

        live = LiveAudio(SessionAudio(plan.timeline, plan.seed,
                                      base_dir=plan.config.path.parent,
                                      target_lufs=plan.config.audio.loudness_target),
                         volume=0.0)
        if not live.open():
            return None
        live.start(0.0)
        live.pause()
        return live
    except Exception:          # no sound never stops the preview
        return None


def _console_window(pg, window):
    """The console beside the picture when the screen is wide enough, else below it."""
    desk = pg.display.get_desktop_sizes()[window.display_index]
    w, h = window.size
    pg.Window.from_display_module().position = (GAP, GAP)
    if desk[0] >= w + CONSOLE_SIZE[0] + 3 * GAP:
        where, room = (w + 2 * GAP, GAP), (desk[0] - w - 3 * GAP, desk[1] - 2 * GAP)
    else:
        where, room = (GAP, h + 2 * GAP), (desk[0] - 2 * GAP, desk[1] - h - 3 * GAP)
    size = (max(480, min(CONSOLE_SIZE[0], room[0])), max(360, min(CONSOLE_SIZE[1], room[1])))
    return pg.Window("driftlight · prepare", size, position=where, resizable=True)


def run(args: argparse.Namespace) -> int:
    from player.display import DisplayRequest, Window
    from player.prepare.app import PrepareApp
    from player.prepare.model import Prepare
    from player.prepare.thumbs import Thumbnails
    from player.prepare.watch import ConfigWatch

    if not 0.1 <= args.speed <= 600:
        raise UserError(f"driftlight: error: --speed {args.speed:g} is out of range; use a "
                        f"value from 0.1 to 600")
    try:
        at = 0.0 if args.at.strip() in ("0", "0.0") else parse_duration(args.at)
    except DurationError as exc:
        raise UserError(f"driftlight: error: --at: {exc}") from None
    size = parse_size(args.size)
    session_config(args)                     # plugins loaded, the config checked: exit 2
    model = Prepare(_loader(args), at=at, speed=args.speed, paused=args.paused)
    plan = model.plan
    if at > plan.timeline.length:            # as still and export say it, not a silent end
        raise UserError(f"driftlight: error: --at {args.at} is after the end of the session "
                        f"({format_duration(plan.timeline.length)}); choose a moment within "
                        f"it, or a longer --length")
    window = Window(DisplayRequest(fullscreen=False, headless=args.headless, size=size))
    pg = window.pygame
    window.pygame.display.set_caption(f"driftlight · {plan.playlist.name} · picture")
    console = pg.Surface(CONSOLE_SIZE) if args.headless else _console_window(pg, window)
    app = PrepareApp(model, window, console, watch=ConfigWatch([plan.config.path]),
                     sound=_sound(plan, args.no_sound), thumbnails=Thumbnails(),
                     volume=plan.config.audio.volume, plugins=tuple(args.plugin),
                     close_at_end=args.headless)
    previous = signal.signal(signal.SIGINT, lambda s, f: setattr(app, "quit", True))
    try:
        app.run()
    finally:
        signal.signal(signal.SIGINT, previous)
        app.close()
        window.close()
    return 0
