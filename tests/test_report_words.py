"""The report speaks in words a clinic reads, not in the log's event names."""

from __future__ import annotations

from player.report import render_text, summarise


def test_problems_are_named_in_words_not_event_names() -> None:
    events = [
        {"event": "session_start", "playlist": "p", "length_s": 60.0},
        {"event": "audio_unavailable", "error": "ALSA: no card; the session goes on"},
        {"event": "audio_underrun", "t": 61.5, "count": 1},
        {"event": "audio_layer_failed", "layer": "chimes"},
        {"event": "audio_brand_new_thing"},
        {"event": "end", "outcome": "completed", "session_t": 60.0},
    ]
    text = render_text(summarise(events))
    assert "no sound device: ALSA: no card" in text
    assert "0:01:01  the sound ran dry" in text
    assert "a sound layer failed: chimes" in text
    assert "audio brand new thing" in text                 # unknown events: spaced out
    assert "audio_" not in text
