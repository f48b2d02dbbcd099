"""Shader warm-up: best effort, in its own low-priority process, never in the way."""

from __future__ import annotations

import sys

from player.gl import warmup


def test_nothing_to_warm_or_switched_off_starts_nothing(monkeypatch):
    assert warmup.start([]) is None
    monkeypatch.setenv("DRIFTLIGHT_NO_WARMUP", "1")
    assert warmup.start(["sunrise"]) is None


def test_the_warm_up_process_compiles_and_ends(monkeypatch):
    monkeypatch.delenv("DRIFTLIGHT_NO_WARMUP", raising=False)
    proc = warmup.start(["sunrise", "sunrise", "no-such-scene"])
    assert proc is not None and proc.args[-2:] == ["no-such-scene", "sunrise"]
    assert proc.args[:3] == [sys.executable, "-m", "player.gl.warmup"]
    assert proc.wait(timeout=120) == 0          # an unknown scene is skipped, not fatal

