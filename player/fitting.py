"""Fit a playlist's phases to a session length.

Fixed phases keep their ``duration``; weighted phases share what is left in
proportion to their weights, each clamped to its ``min``/``max`` with the remainder
redistributed among the others (water-filling). The result sums to the session
length exactly: the last phase ends at ``length`` by construction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from player.durations import format_duration
from player.playlist import PhaseSpec


class FitError(ValueError):
    """The playlist cannot fill the session; the message gives the numbers."""


def bounds(phases: Sequence[PhaseSpec]) -> tuple[float, float]:
    """The shortest and longest session ``phases`` can fill (the longest may be inf)."""
    fixed = sum(p.duration for p in phases if p.duration is not None)
    weighted = [p for p in phases if p.duration is None]
    low = fixed + sum(p.min or 0.0 for p in weighted)
    high = fixed + sum(p.max if p.max is not None else math.inf for p in weighted)
    return low, (high if weighted else fixed)


def fit(phases: Sequence[PhaseSpec], length: float, playlist: str = "") -> list[float]:
    """Durations (seconds) for ``phases`` that sum to ``length``; FitError with numbers."""
    name = f"playlist '{playlist}'" if playlist else "the playlist"
    if not phases:
        raise FitError(f"{name} has no phases")
    fixed = sum(p.duration for p in phases if p.duration is not None)
    weighted = [i for i, p in enumerate(phases) if p.duration is None]
    minimums = sum(phases[i].min or 0.0 for i in weighted)
    low, high = bounds(phases)
    session = f"session is {format_duration(length)}"
    if low > length + 1e-9:
        raise FitError(f"{name} needs at least {format_duration(low)}: fixed "
                       f"{format_duration(fixed)} + minimums {format_duration(minimums)}; "
                       f"{session}: make the session longer or shorten those phases")
    if not weighted:
        if abs(fixed - length) > 1e-6:
            raise FitError(f"{name} has only fixed durations totalling "
                           f"{format_duration(fixed)}; {session}: "
                           f"give a phase a 'weight' so it can stretch")
        return [p.duration or 0.0 for p in phases]
    if high < length - 1e-9:
        raise FitError(f"{name} can last at most {format_duration(high)}: fixed "
                       f"{format_duration(fixed)} + maximums {format_duration(high - fixed)}; "
                       f"{session}: make the session shorter or raise a phase's 'max'")
    out = [p.duration if p.duration is not None else 0.0 for p in phases]
    free = set(weighted)
    remaining = length - fixed
    while free:  # water-filling: clamp the worst offenders, share the rest again
        total_w = sum(phases[i].weight or 0.0 for i in free)
        share = {i: remaining * (phases[i].weight or 0.0) / total_w if total_w > 0
                 else remaining / len(free) for i in free}
        lows = {i: lo for i in free if (lo := phases[i].min) is not None}
        highs = {i: hi for i in free if (hi := phases[i].max) is not None}
        under = {i for i, lo in lows.items() if share[i] < lo}
        over = {i for i, hi in highs.items() if share[i] > hi}
        if not under and not over:
            for i in free:
                out[i] = share[i]
            break
        # Clamp the side violated more: if raising the short ones to their minimum costs
        # more than lowering the long ones frees, every share can only shrink from here,
        # so the short ones stay clamped in the final answer (and vice versa).
        under_gap = math.fsum(lows[i] - share[i] for i in under)
        over_gap = math.fsum(share[i] - highs[i] for i in over)
        for i in sorted(under if under_gap >= over_gap else over):
            out[i] = lows[i] if i in under else highs[i]
            remaining -= out[i]
            free.discard(i)
    # Make the sum exact: put the floating-point remainder on the largest weighted phase.
    biggest = max(weighted, key=lambda i: out[i])
    out[biggest] += length - math.fsum(out)
    return out
