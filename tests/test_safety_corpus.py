"""``safety VIDEO`` on the generated known-answer corpus (player/safety/corpus.py): every
class it has been wrong on — light averaged as code values, 120 fps, a flicker fading
in, snow, broken files — as a small video made here, with the verdicts that are right."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from player.errors import UserError
from player.safety import corpus
from player.safety.video import analyse_video

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None or
                                shutil.which("ffprobe") is None,
                                reason="ffmpeg/ffprobe not installed (apt-get install ffmpeg)")
CASES = {c.name: c for c in corpus.cases()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.mark.parametrize("name", list(CASES))
def test_known_answer(name, folder):
    case = CASES[name]
    path = corpus.build(case, folder)
    try:
        report = analyse_video(path)
    except UserError as e:
        assert "error" in case.accept, f"{name}: unexpected error {e}"
        assert str(e).startswith(f"{path}: error: ")
        return
    assert report.verdict in case.accept, (name, report.verdict, report.worst,
                                           report.problems, report.notes)
    assert report.complete == case.complete, (name, report.notes)
    if not case.complete:
        assert report.notes and report.analysed is not None
        assert "only" in report.notes[0] and report.lines(name)[0].endswith(
            "(in the part analysed)")


def test_a_gamma_space_average_would_miss_the_dots(folder):
    """The dots case is a real test of averaging light: their mean *code* value is 64,
    which reads as 0.05 — under the 0.1 threshold."""
    from player.safety.luminance import linear
    assert float(linear(64 / 255)) < 0.1 < 0.25


def test_the_120fps_flash_is_not_dropped(folder):
    report = analyse_video(corpus.build(CASES["single-frame-120fps"], folder))
    assert report.fps == 60.0 and report.worst["general"].flashes_per_s >= 7


def test_broken_timestamps_are_bounded_and_reported(folder):
    path = corpus.build(CASES["scrambled-timestamps"], folder)
    report = analyse_video(path)
    assert report.duration_s < 10           # ffmpeg's fps filter made 2.5 million frames
    assert any("timestamp" in n for n in report.notes)


def test_the_time_bound_stops_the_analysis_with_a_partial_verdict(folder):
    path = corpus.build(CASES["strobe-4hz"], folder)
    report = analyse_video(path, time_limit_s=0.0)
    assert not report.complete
    assert "stopped after" in report.notes[0]
