"""``check`` answers every broken config with exit 0 or 2 and a readable message.

Hundreds of mutants of the shipped config — values replaced by other types, by .nan,
.inf, 400-digit numbers, deep nesting, keys deleted or renamed, lines cut, doubled or
garbled — must never end in exit 1 ("internal error") or a traceback.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import yaml

from player.cli import main
from player.config import PACKAGED_CONFIG

HUGE = int("1" + "0" * 400)
VALUES = [None, True, False, 0, -1, 3.5, -1e300, 1e300, float("nan"), float("inf"),
          -float("inf"), HUGE, -HUGE, 2**63, "", "x" * 3000, "45m", "-5m", "0:00:00",
          "nan", "1e400", "sunrise", "\u00e9\u00e8", [], {}, [1, "a", None], {"a": {"b": 1}},
          [[[[[[[[[[[[1]]]]]]]]]]]], {"scene": "sunrise"}, ["sunrise", "ocean"]]


def paths(data, prefix=()):
    """Every key path in ``data`` (mappings and lists)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*prefix, k)
            yield from paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield (*prefix, i)
            yield from paths(v, (*prefix, i))


def mutate(data, rng: random.Random):
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        where = rng.choice(list(paths(data)))
        parent = data
        for k in where[:-1]:
            parent = parent[k]
        key = where[-1]
        op = rng.random()
        if op < 0.2 and isinstance(parent, dict):
            del parent[key]
        elif op < 0.3 and isinstance(parent, dict):
            parent[str(key) + rng.choice(["x", "_", "s"])] = parent.pop(key)
        else:
            parent[key] = rng.choice(VALUES)
    return data


def text_mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    i = rng.randrange(len(lines))
    op = rng.random()
    if op < 0.25:
        del lines[i]
    elif op < 0.5:
        lines.insert(i, lines[i])
    elif op < 0.75:
        line = lines[i]
        j = rng.randrange(len(line) + 1)
        lines[i] = line[:j] + rng.choice([":", "-", "\t", "'", '"', "[", "{", "&a", "*a",
                                          "!!python/object:os.system", " ", "#"]) + line[j:]
    else:
        lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
    return "\n".join(lines) + "\n"


def run_check(path: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", str(path), "--length", "45m", *extra])
    out, err = capsys.readouterr()
    return code, out + err


def test_check_survives_hundreds_of_value_mutants(tmp_path, capsys):
    base = yaml.safe_load(PACKAGED_CONFIG.read_text())
    rng = random.Random(11)
    path = tmp_path / "c.yaml"
    codes = set()
    for n in range(300):
        text = yaml.safe_dump(mutate(base, rng), sort_keys=False, allow_unicode=True)
        path.write_text(text)
        code, output = run_check(path, capsys, *(["--json"] if n % 3 == 0 else []))
        codes.add(code)
        assert code in (0, 2), (n, output[-500:], text)
        assert "Traceback" not in output and "internal error" not in output, (n, output)
        if code == 2:
            assert ": error: " in output, (n, output)
    assert codes == {0, 2}


def test_check_survives_hundreds_of_text_mutants(tmp_path, capsys):
    text = PACKAGED_CONFIG.read_text()
    rng = random.Random(4)
    path = tmp_path / "c.yaml"
    for n in range(300):
        mutant = text
        for _ in range(rng.randint(1, 3)):
            mutant = text_mutate(mutant, rng)
        path.write_text(mutant)
        code, output = run_check(path, capsys)
        assert code in (0, 2), (n, output[-500:])
        assert "Traceback" not in output and "internal error" not in output, (n, output)
