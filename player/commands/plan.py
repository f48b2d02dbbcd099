"""``driftlight plan CODE``: a client's profile and course — what happened, what is next.

Reads the profile (checked like ``check --client`` does) and the client's sessions
from the history, matches them to the planned course (:mod:`player.clients.course`)
and says which session comes next and what it will play.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from player.clients import families
from player.clients.course import Progress, progress
from player.clients.history_index import client_rows
from player.clients.log_summary import Row
from player.clients.profile import CourseItem, Profile, load_profile
from player.commands.history import add_folder_args
from player.config import Config, find_config, load_config
from player.durations import format_duration
from player.logfolder import logs_folder

HELP = "show a client's profile and course: the sessions held and the next one"
ORDER = 76


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help="the client's code, e.g. K-017")
    add_folder_args(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    config = load_config(find_config(args.config))
    profile = load_profile(args.code, config)
    folder = Path(args.logs) if args.logs else logs_folder(config)
    prog = progress(profile, client_rows(folder, args.code))
    if args.json:
        print(json.dumps(as_json(profile, prog, config), indent=2, ensure_ascii=False))
    else:
        print("\n".join(lines(profile, prog, config)))
    return 0


def _session(row: Row) -> str:
    calm = ("" if row.before is None and row.after is None else
            f"; calm {'-' if row.before is None else row.before} → "
            f"{'-' if row.after is None else row.after}")
    played = "" if row.played_s is None else f", {format_duration(round(row.played_s))}"
    return (f"{row.started[:10]} {row.started[11:16]} {row.playlist}: "
            f"{row.outcome.replace('_', ' ')}{played}{calm}")


def _avoid(profile: Profile) -> str:
    return ", ".join(f"{a} ({', '.join(families.members(a))})" if a in families.FAMILY_HELP
                     else a for a in profile.avoid) or "nothing"


def plays(item: CourseItem, profile: Profile, config: Config) -> tuple[str, float]:
    """The playlist and length a course session plays (course, profile, then config)."""
    return (item.playlist or profile.playlist or config.playlist().name,
            item.length or profile.length or config.session.length)


def lines(profile: Profile, prog: Progress, config: Config) -> list[str]:
    p = profile
    settings = [f"brightness cap {p.brightness_cap:g}" if p.brightness_cap else "",
                f"volume {p.volume:g}" if p.volume is not None else "",
                f"breathing {p.breathing_bpm:g}/min" if p.breathing_bpm else "",
                "" if p.binaural else "no binaural beats",
                f"playlist {p.playlist}" if p.playlist else "",
                f"length {format_duration(p.length)}" if p.length else ""]
    out = [f"client {p.code} ({p.path})",
           f"  avoids {_avoid(p)}; favourites: {', '.join(p.favourites) or 'none'}"]
    if any(settings):
        out.append("  " + ", ".join(s for s in settings if s))
    if p.notes:
        out.append(f"  notes: {p.notes.strip()}")
    out.append("")
    if not p.course:
        out.append(f"no course planned; {len(prog.others)} session(s) held")
    else:
        out.append(f"course: {len(p.course)} sessions, {len(prog.held)} held")
        for item in p.course:
            name, length = plays(item, p, config)
            head = (f"  {item.number:>2}  {item.date or '':<10}  {name:<16} "
                    f"{format_duration(length):<8} {prog.status(item)}")
            out.append(head + (f" — {item.note}" if item.note else ""))
            out += [f"        {_session(r)}" for r in prog.held.get(item.number, [])]
        nxt = prog.next
        out.append("")
        if nxt is None:
            out.append("the course is complete")
        else:
            name, length = plays(nxt, p, config)
            when = f", planned for {nxt.date}" if nxt.date else ""
            out.append(f"next: session {nxt.number} of {len(p.course)}, {name} for "
                       f"{format_duration(length)}{when}: driftlight play --client {p.code}")
    if prog.others:
        out.append("")
        out.append(f"sessions outside the course: {len(prog.others)}")
        out += [f"  {_session(r)}" for r in prog.others[-10:]]
    return out


def as_json(profile: Profile, prog: Progress, config: Config) -> dict[str, Any]:
    p = profile
    return {
        "client": p.code, "profile": str(p.path), "avoid": list(p.avoid),
        "avoided_scenes": p.avoided(), "favourites": list(p.favourites),
        "brightness_cap": p.brightness_cap, "volume": p.volume,
        "breathing_bpm": p.breathing_bpm, "binaural": p.binaural, "playlist": p.playlist,
        "length_s": p.length, "notes": p.notes,
        "course": [{"number": i.number, "date": i.date,
                    "playlist": plays(i, p, config)[0], "length_s": plays(i, p, config)[1],
                    "note": i.note, "status": prog.status(i),
                    "sessions": [r.as_dict() for r in prog.held.get(i.number, [])]}
                   for i in p.course],
        "next": prog.next.number if prog.next else None,
        "other_sessions": [r.as_dict() for r in prog.others],
    }
