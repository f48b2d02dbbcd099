"""Summarise one session log: what was planned, what actually played, what happened."""

from __future__ import annotations

from collections import Counter
from typing import Any

from player.durations import clock_time

Event = dict[str, Any]


def summarise(events: list[Event]) -> dict[str, Any]:
    """A plain dict of the session, for ``driftlight report`` and its ``--json``."""
    start = next((e for e in events if e["event"] == "session_start"), {})
    end = next((e for e in reversed(events) if e["event"] == "end"), None)
    kinds = Counter(e["event"] for e in events)
    played = []
    phase_events = [e for e in events if e["event"] == "phase"]
    final_t = end.get("session_t") if end else None
    for i, e in enumerate(phase_events):
        until = phase_events[i + 1]["t"] if i + 1 < len(phase_events) else final_t
        played.append({"name": e["name"], "start_s": e["t"], "end_s": until,
                       "scenes": e.get("scenes", [])})
    pauses = [e for e in events if e["event"] == "resume"]
    checkins = {e["when"]: e.get("rating") for e in events if e["event"] == "checkin"}
    return {
        "started": start.get("time"),
        "playlist": start.get("playlist"),
        "client": start.get("client"),
        "planned_length_s": start.get("length_s"),
        "final_length_s": end.get("length_s") if end else None,
        "seed": start.get("seed"),
        "outcome": end.get("outcome") if end else "incomplete (no end event: the log was cut "
                                                   "off, e.g. by a power loss)",
        "end_reason": end.get("reason") if end else None,
        "elapsed_s": end.get("elapsed_s") if end else None,
        "phases_played": played,
        "pauses": len(pauses),
        "paused_s": round(sum(e.get("paused_s", 0.0) for e in pauses), 3),
        "skips": sum(1 for e in events if e["event"] == "skip" and e.get("applied")),
        "retimes": [{"t": e["t"], "action": e["action"], "length_s": e["length_s"]}
                    for e in events if e["event"] == "retime"],
        "brightness_changes": kinds["brightness"],
        "volume_changes": kinds["volume"],
        "scene_errors": [{"t": e["t"], "scene": e["scene"], "phase": e.get("phase"),
                          "error": e["error"]} for e in events if e["event"] == "scene_error"],
        "audio_problems": [e for e in events if e["event"].startswith("audio_")],
        "degrades": [{"t": e["t"], "internal_to": e["internal_to"]}
                     for e in events if e["event"] == "degrade"],
        "pacing": end.get("stats") if end else None,
        "audio_underruns": end.get("audio_underruns") if end else None,
        "checkin": checkins,
    }


def render_text(s: dict[str, Any]) -> str:
    def t(x: float | None) -> str:
        return "?" if x is None else clock_time(x)

    out = [f"session  {s['started'] or '?'}   playlist {s['playlist'] or '?'}"
           + (f"   client {s['client']}" if s["client"] else ""),
           f"outcome  {s['outcome']}" + (f" ({s['end_reason']})" if s["end_reason"] else "")
           + f"   elapsed {t(s['elapsed_s'])}   planned {t(s['planned_length_s'])}"
           + (f"   final {t(s['final_length_s'])}"
              if s["final_length_s"] not in (None, s["planned_length_s"]) else ""),
           "", "phases played"]
    for p in s["phases_played"]:
        out.append(f"  {t(p['start_s'])} – {t(p['end_s'])}  {p['name']:<16} "
                   f"{', '.join(p['scenes'])}")
    out.append("")
    out.append(f"pauses {s['pauses']} ({t(s['paused_s'])} in all)   skips {s['skips']}   "
               f"re-timed {len(s['retimes'])}×   brightness changes "
               f"{s['brightness_changes']}   volume changes {s['volume_changes']}")
    for r in s["retimes"]:
        out.append(f"  {t(r['t'])}  {r['action']} → length {t(r['length_s'])}")
    if s["checkin"]:
        out.append("calm check-in  " + "   ".join(f"{k}: {v if v is not None else 'skipped'}"
                                                 for k, v in s["checkin"].items()))
    errors = s["scene_errors"]
    out.append(f"scene errors {len(errors)}" + ("" if errors else " (none)"))
    for e in errors:
        out.append(f"  {t(e['t'])}  {e['scene']} in {e['phase']}: {e['error']}")
    for e in s["audio_problems"]:
        out.append(f"  audio: {e['event']} {e.get('error') or e.get('message') or ''}".rstrip())
    for d in s["degrades"]:
        out.append(f"  {t(d['t'])}  internal resolution → {d['internal_to'][0]}×"
                   f"{d['internal_to'][1]}")
    p = s["pacing"]
    if p:
        out.append(f"pacing   {p['frames']} frames   p50 {p['p50_ms']:.2f} ms   p99 "
                   f"{p['p99_ms']:.2f} ms   max {p['max_ms']:.1f} ms   missed {p['missed']}"
                   + (f"   audio underruns {s['audio_underruns']}"
                      if s["audio_underruns"] is not None else ""))
    return "\n".join(out)
