"""``driftlight bench session``: a whole headless session, measured as a patient sees it.

Plays the configured session headless (dummy video and sound drivers, the real frame
clock, the real audio producer) for ``--minutes``, pauses and resumes a third of the way
in and skips a phase halfway, and reports missed deadlines, memory growth from minute 1
to the end, audio underruns and how fast the pause and skip took effect.

With ``--console``, the same session twice or more, the therapist's console off and on
in real windows under Xvfb (see :mod:`player.bench._console`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from player.bench._verdict import verdict
from player.clock import FrameClock
from player.commands._common import plan_session
from player.display import DisplayRequest, Window
from player.session import PAUSE_FADE_S, Session

HELP = "a headless session of N minutes: missed frames, memory growth, underruns, controls"
GOAL_MISSED = 0.001          # at most 0.1 % of deadlines missed
GOAL_GROWTH_MB = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", nargs="?", metavar="CONFIG")
    parser.add_argument("--playlist", metavar="NAME")
    parser.add_argument("--minutes", type=float, default=None,
                        help="session length (default 10; with --console, 1 per run)")
    parser.add_argument("--fast", action="store_true", help="a virtual clock: no waiting, "
                        "no sound (for memory over long sessions)")
    parser.add_argument("--fps", type=float, default=None, help="frame rate (default: the "
                        "config's; with --fast, 5)")
    parser.add_argument("--console", action="store_true", help="the same session with the "
                        "therapist's console off and on, side by side, under Xvfb with two "
                        "screens: the patient's missed deadlines and p99, the console's "
                        "redraw rate")
    parser.add_argument("--rounds", type=int, default=2, help="with --console: runs each "
                        "way, alternated (default 2)")
    parser.add_argument("--json", action="store_true")


class VirtualClock:
    """Time that moves only when the frame clock sleeps: frames as fast as they draw."""

    def __init__(self) -> None:
        self.t = 1_000_000_000

    def now(self) -> int:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(5_000, int(seconds * 1e9))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(args: argparse.Namespace) -> int:
    if args.console:
        from player.bench import _console

        args.minutes = args.minutes or 1.0
        data, goals, lines = _console.measure(args)
        return verdict(data, goals, args.json, lines)
    args.minutes = args.minutes or 10.0
    length = args.minutes * 60
    ns = argparse.Namespace(config=args.config, playlist=args.playlist, length=None,
                            seed=None, plugin=[])
    plan = plan_session(ns)
    from player.retime import resize

    timeline = resize(plan.timeline, 0.0, length) if plan.timeline.length != length else \
        plan.timeline
    window = Window(DisplayRequest(headless=True, size=(1280, 720)))
    fps = args.fps or (5.0 if args.fast else plan.config.display.fps)
    clock = None
    audio = None
    if args.fast:
        virtual = VirtualClock()
        clock = FrameClock(fps, now_ns=virtual.now, sleep=virtual.sleep)
    else:
        try:
            from audio.live import LiveAudio
            from audio.session import SessionAudio

            audio = LiveAudio(SessionAudio(timeline, plan.seed,
                                           base_dir=plan.config.path.parent), volume=0.7)
        except Exception as exc:  # measured without sound, and said so
            print(f"bench: sound unavailable ({exc}); measuring the picture only")
    session = Session(timeline=timeline, window=window, log=None, seed=plan.seed,
                      fps=fps, audio=audio, clock=clock)
    marks: dict[str, float] = {}
    pause_at, skip_at = length / 3, length / 2

    def on_frame(s: Session, wall: float) -> None:
        if "rss_1m" not in marks and wall >= min(60.0, length / 4):
            marks["rss_1m"] = rss_mb()
        if "pause_req" not in marks and wall >= pause_at:
            marks["pause_req"] = wall
            s.act("pause", wall)
            marks["pause_t"] = s.state.paused_at or -1
            marks["pause_dim_settles"] = s.state.dim.start + s.state.dim.seconds
        elif "pause_req" in marks and "resume" not in marks and wall >= pause_at + 5:
            marks["resume"] = wall
            s.act("pause", wall)
        if "skip_req" not in marks and wall >= skip_at:
            before = s.state.timeline
            marks["skip_req"] = wall
            s.act("skip", wall)
            marks["skipped"] = float(s.state.timeline is not before)
    session.on_frame = on_frame
    try:
        session.run()
    finally:
        window.close()
    stats = session.clock.summary()
    result = {
        "minutes": args.minutes,
        "clock": "virtual" if args.fast else "real", "fps": fps,
        "frames": stats.frames,
        "missed": stats.missed,
        "missed_fraction": round(stats.missed / max(1, stats.frames + stats.missed), 6),
        "p50_ms": stats.p50_ms, "p99_ms": stats.p99_ms, "max_ms": round(stats.max_ms, 2),
        "rss_growth_mb": round(rss_mb() - marks.get("rss_1m", rss_mb()), 2),
        "audio_underruns": getattr(audio, "underruns", None),
        # the pause is applied in the frame it is asked for: session time freezes right there
        # (nothing was paused before, so session time equals wall time at that frame) ...
        "pause_applied_same_frame": abs(marks.get("pause_t", -1) - marks.get("pause_req", 0))
        < 1e-6,
        # ... and its fade to the dim still ends exactly PAUSE_FADE_S later
        "pause_fade_on_schedule": abs(marks.get("pause_dim_settles", 0)
                                      - marks.get("pause_req", 0) - PAUSE_FADE_S) < 1e-6,
        "skip_applied": bool(marks.get("skipped")),
        "cpu_cores": os.cpu_count(),
    }
    goals = {} if args.fast else {"missed <= 0.1%": result["missed_fraction"] <= GOAL_MISSED}
    goals |= {
        "memory growth < 5 MB": result["rss_growth_mb"] < GOAL_GROWTH_MB,
        "no audio underruns": result["audio_underruns"] in (0, None),
        "pause and skip take effect at once": result["pause_applied_same_frame"]
        and result["pause_fade_on_schedule"] and result["skip_applied"],
    }
    return verdict(result, goals, args.json, (f"{k:<28} {v}" for k, v in result.items()))
