"""A projection a playlist's scene cannot be shown on is refused at that scene's entry in
the config (``FILE:LINE:COL``), with the option as the user typed it and the scenes that
can be shown that way; the check sees the playlist as a client's profile changed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.cli import main
from player.config import load_config
from player.errors import UserError
from player.projections import check_playlist

CONFIG = """\
session: {playlist: evening, length: 10m}
playlists:
  evening:
    phases:
      - name: meadow
        scene: meadow
        weight: 1
      - name: turns
        scenes: [starfield, {scene: candle}]
        weight: 1
  night:
    phases:
      - name: sea
        scene: ocean
        weight: 1
      - name: stars
        scene: starfield
        weight: 1
"""
SPHERE_SCENES = "scenes that support sphere: aurora, mountains, nebula, ocean, starfield"


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG)
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "K-1.yaml").write_text("avoid: [water]\n")
    return path


def test_each_failing_scene_entry_is_named_where_it_is_written(cfg: Path) -> None:
    config = load_config(cfg)
    check_playlist(config, config.playlist("evening"), "dome")     # every shader scene
    check_playlist(config, config.playlist("night"), "sphere")
    with pytest.raises(UserError) as err:
        check_playlist(config, config.playlist("evening"), "sphere", "--projection 360")
    assert err.value.lines == [
        f"{cfg}:6:16: error: scene 'meadow' (phase 'meadow' of playlist 'evening') cannot be "
        f"shown on the sphere (360°) (--projection 360); {SPHERE_SCENES}: choose one of them "
        f"here, or another projection",
        f"{cfg}:9:37: error: scene 'candle' (phase 'turns' of playlist 'evening') cannot be "
        f"shown on the sphere (360°) (--projection 360); {SPHERE_SCENES}: choose one of them "
        f"here, or another projection"]


@pytest.mark.parametrize("typed", ["360", "sphere"])
def test_the_option_is_said_as_typed(cfg: Path, capsys, typed: str) -> None:
    assert main(["still", str(cfg), "--projection", typed, "--at", "5m", "--size", "32x16",
                 "-o", str(cfg.parent / "x.png")]) == 2
    err = capsys.readouterr().err
    assert f"{cfg}:6:16: error: scene 'meadow'" in err and f"(--projection {typed});" in err
    assert "Traceback" not in err and not (cfg.parent / "x.png").exists()


def test_the_client_profiles_playlist_is_the_one_checked(cfg: Path, capsys) -> None:
    # the profile avoids water: ocean (fine on the sphere) gives way to a scene of its
    # mood that is not, at ocean's entry in the config
    out = cfg.parent / "x.png"
    assert main(["still", str(cfg), "--playlist", "night", "--projection", "360",
                 "--at", "5m", "--size", "32x16", "-o", str(out)]) == 0
    assert main(["still", str(cfg), "--playlist", "night", "--client", "K-1",
                 "--projection", "360", "--at", "5m", "--size", "32x16", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{cfg}:14:16: error: scene '" in err
    assert "(phase 'sea' of playlist 'night', standing in for 'ocean' which the client " \
           "profile avoids) cannot be shown on the sphere (360°) (--projection 360)" in err
