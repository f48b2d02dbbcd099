"""The live session under scripted therapist input (headless, fake clock)."""

import random
from itertools import pairwise

import pytest

from tests.sessionkit import FRAME, key, run_session


def events(log, kind):
    return [e for e in log if e["event"] == kind]


def test_pause_holds_time_and_resume_continues(tmp_path):
    outcome, log, s = run_session(tmp_path, 12, {2.0: [key("space", " ")],
                                                 5.0: [key("space", " ")]})
    assert outcome == "completed"
    (pause,), (resume,) = events(log, "pause"), events(log, "resume")
    # A key delivered after one frame takes effect at the very next frame.
    assert pause["t"] == pytest.approx(s.posted[2.0] + FRAME, abs=1e-3)
    assert resume["t"] == pause["t"]                          # the picture held still
    assert resume["paused_s"] == pytest.approx(3.0, abs=FRAME)
    end = log[-1]
    assert end["session_t"] == pytest.approx(12.0, abs=0.05)
    assert end["elapsed_s"] == pytest.approx(15.0, abs=0.1)  # 12 s of session + 3 s paused


def test_pause_fades_to_a_dim_still_over_two_seconds(tmp_path):
    outcome, log, s = run_session(tmp_path, 8, {1.0: [key("space", " ")],
                                                 4.0: [key("space", " ")]})
    dim = s.state.dim                       # the last glide: back up from the dim still
    resumed = s.posted[4.0] + FRAME
    assert dim.start == pytest.approx(resumed, abs=1e-3)
    assert dim.start_value == pytest.approx(0.3)              # the pause had reached 30 %
    assert dim.at(resumed + 1.0) == pytest.approx(0.65, abs=1e-6)   # halfway after 1 s
    assert dim.at(resumed + 2.0) == 1.0                      # back in full after 2 s


def test_skip_starts_the_crossfade_to_the_next_phase_now(tmp_path):
    outcome, log, s = run_session(tmp_path, 30, {3.0: [key("right")]})
    (skip,) = events(log, "skip")
    assert skip["applied"] is True
    phases = skip["schedule"]
    assert phases[0]["end_s"] == pytest.approx(skip["t"] + 2.0, abs=1e-6)   # half of 4 s
    assert phases[-1]["end_s"] == 30.0
    names = [e["name"] for e in events(log, "phase")]
    assert names == ["arrival", "peak", "return"]
    peak = events(log, "phase")[1]
    assert skip["t"] == pytest.approx(s.posted[3.0] + FRAME, abs=1e-3)
    assert peak["t"] == pytest.approx(skip["t"] + 2.0, abs=FRAME)


@pytest.mark.parametrize("press, delta", [(("+", "+"), 300.0), (("-", "-"), -300.0)])
def test_extend_and_shorten_refit_only_the_future(tmp_path, press, delta):
    outcome, log, s = run_session(tmp_path, 900, {5.0: [key(*press)], 6.0: [key("escape")]})
    (retime,) = events(log, "retime")
    assert retime["length_s"] == pytest.approx(900 + delta)
    start = events(log, "session_start")[0]
    old, new = start["schedule"], retime["schedule"]
    assert new[-1]["end_s"] == pytest.approx(900 + delta)        # sums to the new length
    for a, b in pairwise(new):
        assert a["end_s"] == b["start_s"]
    assert new[0]["start_s"] == old[0]["start_s"] == 0           # the past is unchanged
    assert new[0]["end_s"] > retime["t"]


def test_cannot_shorten_below_what_a_fade_out_needs(tmp_path):
    outcome, log, s = run_session(tmp_path, 20, {3.0: [key("-", "-")] * 5})
    lengths = [e["length_s"] for e in events(log, "retime")]
    assert min(lengths) >= 3.0 + 2.0                    # now + the fade-out at least
    assert outcome == "completed"


def test_random_key_mashing_and_mouse_change_nothing(tmp_path):
    import pygame

    rng = random.Random(7)
    harmless = [k for k in ("a", "b", "q", "x", "z", "1", "5", "f5", "f12", "return",
                            "backspace", "left", "home", "end", "delete", "insert")]
    script = {}
    for i in range(60):
        name = rng.choice(harmless)
        char = name if len(name) == 1 else ""
        script[0.5 + i * 0.1] = [key(name, char), key(name, up=True),
                                 pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1,
                                                    pos=(10, 10)),
                                 pygame.event.Event(pygame.MOUSEMOTION, pos=(rng.randrange(160),
                                                    rng.randrange(90)), rel=(3, 3),
                                                    buttons=(0, 0, 0))]
    outcome, log, s = run_session(tmp_path, 10, script)
    assert outcome == "completed"
    assert {e["event"] for e in log} == {"session_start", "phase", "end"}
    assert log[-1]["session_t"] == pytest.approx(10.0, abs=0.05)


def test_esc_tapped_does_nothing(tmp_path):
    outcome, log, s = run_session(tmp_path, 8, {2.0: [key("escape")],
                                                2.5: [key("escape", up=True)],
                                                4.0: [key("escape")],
                                                5.9: [key("escape", up=True)]})
    assert outcome == "completed"
    assert not events(log, "ending")


def test_esc_held_two_seconds_ends_with_a_fade(tmp_path):
    outcome, log, s = run_session(tmp_path, 60, {2.0: [key("escape")]})
    assert outcome == "ended_early"
    (ending,) = events(log, "ending")
    assert ending["reason"] == "therapist"
    held_from = s.posted[2.0] + FRAME
    assert held_from + 2.0 <= ending["t"] <= held_from + 2.0 + FRAME + 1e-6   # a 2 s hold
    end = log[-1]
    assert end["outcome"] == "ended_early"
    assert end["elapsed_s"] == pytest.approx(7.0, abs=0.1)    # then a 3 s fade


def test_lock_ignores_keys_until_the_unlock_word(tmp_path):
    word = [key(c, c) for c in "unlock"]
    outcome, log, s = run_session(tmp_path, 10, {1.0: [key("space", " "), key("right")],
                                                 2.0: [key("escape")], 5.0: word,
                                                 6.0: [key("space", " ")],
                                                 7.0: [key("space", " ")]}, locked=True)
    assert outcome == "completed"                  # Esc held while locked did not end it
    assert [e["event"] for e in log if e["event"] in ("pause", "resume", "skip", "unlock")
            ] == ["unlock", "pause", "resume"]


def test_brightness_and_volume_steps_are_logged_and_smoothed(tmp_path):
    outcome, log, s = run_session(tmp_path, 6, {1.0: [key("[", "[")] * 3,
                                                2.0: [key("up")]})
    levels = [e["level"] for e in events(log, "brightness")]
    assert levels == [0.9, 0.8, 0.7]
    assert events(log, "volume")[0]["level"] == pytest.approx(0.8)
    b = s.state.bright                       # three quick presses: one glide, no steps
    assert b.at(b.start) == 1.0
    assert b.at(b.start + 0.5) == pytest.approx(0.85)
    assert b.at(b.start + 1.0) == pytest.approx(0.7)


class BrokenSound:
    """A sound device that fails on the first pause."""

    underruns = 0

    def start(self, t0):
        pass

    def pause(self):
        raise RuntimeError("device lost")

    def stop(self, fade_s):
        raise AssertionError("a failed sound must not be used again")


def test_a_failing_sound_device_is_logged_and_the_picture_goes_on(tmp_path):
    outcome, log, s = run_session(tmp_path, 6, {1.0: [key("space", " ")],
                                                2.0: [key("space", " ")]}, audio=BrokenSound())
    assert outcome == "completed"
    (err,) = events(log, "audio_error")
    assert "device lost" in err["error"]
    assert events(log, "resume")                      # the controls kept working


def test_an_error_while_drawing_is_contained(tmp_path, monkeypatch):
    from player.overlay import Overlay

    def broken(self, surface, progress):
        raise ValueError("overlay broke")
    monkeypatch.setattr(Overlay, "ring", broken)
    outcome, log, s = run_session(tmp_path, 4)
    assert outcome == "completed"
    errors = events(log, "frame_error")
    assert 1 <= len(errors) <= 5 and "overlay broke" in errors[0]["error"]
    assert log[-1]["session_t"] == pytest.approx(4.0, abs=0.05)


def test_a_log_that_cannot_be_written_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "player", "play", "--headless", "--log",
                          "/proc/no/such/dir/s.jsonl"], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 2 and "cannot write the session log" in res.stderr
    assert "Traceback" not in res.stderr
