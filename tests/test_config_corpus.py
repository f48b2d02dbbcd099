"""The broken-config corpus: every file in tests/configs must fail with exactly the
messages written at its end (see tests/configs/README.md)."""

from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np
import pytest

from player.cli import main
from scenes import registry
from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param

CORPUS = sorted((Path(__file__).parent / "configs").glob("*.yaml"))


class Glow(Scene):
    """A stand-in scene whose parameters this test controls (not registered globally)."""

    name = "glow"
    description = "test scene"
    params = (palette_param("dusk"), speed_param(), brightness_param())

    def render(self, t: float, grid: Grid) -> np.ndarray:
        return np.zeros((*grid.shape, 3), np.float32)


@pytest.fixture(autouse=True)
def glow_scene(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_builtins()
    monkeypatch.setitem(registry._SCENES, "glow", Glow)


def expectations(path: Path) -> tuple[list[str], list[str]]:
    """(command-line args, expected stderr lines) written at the end of ``path``."""
    args: list[str] = []
    expected: list[str] = []
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if line.startswith("# args: "):
            args += shlex.split(line.removeprefix("# args: "))
        elif line.startswith("# expect: "):
            text = line.removeprefix("# expect: ").replace("{dir}", str(path.parent.resolve()))
            expected.append(text if text.startswith("driftlight:")
                            else f"{path}: {text}" if text.startswith("error:")
                            else f"{path}:{text}")
    return args, expected


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 25
    assert all(expectations(p)[1] for p in CORPUS), "every broken config states its errors"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_config_reports_exact_errors(path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    args, expected = expectations(path)
    code = main(["check", str(path), *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines() == expected
