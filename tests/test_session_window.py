"""The session and its window: a resize follows through to the frames, a minimised
window draws nothing until it is back, and slow drawing (on the fake clock) makes the
governor step the internal resolution down, then the frame rate."""

from __future__ import annotations

import pygame
import pytest

from player.compositor import Compositor
from player.display import DisplayRequest, Window
from tests.fakeclock import FakeClock
from tests.sessionkit import run_session


def events(log, kind):
    return [e for e in log if e["event"] == kind]


@pytest.fixture()
def drawn(monkeypatch):
    """Every frame the compositor draws: (session time, target size)."""
    frames: list[tuple[float, tuple[int, int]]] = []
    render = Compositor.render

    def recording(self, plan, level, target):
        frames.append((plan.t, tuple(target.size)))
        return render(self, plan, level, target)

    monkeypatch.setattr(Compositor, "render", recording)
    return frames


class ResizableWindow(Window):
    """A headless window whose drawable changes size as a real one does when dragged."""

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(DisplayRequest(headless=True, size=size))
        self.next_size = size

    def refresh_size(self) -> tuple[int, int]:
        if self.next_size != self._size:
            self._size = self.next_size
            self._make_offscreen()
        return self._size


def test_a_resized_window_gets_frames_of_its_new_size(tmp_path, drawn):
    window = ResizableWindow((160, 90))
    window.next_size = (240, 136)
    resize = pygame.event.Event(pygame.VIDEORESIZE, size=(240, 136), w=240, h=136)
    outcome, log, s = run_session(tmp_path, 3, {1.0: [resize]}, window=window)
    assert outcome == "completed"
    (display,) = events(log, "display")
    assert display["size"] == [240, 136]
    before = {size for t, size in drawn if t < 0.9}
    after = {size for t, size in drawn if t > 1.2}
    assert before == {(160, 90)} and after == {(240, 136)}
    assert s.compositor.output == (240, 136)
    assert not events(log, "frame_error")


def test_a_minimised_window_draws_nothing_until_it_is_restored(tmp_path, drawn):
    script = {1.0: [pygame.event.Event(pygame.WINDOWMINIMIZED)],
              2.0: [pygame.event.Event(pygame.WINDOWRESTORED)]}
    outcome, log, s = run_session(tmp_path, 3, script)
    assert outcome == "completed"
    times = [t for t, _ in drawn]
    hidden = [t for t in times if s.posted[1.0] + 0.04 < t < s.posted[2.0]]
    assert hidden == []                                   # nothing drawn while minimised
    assert any(t > s.posted[2.0] + 0.04 for t in times)   # drawing again once restored
    assert log[-1]["session_t"] == pytest.approx(3.0, abs=0.05)   # time went on meanwhile


def test_slow_frames_on_the_fake_clock_step_the_resolution_then_the_rate(tmp_path,
                                                                           monkeypatch):
    fake = FakeClock()
    render = Compositor.render

    def slow(self, plan, level, target):       # 30 ms of drawing at 30 fps (33 ms)
        fake.advance(0.030)
        return render(self, plan, level, target)

    monkeypatch.setattr(Compositor, "render", slow)
    window = Window(DisplayRequest(headless=True, size=(1280, 720)))
    outcome, log, s = run_session(tmp_path, 2, fake=fake, window=window)
    start = events(log, "session_start")[0]["internal"]
    steps = events(log, "degrade")
    assert steps, "slow frames must step the governor down"
    assert steps[0]["internal_from"] == start and steps[0]["t"] < 0.5   # within 15 frames
    heights = [start[1]] + [e["internal_to"][1] for e in steps]
    rates = [30.0] + [e["fps"] for e in steps]
    for i in range(1, len(steps) + 1):          # each step lowers the resolution or the rate
        assert heights[i] < heights[i - 1] or rates[i] < rates[i - 1]
    assert heights[-1] < heights[0]             # resolution first...
    assert rates[-1] == pytest.approx(15.0)     # ...then, as the last resort, half the rate
    assert outcome == "completed"
