"""The history as one self-contained HTML page, with SVG charts drawn here.

No script, no web font, no image file, nothing fetched: the page is plain HTML with
inline CSS and inline SVG, so it opens the same in any browser, offline, years from
now, and can be attached to a record or printed. Three charts, for the therapist:

- *calm before and after*: each session's two check-ins (0–10) joined by a line, so a
  session that helped reads as a rise;
- *length*: how long each session played against what was planned, the early ends in
  a warm colour with the reason underneath;
- and a table of every session with its notes (left out with ``--redact``).

The look is meant to be as quiet as the sessions: a warm paper background, muted ink,
one teal for calm and one soft amber for early ends.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Callable, Sequence

from player.clients.log_summary import Row

MAX_CHART_SESSIONS = 60
"""Charts show at most the latest this many sessions (the table shows them all)."""

INK, MUTED, GRID = "#2f3a40", "#6f7d83", "#e4ded3"
BEFORE, AFTER, EARLY, PLANNED = "#a9b8c6", "#3e8a87", "#d39a5b", "#d9d3c7"

_CSS = f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #f5f2ec; color: {INK};
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }}
main {{ max-width: 1040px; margin: 0 auto; padding: 36px 28px 56px; }}
h1 {{ font-weight: 500; font-size: 26px; margin: 0 0 2px; letter-spacing: .2px; }}
h2 {{ font-weight: 500; font-size: 17px; margin: 0 0 10px; }}
.sub {{ color: {MUTED}; margin: 0 0 26px; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
  gap: 14px; margin-bottom: 22px; }}
.card, section {{ background: #fffdf9; border: 1px solid #ebe5da; border-radius: 14px;
  box-shadow: 0 1px 2px rgba(60, 50, 30, .04); }}
.card {{ padding: 14px 18px; }}
.card b {{ display: block; font-size: 24px; font-weight: 500; }}
.card span {{ color: {MUTED}; font-size: 13px; }}
section {{ padding: 18px 20px 14px; margin-bottom: 18px; }}
.legend {{ color: {MUTED}; font-size: 13px; margin: -4px 0 6px; }}
.dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin: 0 5px 0 12px; vertical-align: -1px; }}
svg {{ display: block; width: 100%; height: auto; }}
svg text {{ font: 11px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  fill: {MUTED}; }}
table {{ width: 100%; border-collapse: collapse; font-size: 13.5px; }}
th {{ text-align: left; font-weight: 500; color: {MUTED}; border-bottom: 1px solid {GRID};
  padding: 6px 8px; }}
td {{ padding: 7px 8px; border-bottom: 1px solid #f0ebe2; vertical-align: top; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.early {{ color: #a8692c; }}
td.d {{ white-space: nowrap; }}
small {{ display: block; color: {MUTED}; font-size: 12px; white-space: nowrap; }}
.note {{ color: #4c5a60; }}
footer {{ color: {MUTED}; font-size: 12.5px; margin-top: 18px; }}
"""


def render_page(rows: Sequence[Row], title: str, generated: str, redact: bool = False) -> str:
    """The whole page for ``rows`` (in the order they started)."""
    e = html.escape
    shown = list(rows)[-MAX_CHART_SESSIONS:]
    more = (f" (the latest {len(shown)} of {len(rows)})" if len(shown) < len(rows) else "")
    dates = [r.started[:10] for r in rows if r.started]
    span = f"{dates[0]} to {dates[-1]}" if dates else "no sessions yet"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="sub">{len(rows)} session{"s" if len(rows) != 1 else ""}, {e(span)}'
        f"{' · notes left out' if redact else ''}</p>",
        _cards(rows),
        "<section><h2>Calm before and after" + e(more) + "</h2>"
        f'<p class="legend">check-in, 0 (not calm) to 10 (completely calm)'
        f'<span class="dot" style="background:{BEFORE}"></span>before'
        f'<span class="dot" style="background:{AFTER}"></span>after</p>'
        + _calm_chart(shown) + "</section>",
        "<section><h2>Length" + e(more) + "</h2>"
        f'<p class="legend">minutes played'
        f'<span class="dot" style="background:{PLANNED}"></span>planned'
        f'<span class="dot" style="background:{AFTER}"></span>played to the end'
        f'<span class="dot" style="background:{EARLY}"></span>ended early</p>'
        + _length_chart(shown) + "</section>",
        "<section><h2>Sessions</h2>" + _table(rows, redact) + "</section>",
        f"<footer>driftlight · {e(generated)} · pseudonymous codes only · made from the "
        f"session logs, which remain the record</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _cards(rows: Sequence[Row]) -> str:
    early = sum(r.early for r in rows)
    played = sum(r.played_s or 0.0 for r in rows)
    pairs = [(r.before, r.after) for r in rows if r.before is not None and r.after is not None]
    change = (f"{statistics.mean(b - a for a, b in pairs):+.1f}" if pairs else "–")
    cards = [(str(len(rows)), "sessions"),
             (str(len(rows) - early), "played to the end"),
             (str(early), "ended early"),
             (f"{played / 3600:.1f} h", "time in sessions"),
             (change, "average calm change")]
    return '<div class="cards">' + "".join(
        f"<div class=card><b>{html.escape(v)}</b><span>{html.escape(k)}</span></div>"
        for v, k in cards) + "</div>"


# -- charts ---------------------------------------------------------------------------

W, H = 960, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 40


def _x(i: int, n: int) -> float:
    """Centre of session ``i`` of ``n`` across the plot."""
    return LEFT + (W - LEFT - RIGHT) * (i + 0.5) / max(n, 1)


def _label_every(n: int) -> int:
    return max(1, -(-n // 16))


def _axis(n: int, rows: Sequence[Row], ticks: list[tuple[float, str]],
          y: Callable[[float], float]) -> list[str]:
    out = []
    for value, text in ticks:
        yy = y(value)
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 8}" y="{yy + 4:.1f}" text-anchor="end">{text}</text>')
    step = _label_every(n)
    for i, row in enumerate(rows):
        if i % step == 0 or i == n - 1:
            out.append(f'<text x="{_x(i, n):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">'
                       f"{html.escape(_short_date(row.started))}</text>")
    return out


def _svg(body: list[str], label: str) -> str:
    return (f'<svg viewBox="0 0 {W} {H}" role="img" aria-label="{html.escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")


def _calm_chart(rows: Sequence[Row]) -> str:
    n = len(rows)

    def y(v: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - v / 10)

    body = _axis(n, rows, [(v, str(v)) for v in (0, 2, 4, 6, 8, 10)], y)
    rated = [(i, r) for i, r in enumerate(rows) if r.before is not None or r.after is not None]
    after_line = [(i, r.after) for i, r in enumerate(rows) if r.after is not None]
    if len(after_line) > 1:
        pts = " ".join(f"{_x(i, n):.1f},{y(v):.1f}" for i, v in after_line)
        body.append(f'<polyline points="{pts}" fill="none" stroke="{AFTER}" '
                    f'stroke-opacity=".28" stroke-width="2" stroke-linejoin="round"/>')
    r = min(6.0, max(3.0, (W - LEFT - RIGHT) / max(n, 1) / 5))
    for i, row in rated:
        x = _x(i, n)
        if row.before is not None and row.after is not None:
            rise = AFTER if row.after >= row.before else EARLY
            body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y(row.before):.1f}" '
                        f'y2="{y(row.after):.1f}" stroke="{rise}" '
                        f'stroke-width="{max(1.5, r / 2):.1f}" stroke-linecap="round" '
                        f'stroke-opacity=".55"/>')
        for value, colour in ((row.before, BEFORE), (row.after, AFTER)):
            if value is not None:
                body.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="{r:.1f}" '
                            f'fill="{colour}" stroke="#fffdf9" stroke-width="1.5">'
                            f"<title>{html.escape(_short_date(row.started))}: {value}</title>"
                            f"</circle>")
    if not rated:
        body.append(f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle">no check-ins yet '
                    f"(play with --checkin)</text>")
    return _svg(body, "calm before and after each session")


def _length_chart(rows: Sequence[Row]) -> str:
    n = len(rows)
    top_min = max([(r.planned_s or 0) / 60 for r in rows] +
                  [(r.played_s or 0) / 60 for r in rows] + [10.0])
    step = next(s for s in (5, 10, 15, 30, 60, 120, 240) if top_min / s <= 5)
    ceiling = step * -(-top_min // step)

    def y(minutes: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - minutes / ceiling)

    ticks = [(float(v), f"{v:g}") for v in range(0, int(ceiling) + 1, step)]
    body = _axis(n, rows, ticks, y)
    width = min(34.0, (W - LEFT - RIGHT) / max(n, 1) * 0.62)
    base = y(0)
    for i, row in enumerate(rows):
        x = _x(i, n) - width / 2
        tip = html.escape(f"{_short_date(row.started)}: {_minutes(row.played_s)} of "
                          f"{_minutes(row.planned_s)} planned, {_outcome(row)}")
        if row.planned_s:
            top = y(row.planned_s / 60)
            body.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" '
                        f'height="{base - top:.1f}" rx="3" fill="{PLANNED}" fill-opacity=".55"/>')
        if row.played_s:
            top = y(row.played_s / 60)
            colour = EARLY if row.early else AFTER
            body.append(f'<rect x="{x + width * .18:.1f}" y="{top:.1f}" '
                        f'width="{width * .64:.1f}" height="{base - top:.1f}" rx="3" '
                        f'fill="{colour}"><title>{tip}</title></rect>')
        if row.early:
            body.append(f'<circle cx="{_x(i, n):.1f}" cy="{H - BOTTOM + 30}" r="3.2" '
                        f'fill="{EARLY}"><title>{tip}</title></circle>')
    return _svg(body, "planned and played length of each session, early ends marked")


# -- the table ------------------------------------------------------------------------

def _table(rows: Sequence[Row], redact: bool) -> str:
    e = html.escape
    head = ["#", "date", "playlist", "played", "planned", "outcome", "calm", "pauses",
            "skips", *([] if redact else ["notes"])]
    out = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>"
           "<tbody>"]
    for i, r in enumerate(rows, 1):
        calm = ("–" if r.before is None and r.after is None
                else f"{_or_dash(r.before)} → {_or_dash(r.after)}")
        course = f"<small>course session {r.course_session}</small>" if r.course_session \
            else ""
        cells = [f'<td class="n">{i}</td>', f'<td class="d">{e(_long_date(r.started))}</td>',
                 f"<td>{e(r.playlist or '?')}{course}</td>",
                 f'<td class="n">{_minutes(r.played_s)}</td>',
                 f'<td class="n">{_minutes(r.planned_s)}</td>',
                 f"<td{' class=early' if r.early else ''}>{e(_outcome(r))}</td>",
                 f'<td class="n">{e(calm)}</td>', f'<td class="n">{r.pauses}</td>',
                 f'<td class="n">{r.skips}</td>']
        if not redact:
            cells.append('<td class="note">' + "<br>".join(e(t) for t in r.notes) + "</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _outcome(r: Row) -> str:
    if r.outcome == "completed":
        return "completed"
    if r.outcome == "ended_early":
        return f"ended early ({r.reason})" if r.reason else "ended early"
    return r.outcome.replace("_", " ")


def _minutes(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds / 60:.0f} min"


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")


def _short_date(started: str) -> str:
    """``2026-03-02T14:03:12+0100`` → ``2 Mar``."""
    try:
        return f"{int(started[8:10])} {_MONTHS[int(started[5:7]) - 1]}"
    except (ValueError, IndexError):
        return started[:10]


def _long_date(started: str) -> str:
    return f"{started[:10]} {started[11:16]}".strip()
