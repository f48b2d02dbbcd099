"""play --vr end to end against Monado's simulated headset (null compositor, lavapipe)
in the Debian 13 chroot that ``.ci/monado-chroot`` builds; skips with the reason where
there is none (not root, not built, not Linux)."""

from __future__ import annotations

import pytest

from player.bench import _monado

pytestmark = pytest.mark.skipif(bool(_monado.unavailable()), reason=_monado.unavailable())


def test_a_short_session_plays_in_the_simulated_headset() -> None:
    proc, events = _monado.play(8)
    assert proc.returncode == 0, proc.stderr[-2000:]
    kinds = [e["event"] for e in events]
    start = events[kinds.index("vr_start")]
    assert "Monado" in start["runtime"] and start["layer"] == "equirect2"
    states = [e["state"] for e in events if e["event"] == "vr_state"]
    assert states[:5] == ["idle", "ready", "synchronized", "visible", "focused"]
    assert states[-1] == "stopping"                     # ended the OpenXR way
    assert "vr_lost" not in kinds
    said = events[kinds.index("vr_stereo")]             # llvmpipe: one picture, and why
    assert said["stereo"] is False and "software renderer" in said["reason"]
    end = events[kinds.index("end")]
    assert end["outcome"] == "completed"
    count = events[kinds.index("vr_end")]
    assert count["submitted"] > 10 and count["scenes"] > 5


def test_stereo_layers_play_in_the_simulated_headset() -> None:
    """Each eye its own equirect2 layer (eye visibility, half of one image): Monado
    takes them, the session plays to its end (asked for: llvmpipe would choose one)."""
    proc, events = _monado.play(6, eyes="two")
    assert proc.returncode == 0, proc.stderr[-2000:]
    kinds = [e["event"] for e in events]
    said = events[kinds.index("vr_stereo")]
    assert said["stereo"] is True and said["ipd_mm"] == 63.0
    assert events[kinds.index("vr_start")]["stereo"] is True
    assert "vr_lost" not in kinds
    assert events[kinds.index("end")]["outcome"] == "completed"
    count = events[kinds.index("vr_end")]
    assert count["submitted"] > 10 and count["scenes"] > 3


def test_no_runtime_running_is_said_before_the_session() -> None:
    proc, events = _monado.play(8, service=False)
    assert proc.returncode == 2
    assert "no OpenXR runtime is running: start SteamVR, Meta Quest Link or Monado" \
        in proc.stderr
    assert events[-1]["event"] == "end" and events[-1]["reason"] == "no_vr_runtime"
