"""The frame clock, driven by a fake clock: exact, no real waiting."""

import statistics
from itertools import pairwise

import pytest

from player.clock import NS, FrameClock, IntervalStats
from tests.fakeclock import FakeClock


def run_frames(clock: FrameClock, fake: FakeClock, n: int, render_s: float = 0.004,
               slow: dict[int, float] | None = None) -> list[float]:
    times = []
    for i in range(n):
        t = clock.next_frame()
        times.append(t)
        fake.advance((slow or {}).get(i, render_s))
        clock.wait()
        clock.presented()
    return times


def test_no_drift_over_a_two_hour_session():
    fake = FakeClock(oversleep_ns=150_000)
    clock = FrameClock(60, now_ns=fake.now, sleep=fake.sleep)
    clock.start()
    n = 2 * 3600 * 60
    run_frames(clock, fake, n)
    # Presents land on absolute deadlines: after two hours, still within the spin step.
    expected = clock.t0 + n * clock.period_ns
    assert abs(fake.now() - expected) <= 2 * fake.spin_ns
    assert clock.missed == 0
    s = clock.summary()
    assert s.frames == n - 1
    assert abs(s.mean_ms - 1000 / 60) < 0.001


def test_frames_are_rendered_for_their_deadline():
    fake = FakeClock()
    clock = FrameClock(50, now_ns=fake.now, sleep=fake.sleep)
    clock.start()
    times = run_frames(clock, fake, 5)
    assert times == pytest.approx([0.02, 0.04, 0.06, 0.08, 0.10])


def test_late_frames_are_skipped_not_burst():
    fake = FakeClock()
    clock = FrameClock(60, now_ns=fake.now, sleep=fake.sleep)
    clock.start()
    period = 1 / 60
    # The frame due at 11 periods takes 70 ms to render, from just after the previous one was
    # shown: it is shown late, at 10 periods + 70 ms; the next deadline ahead is 15 periods.
    times = run_frames(clock, fake, 20, slow={10: 0.070})
    gaps = [b - a for a, b in pairwise(times)]
    assert max(gaps) == pytest.approx(4 * period, abs=1e-6)   # one jump forward, no burst
    assert min(gaps) == pytest.approx(period, abs=1e-6)        # never two frames for one slot
    assert times[11] == pytest.approx(15 * period, abs=1e-6)
    assert clock.missed == 3


def test_margin_adapts_to_late_waking_sleeps():
    fake = FakeClock(oversleep_ns=2_000_000)   # this machine's sleeps wake 2 ms late
    clock = FrameClock(60, now_ns=fake.now, sleep=fake.sleep)
    clock.start()
    run_frames(clock, fake, 30)
    assert clock.margin_ns >= 2_000_000
    # ...so presents still hit their deadlines exactly after the first few frames.
    lates = []
    for _ in range(30):
        clock.next_frame()
        fake.advance(0.004)
        clock.wait()
        lates.append(fake.now() - clock.deadline)
    assert max(lates) <= fake.spin_ns


def test_vsync_does_not_wait_on_top_of_the_swap():
    fake = FakeClock()
    clock = FrameClock(60, now_ns=fake.now, sleep=fake.sleep, vsync=True)
    clock.start()
    for _ in range(10):
        clock.next_frame()
        fake.advance(0.004)
        clock.wait()
        fake.advance(1 / 60 - 0.004)   # the blocking swap waits for the refresh
        clock.presented()
    assert fake.sleeps == []
    # The next frame is predicted one period after the last present.
    t = clock.next_frame()
    assert t == pytest.approx(clock.seconds(clock.last_present) + 1 / 60, abs=1e-6)


def test_statistics_are_correct():
    period = NS // 100
    stats = IntervalStats(period)
    intervals_ms = [10.0] * 97 + [12.0, 15.0, 30.0]
    for ms in intervals_ms:
        stats.add(int(ms * 1e6))
    s = stats.summary(missed=2)
    assert s.frames == 100
    assert s.p50_ms == pytest.approx(10.0, abs=0.01)
    assert s.p99_ms == pytest.approx(15.0, abs=0.01)
    assert s.max_ms == pytest.approx(30.0)
    assert s.mean_ms == pytest.approx(sum(intervals_ms) / 100)
    assert s.p99_abs_error_ms == pytest.approx(5.0, abs=0.01)
    assert s.missed == 2
    assert s.jitter_ms == pytest.approx(statistics.pstdev(intervals_ms), rel=1e-6)
