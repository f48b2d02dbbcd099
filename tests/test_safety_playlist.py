"""``check --safety``'s method, with frames from numpy instead of the compositor: strobes
at any rate from 3.5 to 60 Hz, square and sine, fail as a 60 or 120 Hz display shows
them; calm content is screened only; slow flicker passes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from player.safety import playlist


def strobe(hz: float, wave: str, start: float = 0.0) -> playlist.Source:
    """A full-screen strobe from ``start`` on (black before)."""
    def open_at(size: tuple[int, int]):
        w, h = size

        def frame(t: float) -> np.ndarray:
            if t < start:
                v = 0.0
            elif wave == "square":
                v = 1.0 if (t * hz * 2 + 1e-9) % 2 < 1 else 0.0
            else:
                v = 0.5 + 0.5 * math.cos(2 * math.pi * hz * t)
            return np.full((h, w, 3), round(v * 255), np.uint8)
        return frame, lambda: None
    return open_at


# the old 16 fps check passed 15, 16, 17 and 32 Hz and the 8 Hz sine; 59 Hz and 60 Hz
# fold to nothing on a 60 Hz display but not on a 120 Hz one
@pytest.mark.parametrize("hz", [3.5, 8.0, 15.0, 16.0, 17.0, 32.0, 59.0, 60.0])
@pytest.mark.parametrize("wave", ["square", "sine"])
def test_strobes_fail_whatever_their_rate(hz, wave):
    report = playlist.analyse_range(strobe(hz, wave), 1, 0.0, 4.0)
    assert report.verdict == "fail", (hz, wave, report.worst)


@pytest.mark.parametrize("hz", [1.0, 2.0])
def test_slow_flicker_passes(hz):
    assert playlist.analyse_range(strobe(hz, "sine"), 1, 0.0, 4.0).verdict == "pass"


def test_calm_stretches_are_screened_not_rendered_at_display_rate():
    stretches = playlist.screen(strobe(10, "square", start=20.0), 1, 0.0, 30.0)
    assert stretches and stretches[0][0] >= 20.0 - playlist.PAD_S - 1e-9
    assert sum(b - a for a, b in stretches) <= 10.0 + playlist.PAD_S + 1e-9


def test_screening_is_reproducible():
    a = playlist.screen(strobe(7, "sine", start=3.0), 5, 0.0, 8.0)
    b = playlist.screen(strobe(7, "sine", start=3.0), 5, 0.0, 8.0)
    assert a == b
