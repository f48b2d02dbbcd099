"""Vsync: the loop finds out whether the swap blocks, and never waits on top of it."""

import pytest

from player.clock import FrameClock
from player.display import DisplayRequest, Window
from player.session import Session
from player.sessionlog import SessionLog, read_log
from player.timeline import Timeline
from player.vsync import PROBE_FRAMES, VsyncProbe
from tests.fakeclock import FakeClock
from tests.sessionkit import three_phases


def test_probe_verdicts():
    blocking = VsyncProbe(1 / 59.94)
    verdicts = [blocking.add(1 / 59.94) for _ in range(PROBE_FRAMES)]
    assert verdicts[:-1] == [None] * (PROBE_FRAMES - 1) and verdicts[-1] is True
    assert blocking.refresh_hz == pytest.approx(59.94)
    fast = VsyncProbe(1 / 59.94)
    for _ in range(PROBE_FRAMES):
        fast.add(0.004)
    assert fast.decided is False and fast.refresh_hz is None


@pytest.mark.parametrize("blocks", [True, False])
def test_session_trusts_a_blocking_swap_and_paces_itself_otherwise(tmp_path, blocks):
    fake = FakeClock()
    refresh_ns = round(1e9 / 75)                     # a 75 Hz panel, config says 60
    clock = FrameClock(60, now_ns=fake.now, sleep=fake.sleep)
    window = Window(DisplayRequest(headless=True, size=(160, 90)))
    window.vsync, window.refresh_hz = True, 75.0
    real_flip = window.flip

    def flip() -> None:
        real_flip()
        fake.advance(0.001)                          # the swap itself
        if blocks:                                   # ...then wait for the next refresh
            fake.t += refresh_ns - fake.t % refresh_ns
    window.flip = flip
    log = SessionLog(tmp_path / "s.jsonl")
    session = Session(timeline=Timeline.build(three_phases(), 8), window=window, log=log,
                      seed=1, fps=60, clock=clock)
    try:
        session.run()
    finally:
        window.close()
        log.close()
    (probe,) = [e for e in read_log(tmp_path / "s.jsonl") if e["event"] == "vsync"]
    assert probe["blocking"] is blocks
    stats = session.clock.summary()
    if blocks:
        assert probe["refresh_hz"] == pytest.approx(75, rel=0.01)
        assert stats.p50_ms == pytest.approx(1000 / 75, abs=0.02)   # one frame per refresh
        assert stats.missed == 0
    else:
        assert stats.p50_ms == pytest.approx(1000 / 60, abs=0.02)   # the clock's own pace
