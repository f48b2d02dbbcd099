"""A numpy plugin scene (flat only: it cannot be re-projected on the GPU) in the headset:
it shows — as a flat screen in front of the viewer on the dome, in both eyes — rather
than failing (fake runtime)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from player.playlist import PhaseSpec, Playlist, SceneRef
from player.vr.runtime import EquirectLayer
from tests.test_stereo_session import Stripes, stripes  # noqa: F401  (the fixture)
from tests.test_vr_fake import SCENE, play


def test_a_numpy_scene_shows_in_the_headset(tmp_path: Path, stripes) -> None:  # noqa: F811
    playlist = Playlist("p", (PhaseSpec("one", (SceneRef(Stripes.name),), weight=1),),
                        fade_in=0.5, fade_out=0.5)
    outcome, events, rt, _ = play(tmp_path, {}, 3.0, eyes=2, playlist=playlist)
    assert outcome == "completed"
    assert not [e for e in events if e["event"] in ("scene_error", "frame_error")]
    assert all(isinstance(x, EquirectLayer) for f in rt.submitted for x in f)
    image = rt.brightest[0].astype(float)
    w, h = SCENE
    for eye in (image[:, :w], image[:, w:]):
        front = eye[h * 2 // 5:h * 3 // 5, w // 2 - w // 12:w // 2 + w // 12]   # ahead
        behind = np.concatenate([eye[:, :w // 8], eye[:, -w // 8:]], axis=1)
        assert front.mean() > 40                              # the stripes, in front
        assert behind.mean() < front.mean() / 3               # the dim surround behind
        assert front.std() > 10                               # stripes, not a flat grey
