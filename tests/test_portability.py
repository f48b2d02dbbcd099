"""Nothing Linux-only runs elsewhere: glibc's mallopt, SIGHUP, folders of logs."""

from __future__ import annotations

import ctypes
import signal
import sys

import pytest

from player import memory


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_steady_heap_touches_no_libc_off_linux(monkeypatch, platform):
    def no_libc(*args, **kwargs):
        raise AssertionError("no C library may be loaded here")

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert memory.steady_heap() is False


def test_steady_heap_without_mallopt_is_a_quiet_no(monkeypatch):
    class Musl:
        pass

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: Musl())
    assert memory.steady_heap() is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc")
def test_steady_heap_on_linux_sets_the_threshold():
    assert memory.steady_heap() is True


def test_the_end_signals_exist_wherever_they_are_named(monkeypatch):
    import importlib

    import player.commands.play as play

    monkeypatch.delattr(signal, "SIGHUP")          # as on Windows
    try:
        again = importlib.reload(play)
        assert "SIGHUP" not in again.END_SIGNAL_NAMES
        assert {"SIGINT", "SIGTERM"} <= set(again.END_SIGNAL_NAMES)
    finally:
        monkeypatch.undo()
        importlib.reload(play)


def test_the_log_folder_is_the_platforms_own(monkeypatch, tmp_path):
    from player.logfolder import user_logs

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_logs() == tmp_path / "driftlight" / "sessions"
