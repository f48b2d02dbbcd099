"""Each thing declared once and used as it is: settings, defaults, the easing curve, the
progress display, parameter messages."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np

from player import config_format as fmt

ROOT = Path(__file__).resolve().parents[1]


def test_the_settings_classes_are_the_declarations():
    for name, cls in fmt.SETTINGS.items():
        fields = fmt.SECTIONS[name]
        assert [f.name for f in dataclasses.fields(cls)] == [f.name for f in fields]
        assert dataclasses.asdict(cls()) == fmt.defaults(fields)
    from player import config

    assert config.DisplaySettings is fmt.DisplaySettings          # not a hand-made copy
    length = next(f for f in fmt.SESSION if f.name == "length")
    assert (length.kind, length.min, length.max, length.length) == ("duration", 60.0,
                                                                    12 * 3600.0, True)


def test_playlist_defaults_come_from_the_config_format():
    from player.playlist import PhaseSpec, Playlist, SceneRef

    session = fmt.SessionSettings()
    plain = Playlist("p", ())
    assert (plain.fade_in, plain.fade_out) == (session.fade_in, session.fade_out)
    phase = PhaseSpec("a", (SceneRef("sunrise"),))
    assert phase.transition == fmt.defaults(fmt.PHASE)["transition"]


def test_one_smootherstep_for_picture_and_sound():
    from audio import dsp
    from player import easing, ramp, timeline

    assert timeline.smootherstep is dsp.smootherstep is ramp.smootherstep \
        is easing.smootherstep
    xs = np.linspace(-0.5, 1.5, 41)
    assert np.allclose(easing.smootherstep(xs), [easing.smootherstep(float(x)) for x in xs])
    assert easing.smootherstep(0.5) == 0.5 and easing.smootherstep(2.0) == 1.0


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_progress_display():
    from player.progress import terminal_progress
    from player.safety import progress as old

    assert old.terminal_progress is terminal_progress
    assert terminal_progress("x", stream=io.StringIO()) is None     # not a terminal
    out, now = Tty(), iter([0.0, 2.0, 4.0])
    report = terminal_progress("rendering", real_time_s=100.0, clock=lambda: next(now),
                               stream=out)
    assert report is not None
    report(0.5)
    report(0.501)                                                  # same percent: no redraw
    report(1.0)
    assert out.getvalue() == ("\rrendering  [###############               ]  50%     25x "
                              "real time\rrendering  [##############################] 100%"
                              "     25x real time\n")
    for command in ("audio", "check", "safety"):
        text = (ROOT / "player" / "commands" / f"{command}.py").read_text()
        assert "\\r" not in text                                   # no bar of their own


def test_parameter_messages_name_their_owner_without_patching():
    from audio.spec import check_phase_audio

    problems = dict(check_phase_audio({"layers": [{"layer": "drone",
                                                   "params": {"roots": 110}}],
                                       "fiel": "x.wav"}, Path(".")))
    assert "layer 'drone' has:" in problems[("layers", 0, "params", "roots")]
    assert problems[("fiel",)].startswith("unknown key 'fiel' (did you mean 'file'?) in "
                                          "'audio'; use one of: layers, file")
