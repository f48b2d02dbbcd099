"""``driftlight check``: validate a config, then show the session fitted to its length.

A therapist runs this before a session: every problem in the config comes out at once
as ``FILE:LINE:COL: error: ...`` (exit 2), or, when all is well, the schedule of the
chosen playlist at the chosen length (exit 0). ``--json`` gives the same schedule to
scripts and tests.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from player.commands._common import SessionPlan, add_session_args, plan_session
from player.durations import clock_time, format_duration
from player.fitting import bounds
from player.timeline import Phase

HELP = "check a config for mistakes and show the session schedule fitted to its length"
ORDER = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    parser.add_argument("--json", action="store_true",
                        help="print the schedule as JSON instead of a table")
    parser.add_argument("--safety", action="store_true",
                        help="also render every frame of the session and check it for "
                             "flashing that can trigger seizures (WCAG 2.3.1); exit 1 if "
                             "any fails")


def run(args: argparse.Namespace) -> int:
    plan = plan_session(args)
    for warning in file_warnings(plan):
        print(warning, file=sys.stderr)
    if args.safety:
        return safety(plan, args.json)
    print(json.dumps(as_json(plan), indent=2) if args.json else table(plan))
    return 0


def file_warnings(plan: SessionPlan) -> list[str]:
    """A note for each very long sound file: it plays (streamed from disk), but mostly
    unheard when its phase is much shorter; a warning, not an error (exit 0)."""
    from audio.files import LONG_FILE_S, duration
    from audio.spec import phase_audio

    out = []
    for ph in plan.timeline.phases:
        file = phase_audio(ph.spec.audio, plan.config.path.parent).file
        seconds = duration(file) if file is not None else None
        if file is not None and seconds is not None and seconds > LONG_FILE_S:
            out.append(f"{plan.config.path}: warning: phase '{ph.name}': audio file "
                       f"'{file.name}' is {format_duration(seconds)} long; it is read from "
                       f"disk as it plays, and this phase plays {format_duration(ph.duration)} "
                       f"of it")
    return out


def safety(plan: SessionPlan, as_json_: bool) -> int:
    """Render and analyse the whole session; exit 1 on failure, naming phase and time."""
    from player.progress import terminal_progress
    from player.safety.playlist import analyse_timeline

    report = analyse_timeline(plan.timeline, plan.seed,
                              brightness_cap=plan.config.display.brightness_cap,
                              progress=terminal_progress("rendering and analysing"))
    name = f"{plan.config.path} playlist '{plan.playlist.name}'"
    print(report.dumps() if as_json_ else "\n".join(report.lines(name)))
    return report.exit_code


def _scenes(phase: Phase) -> list[str]:
    return [ref.scene for ref in phase.spec.scenes]


def _rule(phase: Phase) -> str:
    """How the phase got its length: fixed, or its weight and limits."""
    spec = phase.spec
    if spec.duration is not None:
        return "fixed"
    limits = [f"{k} {format_duration(v)}" for k, v in (("min", spec.min), ("max", spec.max))
              if v is not None]
    return ", ".join([f"weight {spec.weight:g}", *limits])


def as_json(plan: SessionPlan) -> dict:
    tl = plan.timeline
    return {
        "config": str(plan.config.path),
        "playlist": plan.playlist.name,
        "length_s": tl.length,
        "seed": plan.seed,
        "phases": [{"name": ph.name, "start_s": ph.start, "end_s": ph.end,
                    "duration_s": ph.duration, "scenes": _scenes(ph), "rule": _rule(ph)}
                   for ph in tl.phases],
        "client": plan.client.as_json(),
    }


def table(plan: SessionPlan) -> str:
    tl = plan.timeline
    rows = [("phase", "start", "end", "duration", "scenes", "fitted by")]
    for ph in tl.phases:
        rotate = f" (turns of {format_duration(ph.spec.rotate)})" if ph.spec.rotate else ""
        start, end = round(ph.start), round(ph.end)   # whole seconds that add up: a
        rows.append((ph.name, clock_time(start), clock_time(end),   # phase's length is
                     format_duration(end - start),                   # end - start as shown
                     " → ".join(_scenes(ph)) + rotate, _rule(ph)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1]
             for r in rows]
    low, high = bounds(plan.playlist.phases)
    fits = ("fits sessions of any length" if low == 0 and math.isinf(high)
            else f"fits sessions of {format_duration(low)} or longer" if math.isinf(high)
            else f"fits sessions of {format_duration(low)} to {format_duration(high)}")
    head = (f"{plan.config.path}: ok. playlist '{plan.playlist.name}', "
            f"{format_duration(tl.length)}, seed {plan.seed} ({fits})")
    personal = plan.client.lines()       # --client: what the profile changed, and why
    return "\n".join([head, "", *lines, *(["", *personal] if personal else [])])
