"""Change a live session's schedule without touching what has been shown.

Everything up to the *settle point* — now, or the end of a crossfade already in
progress — stays exactly as it was; only the rest of the schedule is fitted again.
``at(t)`` of the new timeline equals the old one for every ``t`` before that point, so
the picture and sound never jump.
"""

from __future__ import annotations

from dataclasses import replace

from player.fitting import FitError, fit
from player.playlist import PhaseSpec
from player.timeline import Timeline

MIN_TAIL_S = 10.0   # a shortened session still plays this long after the fade-out begins


def settle_point(tl: Timeline, now: float) -> float:
    """The earliest time from which the schedule may change (after a running crossfade)."""
    plan = tl.at(now)
    if len(plan.layers) == 2:
        incoming = plan.layers[1].slot
        return incoming.start + incoming.fade_in / 2
    return now


def skip(tl: Timeline, now: float) -> Timeline | None:
    """Start the crossfade into the next phase now; None when there is no next phase or
    the session is already crossing into it."""
    phase = tl.phase_at(now)
    if phase.index + 1 >= len(tl.phases):
        return None
    nxt = tl.phases[phase.index + 1]
    if tl.at(now).layers[-1].slot.phase == nxt.index:
        return None
    settle = settle_point(tl, now)
    half = nxt.spec.transition / 2
    end = settle + half
    rest = _fit_rest(tl, phase.index + 1, tl.length - end)
    if rest is None:
        return None
    past = [p.duration for p in tl.phases[:phase.index]]
    return Timeline.from_durations(tl.playlist, [*past, end - phase.start, *rest], tl.turns)


def minimum_length(tl: Timeline, now: float) -> float:
    """The shortest the session may become from ``now``: room for the full fade-out."""
    settle = settle_point(tl, now)
    return settle + tl.fade_out + MIN_TAIL_S


def resize(tl: Timeline, now: float, length: float) -> Timeline:
    """The schedule re-fitted to a new session ``length`` from ``now`` on."""
    length = max(length, minimum_length(tl, now))
    settle = settle_point(tl, now)
    phase = tl.phase_at(settle)
    # The current phase must last past the settle point, with room for its outgoing fade.
    spec = phase.spec
    floor = settle - phase.start + spec.transition
    cur = replace(spec, duration=None, weight=spec.weight or max(1.0, phase.duration / 60),
                  min=max(spec.min or 0.0, floor),
                  max=None if spec.max is None else max(spec.max, floor))
    specs = [cur, *tl.playlist.phases[phase.index + 1:]]
    durs = _fit_relaxed(specs, length - phase.start,
                        [p.duration for p in tl.phases[phase.index:]], floor=cur.min or 0.0)
    past = [p.duration for p in tl.phases[:phase.index]]
    return Timeline.from_durations(tl.playlist, [*past, *durs], tl.turns)


def _fit_rest(tl: Timeline, first: int, span: float) -> list[float] | None:
    specs = list(tl.playlist.phases[first:])
    if not specs or span <= 0:
        return None
    return _fit_relaxed(specs, span, [p.duration for p in tl.phases[first:]])


def _fit_relaxed(specs: list[PhaseSpec], span: float, natural: list[float],
                 floor: float = 0.0) -> list[float]:
    """Fit with the playlist's rules; if they cannot hold (a live change is asked for
    anyway), share ``span`` in proportion to the phases' current durations, the first
    phase never shorter than ``floor``."""
    try:
        return fit(specs, span)
    except FitError:
        pass
    total = sum(natural) or 1.0
    first = min(span, max(floor, span * natural[0] / total))
    others = natural[1:]
    rest = span - first
    out = [first, *[rest * d / (sum(others) or 1.0) for d in others]]
    out[-1] += span - sum(out)
    return out
