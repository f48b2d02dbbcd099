"""Every frame a playlist will show, rendered and analysed (``driftlight check --safety``).

Time is the only input (DESIGN.md), so the whole session can be rendered offline by
the same :class:`~player.compositor.Compositor` the live player uses — every phase,
in-phase rotation, crossfade, fade in and fade out — at a small analysis size and
rate, and fed to the :class:`~player.safety.analyser.Analyser`. The live guard is off:
the check proves the *content* is safe on its own, not that the guard caught it.

The analysis rate must see the flashes that matter: more than three flashes a second
is six or more transitions, so ``ANALYSIS_FPS`` = 16 samples each at least twice
(any faster flicker is aliased, but scenes are rendered at exact times, so a flicker
faster than half the rate shows up as one at a lower rate — still counted). A
60-minute session is split into ``workers`` pieces rendered in parallel; each starts
a few seconds early so that the warning window sees across the seams.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from collections.abc import Callable
from dataclasses import replace

from player.compositor import Compositor
from player.safety.analyser import Analyser
from player.safety.criteria import EXTENDED_SPAN_S
from player.safety.report import Report, merge
from player.timeline import Timeline

ANALYSIS_FPS = 16.0
ANALYSIS_SIZE = (160, 90)
_LEAD_IN_S = EXTENDED_SPAN_S + 2.0


def analyse_range(timeline: Timeline, seed: int, start: float, end: float, *,
                  fps: float = ANALYSIS_FPS, size: tuple[int, int] = ANALYSIS_SIZE,
                  brightness_cap: float = 0.9,
                  progress: Callable[[float], None] | None = None) -> Report:
    """Analyse session time [start, end), rendering from a little before ``start``."""
    comp = Compositor(size, seed=seed, internal_height=size[1],
                      brightness_cap=brightness_cap, guard=False)
    first = max(0, int((start - _LEAD_IN_S) * fps))
    last = int(end * fps + 0.5)
    analyser = Analyser(fps, t0=first / fps, report_from=start)
    for i in range(first, last):
        analyser.feed(comp.frame(timeline.at(i / fps)))
        if progress is not None and i % 64 == 0:
            progress(i / fps)
    report = analyser.report()
    return replace(report, duration_s=end - start)


def analyse_timeline(timeline: Timeline, seed: int, *, fps: float = ANALYSIS_FPS,
                     size: tuple[int, int] = ANALYSIS_SIZE, brightness_cap: float = 0.9,
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
        report = analyse_range(timeline, seed, 0.0, length + 1.0 / fps, fps=fps, size=size,
                               brightness_cap=brightness_cap,
                               progress=progress and (lambda t: progress(t / length)))
        if progress is not None:
            progress(1.0)
    else:
        report = _parallel(timeline, seed, workers, fps, size, brightness_cap, progress)
    problems = tuple(replace(p, phase=timeline.phase_at((p.start_s + p.end_s) / 2).name)
                     for p in report.problems)
    return replace(report, problems=problems)


_JOB: tuple | None = None           # set before forking, read by the workers


def _work(k: int) -> Report:
    assert _JOB is not None
    timeline, seed, bounds, fps, size, cap, done = _JOB
    start, end = bounds[k]

    def tick(t: float) -> None:
        done[k] = max(0.0, t - start)

    return analyse_range(timeline, seed, start, end, fps=fps, size=size, brightness_cap=cap,
                         progress=tick)


def _parallel(timeline: Timeline, seed: int, workers: int, fps: float,
              size: tuple[int, int], cap: float,
              progress: Callable[[float], None] | None) -> Report:
    global _JOB
    ctx = mp.get_context("fork")
    length = timeline.length
    cuts = [round(length * k / workers * fps) / fps for k in range(workers)] + [
        length + 1.0 / fps]
    bounds = list(itertools.pairwise(cuts))
    done = ctx.Array("d", workers, lock=False)
    _JOB = (timeline, seed, bounds, fps, size, cap, done)
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
    return merge(reports)
