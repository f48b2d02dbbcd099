"""The config format, declared once as data.

Every key a config may hold is a :class:`Field` here: its kind, default, range and one
line of help. The validator (:mod:`player.config`), the settings classes, the JSON
Schema (:mod:`player.schema`) and the tables in ``docs/config.md`` are all derived from
these declarations, so the format cannot be checked one way and documented another.

The three settings sections are dataclasses whose attributes are declared with
:func:`setting`; :func:`fields_of` reads the :class:`Field` of each back out of them, so
a setting's name, type, default and range are written in exactly one place.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from dataclasses import dataclass
from typing import Any

from player.durations import (
    DurationError,
    format_duration,
    parse_duration,
    parse_length,
    show_value,
)

SHORT_SESSIONS_ENV = "DRIFTLIGHT_SHORT_SESSIONS"
"""Set to 1 to allow sessions shorter than a minute: for tests and benchmarks only."""


class FieldError(ValueError):
    """A value a field cannot take; ``str(err)`` says why and how to write one."""


@dataclass(frozen=True)
class Field:
    """One key. ``kind`` is bool, int, number, duration (seconds), text, or a structure
    (scene, scenes, params, audio, phases) that the validator handles itself.
    ``length``: a session length, where a bare number under 5 minutes is refused
    (:func:`player.durations.parse_length`)."""

    name: str
    kind: str
    default: Any
    help: str
    min: float | None = None
    max: float | None = None
    required: bool = False
    length: bool = False
    choices: tuple[str, ...] = ()
    """The words a text field accepts (with ``min``/``max``: a whole number in that range
    too, e.g. a display index)."""

    def range_text(self) -> str:
        if self.min is None and self.max is None:
            return ""
        lo = "" if self.min is None else self.show(self.min)
        hi = "" if self.max is None else self.show(self.max)
        return f"{lo}..{hi}"

    def show(self, value: float) -> str:
        if self.kind == "duration":
            return format_duration(value)
        return f"{int(value)}" if self.kind == "int" else f"{value:g}"

    def lowest(self) -> float | None:
        """The minimum in force: a session length may go down to 1 s for tests
        (:data:`SHORT_SESSIONS_ENV`)."""
        if self.length and os.environ.get(SHORT_SESSIONS_ENV) == "1":
            return 1.0
        return self.min

    def check(self, value: Any) -> Any:
        """``value`` converted to this field's kind and checked against its range;
        FieldError with the message otherwise (simple kinds only)."""
        name, kind = self.name, self.kind
        wrong = f"'{name}' must be {KIND_WORDS[kind]} ({self.help}), not {show_value(value)}"
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind == "bool" and not isinstance(value, bool):
            raise FieldError(wrong)
        if kind == "text":
            if not (isinstance(value, str) or number) or value == "":
                raise FieldError(wrong)
            return self._choose(str(value)) if self.choices else str(value)
        if kind in ("int", "number"):
            if not number or not math.isfinite(value) or (kind == "int" and value != int(value)):
                raise FieldError(wrong)
            value = int(value) if kind == "int" else float(value)
        if kind == "duration":
            try:
                value = parse_length(value) if self.length else parse_duration(value)
            except DurationError as exc:
                raise FieldError(f"'{name}': {exc}") from None
        lo, hi = self.lowest(), self.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise FieldError(f"'{name}' is {self.show(value)}, outside its range "
                             f"{self.range_text()} ({self.help})")
        return value


    def _choose(self, value: str) -> str:
        if value in self.choices:
            return value
        if self.min is not None and value.isdigit() and self.min <= int(value) <= (
                self.max if self.max is not None else math.inf):
            return value
        from scenes.params import did_you_mean

        raise FieldError(f"'{self.name}' must be {self.choice_text()} ({self.help}), not "
                         f"{show_value(value)}{did_you_mean(value, self.choices)}")

    def choice_text(self) -> str:
        words = [f"'{c}'" for c in self.choices]
        if self.min is not None:
            words.append(f"a number {self.range_text()}")
        return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


def setting(default: Any, help: str, min: float | None = None, max: float | None = None,
            kind: str | None = None, length: bool = False,
            choices: tuple[str, ...] = ()) -> Any:
    """Declare one attribute of a settings class (its name and type are the attribute's;
    ``kind`` only where the type says too little, e.g. a duration is a float)."""
    return dataclasses.field(default=default, metadata={
        "help": help, "min": min, "max": max, "kind": kind, "length": length,
        "choices": choices})


_KIND_OF_TYPE = {"bool": "bool", "int": "int", "float": "number", "str": "text"}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The :class:`Field` of every :func:`setting` of a settings dataclass, in order."""
    return tuple(Field(f.name, f.metadata["kind"] or _KIND_OF_TYPE[str(f.type)], f.default,
                       f.metadata["help"], f.metadata["min"], f.metadata["max"],
                       length=f.metadata["length"], choices=f.metadata["choices"])
                 for f in dataclasses.fields(cls))


@dataclass(frozen=True)
class DisplaySettings:
    fullscreen: bool = setting(True, "fill the whole screen; false opens a window, handy "
                                     "for previews")
    display: int = setting(0, "which screen or projector the patient sees: 0 is the first",
                           0, 16)
    console: str = setting("auto", "the therapist's console: auto (on the other display "
                                   "when there are two, else none), off, window (a window "
                                   "on the same display) or a display number",
                           0, 16, choices=("auto", "off", "window"))
    fps: float = setting(60.0, "frames per second; match the display's refresh rate", 10, 240)
    brightness_cap: float = setting(0.9, "the brightest the picture may ever get, 0..1; "
                                         "lower it for a dark room", 0.1, 1.0)
    vsync: bool = setting(True, "wait for the display's refresh, so the picture never tears")
    headset_brightness_cap: float = setting(0.7, "the brightest the picture may get in a VR "
                                                 "headset (play --vr), 0..1: a headset fills "
                                                 "the whole field of view", 0.1, 1.0)
    ipd_mm: float = setting(63.0, "the distance between the patient's pupils, in millimetres, "
                                  "for stereo pictures (play --stereo, a headset, stereo "
                                  "exports); 63 suits most adults", 45.0, 80.0)
    headset_eyes: str = setting("auto", "pictures in a VR headset (play --vr): two (each "
                                        "eye its own, with depth), one (the same for both "
                                        "eyes, no depth), auto (two with a GPU, one on a "
                                        "software renderer, which cannot draw two in time)",
                                choices=("auto", "two", "one"))


@dataclass(frozen=True)
class AudioSettings:
    enabled: bool = setting(True, "play sound at all")
    volume: float = setting(0.7, "master volume, from 0 (silent) to 1", 0.0, 1.0)
    loudness_target: float = setting(-23.0, "average loudness in LUFS; -23 is broadcast "
                                            "level, lower is quieter", -40.0, -10.0)


@dataclass(frozen=True)
class SessionSettings:
    playlist: str = setting("", "the playlist to play when none is given; default: the "
                                "first one")
    length: float = setting(45 * 60.0, "session length, e.g. 45m or 1h30m", 60.0,
                            12 * 3600.0, kind="duration", length=True)
    seed: int = setting(1, "seed of the visuals and sound: the same seed, the same session",
                        0, 2**31 - 1)
    fade_in: float = setting(20.0, "fade up from black at the start", 3.0, 600.0,
                             kind="duration")
    fade_out: float = setting(30.0, "fade down to black at the end", 3.0, 600.0,
                              kind="duration")
    clients: str = setting("clients", "folder of client profiles (CODE.yaml), relative to "
                                      "this config's folder")
    logs: str = setting("", "folder of the session logs, relative to this config's folder; "
                            "default: driftlight's folder in your user data folder")


DISPLAY = fields_of(DisplaySettings)
AUDIO = fields_of(AudioSettings)
SESSION = fields_of(SessionSettings)
SETTINGS: dict[str, type] = {"display": DisplaySettings, "audio": AudioSettings,
                             "session": SessionSettings}
SECTIONS: dict[str, tuple[Field, ...]] = {"display": DISPLAY, "audio": AUDIO, "session": SESSION}
"""The settings sections: plain key: value mappings."""

TOP = (
    Field("display", "section", None, "the screen: fullscreen, which display, fps, brightness"),
    Field("audio", "section", None, "the sound: on or off, volume, loudness"),
    Field("session", "section", None, "defaults of a session: playlist, length, seed, fades"),
    Field("presets", "presets", None, "named scenes with parameters, reusable in playlists"),
    Field("playlists", "playlists", None, "the playlists, by name", required=True),
)
PRESET = (
    Field("scene", "text", None, "the scene this preset shows", required=True),
    Field("params", "params", None, "the scene's parameters; 'driftlight scenes' lists them"),
    Field("description", "text", "", "a note for people reading the config"),
)
PLAYLIST = (
    Field("description", "text", "", "what this playlist is for"),
    Field("phases", "phases", None, "the phases, in order", required=True),
)
PHASE = (
    Field("name", "text", "", "what to call the phase; default: phase 1, phase 2, ..."),
    Field("scene", "scene", None, "a scene or preset name; or use 'scenes'"),
    Field("scenes", "scenes", None,
          "scenes or presets that take turns, crossfading; or use 'scene'"),
    Field("params", "params", None, "scene parameters for this phase"),
    Field("duration", "duration", None, "a fixed length; or use 'weight'", 1.0, 12 * 3600.0),
    Field("weight", "number", None,
          "a share of the time left after fixed phases; or use 'duration'", 0.01, 1000.0),
    Field("min", "duration", None, "the shortest a weighted phase may be", 1.0, 12 * 3600.0),
    Field("max", "duration", None, "the longest a weighted phase may be", 1.0, 12 * 3600.0),
    Field("transition", "duration", 12.0, "crossfade into this phase, and between its scenes",
          1.0, 600.0),
    Field("rotate", "duration", None, "with 'scenes': how long each scene shows per turn",
          10.0, 12 * 3600.0),
    Field("audio", "audio", None, "sound for this phase: layers and/or a sound file"),
)
SCENE_ITEM = (
    Field("scene", "text", None, "a scene or preset name", required=True),
    Field("params", "params", None, "scene parameters for this turn"),
)

KIND_WORDS = {"bool": "true or false", "int": "a whole number", "number": "a number",
              "duration": "a duration like 45m", "text": "text", "section": "a mapping",
              "presets": "a mapping", "playlists": "a mapping", "params": "a mapping",
              "audio": "a mapping", "phases": "a list", "scenes": "a list",
              "scene": "a scene name", "names": "a list of names", "course": "a list",
              "date": "a date like 2026-03-02"}


def defaults(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {f.name: f.default for f in fields}


def markdown_table(fields: tuple[Field, ...]) -> str:
    """The docs table of ``fields``: key, kind, default, range, help."""
    rows = ["| key | value | default | range | what it does |", "|---|---|---|---|---|"]
    for f in fields:
        default = "" if f.default in (None, "") else _show_default(f)
        if f.required:
            default = "required"
        kind = f.choice_text().replace("'", "`") if f.choices else KIND_WORDS[f.kind]
        rows.append(f"| `{f.name}` | {kind} | {default} | {f.range_text()} "
                    f"| {f.help} |")
    return "\n".join(rows)


def _show_default(f: Field) -> str:
    if f.kind == "duration":
        return f"`{format_duration(f.default)}`"
    if f.kind == "bool":
        return "`true`" if f.default else "`false`"
    return f"`{f.default:g}`" if isinstance(f.default, float) else f"`{f.default}`"


DOC_TABLES: dict[str, tuple[Field, ...]] = {
    "top": TOP, "display": DISPLAY, "audio": AUDIO, "session": SESSION, "presets": PRESET,
    "playlist": PLAYLIST, "phase": PHASE, "scene-item": SCENE_ITEM,
}
"""The tables of docs/config.md, by the marker name they sit between."""


_TABLE = re.compile(r"(<!-- generated: ([\w-]+) -->\n).*?(<!-- end generated -->)", re.DOTALL)


def fill_tables(markdown: str, tables: dict[str, tuple[Field, ...]] | None = None) -> str:
    """``markdown`` with every generated table block rewritten from the declarations
    (``tables``: by marker name; default :data:`DOC_TABLES`, those of docs/config.md)."""
    tables = DOC_TABLES if tables is None else tables
    return _TABLE.sub(lambda m: f"{m.group(1)}{markdown_table(tables[m.group(2)])}\n"
                                f"{m.group(3)}", markdown)
