"""``driftlight init``: an editable copy of the default config that loads as it is."""

from __future__ import annotations

from player.cli import main
from player.config import PACKAGED_CONFIG, load_config


def test_init_writes_the_default_with_its_comments(tmp_path, capsys):
    assert main(["init", str(tmp_path / "clinic")]) == 0
    written = tmp_path / "clinic" / "config.yaml"
    assert written.read_text() == PACKAGED_CONFIG.read_text()
    assert "# driftlight configuration" in written.read_text()      # the notes came along
    assert load_config(written).playlists.keys() == load_config(PACKAGED_CONFIG).playlists.keys()
    assert f"wrote {written}" in capsys.readouterr().out


def test_init_never_overwrites_unless_forced(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("mine: true\n")
    assert main(["init"]) == 2
    assert "already there" in capsys.readouterr().err
    assert (tmp_path / "config.yaml").read_text() == "mine: true\n"
    assert main(["init", "--force"]) == 0
    assert "'driftlight check'" in capsys.readouterr().out
    assert (tmp_path / "config.yaml").read_text() == PACKAGED_CONFIG.read_text()


def test_init_into_an_unwritable_place_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["init", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the config here" in err and "Traceback" not in err
