"""Prepare mode's time model: seeks, speeds and steps on a fake clock, no window."""

from player.session import SessionState
from player.timeline import Timeline
from tests.sessionkit import three_phases


def state(length: float = 600.0) -> SessionState:
    return SessionState(Timeline.build(three_phases(), length))


def test_seek_while_playing_goes_on_from_the_new_time():
    st = state()
    assert st.session_time(10.0) == 10.0
    st.seek(300.0, 10.0)
    assert st.session_time(10.0) == 300.0
    assert st.session_time(12.5) == 302.5


def test_seek_while_paused_holds_there_and_resume_continues_from_it():
    st = state()
    st.paused_at, st.pause_wall = st.session_time(5.0), 5.0
    st.seek(120.0, 7.0)
    assert st.session_time(9.0) == 120.0
    st.paused_total += 11.0 - st.pause_wall          # resume at wall 11, as Session.act does
    st.paused_at = None
    assert st.session_time(11.0) == 120.0
    assert st.session_time(13.0) == 122.0


def test_speed_change_keeps_the_time_and_changes_the_rate():
    st = state()
    st.set_speed(16.0, 10.0)
    assert st.session_time(10.0) == 10.0
    assert st.session_time(11.0) == 26.0
    st.set_speed(1.0, 11.0)
    assert st.session_time(12.0) == 27.0


def test_speed_change_while_paused_applies_after_resume():
    st = state()
    st.paused_at, st.pause_wall = st.session_time(4.0), 4.0
    st.set_speed(60.0, 6.0)
    assert st.session_time(8.0) == 4.0
    st.paused_total += 8.0 - st.pause_wall
    st.paused_at = None
    assert st.session_time(8.0) == 4.0
    assert st.session_time(9.0) == 64.0


def test_a_length_the_playlist_cannot_fill_is_refused_in_words():
    import argparse

    from player.commands.preview import _loader
    from player.prepare.model import Prepare

    ns = argparse.Namespace(config=None, playlist="short-session", length="40m", seed=None,
                            plugin=[], client=None)          # it lasts 10 to 40 minutes
    model = Prepare(_loader(ns), at=600.0, paused=True)
    before = model.timeline
    model.act("longer", 0.0)
    assert model.timeline is before and model.length is None
    assert "cannot make it" in model.note and "at most" in model.note
    model.act("shorter", 0.0)
    assert model.timeline.length == 35 * 60 and model.time(0.0) == 600.0
    assert [p.name for p in model.timeline.phases] == [p.name for p in before.phases]
