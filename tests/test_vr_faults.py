"""The headset's step never ends the patient's session: a runtime that gives no display
period (0), or a fault anywhere in the step, is logged and the desktop goes on."""

from __future__ import annotations

from types import SimpleNamespace

from player.vr.headset import FrameCount
from player.vr.output import HeadsetOutput
from player.vr.runtime import Timing
from tests.test_vr_fake import play
from tests.vrfake import FakeRuntime


def test_a_period_of_zero_gives_no_refresh_rate_instead_of_a_division_by_zero():
    count = FrameCount()
    count.add(1_000, 0)
    count.add(2_000, 0)
    assert count.refresh_hz == 0.0 and count.as_dict()["refresh_hz"] == 0.0


def test_a_runtime_without_display_periods_plays_to_the_end(tmp_path, monkeypatch):
    real = FakeRuntime.wait_frame

    def no_period(self) -> Timing:
        timing = real(self)
        return Timing(timing.display_time, 0, timing.should_render)

    monkeypatch.setattr(FakeRuntime, "wait_frame", no_period)
    outcome, events, _, out = play(tmp_path, {}, 4.0)
    assert outcome == "completed" and out.headset.count.submitted > 0
    assert not [e for e in events if e["event"] in ("vr_error", "frame_error")]


def test_a_fault_in_the_headset_step_is_logged_and_the_desktop_goes_on():
    logged: list[tuple[str, dict]] = []

    def broken(painter):
        raise ValueError("bad swapchain image")

    headset = SimpleNamespace(frame=broken, log=lambda kind, **data: logged.append((kind, data)))
    out = HeadsetOutput(headset, SimpleNamespace(show=lambda plan, level: None))  # type: ignore[arg-type]
    out._desktop = False
    session = SimpleNamespace(level=lambda wall: 1.0)
    for wall in range(8):
        out.frame(session, None, float(wall))                     # type: ignore[arg-type]
    assert out.desktop_due() and out.errors == 8
    assert [k for k, _ in logged] == ["vr_error"] * 5
    assert "ValueError: bad swapchain image" in logged[0][1]["error"]
