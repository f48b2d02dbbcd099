"""The history as text for people (a table) and for programs (JSON, CSV).

All three come from the same :class:`~player.clients.log_summary.Row` values and the
same column list, and all three leave the notes out under ``--redact``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from player.clients.log_summary import COLUMNS, Row
from player.durations import format_duration


def as_json(rows: Sequence[Row], redact: bool = False) -> str:
    return json.dumps([r.as_dict(redact) for r in rows], indent=2, ensure_ascii=False) + "\n"


def as_csv(rows: Sequence[Row], redact: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        d = r.as_dict(redact)
        d["notes"] = " | ".join(d["notes"])
        writer.writerow(["" if d[c] is None else d[c] for c in COLUMNS])
    return out.getvalue()


def as_table(rows: Sequence[Row], redact: bool = False) -> str:
    head = ("date", "client", "playlist", "played", "planned", "outcome", "calm", "pauses",
            "skips")
    table = [head]
    notes: list[list[str]] = []
    for r in rows:
        calm = "" if r.before is None and r.after is None else \
            f"{_dash(r.before)} → {_dash(r.after)}"
        outcome = r.outcome.replace("_", " ") + (f" ({r.reason})" if r.early and r.reason
                                                 else "")
        table.append((f"{r.started[:10]} {r.started[11:16]}", r.client or "-",
                      r.playlist or "?", _length(r.played_s), _length(r.planned_s), outcome,
                      calm, str(r.pauses), str(r.skips)))
        notes.append([] if redact else list(r.notes))
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table[0], widths)).rstrip()]
    for row, row_notes in zip(table[1:], notes):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        lines += [f"    note: {n}" for n in row_notes]
    return "\n".join(lines)


def _length(seconds: float | None) -> str:
    return "-" if seconds is None else format_duration(round(seconds))


def _dash(value: int | None) -> str:
    return "-" if value is None else str(value)
