"""Every benchmark ends through the one verdict helper, with one JSON shape, and the
README lists each with its command."""

from __future__ import annotations

import ast
import json
import pkgutil
from pathlib import Path

import pytest

from player import bench
from player.bench._verdict import verdict
from player.cli import main

ROOT = Path(__file__).resolve().parents[1]
BENCHES = sorted(i.name for i in pkgutil.iter_modules(bench.__path__) if i.name[0] != "_")


@pytest.mark.parametrize("name", BENCHES)
def test_every_bench_returns_through_verdict(name):
    tree = ast.parse((ROOT / "player" / "bench" / f"{name}.py").read_text())
    run = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "run")
    returns = [n for n in ast.walk(run) if isinstance(n, ast.Return)]
    assert returns
    for ret in returns:
        assert isinstance(ret.value, ast.Call) and getattr(ret.value.func, "id", "") == \
            "verdict", f"bench {name}: line {ret.lineno} ends without verdict()"


@pytest.mark.parametrize("name", BENCHES)
def test_every_bench_is_in_the_readme_with_its_command(name):
    readme = (ROOT / "README.md").read_text()
    assert f"`driftlight bench {name}" in readme


def test_the_verdict_has_one_shape(capsys):
    assert verdict({"speed": 3}, {"fast": True, "small": False}, True, []) == 1
    assert json.loads(capsys.readouterr().out) == {
        "ok": False, "goals": {"fast": True, "small": False}, "results": {"speed": 3}}
    assert verdict({}, {"fast": True}, False, ["numbers"]) == 0
    assert capsys.readouterr().out == "numbers\n  PASS  fast\n"


def test_bench_audio_end_to_end(capsys):
    code = main(["bench", "audio", "--json", "--seconds", "60", "--live-seconds", "1"])
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"ok", "goals", "results"} and code == (0 if data["ok"] else 1)
    assert data["results"]["audio_device"] is True and data["results"]["underruns"] == 0
