"""Every frame a playlist will show, judged as a display shows it (``check --safety``).

Time is the only input (DESIGN.md), so any frame of the session can be rendered offline
by the same :class:`~player.compositor.Compositor` the live player uses — every phase,
rotation, crossfade and fade — and judged by the :class:`~player.safety.analyser.Analyser`.
The live guard is off: the check proves the *content* is safe on its own.

*Why not render every frame.* What a viewer sees is the session sampled at the display's
refresh: 60 Hz, or 120 Hz. Judging anything coarser folds flicker down (the old 16 fps
check passed strobes at 15, 16, 17 and 32 Hz and an 8 Hz sine sampled at its zero
crossings). But every display frame of an hour at 120 Hz is 432,000 renders, and a
render costs a millisecond or more even at a tiny size. Calm content cannot flash, so
the check spends display-rate renders only where the picture changes fast:

1. **Screening** renders ``SCREEN_FPS`` (12) frames a second at ``SCREEN_SIZE``, each at a
   random display frame inside its own slot of the 120 Hz grid (seeded: the same
   session gives the same answer). Random instants cannot alias with any flicker rate;
   a flicker of 3.5 Hz or more with a swing of 0.1 shows, within a second or two, as
   samples on both sides of it. A per-pixel zig-zag at *half* the WCAG thresholds marks
   a pixel when it makes two opposite swings within a second — a fade, however fast, is
   one swing — and where such pixels cover more than 5 % of some 10° field (a fifth of
   WCAG's 25 %), ``PAD_S`` either side of that moment is marked.
2. **Display rate.** Every marked stretch is rendered at 120 Hz at ``ANALYSIS_SIZE`` and
   judged twice, as a 120 Hz display shows it and as a 60 Hz display does (every other
   frame). A problem on either is a problem.

The sizes: the area rule needs a 10° field (a third of the screen's height) of many
pixels and a flash region of a quarter of it; at 64×36 the field is 16×12 pixels and a
failing area 48 of them, and each pixel is the linear mean of what it covers (the
compositor renders straight to that size). Screening only needs to see that *something
big enough* changes back and forth: 32×18 (a field of 8×6) does.

What screening can miss: a burst of single-display-frame flashes lasting about a second
is seen only when a random sample lands on one of the flash frames (for four flashes
of one 60 Hz frame in one second: a little over half the time). The live guard holds
such bursts on screen; ``docs/safety.md`` lists the limit.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing as mp
import os
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from player.compositor import Compositor
from player.safety.analyser import Analyser
from player.safety.area import FieldOfView
from player.safety.criteria import AREA_FRACTION, GENERAL_DELTA, RED_DELTA
from player.safety.luminance import linearise, red_value, relative_luminance
from player.safety.report import Problem, Report, Worst, clock, merge_problems
from player.safety.transitions import TransitionTracker
from player.timeline import Timeline

DISPLAY_HZ = 120                 # the grid; a 60 Hz display shows every other frame
SCREEN_FPS = 12.0
SCREEN_SIZE = (32, 18)
ANALYSIS_SIZE = (64, 36)
SCREEN_SHARE = 0.5               # of the WCAG thresholds, for marking
SCREEN_AREA = AREA_FRACTION / 5
PAD_S = 2.0                      # marked either side of a screening hit
LEAD_S = 1.5                     # rendered before a marked stretch, not reported
ANALYSIS_FPS = float(DISPLAY_HZ)  # the rate problems are judged at (and 60 Hz)


Frames = Callable[[float], np.ndarray]                 # t → uint8 (H, W, 3) sRGB
Source = Callable[[tuple[int, int]], tuple[Frames, Callable[[], None]]]


def compositor_source(timeline: Timeline, seed: int, brightness_cap: float = 0.9) -> Source:
    """Frames of ``timeline`` from the real compositor at a given size (guard off)."""
    def open_at(size: tuple[int, int]) -> tuple[Frames, Callable[[], None]]:
        comp = Compositor(size, seed=seed, internal_height=size[1],
                          brightness_cap=brightness_cap, guard=False)
        return (lambda t: comp.frame(timeline.at(t))), comp.release
    return open_at


def screen(source: Source, seed: int, start: float, end: float, *,
           size: tuple[int, int] = SCREEN_SIZE,
           progress: Callable[[float], None] | None = None) -> list[tuple[float, float]]:
    """Stretches of [start, end) where the picture changes back and forth fast."""
    frame, close = source(size)
    try:
        rng = np.random.default_rng([seed & 0xFFFFFFFF, int(start * 1000)])
        fov = FieldOfView(*size, fraction=SCREEN_AREA)
        trackers = (TransitionTracker(GENERAL_DELTA * SCREEN_SHARE),
                    TransitionTracker(RED_DELTA * SCREEN_SHARE, strict=True))
        last = [np.full(size[::-1], -np.inf), np.full(size[::-1], -np.inf)]
        pair = np.full(size[::-1], -np.inf)
        hits: list[float] = []
        slot = 1.0 / SCREEN_FPS
        first = math.floor(max(0.0, start - 1.0) / slot)
        stop = math.ceil(end / slot)
        previous = -1
        for n, k in enumerate(range(first, stop)):
            j = math.floor((k + rng.random()) * slot * DISPLAY_HZ)
            j = max(j, previous + 1)
            previous = j
            t = j / DISPLAY_HZ
            if t >= end:
                break
            lin = linearise(frame(t))
            for tracker, signal, seen in zip(trackers, (relative_luminance(lin),
                                                          red_value(lin)), last, strict=True):
                tracker.step(signal, n)
                turned = tracker.counted
                if turned.any():
                    np.copyto(pair, t, where=turned & (t - seen <= 1.0))
                    np.copyto(seen, t, where=turned)
            if t - pair.max() <= 1.0 and fov.exceeds(t - pair <= 1.0):
                hits.append(t)
            if progress is not None and n % 32 == 0:
                progress(t)
    finally:
        close()
    return _stretches(hits, start, end)


def _stretches(hits: list[float], start: float, end: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for t in hits:
        a, b = max(start, t - PAD_S), min(end, t + PAD_S)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def display_rate(source: Source, stretches: list[tuple[float, float]], *,
                 size: tuple[int, int] = ANALYSIS_SIZE,
                 progress: Callable[[float], None] | None = None) -> list[Report]:
    """Each stretch rendered at 120 Hz, judged as a 120 Hz and a 60 Hz display show it."""
    if not stretches:
        return []
    frame, close = source(size)
    reports = []
    try:
        for a, b in stretches:
            j0 = math.ceil(max(0.0, a - LEAD_S) * DISPLAY_HZ / 2) * 2   # even: a 60 Hz frame
            j1 = math.floor(b * DISPLAY_HZ)
            fast = Analyser(DISPLAY_HZ, t0=j0 / DISPLAY_HZ, report_from=a)
            slow = Analyser(DISPLAY_HZ / 2, t0=j0 / DISPLAY_HZ, report_from=a)
            for j in range(j0, j1 + 1):
                lin = linearise(frame(j / DISPLAY_HZ))
                fast.feed_linear(lin)
                if j % 2 == 0:
                    slow.feed_linear(lin)
                if progress is not None and j % 64 == 0:
                    progress(j / DISPLAY_HZ)
            reports += [fast.report(), slow.report()]
    finally:
        close()
    return reports


def analyse_range(source: Source, seed: int, start: float, end: float, *,
                  progress: Callable[[float], None] | None = None) -> Report:
    """Judge time [start, end) of ``source``: screen it, then render what changes fast
    at display rate. ``progress(t)`` with the time reached (screening, then the
    display-rate stretches). Problems carry no phase names (see analyse_timeline)."""
    stretches = screen(source, seed, start, end, progress=progress)
    reports = display_rate(source, stretches, progress=progress)
    problems = merge_problems([p for r in reports for p in r.problems])
    worst: dict[str, Worst] = {"general": Worst(), "red": Worst()}
    for r in reports:
        for k in worst:
            if r.worst[k].flashes_per_s > worst[k].flashes_per_s:
                worst[k] = r.worst[k]
    fast = round(sum(b - a for a, b in stretches), 3)
    return Report(problems, worst, end - start, ANALYSIS_FPS, ANALYSIS_SIZE,
                  analysed=(start, fast))


def _with_note(report: Report, fast: float, length: float) -> Report:
    note = (f"{clock(fast)} of the session changes fast enough to be rendered at display "
            f"rate (120 and 60 Hz); the rest was screened at {SCREEN_FPS:g} random "
            f"instants a second",) if fast else ()
    problems = tuple(replace(p, phase=None) for p in report.problems)
    return replace(report, problems=problems, notes=note, duration_s=length,
                   analysed=(0.0, round(length, 3)))


def analyse_timeline(timeline: Timeline, seed: int, *, brightness_cap: float = 0.9,
                     workers: int | None = None,
                     progress: Callable[[float], None] | None = None) -> Report:
    """The safety report of a whole session; problems name the phase they are in.

    ``progress(fraction)`` is called now and then from this process.
    """
    length = timeline.length
    if workers is None:
        cores = os.cpu_count() or 1      # on 2 shared cores one process measured faster
        workers = min(cores, 4) if cores >= 4 and length > 120 else 1
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        tick = None if progress is None else _two_passes(progress, length)
        report = analyse_range(compositor_source(timeline, seed, brightness_cap), seed,
                               0.0, length + 1.0 / DISPLAY_HZ, progress=tick)
        if progress is not None:
            progress(1.0)
        fast = report.analysed[1] if report.analysed else 0.0
    else:
        report, fast = _parallel(timeline, seed, workers, brightness_cap, progress)
    report = _with_note(report, fast, length)
    problems = tuple(replace(p, phase=timeline.phase_at((p.start_s + p.end_s) / 2).name)
                     for p in report.problems)
    return replace(report, problems=problems)


def _two_passes(progress: Callable[[float], None], length: float) -> Callable[[float], None]:
    """Session times from screening then from the display-rate pass → one fraction."""
    state = {"pass": 0, "last": 0.0}

    def tick(t: float) -> None:
        if t < state["last"] - 1.0:
            state["pass"] = 1
        state["last"] = t
        fraction = t / max(length, 1e-9)
        progress(min(0.99, 0.85 * fraction if state["pass"] == 0 else 0.85 + 0.14 * fraction))
    return tick


_JOB: tuple | None = None           # set before forking, read by the workers


def _work(k: int) -> Report:
    assert _JOB is not None
    timeline, seed, bounds, cap, done = _JOB
    start, end = bounds[k]

    def tick(t: float) -> None:
        done[k] = max(0.0, min(t, end) - start)

    return analyse_range(compositor_source(timeline, seed, cap), seed, start, end,
                         progress=tick)


def _parallel(timeline: Timeline, seed: int, workers: int, cap: float,
              progress: Callable[[float], None] | None) -> tuple[Report, float]:
    global _JOB
    ctx = mp.get_context("fork")
    length = timeline.length
    cuts = [round(length * k / workers * DISPLAY_HZ) / DISPLAY_HZ for k in range(workers)]
    cuts.append(length + 1.0 / DISPLAY_HZ)
    bounds = list(itertools.pairwise(cuts))
    done = ctx.Array("d", workers, lock=False)
    _JOB = (timeline, seed, bounds, cap, done)
    try:
        with ctx.Pool(workers) as pool:
            pending = pool.map_async(_work, range(workers))
            while not pending.ready():
                pending.wait(0.5)
                if progress is not None:
                    progress(min(0.99, sum(done) / length))
            reports = pending.get()
        if progress is not None:
            progress(1.0)
    finally:
        _JOB = None
    problems: list[Problem] = [p for r in reports for p in r.problems]
    fast = sum(r.analysed[1] for r in reports if r.analysed)
    worst = {k: max((r.worst[k] for r in reports), key=lambda w: w.flashes_per_s)
             for k in ("general", "red")}
    return Report(merge_problems(problems), worst, length, ANALYSIS_FPS,
                  ANALYSIS_SIZE), fast
