"""play --vr against a fake OpenXR runtime (tests/vrfake.py): always runs, no headset.

The headset follows the runtime's session states, is taken off and lost, and the
session goes on to its end on the desktop, with every change in the log; the layer it
submits stays world-locked while the head turns; pause dims the headset too, and the
headset's brightness cap holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from player.display import DisplayRequest, Window
from player.errors import UserError
from player.vr.headset import Headset
from player.vr.output import HeadsetOutput
from player.vr.painter import Painter
from player.vr.runtime import EquirectLayer, Pose, ProjectionLayer
from player.vr.start import NO_RUNTIME, open_headset
from tests.fakeclock import FakeClock
from tests.sessionkit import key, run_session
from tests.vrfake import FakeRuntime

CAP = 0.7
SCENE = (64, 32)


def play(tmp: Path, runtime_kw: dict, length: float, script: dict | None = None,
         eyes: int = 1, playlist=None):
    fake = FakeClock()
    window = Window(DisplayRequest(headless=True, size=(160, 90)))
    rt = FakeRuntime(window.ctx, fake, **runtime_kw)
    outputs = []

    def setup(session) -> None:
        headset = Headset(rt, session.log.event, scene_size=SCENE, eyes=eyes,
                          now=lambda: fake.now() / 1e9)
        headset.start()
        out = HeadsetOutput(headset, Painter(window.ctx, seed=3, brightness_cap=CAP,
                                             scene_size=SCENE))
        session.headset = out
        outputs.append(out)

    outcome, events, session = run_session(tmp, length, script, window=window, fake=fake,
                                           setup=setup, playlist=playlist)
    outputs[0].close()               # as play does after the session
    return outcome, events, rt, outputs[0]


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vr")
    script = {  # the runtime's states, at fake seconds
        2.0: ["visible", "synchronized", "stopping"],      # headset taken off
        3.0: ["ready"],                                     # and put back on
    }
    return play(tmp, {"script": script, "lose_at": 4.5}, 14.0,
                {9.0: [key("space", " ")], 11.5: [key("space", " ")]})   # pause, resume


def test_the_session_goes_on_through_headset_off_and_runtime_lost(played) -> None:
    outcome, events, rt, _ = played
    assert outcome == "completed"
    assert events[-1]["event"] == "end" and events[-1]["reason"] == "timeline_ended"
    states = [e["state"] for e in events if e["event"] == "vr_state"]
    first = states[:5]
    assert first == ["idle", "ready", "synchronized", "visible", "focused"]
    off = states[5:10]
    assert off == ["visible", "synchronized", "stopping", "idle", "ready"]
    lost = [e for e in events if e["event"] == "vr_lost"]
    assert len(lost) == 1 and "SESSION_LOST" in lost[0]["reason"]
    assert any(e["event"] == "vr_back" for e in events)          # retried, reconnected
    assert rt.opens == 2
    assert rt.calls.count("end") >= 1                                # STOPPING → xrEndSession
    assert "request_exit" in rt.calls and rt.calls[-1] == "close"   # a clean exit at the end


def test_layers_are_world_locked_while_the_head_turns(played) -> None:
    _, _, rt, _ = played
    layers = [layer for frame in rt.submitted for layer in frame]
    assert len(layers) > 300 and rt.yaw > 5                         # the head turned a lot
    assert all(isinstance(x, EquirectLayer) for x in layers)
    assert {x.pose for x in layers} == {Pose()}                     # identity, level horizon


def test_the_scene_is_painted_at_30_hz_while_the_runtime_runs_at_60(played) -> None:
    _, events, _, out = played
    count = out.headset.count
    assert count.submitted > 300 and count.missed == 0
    assert count.scenes == pytest.approx(count.submitted / 2, abs=8)


def test_pause_dims_the_headset_and_its_cap_holds(played) -> None:
    _, _, rt, _ = played
    before = [p for p in rt.paints if 7.5 <= p.at < 9.0]
    after = [p for p in rt.paints if 11.3 <= p.at < 11.9]
    assert before and after
    ratio = after[-1].mean / before[-1].mean
    assert 0.2 < ratio < 0.45                                       # PAUSE_DIM 0.3
    assert max(p.max for p in rt.paints) <= round(255 * CAP) + 2    # dither may add 1-2


def test_without_layer_extensions_each_eye_is_resampled(tmp_path: Path) -> None:
    outcome, events, rt, _ = play(tmp_path, {"layers_supported": frozenset()}, 3.0)
    assert outcome == "completed"
    frames = [f for f in rt.submitted if f]
    assert frames and all(isinstance(f[0], ProjectionLayer) for f in frames)
    poses = {f[0].views[0].eye.pose.orientation for f in frames}
    assert len(poses) > 10       # each eye's image follows that eye, the world stays put


def test_no_runtime_is_said_before_the_session(tmp_path: Path) -> None:
    window = Window(DisplayRequest(headless=True, size=(160, 90)))
    try:
        rt = FakeRuntime(window.ctx, FakeClock(), available=False)

        class Log:
            def event(self, kind: str, **data) -> None:
                pass
        with pytest.raises(UserError) as err:
            open_headset(rt, window, seed=1, brightness_cap=CAP, log=Log())
        assert str(err.value).startswith(NO_RUNTIME)
    finally:
        window.close()
