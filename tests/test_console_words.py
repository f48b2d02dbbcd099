"""The console's pure parts, without a screen: times, health words, asking first,
choosing the console's display, the bar's time under a click."""

import pygame
import pytest

from player.console import preflight
from player.console.confirm import WAIT_S, Confirm
from player.console.text import Text
from player.console.timelinebar import Segment, TimelineBar
from player.console.words import Health, ends_at, health, minutes, span
from player.errors import UserError


def test_times_read_like_a_clock():
    assert span(65) == "1:05" and span(3725) == "1:02:05" and span(-3) == "0:00"
    assert minutes(-300) == "5 min" and minutes(90) == "90 s"
    assert ends_at(0, 60).startswith("ends at ") and "if resumed" in ends_at(0, 60, True)


def test_health_is_one_plain_sentence():
    assert health(Health()) == ("smooth", "good")
    assert "reducing detail" in health(Health(degraded=True))[0]
    words, level = health(Health(sound="no sound device", scene_faults=("aurora",)))
    assert level == "caution" and "no sound device" in words and "aurora" in words
    assert "ms" not in words and "p99" not in words
    device = "no sound device (ALSA: Couldn't open audio device: No such file or directory)"
    assert health(Health(sound=device)) == ("no sound device", "caution")   # no driver talk
    assert health(Health(sound="off (--no-sound)"))[0] == "sound off"


def test_shortening_asks_first_and_the_question_expires():
    c = Confirm()
    assert c.press("pause", 0.0)
    assert not c.press("shorter", 1.0) and c.waiting(1.5) == "shorter"
    assert c.press("shorter", 2.0)                     # the second press confirms
    assert not c.press("end", 3.0) and c.yes(4.0) == "end"
    assert not c.press("shorter", 10.0) and c.waiting(10.0 + WAIT_S + 1) is None


def test_console_display_choice():
    assert preflight.choose("auto", 0, 2, False) == 1
    assert preflight.choose("auto", 1, 2, False) == 0
    assert preflight.choose("auto", 0, 1, False) is None            # one display: overlay
    assert preflight.choose("off", 0, 2, False) is None
    assert preflight.choose(0, 0, 2, False) == "window"
    assert preflight.parse_choice("Window", "x") == "window"
    with pytest.raises(UserError, match="x: error: the console is 'left'"):
        preflight.parse_choice("left", "x")
    with pytest.raises(UserError, match=r"console display 2 is not connected.*0 \(800x600"):
        preflight.check_display(2, [{"index": 0, "size": [800, 600], "refresh_hz": 0}],
                                "console", "choose one")


def test_timeline_bar_maps_clicks_to_times():
    pygame.font.init()
    bar = TimelineBar(Text())
    bar.rect = pygame.Rect(10, 10, 401, 60)
    bar.set_segments((Segment(0, "a", 0, 100), Segment(1, "b", 100, 300, 20)), 300)
    bar_rect = bar.parts()[1]
    assert bar.time_at(bar_rect.left) == 0 and bar.time_at(bar_rect.right + 50) == 300
    assert abs(bar.time_at(bar.x_at(150)) - 150) < 300 / bar_rect.width
    surface = pygame.Surface((420, 80))
    bar.draw(surface, 150)                                 # draws without a window
