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


def test_the_overlay_and_the_help_are_drawn_without_errors(tmp_path, monkeypatch):
    from player.overlay import Overlay

    shown: list[str] = []
    lines, table = Overlay.lines, Overlay.table

    def record_lines(self, surface, rows, *args):
        shown.append("lines")
        return lines(self, surface, rows, *args)

    def record_table(self, surface, rows, *args):
        shown.append("table")
        return table(self, surface, rows, *args)

    monkeypatch.setattr(Overlay, "lines", record_lines)
    monkeypatch.setattr(Overlay, "table", record_table)
    outcome, log, s = run_session(tmp_path, 2, {0.5: [key("i", "i"), key("f1")]})
    assert outcome == "completed" and s.state.overlay and s.state.help
    assert {"lines", "table"} <= set(shown)
    assert not events(log, "frame_error")
