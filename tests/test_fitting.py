"""Fitting a playlist to a session length: exact sums, weights, limits, clear refusals."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from player.fitting import FitError, bounds, fit
from player.playlist import PhaseSpec, SceneRef

SCENE = (SceneRef("sunrise"),)
TOL = 1e-6


def fixed(seconds: float, name: str = "fixed") -> PhaseSpec:
    return PhaseSpec(name, SCENE, duration=seconds)


def weighted(weight: float, lo: float | None = None, hi: float | None = None,
             name: str = "weighted") -> PhaseSpec:
    return PhaseSpec(name, SCENE, weight=weight, min=lo, max=hi)


@st.composite
def phase(draw: st.DrawFn, capped: bool = False) -> PhaseSpec:
    if draw(st.booleans()) and draw(st.booleans()):      # about a quarter are fixed
        return fixed(draw(st.floats(1, 3600)))
    lo = draw(st.none() | st.floats(1, 1800))
    hi = draw(st.floats(lo or 1, 7200) if capped else st.none() | st.floats(lo or 1, 7200))
    return weighted(draw(st.floats(0.01, 100)), lo, hi)


def _stretches(phases: list[PhaseSpec]) -> bool:
    return any(p.duration is None for p in phases)


playlists = st.lists(phase(), min_size=1, max_size=8).filter(_stretches)
capped_playlists = st.lists(phase(capped=True), min_size=1, max_size=8).filter(_stretches)


@st.composite
def feasible(draw: st.DrawFn) -> tuple[list[PhaseSpec], float]:
    phases = draw(playlists)
    low, high = bounds(phases)
    top = min(high, low + 6 * 3600)
    assume(top > low)
    return phases, draw(st.floats(low, top))


@settings(max_examples=400, deadline=None)
@given(feasible())
def test_fit_sums_exactly_and_keeps_every_rule(case: tuple[list[PhaseSpec], float]) -> None:
    phases, length = case
    out = fit(phases, length, "p")
    assert len(out) == len(phases)
    assert math.isclose(math.fsum(out), length, rel_tol=1e-12, abs_tol=1e-9)
    free_rates = []
    for p, d in zip(phases, out, strict=True):
        if p.duration is not None:
            assert d == p.duration
            continue
        assert d >= (p.min or 0) - TOL
        assert p.max is None or d <= p.max + TOL
        at_min = p.min is not None and math.isclose(d, p.min, abs_tol=TOL)
        at_max = p.max is not None and math.isclose(d, p.max, abs_tol=TOL)
        if not at_min and not at_max:
            free_rates.append(d / p.weight)               # seconds per unit of weight
    # Weights are respected: every phase not held by a limit gets the same time per weight
    for rate in free_rates:
        assert math.isclose(rate, free_rates[0], rel_tol=1e-6, abs_tol=1e-6)
    # ... and a phase is held at a limit only when its proportional share would cross it.
    if free_rates:
        rate = free_rates[0]
        for p, d in zip(phases, out, strict=True):
            at_min = p.min is not None and math.isclose(d, p.min, abs_tol=TOL)
            at_max = p.max is not None and math.isclose(d, p.max, abs_tol=TOL)
            if p.duration is not None or at_min == at_max:   # not held, or min ≈ max
                continue
            limit = p.min if at_min else p.max
            gap = (limit - rate * p.weight) * (1 if at_min else -1)  # type: ignore[operator]
            assert gap >= -1e-6 * max(1.0, limit)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(playlists, st.floats(0.01, 0.99))
def test_too_short_sessions_are_refused_with_the_numbers(phases: list[PhaseSpec],
                                                         k: float) -> None:
    low, _ = bounds(phases)
    assume(low * k < low - 1e-6)
    with pytest.raises(FitError, match=r"needs at least .*: fixed .* \+ minimums .*; "
                                       "session is"):
        fit(phases, low * k, "p")


@settings(max_examples=200, deadline=None)
@given(capped_playlists, st.floats(1.01, 10))
def test_too_long_sessions_are_refused_with_the_numbers(phases: list[PhaseSpec],
                                                        k: float) -> None:
    _, high = bounds(phases)
    with pytest.raises(FitError, match=r"can last at most .*: fixed .* \+ maximums .*; "
                                       "session is"):
        fit(phases, high * k, "p")


def test_the_issue_example() -> None:
    phases = [fixed(20 * 60, "arrival"), weighted(1, 3 * 60)]
    with pytest.raises(FitError) as err:
        fit(phases, 15 * 60, "ketamine-45")
    assert str(err.value).startswith("playlist 'ketamine-45' needs at least 23m: fixed 20m "
                                     "+ minimums 3m; session is 15m")


def test_weights_share_what_fixed_phases_leave() -> None:
    out = fit([fixed(300), weighted(1), weighted(3)], 45 * 60)
    assert out == [300, 600, 1800]


def test_limits_push_the_rest_to_the_others() -> None:
    # shares would be 10m/20m/30m; the first is held at 15m, the last at 20m, the middle
    # phase takes the rest.
    out = fit([weighted(1, lo=900), weighted(2), weighted(3, hi=1200)], 3600)
    assert out == pytest.approx([900, 1500, 1200])


def test_fixed_only_must_match_the_session() -> None:
    assert fit([fixed(600), fixed(300)], 900) == [600, 300]
    with pytest.raises(FitError, match="give a phase a 'weight'"):
        fit([fixed(600), fixed(300)], 1000)


def test_no_phases() -> None:
    with pytest.raises(FitError, match="has no phases"):
        fit([], 60, "empty")


def test_bounds() -> None:
    assert bounds([fixed(60), weighted(1, 30, 90)]) == (90, 150)
    assert bounds([fixed(60), weighted(1)]) == (60, math.inf)
    assert bounds([fixed(60)]) == (60, 60)
