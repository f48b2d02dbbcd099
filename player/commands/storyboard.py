"""``driftlight storyboard``: the arc of a session on one page, to share before it.

Pictures at each phase's start (once it has faded or crossfaded in), its middle and
every few minutes — exact frames from the same compositor as ``still --at`` — with
the phases' names and times, the transitions, the sound layers of each phase and,
with ``--safety``, the flashing verdict of the whole session. ``-o OUT.html`` writes
one self-contained page (pictures inline); ``-o OUT.png`` prints it on an A4 sheet
(2480 × 3508 pixels, 300 dpi) with headless Chromium.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import sys
from pathlib import Path

import numpy as np

from player.commands._common import add_session_args, plan_session
from player.commands.still import parse_size
from player.durations import DurationError, parse_duration
from player.errors import UserError

HELP = "the session's arc on one page: pictures, phases, transitions, sound (HTML or A4 PNG)"
ORDER = 66


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    parser.add_argument("--every", default="5m", metavar="DUR",
                        help="a picture every DUR of the session too (default 5m)")
    parser.add_argument("--thumb", default="384x216", metavar="WxH",
                        help="picture size in pixels (default 384x216)")
    parser.add_argument("--safety", action="store_true", help="render every frame and check "
                        "it for flashing (as check --safety); the verdict goes on the page")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.html|OUT.png",
                        help="a self-contained HTML page, or an A4 PNG")


def thumb_times(phases, fade_in: float, slots, every: float) -> list[list[tuple[float, str]]]:
    """For each phase, (time, label) of its pictures: start, middle, every ``every``."""
    out = []
    for ph in phases:
        first = next(s for s in slots if s.phase == ph.index)
        start = ph.start + (first.fade_in / 2 if ph.index else fade_in)
        start = min(start, (ph.start + ph.end) / 2)
        mid = (ph.start + ph.end) / 2
        picks = [(start, "start"), (mid, "middle")]
        k = int(ph.start // every) + 1
        while k * every < ph.end - every / 3:
            t = k * every
            if all(abs(t - p) >= every / 3 for p, _ in picks):
                picks.append((t, ""))
            k += 1
        out.append(sorted(picks))
    return out


def png_uri(pixels: np.ndarray) -> str:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    h, w, _ = pixels.shape
    buf = io.BytesIO()
    pygame.image.save(pygame.image.frombuffer(pixels.tobytes(), (w, h), "RGB"), buf, "t.png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def tint(frames: list[np.ndarray]) -> str:
    """A calm, readable colour for a phase: its pictures' mean hue, lifted."""
    mean = np.mean([f.reshape(-1, 3).mean(axis=0) for f in frames], axis=0) / 255.0
    mean = mean / max(float(mean.max()), 1e-3) * 0.72
    c = 0.8 * mean + 0.2 * np.array([0.97, 0.96, 0.93])
    return "#" + "".join(f"{round(v * 255):02x}" for v in np.clip(c, 0, 1))


def sound_lines(spec_audio: dict, base_dir: Path) -> tuple[str, ...]:
    from audio.spec import phase_audio

    pa = phase_audio(spec_audio, base_dir)
    lines = []
    for layer in pa.layers:
        params = ", ".join(f"{k} {v:g}" if isinstance(v, (int, float)) and not
                           isinstance(v, bool) else f"{k} {v}" for k, v in layer.params.items())
        lines.append(f"{layer.name} ({params})" if params else layer.name)
    if pa.file is not None:
        lines.append(f"file {pa.file.name} ({'looped' if pa.loop else 'once'}"
                     + (f", {pa.file_gain_db:+g} dB" if pa.file_gain_db else "") + ")")
    if pa.gain_db:
        lines.append(f"phase level {pa.gain_db:+g} dB")
    if not spec_audio:
        lines = [f"{line} (the calm default)" for line in lines]
    return tuple(lines)


def run(args: argparse.Namespace) -> int:
    from player.compositor import Compositor
    from player.export import page
    from player.export.progress import clock_text

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm", ".png"):
        raise UserError(f"driftlight: error: -o {args.output}: write .html (a page) or .png "
                        f"(an A4 sheet)")
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise UserError(f"{out}: error: the folder {out.parent} does not exist")
    try:
        every = parse_duration(args.every)
    except DurationError as exc:
        raise UserError(f"driftlight: error: --every: {exc}") from None
    if every < 30:
        raise UserError("driftlight: error: --every must be at least 30s")
    size = parse_size(args.thumb)
    plan = plan_session(args)
    tl, cap = plan.timeline, plan.config.display.brightness_cap
    comp = Compositor(size, seed=plan.seed, guard=False, brightness_cap=cap)
    cards = []
    for ph, picks in zip(tl.phases, thumb_times(tl.phases, tl.fade_in, tl.slots, every)):
        frames = [comp.frame(tl.at(t)) for t, _ in picks]
        thumbs = tuple(page.Thumb(t, f"{clock_text(t)}" + (f" · {label}" if label else ""),
                                  png_uri(f)) for (t, label), f in zip(picks, frames))
        names = tuple(dict.fromkeys(s.scene for s in ph.spec.scenes))
        turn = tl.turns[ph.index]
        rotation = (f"in turn, about {clock_text(turn)} each, crossfades of "
                    f"{ph.spec.transition:g} s" if len(ph.spec.scenes) > 1 else "")
        first = next(s for s in tl.slots if s.phase == ph.index)
        cards.append(page.PhaseCard(ph.name, ph.start, ph.end, names, rotation,
                                    first.fade_in or None,
                                    sound_lines(ph.spec.audio, plan.config.path.parent),
                                    thumbs, tint(frames)))
    safety: tuple[str, ...] = ()
    verdict, code = "", 0
    if args.safety:
        from player.safety.playlist import analyse_timeline

        report = analyse_timeline(tl, plan.seed, brightness_cap=cap)
        safety, verdict, code = tuple(report.lines(tl.playlist.name)), report.verdict, \
            report.exit_code
        for line in safety:
            print(line, file=sys.stderr if code else sys.stdout)
    board = page.Board(tl.playlist.name, str(plan.config.path), tl.length, plan.seed,
                       tl.fade_in, tl.fade_out, tuple(cards), safety, verdict)
    if out.suffix.lower() == ".png":
        from player.export.chromium import A4_PX, screenshot

        screenshot(page.render(board, a4=True), out)
        print(f"wrote {out} (A4, {A4_PX[0]}x{A4_PX[1]} pixels)")
    else:
        try:
            out.write_text(page.render(board), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{out}: error: cannot write the page: {exc.strerror}") from None
        print(f"wrote {out} ({len(cards)} phases, "
              f"{sum(len(c.thumbs) for c in cards)} pictures)")
    return code
