"""Brightness and volume at their limits, and what the overlay says about the sound."""

from __future__ import annotations

from tests.sessionkit import key, run_session


def events(log, kind):
    return [e for e in log if e["event"] == kind]


def test_presses_at_a_limit_change_nothing_and_are_not_logged(tmp_path):
    # brightness starts at 100 %: ']' changes nothing; the volume (70 %) tops out at 100 %
    outcome, log, s = run_session(tmp_path, 4, {1.0: [key("]", "]")] * 2,
                                                2.0: [key("up")] * 5,
                                                3.0: [key("[", "[")]})
    assert [e["level"] for e in events(log, "brightness")] == [0.9]
    assert [e["level"] for e in events(log, "volume")] == [0.8, 0.9, 1.0]
    assert s.state.brightness == 0.9 and s.state.volume == 1.0


class Sound:
    available = True
    underruns = 0

    def start(self, t0):
        pass

    def stop(self, fade_s):
        pass


def test_the_overlay_says_when_there_is_no_sound(tmp_path):
    _, _, silent = run_session(tmp_path, 1)
    assert "no sound" in silent.status_lines(0.5, "arrival")[2]
    _, _, sounding = run_session(tmp_path, 1, audio=Sound())
    line = sounding.status_lines(0.5, "arrival")[2]
    assert "volume 70%" in line and "no sound" not in line
