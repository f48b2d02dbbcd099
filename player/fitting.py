"""Fit a playlist's phases to a session length.

Fixed phases keep their ``duration``; weighted phases share what is left in
proportion to their weights, each clamped to its ``min``/``max`` with the remainder
redistributed among the others (water-filling). The result sums to the session
length exactly: the last phase ends at ``length`` by construction.
"""

from __future__ import annotations

from collections.abc import Sequence

from player.durations import format_duration
from player.playlist import PhaseSpec


class FitError(ValueError):
    """The playlist cannot fill the session; the message gives the numbers."""


def fit(phases: Sequence[PhaseSpec], length: float, playlist: str = "") -> list[float]:
    """Durations (seconds) for ``phases`` that sum to ``length``."""
    if not phases:
        raise FitError(f"playlist '{playlist}' has no phases")
    fixed = sum(p.duration for p in phases if p.duration is not None)
    weighted = [i for i, p in enumerate(phases) if p.duration is None]
    minimums = sum(phases[i].min or 0.0 for i in weighted)
    need = fixed + minimums
    name = f"playlist '{playlist}'" if playlist else "the playlist"
    if need > length + 1e-9:
        raise FitError(f"{name} needs at least {format_duration(need)}: fixed "
                       f"{format_duration(fixed)} + minimums {format_duration(minimums)}; "
                       f"session is {format_duration(length)}")
    if not weighted:
        if abs(fixed - length) > 1e-6:
            raise FitError(f"{name} has only fixed durations totalling "
                           f"{format_duration(fixed)}; session is {format_duration(length)}: "
                           f"give a phase a 'weight' so it can stretch")
        return [p.duration or 0.0 for p in phases]
    caps = sum(phases[i].max if phases[i].max is not None else float("inf") for i in weighted)
    if fixed + caps < length - 1e-9:
        raise FitError(f"{name} can last at most {format_duration(fixed + caps)}: fixed "
                       f"{format_duration(fixed)} + maximums {format_duration(caps)}; "
                       f"session is {format_duration(length)}")
    out = [p.duration if p.duration is not None else 0.0 for p in phases]
    free = set(weighted)
    remaining = length - fixed
    while free:  # water-filling: clamp the worst offenders, share the rest again
        total_w = sum(phases[i].weight or 0.0 for i in free)
        share = {i: remaining * (phases[i].weight or 0.0) / total_w if total_w > 0
                 else remaining / len(free) for i in free}
        low = {i for i in free if phases[i].min is not None and share[i] < phases[i].min}
        high = {i for i in free if phases[i].max is not None and share[i] > phases[i].max}
        if not low and not high:
            for i in free:
                out[i] = share[i]
            break
        # Clamp whichever side is violated more; the other side is re-judged next round.
        low_gap = sum(phases[i].min - share[i] for i in low)  # type: ignore[operator]
        high_gap = sum(share[i] - phases[i].max for i in high)  # type: ignore[operator]
        for i in (low if low_gap >= high_gap else high):
            out[i] = phases[i].min if i in low else phases[i].max  # type: ignore[assignment]
            remaining -= out[i]
            free.discard(i)
    # Make the sum exact: put the floating-point remainder on the largest weighted phase.
    biggest = max(weighted, key=lambda i: out[i])
    out[biggest] += length - sum(out)
    return out
