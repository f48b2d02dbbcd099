"""The calm check-in: out-of-range numbers are asked again; time is a fake clock."""

from __future__ import annotations

import pygame
import pytest

from player.checkin import FRAME_S, TIMEOUT_S, ask_rating


class Screen:
    """What the check-in draws on: records the lines shown, presents nothing."""

    def __init__(self) -> None:
        self.pygame = pygame
        self.framebuffer = None
        self.canvas = self
        self.shown: list[list[str]] = []

    def begin(self, target, viewport=None, size=None) -> None:
        pass

    def clear(self) -> None:
        pass

    def lines(self, canvas, lines: list[str], where: str) -> None:
        self.shown.append(lines)

    def flip(self) -> None:
        pass


class FakeTime:
    def __init__(self, batches: list[list[tuple[int, str]]]) -> None:
        self.t = 0.0
        self.batches = batches
        self.sleeps = 0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.t += seconds
        if self.batches:
            type_keys(self.batches.pop(0))


def type_keys(keys: list[tuple[int, str]]) -> None:
    for key, char in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, unicode=char))


@pytest.fixture()
def screen():
    pygame.display.init()
    pygame.display.set_mode((16, 16))
    pygame.event.clear()
    yield Screen()
    pygame.display.quit()


def digits(text: str) -> list[tuple[int, str]]:
    return [(getattr(pygame, f"K_{c}"), c) for c in text]


ENTER = [(pygame.K_RETURN, "\r")]


def test_a_number_over_ten_is_refused_and_asked_again(screen) -> None:
    clock = FakeTime([digits("7") + ENTER])
    type_keys(digits("12") + ENTER)
    rating = ask_rating(screen, screen, "after", now=clock.now, sleep=clock.sleep)
    assert rating == 7                                # not 1, and not 12
    note = screen.shown[0][2]
    assert "12 is more than 10" in note and "again" in note
    assert screen.shown[0][3] == "_"                  # the field was emptied


def test_backspace_edits_and_enter_alone_skips(screen) -> None:
    clock = FakeTime([])
    type_keys([*digits("9"), (pygame.K_BACKSPACE, "\b"), *digits("4"), *ENTER])
    assert ask_rating(screen, screen, "before", now=clock.now, sleep=clock.sleep) == 4
    type_keys(ENTER)
    assert ask_rating(screen, screen, "before", now=clock.now, sleep=clock.sleep) is None


def test_a_third_digit_is_ignored_and_escape_skips(screen) -> None:
    clock = FakeTime([[(pygame.K_ESCAPE, "\x1b")]])
    type_keys(digits("105"))
    assert ask_rating(screen, screen, "before", now=clock.now, sleep=clock.sleep) is None
    assert screen.shown[-1][3] == "10"


def test_nobody_answers_the_question_times_out_on_the_fake_clock(screen) -> None:
    clock = FakeTime([])
    assert ask_rating(screen, screen, "after", now=clock.now, sleep=clock.sleep) is None
    assert clock.t == pytest.approx(TIMEOUT_S["after"], abs=FRAME_S * 1.01)
    assert clock.sleeps == pytest.approx(TIMEOUT_S["after"] / FRAME_S, abs=2)


def test_an_end_request_stops_the_question(screen) -> None:
    clock = FakeTime([])
    asked = []
    assert ask_rating(screen, screen, "before", now=clock.now, sleep=clock.sleep,
                      should_stop=lambda: asked.append(1) or len(asked) > 3) is None
    assert clock.sleeps == 3
