"""``driftlight play``: run a session in a window, fullscreen, or headless."""

from __future__ import annotations

import argparse
import hashlib
import signal
import sys
from pathlib import Path

from player.checkin import ask_rating
from player.clients.record import record_session
from player.commands._common import SessionPlan, add_session_args, plan_session, session_config
from player.config import Config
from player.controls import UNLOCK_WORD, help_rows
from player.display import DisplayRequest, Window
from player.durations import clock_time
from player.errors import UserError
from player.gl.view import LAYOUTS
from player.logfolder import logs_folder
from player.session import Session
from player.sessionlog import LogBusy, SessionLog, default_log_path
from player.vr import start as vr

HELP = "play a session (fades in, follows the playlist, fades out)"
ORDER = 10
# Signals that end a session with a fade and an end event: Ctrl+C, a polite kill, and
# the terminal closing (SIGHUP; Windows has none).
END_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                    if hasattr(signal, name))
END_SIGNAL_NAMES = tuple(signal.Signals(s).name for s in END_SIGNALS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=None,
                      help="fill the whole display (the config's default)")
    mode.add_argument("--windowed", dest="fullscreen", action="store_false",
                      help="play in a resizable window")
    parser.add_argument("--display", "--patient-display", type=int, metavar="N",
                        help="the patient's display (0 is the primary)")
    parser.add_argument("--console", metavar="off|window|N", help="the therapist's console: "
                        "off, window (a window on the same display, for laptops), or a display"
                        " index (default: the config's display.console, auto: on the other "
                        "display when there are two)")
    parser.add_argument("--vr", action="store_true", help="play in a VR headset through "
                        "OpenXR (SteamVR, Meta Quest Link, Monado); the desktop goes on "
                        "showing the picture. Needs pip install 'driftlight[vr]'")
    parser.add_argument("--stereo", metavar="|".join(LAYOUTS), help="stereo for 3D glasses, 3D TVs "
                        "and projectors: sbs (full side by side, e.g. VITURE's 3D mode at "
                        "3840x1080), sbs-half (each eye squeezed to half the width), tb (top "
                        "and bottom); the eyes are display.ipd_mm apart")
    parser.add_argument("--headless", action="store_true", help="no window and no sound "
                        "device (SDL dummy drivers), for servers and tests")
    parser.add_argument("--lock", action="store_true", help=f"ignore every key until "
                        f"'{UNLOCK_WORD}' is typed (for an unattended screen)")
    parser.add_argument("--log", metavar="PATH", help="session log file (default: "
                        "session-DATE-TIME.jsonl in the config's session.logs folder, else in "
                        "driftlight's folder in your user data folder)")
    parser.add_argument("--no-sound", action="store_true", help="play without sound, on "
                        "purpose (without it, a missing sound device is said before the start)")
    parser.add_argument("--checkin", action="store_true", help="ask for a 0-10 calm rating "
                        "before the start and after the end")
    parser.epilog = "keys during a session:\n" + "\n".join(
        f"  {keys:<16} {text}" for keys, text in help_rows())
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    # Ctrl+C, SIGTERM or the terminal closing during start-up must not kill the process
    # before its log says so: noted now, they end the session as soon as it exists.
    early: list[str] = []
    previous = {sig: signal.signal(sig, lambda s, f: early.append(signal.Signals(s).name))
                for sig in END_SIGNALS}
    try:
        return _run(args, early)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(args: argparse.Namespace, early: list[str]) -> int:
    try:
        config: Config | None = session_config(args)
        problem: UserError | None = None
    except UserError as err:   # still logged: in the default folder
        config, problem = None, err
    path = Path(args.log) if args.log else default_log_path(logs_folder(config))
    try:
        log = SessionLog(path, exclusive=args.log is not None)
    except LogBusy:
        raise UserError(f"{path}: error: another driftlight session is writing this log; "
                        f"give each session its own --log") from None
    except OSError as exc:
        raise UserError(f"{path}: error: cannot write the session log here "
                        f"({exc.strerror}); pass --log with a writable path") from None
    try:
        if problem is not None:
            raise problem
        _check_flags(args)
        if args.vr and args.stereo:
            raise UserError(f"driftlight: error: --stereo {args.stereo} and --vr do not go "
                            f"together: a headset already shows each eye its own picture; "
                            f"use --vr for a headset, --stereo for 3D glasses, TVs and "
                            f"projectors")
        plan = plan_session(args, config)
    except UserError as err:
        log.event("error", message=str(err))
        log.event("end", outcome="not_started", reason="invalid_input")
        log.close()
        raise
    plan.client.announce(log)          # what the client's profile changed, and why
    cfg = plan.config
    try:
        xr_runtime = vr.runtime(args.headless) if args.vr else None
    except UserError as err:          # --vr without the extra, or without a window
        log.event("error", message=str(err))
        log.event("end", outcome="not_started", reason="no_vr")
        log.close()
        raise
    try:
        window = Window(DisplayRequest(
            fullscreen=cfg.display.fullscreen if args.fullscreen is None else args.fullscreen,
            display=cfg.display.display if args.display is None else args.display,
            headless=args.headless, vsync=cfg.display.vsync and not args.vr))
    except UserError as err:          # no OpenGL, no window: said before anything plays
        log.event("error", message=str(err))
        log.event("end", outcome="not_started", reason="no_display")
        log.close()
        raise
    try:
        headset = None if xr_runtime is None else vr.open_headset(
            xr_runtime, window, seed=plan.seed,
            brightness_cap=cfg.display.headset_brightness_cap, log=log,
            ipd_m=cfg.display.ipd_mm / 1000.0, eyes=cfg.display.headset_eyes,
            where=f"{cfg.path}: display.headset_eyes")
    except UserError as err:          # no OpenXR runtime running: said before anything plays
        window.close()
        log.event("error", message=str(err))
        log.event("end", outcome="not_started", reason="no_vr_runtime")
        log.close()
        raise
    try:
        console = _console(args, cfg, window)
    except UserError as err:          # a console display that is not there
        window.close()
        log.event("error", message=str(err))
        log.event("end", outcome="not_started", reason="no_display")
        log.close()
        raise
    meta = {"config": str(cfg.path), "config_sha256": _digest(cfg.path),
            "client": args.client, "locked": args.lock, "stereo": args.stereo,
            "display_index": None if args.headless else window.display_index}
    audio, sound = _live_audio(plan, log, args.no_sound)
    if sound:
        meta["sound"] = sound
    if console is not None:
        from player.console import preflight
        from player.gl.context import renderer

        console.preflight = preflight.lines(console.found, window.display_index,
                                            console.where, preflight.sound_device(audio, sound),
                                            renderer(window.ctx), str(path.parent))
        print("\n".join(console.preflight), flush=True)
        meta["console"] = console.where
    session = Session(timeline=plan.timeline, window=window, log=log, seed=plan.seed,
                      fps=cfg.display.fps, brightness_cap=cfg.display.brightness_cap,
                      volume=cfg.audio.volume, audio=audio, locked=args.lock, meta=meta,
                      console=console, stereo=args.stereo,
                      ipd_m=cfg.display.ipd_mm / 1000.0)
    session.headset = headset
    # The sound is made on another thread; let the frame thread have the interpreter back
    # within 1 ms of waking, not the default 5 ms (which shows up as late frames).
    sys.setswitchinterval(0.001)
    for sig in END_SIGNALS:
        signal.signal(sig, lambda s, f: session.request_end(signal.Signals(s).name))
    for name in early:
        session.request_end(name)
    try:
        if args.checkin:
            _checkin(session, "before")
        outcome = session.run()
        if args.checkin and session.state.end_reason not in (*END_SIGNAL_NAMES,
                                                              "window_closed"):
            _checkin(session, "after")
    finally:
        if headset is not None:
            headset.close()
        if console is not None:
            console.close()
        window.close()
        log.close()
    for written in log.paths or [path]:   # the history index (player/clients), every file
        record_session(written)            # the log had to move to, too
    print(_closing_line(outcome, session, log))
    return 0


def _check_flags(args: argparse.Namespace) -> None:
    """Flags checked here rather than by argparse, so that a mistyped one is one line and
    in the session log."""
    from player.console import preflight

    if args.stereo is not None and args.stereo not in LAYOUTS:
        raise UserError(f"driftlight: error: --stereo {args.stereo} is not a stereo layout; "
                        f"write sbs (full side by side, e.g. 3D glasses at 3840x1080), "
                        f"sbs-half (each eye squeezed to half the width) or tb (top and "
                        f"bottom)")
    if args.console is not None:
        wanted = preflight.parse_choice(args.console, "--console")
        if args.headless and isinstance(wanted, int):
            raise UserError(f"driftlight: error: --console {wanted} puts the console on a "
                            f"display, but --headless opens no window; drop --headless, or "
                            f"use --console window or --console off")


def _closing_line(outcome: str, session: Session, log: SessionLog) -> str:
    """What the person sees at the end: how it ended, and where the log is."""
    st = session.state
    played = clock_time(min(st.timeline.length, st.session_time(session.clock.seconds())))
    how = (f"completed ({clock_time(round(st.timeline.length))})" if outcome == "completed"
           else f"ended early ({st.end_reason}) at {played} of "
                f"{clock_time(st.timeline.length)}")
    moved = f" (continued from {log.first_path})" if log.path != log.first_path else ""
    return f"driftlight: session {how}; log: {log.path}{moved}"


def _console(args: argparse.Namespace, cfg: Config, window: Window):
    """The therapist's console (None: no console, the overlay as before), its display
    checked: a console display that is not connected is refused before anything plays."""
    from player.console import preflight
    from player.display import displays

    if args.console is not None:
        wanted = preflight.parse_choice(args.console, "--console")
    else:
        wanted = preflight.parse_choice(cfg.display.console, f"{cfg.path}: display.console")
    found = [] if args.headless else displays()
    where = preflight.choose(wanted, window.display_index, len(found), args.headless)
    if isinstance(where, int):
        preflight.check_display(where, found, "console", "choose one with --console or "
                                "display.console in the config, or --console window")
    if where is None:
        return None
    from player.console.live import LiveConsole

    return LiveConsole(window.pygame, where=where, found=found)


def _checkin(session: Session, when: str) -> None:
    console = session.console
    rating = ask_rating(session.window, session.overlay, when,
                        should_stop=lambda: session.end_requested,
                        screen=console.show_checkin if console is not None else None,
                        pick=console.pick_rating if console is not None else None,
                        places=session.text_places())
    session.log.event("checkin", when=when, rating=rating)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _live_audio(plan: SessionPlan, log: SessionLog, no_sound: bool
                ) -> tuple[object | None, str]:
    """The live sound (None when off or when no device opens) and, when there is none,
    why — said here, before the session, in one line, and in ``session_start``."""
    if no_sound or not plan.config.audio.enabled:
        return None, "off (--no-sound)" if no_sound else "off (audio.enabled is false)"
    try:
        from audio.live import LiveAudio
        from audio.session import SessionAudio

        sound = SessionAudio(plan.timeline, plan.seed, base_dir=plan.config.path.parent,
                             target_lufs=plan.config.audio.loudness_target)
        live = LiveAudio(sound, volume=plan.config.audio.volume,
                         on_event=lambda kind, data: log.event(kind, **data))
    except Exception as exc:  # no sound must never stop the visuals
        log.event("audio_error", error=f"{type(exc).__name__}: {exc}")
        return None, f"none ({type(exc).__name__}: {exc})"
    if not live.open():
        print(f"driftlight: warning: no sound device ({live.unavailable}); the session "
              f"plays without sound. Connect speakers or headphones, or pass --no-sound "
              f"to play silently on purpose", file=sys.stderr, flush=True)
        return live, f"none ({live.unavailable})"   # it logs audio_unavailable at the start
    return live, ""
