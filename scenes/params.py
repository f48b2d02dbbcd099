"""Scene parameters, declared once.

A scene lists its parameters as :class:`Param` values. That one declaration feeds
validation of a config, ``driftlight scenes``, the JSON Schema and the docs, so a
parameter can never be documented one way and checked another.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Value = float | int | str | bool


class ParamError(ValueError):
    """A parameter value a scene cannot accept; ``key`` names the offending parameter."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Param:
    """One scene parameter: its type is the type of its default."""

    name: str
    default: Value
    help: str
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None

    @property
    def kind(self) -> str:
        return {bool: "bool", int: "int", float: "float", str: "str"}[type(self.default)]

    def check(self, value: Any) -> Value:
        """Return ``value`` converted to this parameter's type, or raise ParamError."""
        kind = self.kind
        if kind == "bool":
            if not isinstance(value, bool):
                raise ParamError(self.name, f"'{self.name}' must be true or false, not {value!r}")
            return value
        if kind == "str":
            if not isinstance(value, str):
                raise ParamError(self.name, f"'{self.name}' must be text, not {value!r}")
            if self.choices and value not in self.choices:
                raise ParamError(self.name, f"unknown {self.name} '{value}'"
                                 f"{did_you_mean(value, self.choices)}; "
                                 f"choose one of: {', '.join(self.choices)}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(self.name, f"'{self.name}' must be a number, not {value!r}")
        if kind == "int" and value != int(value):
            raise ParamError(self.name, f"'{self.name}' must be a whole number, not {value!r}")
        lo, hi = self.min, self.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ParamError(self.name, f"'{self.name}' is {value}, outside its range "
                             f"{_fmt(lo)}..{_fmt(hi)}")
        return int(value) if kind == "int" else float(value)

    def schema(self) -> dict[str, Any]:
        """JSON Schema of this parameter."""
        out: dict[str, Any] = {"description": self.help, "default": self.default}
        out["type"] = {"bool": "boolean", "int": "integer", "float": "number",
                       "str": "string"}[self.kind]
        if self.choices:
            out["enum"] = list(self.choices)
        if self.min is not None:
            out["minimum"] = self.min
        if self.max is not None:
            out["maximum"] = self.max
        return out

    def describe(self) -> str:
        """One line for ``driftlight scenes``."""
        rng = (f" [{_fmt(self.min)}..{_fmt(self.max)}]"
               if self.min is not None or self.max is not None else "")
        if self.choices:
            rng = f" [{', '.join(self.choices)}]"
        return f"{self.name} = {self.default!r}{rng}: {self.help}"


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest option, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def resolve(declared: Iterable[Param], given: Mapping[str, Any], owner: str = "this scene"
            ) -> tuple[dict[str, Value], list[ParamError]]:
    """Defaults overlaid with ``given``; every problem is collected, not just the first.
    ``owner`` names what has the parameters in messages (a scene, a sound layer)."""
    table = {p.name: p for p in declared}
    values: dict[str, Value] = {p.name: p.default for p in table.values()}
    errors: list[ParamError] = []
    for key, value in given.items():
        param = table.get(key)
        if param is None:
            known = ", ".join(table) or "none"
            errors.append(ParamError(key, f"unknown parameter '{key}'"
                                     f"{did_you_mean(str(key), table)}; {owner} has: {known}"))
            continue
        try:
            values[key] = param.check(value)
        except ParamError as err:
            errors.append(err)
    return values, errors
