"""The README tells the truth: its key table and commands match the program."""

import pkgutil
from pathlib import Path

import pytest

from player import bench
from player.cli import _commands, main
from player.controls import help_rows

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_key_binding_is_in_the_readme():
    for _keys, text in help_rows():
        assert text in README, f"README's key table lacks: {text}"


def test_every_command_is_in_the_readme():
    for name, _mod in _commands():
        assert f"`{name}" in README, f"README's command table lacks '{name}'"


def _blocks(text: str, lang: str) -> list[str]:
    return [b.split("```", 1)[0].strip() for b in text.split(f"```{lang}\n")[1:]]


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    quick = README.split("## Quick start", 1)[1].split("## ", 1)[0]
    blocks = _blocks(quick, "sh")
    assert len(blocks) == 2                       # exactly two commands: play, test
    assert "driftlight play" in blocks[0]
    assert blocks[1] in ci.splitlines()


def test_the_quick_start_gives_windows_twins_of_both_commands():
    quick = README.split("## Quick start", 1)[1].split("## ", 1)[0]
    unix, windows = _blocks(quick, "sh"), _blocks(quick, "bat")
    assert windows == [u.replace("python3 -m", "py -m").replace(".venv/bin/", ".venv\\Scripts\\")
                       for u in unix]
    assert all("/" not in w for w in windows)     # no POSIX path left in them


def test_every_command_and_benchmark_has_working_help(capsys):
    benches = [i.name for i in pkgutil.iter_modules(bench.__path__) if i.name[0] != "_"]
    for argv in [[n, "--help"] for n, _ in _commands()] + [["bench", b, "--help"]
                                                          for b in benches]:
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 0, argv
        assert "usage:" in capsys.readouterr().out
