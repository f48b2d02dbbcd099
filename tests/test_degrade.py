"""The frame governor: slow frames step the internal resolution, then the frame rate,
down; long comfortable runs step them back up, first the rate."""

from __future__ import annotations

from player.degrade import DOWN_AFTER, SCALES, UP_AFTER_S, Governor

PERIOD = 1 / 60


def run(gov: Governor, work_s: float, frames: int) -> int:
    return sum(gov.frame(work_s) for _ in range(frames))


def test_a_gpu_starts_at_full_resolution_and_every_refresh():
    gov = Governor(PERIOD)
    assert gov.scale == 1.0 and gov.fps(60) == 60 and gov.height(2160) == 2160


def test_a_software_renderer_starts_low_and_at_half_rate_in_a_window():
    assert Governor(PERIOD, software=True).fps(60) == 30
    assert Governor(PERIOD, software=True, window=False).fps(60) == 60
    assert Governor(PERIOD, software=True).height(1080) == 270


def test_slow_frames_step_resolution_down_then_the_rate():
    gov = Governor(PERIOD)
    assert run(gov, 0.9 * PERIOD, DOWN_AFTER - 1) == 0        # a few slow frames: nothing
    assert run(gov, 0.9 * PERIOD, 1) == 1 and gov.scale == SCALES[1]
    for _ in range(len(SCALES) * 2):
        run(gov, 2.0 * PERIOD * gov.divisor, DOWN_AFTER)
    assert gov.scale == SCALES[-1] and gov.divisor == 3
    assert gov.height(1080) >= 90


def test_very_slow_frames_go_to_a_lower_rate_before_the_smallest_sizes():
    gov = Governor(PERIOD)
    run(gov, 3.0 * PERIOD, DOWN_AFTER)
    assert gov.divisor == 2 and gov.scale == 1.0


def test_comfortable_frames_step_back_up_rate_first():
    gov = Governor(PERIOD, software=True)
    frames = int(UP_AFTER_S / (PERIOD * gov.divisor)) + 1
    assert run(gov, 0.1 * PERIOD, frames) == 1 and gov.divisor == 1 and gov.scale == 0.25
    assert run(gov, 0.1 * PERIOD, int(UP_AFTER_S / PERIOD) + 1) == 1 and gov.scale == 0.375


def test_a_step_up_taken_back_waits_longer_next_time():
    gov = Governor(PERIOD, software=True)
    run(gov, 0.1 * PERIOD, int(UP_AFTER_S / (2 * PERIOD)) + 1)    # up to 60 Hz ...
    assert gov.divisor == 1
    run(gov, 0.95 * PERIOD, DOWN_AFTER)                            # ... too slow: back down
    assert gov.scale == 0.25 and gov.divisor == 2
    before = (gov.scale, gov.divisor)
    run(gov, 0.1 * PERIOD * gov.divisor, int(UP_AFTER_S / (PERIOD * gov.divisor)) + 1)
    assert (gov.scale, gov.divisor) == before                      # not after 20 s any more
