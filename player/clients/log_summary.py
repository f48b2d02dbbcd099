"""One session log → one row of the history, or the reason it is not a session.

The history reads only what it shows: the start, the end, the check-ins, pauses,
skips, notes and what the profile changed. To read ten thousand logs quickly, each
line's event kind is taken from its first bytes (the log writes ``{"event":"KIND",``
first, see :mod:`player.sessionlog`) and only lines of those kinds are parsed.

A file that cannot be a session log — not UTF-8, no ``session_start`` — is a
:class:`Skip` with the reason; so is a log of a session that never started (invalid
input), which is not worth a warning.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WANTED = frozenset({"session_start", "end", "checkin", "note", "resume", "skip",
                    "personalised", "scene_error"})
_PREFIX = '{"event":"'
MAX_BYTES = 64_000_000   # a 12-hour session logs well under 1 MB


@dataclass(frozen=True)
class Row:
    """One session as the history shows it; ``file`` is the log's name in its folder."""

    file: str
    client: str | None
    started: str
    playlist: str | None
    planned_s: float | None
    played_s: float | None
    outcome: str
    reason: str | None = None
    before: int | None = None
    after: int | None = None
    pauses: int = 0
    skips: int = 0
    scene_errors: int = 0
    course_session: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    continued: bool = False
    """A later piece of a session whose log had to move (see :mod:`player.sessionlog`)."""

    @property
    def early(self) -> bool:
        return self.outcome == "ended_early"

    def as_dict(self, redact: bool = False) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in COLUMNS}
        out["notes"] = [] if redact else list(self.notes)
        return out


COLUMNS = ("file", "client", "started", "playlist", "planned_s", "played_s", "outcome",
           "reason", "before", "after", "pauses", "skips", "scene_errors", "course_session",
           "notes")
"""The row's fields in table order (the index's columns and the CSV header)."""


@dataclass(frozen=True)
class Skip:
    """Not a session: ``quiet`` when it is an expected non-session (never started)."""

    file: str
    reason: str
    quiet: bool = False


def summarise_file(path: Path) -> Row | Skip:
    if path.suffix != ".jsonl":
        return Skip(path.name, "not a session log (a session log is a .jsonl file)")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return Skip(path.name, f"cannot be read ({exc.strerror or exc})")
    if len(raw) > MAX_BYTES:
        return Skip(path.name, f"not a session log (over {MAX_BYTES // 1_000_000} MB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Skip(path.name, "not a session log (not UTF-8 text; a binary or damaged file?)")
    return summarise_text(path.name, text)


def summarise_text(name: str, text: str) -> Row | Skip:
    events = list(_events(text))
    start = next((e for e in events if e["event"] == "session_start"), None)
    end = next((e for e in reversed(events) if e["event"] == "end"), None)
    if start is None:
        if end is not None and end.get("outcome") == "not_started":
            return Skip(name, "a session that never started", quiet=True)
        return Skip(name, "not a session log (no session_start event)")
    checkins = {e.get("when"): e.get("rating") for e in events if e["event"] == "checkin"}
    personal: dict[str, Any] = next((e for e in events if e["event"] == "personalised"), {})
    return Row(
        file=name, client=_text(start.get("client")), started=str(start.get("time", "")),
        playlist=_text(start.get("playlist")), planned_s=_number(start.get("length_s")),
        played_s=_number(end.get("session_t")) if end else None,
        outcome=str(end.get("outcome", "?")) if end else "incomplete",
        reason=_text(end.get("reason")) if end else None,
        before=_rating(checkins.get("before")), after=_rating(checkins.get("after")),
        pauses=sum(e["event"] == "resume" for e in events),
        skips=sum(e["event"] == "skip" and bool(e.get("applied", True)) for e in events),
        scene_errors=sum(e["event"] == "scene_error" for e in events),
        course_session=_int(personal.get("course_session")),
        notes=tuple(str(e["text"]) for e in events
                    if e["event"] == "note" and isinstance(e.get("text"), str)),
        continued=bool(start.get("continued")))


def merge_pieces(rows: list[Row]) -> list[Row]:
    """One row per session: a log that moved mid-session (a full disk, a deleted folder)
    goes on in a new file that starts with a copy of ``session_start``; its pieces share
    the start time, client and playlist, and are joined here, in order."""
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.started, row.client, row.playlist, row.planned_s), []).append(row)
    if all(len(g) == 1 for g in groups.values()):
        return rows
    out = []
    for pieces in groups.values():
        if len(pieces) == 1:
            out.append(pieces[0])
            continue
        pieces.sort(key=lambda r: (r.continued, r.file))
        ended = [r for r in pieces if r.outcome != "incomplete"]
        last = ended[-1] if ended else pieces[-1]
        out.append(dataclasses.replace(
            pieces[0], played_s=last.played_s, outcome=last.outcome, reason=last.reason,
            before=next((r.before for r in pieces if r.before is not None), None),
            after=next((r.after for r in reversed(pieces) if r.after is not None), None),
            pauses=sum(r.pauses for r in pieces), skips=sum(r.skips for r in pieces),
            scene_errors=sum(r.scene_errors for r in pieces),
            course_session=next((r.course_session for r in pieces
                                 if r.course_session is not None), None),
            notes=tuple(n for r in pieces for n in r.notes)))
    return out


def _events(text: str):
    for line in text.splitlines():
        if line.startswith(_PREFIX):
            kind = line[len(_PREFIX):line.find('"', len(_PREFIX))]
            if kind not in WANTED:
                continue
        try:
            event = json.loads(line)
        except ValueError:          # a torn last line, or not JSON at all
            continue
        if isinstance(event, dict) and event.get("event") in WANTED:
            yield event


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if ok else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _rating(value: Any) -> int | None:
    n = _int(value)
    return n if n is not None and 0 <= n <= 10 else None
