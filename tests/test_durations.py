"""Durations as therapists write them, and the JSON-Schema pattern that mirrors them."""

from __future__ import annotations

import re

import pytest

from player.durations import (
    DURATION_PATTERN,
    DurationError,
    clock_time,
    format_duration,
    parse_duration,
    parse_length,
    typing_hint,
)

ACCEPTED = [
    ("45m", 2700.0), ("1h30m", 5400.0), ("90s", 90.0), ("00:45:00", 2700.0), ("2700", 2700.0),
    (2700, 2700.0), (90.5, 90.5), ("1h 30m", 5400.0), ("1.5h", 5400.0), ("45:00", 2700.0),
    ("1:02:03", 3723.0), ("2m30s", 150.0), ("1H", 3600.0), (" 20m ", 1200.0),
    ("45min", 2700.0), ("45 mins", 2700.0), ("45 minutes", 2700.0), ("1 Minute", 60.0),
    ("1 hour 30 min", 5400.0), ("2 hrs", 7200.0), ("90 sec", 90.0), ("10 seconds", 10.0),
]
REJECTED = [
    ("-5m", "longer than zero"), ("abc", "not a duration"), ("0", "longer than zero"),
    (0, "longer than zero"), (-300, "longer than zero"), ("", "not a duration"),
    ("1h30", "not a duration"), ("30m1h", "not a duration"), ("0:75", "go up to 59"),
    ("1:60:00", "go up to 59"), (True, "not a duration"), (float("inf"), "longer than zero"),
    (float("nan"), "longer than zero"), ([45], "not a duration"), (None, "not a duration"),
]


@pytest.mark.parametrize(("text", "seconds"), ACCEPTED)
def test_accepted_forms(text: str | float, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(("text", "why"), REJECTED)
def test_rejected_forms_say_how_to_write_one(text: object, why: str) -> None:
    with pytest.raises(DurationError) as err:
        parse_duration(text)  # type: ignore[arg-type]
    assert why in str(err.value)
    assert "45m, 1h30m, 90s, 00:45:00 or 2700" in str(err.value)


@pytest.mark.parametrize("text", [t for t, _ in ACCEPTED if isinstance(t, str)])
def test_schema_pattern_accepts_what_the_parser_accepts(text: str) -> None:
    assert re.match(DURATION_PATTERN, text)


@pytest.mark.parametrize("text", ["-5m", "abc", "", "1h30", "30m1h", "5 minits", "5 mn"])
def test_schema_pattern_rejects_unreadable_text(text: str) -> None:
    assert not re.match(DURATION_PATTERN, text)


def test_schema_pattern_has_no_capture_groups() -> None:
    assert re.compile(DURATION_PATTERN).groups == 0


@pytest.mark.parametrize(("seconds", "text"), [
    (2700, "45m"), (5400, "1h30m"), (3900, "1h05m"), (150, "2m30s"), (45, "45s"),
    (0.5, "0.5s"), (3725, "1h02m05s"),
])
def test_format_duration_reads_back(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text) == seconds


def test_clock_time() -> None:
    assert clock_time(3725.9) == "1:02:05"
    assert clock_time(-1) == "0:00:00"


@pytest.mark.parametrize(("value", "meant"), [
    ("45", "did you mean 45m?"), (45, "did you mean 45m?"), ("90.5", "did you mean 90.5m?"),
    ("0:45", "did you mean 45m (0:45:00)?"), ("1:30", "did you mean 1h30m (1:30:00)?"),
])
def test_a_bare_session_length_under_five_minutes_asks_what_was_meant(value, meant) -> None:
    with pytest.raises(DurationError) as err:
        parse_length(value)
    assert meant in str(err.value)


@pytest.mark.parametrize(("value", "seconds"), [
    ("300", 300.0), (2700, 2700.0), ("45s", 45.0), ("0:45:00", 2700.0), ("5:00", 300.0),
])
def test_a_session_length_with_a_unit_or_of_five_minutes_is_taken_as_written(value, seconds
                                                                             ) -> None:
    assert parse_length(value) == seconds


@pytest.mark.parametrize(("text", "hint"), [
    ("\u201c45m\u201d", "curly quotes"), ("\u201845m\u2019", "curly quotes"),
    ("sounds\\rain.ogg", "write paths with /"), ("45m", ""),
])
def test_typing_hints_for_word_processor_quotes_and_windows_paths(text, hint) -> None:
    assert (hint in typing_hint(text)) if hint else typing_hint(text) == ""
