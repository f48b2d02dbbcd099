"""Reading a config file safely: YAML text → plain values, plus where each one was written.

We compose the YAML node graph (SafeLoader: the grammar of ``yaml.safe_load``) and
build the values ourselves instead of calling ``safe_load``, because we need:

- the line and column of every key and value, so an error points at the exact spot;
- duplicate keys reported (``safe_load`` silently keeps the last one);
- alias bombs stopped: aliases are counted as they are expanded, and the walk stops at
  :data:`MAX_VALUES`;
- no object construction at all: only text, numbers, true/false, lists and mappings;
- numbers that no setting can use refused where they are written: ``.nan``, ``.inf``
  and magnitudes over :data:`MAX_MAGNITUDE` (``fps: 1`` followed by 400 zeros would
  otherwise overflow deep inside a check), so every numeric field is finite and sane.

Files over :data:`MAX_BYTES`, binary junk and non-UTF-8 text are refused before parsing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from player.durations import typing_hint

MAX_BYTES = 1_000_000
MAX_VALUES = 100_000
MAX_DEPTH = 40
MAX_MAGNITUDE = 10**15   # no setting is anywhere near this; bigger numbers are mistakes

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_AS_TEXT = {_TAG + "timestamp"}             # 2024-05-01 reads as text, like any name
_NOT_TEXT = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    """One error; ``line`` and ``col`` are 1-based, 0 when it concerns the whole file."""

    line: int
    col: int
    message: str

    def format(self, file: str) -> str:
        where = f"{file}:{self.line}:{self.col}" if self.line else file
        return f"{where}: error: {self.message}"


class YamlError(Exception):
    """The file cannot be read as YAML at all; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


@dataclass
class Document:
    """The plain ``data`` of a file and the position of every value and key in it."""

    data: Any
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: KeyPath, key: bool = False) -> tuple[int, int]:
        """Position of the value (or its key) at ``path``, else of the nearest parent."""
        table = self.keys if key else self.values
        while path and path not in table:
            path, table = path[:-1], self.values
        return table.get(path, (1, 1))


def read(path: Path) -> Document:
    """Parse ``path``; YamlError when it is unreadable, too large or not YAML."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(0, 0, "config file not found; pass the path to your config.yaml, or run "
                          f"without CONFIG to use the default{typing_hint(str(path))}") from None
    except IsADirectoryError:
        raise _fail(0, 0, "this is a folder, not a config file; pass the path to a "
                          "config.yaml") from None
    except OSError as exc:
        raise _fail(0, 0, f"cannot read the config: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise _fail(0, 0, f"config is too large (over {MAX_BYTES // 1_000_000} MB); a config "
                          f"is a few KB of text: is this the right file?")
    return parse(_decode(raw))


def parse(text: str) -> Document:
    """Parse YAML ``text`` into a :class:`Document` (problems inside it are collected)."""
    bad = _NOT_TEXT.search(text)
    if bad:
        line, col = _position(text, bad.start())
        raise _fail(line, col, f"character U+{ord(bad.group()):04X} does not belong in a text "
                               f"file; is this a binary file? Save the config as plain text")
    try:
        _check_depth(text)
        root = yaml.compose(text, Loader=_LOADER)
    except _TooBig as exc:
        raise YamlError([exc.problem]) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax(exc, text) from None
    except yaml.YAMLError as exc:
        raise _fail(0, 0, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise _fail(0, 0, "the config is nested too deeply to be a config") from None
    doc = Document(None)
    if root is not None:
        try:
            doc.data = _Walker(doc).value(root, (), 0)
        except _TooBig as exc:
            raise YamlError([exc.problem]) from None
    return doc


def _check_depth(text: str) -> None:
    """Refuse absurd nesting before composing: libyaml's composer recurses in C, and
    ``[[[[…`` a hundred thousand deep would crash the process instead of raising."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooBig(Problem(*_mark(event), _too_deep()))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _too_deep() -> str:
    return (f"the config is nested more than {MAX_DEPTH} levels deep; a config needs only "
            f"a few levels")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(line, col, f"the config is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                               f"is this a binary file? Save it as UTF-8 text") from None


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _fail(line: int, col: int, message: str) -> YamlError:
    return YamlError([Problem(line, col, message)])


def _syntax(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    index = mark.index if mark else -1
    problem = (exc.problem or "").strip()
    if 0 <= index < len(text) and text[index] == "\t":
        message = "a tab character here; YAML indents with spaces only: replace it with spaces"
    elif "undefined alias" in problem:
        message = ("this alias (*name) has no anchor (&name) written before it; define the "
                   "anchor first or write the value out")
    elif "mapping values are not allowed" in problem:
        message = ("a ':' where no new key can start; check the indentation, or put text "
                   "that contains ': ' in quotes")
    elif "escape" in problem or "hexdecimal" in problem:
        message = ("in double quotes a \\ starts an escape (like \\n), so a Windows path "
                   "breaks there; write paths with / (it works on Windows too) or in single "
                   "quotes")
    elif "maximum nesting depth" in problem:   # PyYAML >= 6.0.4 stops deep nesting itself
        message = _too_deep()
    elif "expected a single document" in (exc.context or "") + problem:
        message = "more than one YAML document ('---'); a config is a single document"
    else:
        context = f" {exc.context}" if exc.context else ""
        cm = exc.context_mark
        if cm is not None and mark is not None and cm.line != mark.line:
            context += f" (from line {cm.line + 1}, column {cm.column + 1})"
        message = f"YAML syntax error{context}: {problem}; check the indentation and quotes"
    return _fail(line, col, message)


class _TooBig(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _mark(node: Node | yaml.Event) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Walker:
    """Turns nodes into plain values, recording positions and counting expansions."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.constructor = SafeConstructor()

    def problem(self, node: Node, message: str) -> None:
        self.doc.problems.append(Problem(*_mark(node), message))

    def value(self, node: Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(Problem(*_mark(node), f"the config is too complex: more than "
                                  f"{MAX_VALUES} values once aliases (*name) are expanded; "
                                  f"write the values out instead of nesting aliases"))
        if depth > MAX_DEPTH:
            raise _TooBig(Problem(*_mark(node), _too_deep()))
        self.doc.values[path] = _mark(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode) and node.tag == _TAG + "seq":
            return [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode) and node.tag == _TAG + "map":
            return self.mapping(node, path, depth)
        return self.refuse(node)

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag in _AS_TEXT:
            return node.value
        if node.tag not in _PLAIN_SCALARS:
            return self.refuse(node)
        build: Callable[[SafeConstructor, Node], Any] = \
            self.constructor.yaml_constructors[node.tag]
        try:
            value = build(self.constructor, node)
        except (ValueError, OverflowError):   # e.g. an integer of more than 4300 digits
            return self.bad_number(node, "this number is far too large for any setting")
        if isinstance(value, float) and not math.isfinite(value):
            what = "not a number" if math.isnan(value) else "infinite"
            return self.bad_number(node, f"'{node.value}' is {what}")
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and abs(value) > MAX_MAGNITUDE:
            shown = (f"a number of {len(str(abs(value)))} digits" if isinstance(value, int)
                     else f"{value:g}")
            return self.bad_number(node, f"{shown} is far too large for any setting")
        return value

    def bad_number(self, node: Node, what: str) -> None:
        self.problem(node, f"{what}; every setting needs a finite number no larger than "
                           f"{MAX_MAGNITUDE:.0e} (and most have a much smaller range)")
        return None

    def refuse(self, node: Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.problem(node, f"the tag '{tag}' is not allowed: a config holds only text, "
                           f"numbers, true/false, lists and mappings; remove the tag")
        return None

    def mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.extend(self.merge_pairs(value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value            # the text as written: 'on:' stays 'on'
            if key in first:
                self.problem(key_node, f"duplicate key '{key}' (already set on line "
                                       f"{first[key]}); keep only one of them")
                continue
            first[key] = _mark(key_node)[0]
            at = (*path, key)
            self.doc.keys[at] = _mark(key_node)
            out[key] = self.value(value_node, at, depth + 1)
        for key_node, value_node in merged:  # '<<: *base' fills keys not written here
            key = str(key_node.value)
            if isinstance(key_node, ScalarNode) and key not in out:
                at = (*path, key)
                self.doc.keys[at] = _mark(key_node)
                out[key] = self.value(value_node, at, depth + 1)
        return out

    def merge_pairs(self, node: Node) -> list[tuple[Node, Node]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        pairs: list[tuple[Node, Node]] = []
        for src in sources:
            if isinstance(src, MappingNode):
                pairs.extend(src.value)
            else:
                self.problem(src, "'<<' merges a mapping (like '<<: *base'), not a single value")
        return pairs
