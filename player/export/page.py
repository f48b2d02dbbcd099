"""The storyboard page: one self-contained HTML file (images inline as data URIs).

Paper-coloured and quiet, so it reads on a screen and prints on A4: a header with the
session's length and fades, the arc of the session as a band of phases (each tinted
with its own pictures' colour, crossfades drawn as blends), the safety verdict, then
one card per phase — times, scenes, the transition into it, its sound layers, and
pictures at its start, its middle and every few minutes. In A4 mode (the PNG) a short
script scales the page down if it would run past one sheet.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from player.export.chromium import A4_CSS
from player.export.progress import clock_text


@dataclass(frozen=True)
class Thumb:
    t: float
    label: str
    uri: str


@dataclass(frozen=True)
class PhaseCard:
    name: str
    start: float
    end: float
    scenes: tuple[str, ...]
    rotation: str
    transition_in: float | None
    sound: tuple[str, ...]
    thumbs: tuple[Thumb, ...]
    tint: str


@dataclass(frozen=True)
class Board:
    playlist: str
    config: str
    length: float
    seed: int
    fade_in: float
    fade_out: float
    phases: tuple[PhaseCard, ...]
    safety: tuple[str, ...] = ()       # verdict line, then details; empty = not checked
    verdict: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


CSS = """
:root { --ink:#2b2f36; --soft:#6b7280; --line:#e4ddd0; --paper:#f7f4ee; --card:#fffdf9; }
* { box-sizing: border-box; }
html { background: var(--paper); }
body { margin: 0 auto; padding: 48px 56px 40px; color: var(--ink); max-width: 1240px;
       font: 15px/1.5 "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
h1, h2 { font-family: "Noto Serif", Georgia, "Times New Roman", serif; font-weight: 400;
         margin: 0; }
h1 { font-size: 34px; letter-spacing: .01em; }
h2 { font-size: 22px; }
.kicker { text-transform: uppercase; letter-spacing: .18em; font-size: 11px; color: var(--soft); }
.meta { color: var(--soft); margin-top: 4px; }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 24px;
         border-bottom: 1px solid var(--line); padding-bottom: 18px; }
.verdict { border-radius: 10px; padding: 10px 14px; font-size: 13px; max-width: 420px; }
.verdict b { display: block; font-size: 14px; }
.v-pass { background: #e7f1ea; color: #23543a; }
.v-warning { background: #f6eed9; color: #6b4e12; }
.v-fail { background: #f6e1de; color: #7a2a20; }
.v-none { background: #eeebe5; color: var(--soft); }
.arc { margin: 26px 0 8px; }
.band { display: flex; height: 46px; border-radius: 10px; overflow: hidden; }
.band div { height: 100%; }
.names { display: flex; margin-top: 6px; font-size: 12px; color: var(--soft); }
.names div { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding-right: 6px; }
.names b { color: var(--ink); font-weight: 600; display: block; }
.ticks { position: relative; height: 16px; font-size: 11px; color: var(--soft); margin-top: 2px; }
.ticks span { position: absolute; transform: translateX(-50%); }
.phase { display: grid; grid-template-columns: 250px 1fr; gap: 22px; background: var(--card);
         border: 1px solid var(--line); border-left: 6px solid var(--tint); border-radius: 12px;
         padding: 16px 18px; margin-top: 14px; break-inside: avoid; }
.phase .when { color: var(--soft); font-size: 13px; margin: 2px 0 8px; }
.phase dl { margin: 0; font-size: 13px; }
.phase dt { color: var(--soft); font-size: 11px; text-transform: uppercase; letter-spacing: .12em;
            margin-top: 8px; }
.phase dd { margin: 1px 0 0; }
.thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
          gap: 10px; align-content: start; }
figure { margin: 0; }
figure img { width: 100%; aspect-ratio: 16 / 9; display: block; border-radius: 7px;
             background: #111; }
figcaption { font-size: 12px; color: var(--soft); margin-top: 3px; }
footer { margin-top: 20px; font-size: 12px; color: var(--soft); }
@page { size: A4; margin: 10mm; }
@media print { html, body { background: white; } body { padding: 0; } }
"""

FIT = f"""
<script>
if (document.documentElement.classList.contains('a4')) {{
  const h = document.documentElement.scrollHeight;
  if (h > {A4_CSS[1]}) document.body.style.zoom = {A4_CSS[1]} / h;
}}
</script>
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _arc(board: Board) -> str:
    total = board.length
    stops = []
    for i, ph in enumerate(board.phases):
        a, b = ph.start / total * 100, ph.end / total * 100
        stops.append(f"{ph.tint} {a:.2f}%, {ph.tint} {b:.2f}%")
        nxt = board.phases[i + 1] if i + 1 < len(board.phases) else None
        if nxt is not None and nxt.transition_in:
            half = nxt.transition_in / 2 / total * 100
            stops[-1] = f"{ph.tint} {a:.2f}%, {ph.tint} {max(a, b - half):.2f}%"
            stops.append(f"{nxt.tint} {b + half:.2f}%")
    fi, fo = board.fade_in / total * 100, board.fade_out / total * 100
    band = (f'<div style="width:100%;background:linear-gradient(90deg, #111 0%, transparent '
            f'{fi:.2f}%, transparent {100 - fo:.2f}%, #111 100%), linear-gradient(90deg, '
            f'{", ".join(stops)})"></div>')
    names = "".join(
        f'<div style="width:{(ph.end - ph.start) / total * 100:.2f}%"><b>{_e(ph.name)}</b>'
        f'{clock_text(ph.start)}–{clock_text(ph.end)}</div>' for ph in board.phases)
    step = next(s for s in (60, 300, 600, 900, 1800, 3600, 7200) if total / s <= 12)
    ticks = "".join(f'<span style="left:{t / total * 100:.2f}%">{clock_text(t)}</span>'
                    for t in range(0, int(total) + 1, step) if 0 < t < total)
    return (f'<section class="arc"><div class="band">{band}</div>'
            f'<div class="ticks">{ticks}</div><div class="names">{names}</div></section>')


def _verdict(board: Board) -> str:
    if not board.safety:
        return ('<div class="verdict v-none"><b>Flashing not checked</b>add <code>--safety'
                '</code> to render every frame and check it (WCAG 2.3.1)</div>')
    head, *rest = board.safety
    more = "<br>".join(_e(line.strip()) for line in rest)
    return f'<div class="verdict v-{_e(board.verdict)}"><b>{_e(head)}</b>{more}</div>'


def _phase(ph: PhaseCard) -> str:
    into = (f"crossfade of {ph.transition_in:g} s from the phase before"
            if ph.transition_in else "fades in from black")
    sound = "".join(f"<dd>{_e(s)}</dd>" for s in ph.sound) or "<dd>silence</dd>"
    thumbs = "".join(f'<figure><img src="{t.uri}" alt="{_e(t.label)}">'
                     f'<figcaption>{_e(t.label)}</figcaption></figure>' for t in ph.thumbs)
    return f"""
<article class="phase" style="--tint:{ph.tint}">
  <div>
    <h2>{_e(ph.name)}</h2>
    <div class="when">{clock_text(ph.start)} – {clock_text(ph.end)}
      · {clock_text(ph.end - ph.start)}</div>
    <dl>
      <dt>Pictures</dt><dd>{_e(", ".join(ph.scenes))}</dd>
      {f"<dd>{_e(ph.rotation)}</dd>" if ph.rotation else ""}
      <dt>Transition</dt><dd>{_e(into)}</dd>
      <dt>Sound</dt>{sound}
    </dl>
  </div>
  <div class="thumbs">{thumbs}</div>
</article>"""


def render(board: Board, a4: bool = False) -> str:
    phases = "".join(_phase(ph) for ph in board.phases)
    notes = "".join(f"<div>{_e(n)}</div>" for n in board.notes)
    return f"""<!DOCTYPE html>
<html lang="en"{' class="a4"' if a4 else ""}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{_e(board.playlist)} — session storyboard</title><style>{CSS}</style></head>
<body>
<header>
  <div>
    <div class="kicker">driftlight · session storyboard</div>
    <h1>{_e(board.playlist)}</h1>
    <div class="meta">{clock_text(board.length)} · {len(board.phases)} phases ·
      fades in over {board.fade_in:g} s and out over {board.fade_out:g} s · seed {board.seed}
    </div>
  </div>
  {_verdict(board)}
</header>
{_arc(board)}
{phases}
<footer>Pictures are exact frames of the session at the times shown (driftlight still --at).
{notes}<div>{_e(board.config)}</div></footer>
{FIT}
</body></html>
"""
