"""Summarise one session log: what was planned, what actually played, what happened.

A log is read long after it was written, perhaps by a newer driftlight, perhaps after
someone edited it, perhaps cut short by a crash: every field is read with a type check
(:func:`_num`, :func:`_text`, …) and anything missing or of the wrong type reads as
unknown, never as an error. Values copied into the summary are plain strings and
numbers, so ``--json`` output can always be written, however odd the input.

A file that holds several sessions (a ``--log`` used twice) is summarised for its last
session; ``session_start`` events marked ``"continued"`` (written when the log moved to
a new file mid-session) do not start a new one.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from player.durations import clock_time

Event = dict[str, Any]

# audio_* events that are ordinary news, not problems
AUDIO_INFO = frozenset({"audio_started", "audio_stopped"})

EVENT_WORDS = {
    "audio_unavailable": "no sound device",
    "audio_error": "the sound failed",
    "audio_underrun": "the sound ran dry",
    "audio_layer_failed": "a sound layer failed",
    "audio_file_failed": "a sound file could not be played",
}
"""How the report names the events a person reads about (others: their name, spaced)."""


def event_words(kind: str) -> str:
    return EVENT_WORDS.get(kind) or kind.replace("_", " ")


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        f = float(value)
    except OverflowError:
        return None
    return f if math.isfinite(f) else None


def _int(value: Any) -> int | None:
    f = _num(value)
    return int(f) if f is not None and f == int(f) and abs(f) < 2**53 else None


def _text(value: Any, limit: int = 300) -> str | None:
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)[:limit]
    return None


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [t for t in (_text(v) for v in value[:50]) if t is not None]


def _kind(e: Event) -> str:
    k = e.get("event")
    return k if isinstance(k, str) else ""


def _field(e: Event | None, key: str) -> Any:
    return e.get(key) if isinstance(e, dict) else None


def last_session(events: list[Event]) -> tuple[list[Event], int]:
    """The events of the last session in a log, and how many sessions it holds."""
    starts = [i for i, e in enumerate(events)
              if _kind(e) == "session_start" and _field(e, "continued") is not True]
    if not starts:
        return events, 0
    return events[starts[-1]:], len(starts)


def summarise(events: list[Event]) -> dict[str, Any]:
    """A plain dict of the session, for ``driftlight report`` and its ``--json``."""
    events = [e for e in events if isinstance(e, dict)]
    events, sessions = last_session(events)
    start = next((e for e in events if _kind(e) == "session_start"), {})
    end = next((e for e in reversed(events) if _kind(e) == "end"), None)
    kinds = Counter(_kind(e) for e in events)
    phase_events = [e for e in events if _kind(e) == "phase"]
    final_t = _num(_field(end, "session_t"))
    played = []
    for i, e in enumerate(phase_events):
        until = _num(phase_events[i + 1].get("t")) if i + 1 < len(phase_events) else final_t
        played.append({"name": _text(e.get("name")) or "?", "start_s": _num(e.get("t")),
                        "end_s": until, "scenes": _texts(e.get("scenes"))})
    resumes = [e for e in events if _kind(e) == "resume"]
    checkins = {}
    for e in events:
        if _kind(e) == "checkin" and _text(e.get("when")) is not None:
            checkins[_text(e.get("when"))] = _num(e.get("rating"))
    pacing = _pacing(_field(end, "stats"))
    moved = [{"from": _text(e.get("from")), "to": _text(e.get("to")),
              "reason": _text(e.get("reason"))} for e in events if _kind(e) == "log_moved"]
    return {
        "started": _text(start.get("time")),
        "playlist": _text(start.get("playlist")),
        "client": _text(start.get("client")),
        "planned_length_s": _num(start.get("length_s")),
        "final_length_s": _num(_field(end, "length_s")),
        "seed": _int(start.get("seed")),
        "sessions_in_log": sessions,
        "outcome": (_text(_field(end, "outcome")) or "?") if end else
        "incomplete (no end event: the log was cut off, e.g. by a power loss)",
        "end_reason": _text(_field(end, "reason")),
        "elapsed_s": _num(_field(end, "elapsed_s")),
        "phases_played": played,
        "pauses": len(resumes),
        "paused_s": round(sum(_num(e.get("paused_s")) or 0.0 for e in resumes), 3),
        "skips": sum(1 for e in events if _kind(e) == "skip" and e.get("applied") is True),
        "retimes": [{"t": _num(e.get("t")), "action": _text(e.get("action")) or "?",
                     "length_s": _num(e.get("length_s"))}
                    for e in events if _kind(e) == "retime"],
        "brightness_changes": kinds["brightness"],
        "volume_changes": kinds["volume"],
        "scene_errors": [{"t": _num(e.get("t")), "scene": _text(e.get("scene")) or "?",
                          "phase": _text(e.get("phase")), "error": _text(e.get("error")) or "?"}
                         for e in events if _kind(e) == "scene_error"],
        "audio_problems": [{"event": _kind(e), "t": _num(e.get("t")),
                            "detail": _text(e.get("error")) or _text(e.get("message"))
                            or _text(e.get("layer")) or _text(e.get("file"))}
                           for e in events
                           if _kind(e).startswith("audio_") and _kind(e) not in AUDIO_INFO],
        "degrades": [{"t": _num(e.get("t")), "internal_to": _size(e.get("internal_to"))}
                     for e in events if _kind(e) == "degrade"],
        "log_moves": moved,
        "pacing": pacing,
        "audio_underruns": _int(_field(end, "audio_underruns")),
        "checkin": checkins,
    }


def _size(value: Any) -> list[int] | None:
    if isinstance(value, list) and len(value) == 2:
        w, h = _int(value[0]), _int(value[1])
        if w is not None and h is not None:
            return [w, h]
    return None


def _pacing(stats: Any) -> dict[str, float | None] | None:
    if not isinstance(stats, dict):
        return None
    return {k: _num(stats.get(k)) for k in ("frames", "p50_ms", "p99_ms", "max_ms", "missed")}


def render_text(s: dict[str, Any], notes: list[str] | None = None) -> str:
    def t(x: float | None) -> str:
        return "?" if x is None else clock_time(x)

    def ms(x: float | None, digits: int) -> str:
        return "?" if x is None else f"{x:.{digits}f} ms"

    out = [f"session  {s['started'] or '?'}   playlist {s['playlist'] or '?'}"
           + (f"   client {s['client']}" if s["client"] else ""),
           f"outcome  {s['outcome']}" + (f" ({s['end_reason']})" if s["end_reason"] else "")
           + f"   elapsed {t(s['elapsed_s'])}   planned {t(s['planned_length_s'])}"
           + (f"   final {t(s['final_length_s'])}"
              if s["final_length_s"] not in (None, s["planned_length_s"]) else "")]
    if s["sessions_in_log"] > 1:
        out.append(f"note     this log holds {s['sessions_in_log']} sessions; this is the last")
    out += ["", "phases played"]
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
        out.append("calm check-in  " + "   ".join(
            f"{k}: {v:g}" if v is not None else f"{k}: skipped" for k, v in s["checkin"].items()))
    errors = s["scene_errors"]
    out.append(f"scene errors {len(errors)}" + ("" if errors else " (none)"))
    for e in errors:
        out.append(f"  {t(e['t'])}  {e['scene']} in {e['phase'] or '?'}: {e['error']}")
    for e in s["audio_problems"]:
        detail = f": {e['detail']}" if e["detail"] else ""
        out.append(f"  {t(e['t'])}  {event_words(e['event'])}{detail}" if e["t"] is not None
                   else f"  {event_words(e['event'])}{detail}")
    for d in s["degrades"]:
        size = d["internal_to"]
        out.append(f"  {t(d['t'])}  internal resolution → "
                   + (f"{size[0]}×{size[1]}" if size else "?"))
    for m in s["log_moves"]:
        out.append(f"  log moved: {m['reason'] or '?'}; continued in {m['to'] or '?'}")
    p = s["pacing"]
    if p:
        frames = "?" if p["frames"] is None else f"{p['frames']:.0f}"
        missed = "?" if p["missed"] is None else f"{p['missed']:.0f}"
        out.append(f"pacing   {frames} frames   p50 {ms(p['p50_ms'], 2)}   p99 "
                   f"{ms(p['p99_ms'], 2)}   max {ms(p['max_ms'], 1)}   missed {missed}"
                   + (f"   audio underruns {s['audio_underruns']}"
                      if s["audio_underruns"] is not None else ""))
    for note in notes or ():
        out.append(f"note     {note}")
    return "\n".join(out)
