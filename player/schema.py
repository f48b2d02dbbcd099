"""The JSON Schema of the config, generated from the same declarations as the validator.

Editors use it for completion and inline checking (see docs/config.md): the keys and
ranges come from :mod:`player.config_format`, each scene's parameters from the scene
class's ``params``, the phase ``audio`` mapping from the audio package. The validator
stays the authority (it also checks cross-references such as preset names); the schema
is the same rules in a form editors understand.

Regenerate the shipped files after changing a declaration or adding a scene::

    python -m player.schema           # writes player/config.schema.json and docs tables
    python -m player.schema --check   # exit 1 when they are out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from audio.spec import phase_audio_schema
from player import config_format as fmt
from player.durations import DURATION_PATTERN
from scenes import registry

SCHEMA_FILE = Path(__file__).with_name("config.schema.json")
DOCS_FILE = Path(__file__).resolve().parent.parent / "docs" / "config.md"
_DEF = "#/definitions/"


def _ref(name: str, description: str = "") -> dict[str, Any]:
    ref: dict[str, Any] = {"$ref": _DEF + name}
    return {"description": description, "allOf": [ref]} if description else ref


def _field(f: fmt.Field) -> dict[str, Any]:
    if f.kind == "duration":
        out = _ref("duration", f.help)
    elif f.kind in _STRUCTURES:
        out = {"description": f.help, **_STRUCTURES[f.kind]}
    else:
        out = {"description": f.help,
               "type": {"bool": "boolean", "int": "integer", "number": "number",
                        "text": ["string", "number"]}[f.kind]}
        if f.choices:
            out.pop("type")
            words: dict[str, Any] = {"enum": list(f.choices)}
            out["anyOf"] = [words, {"type": "integer", "minimum": f.min, "maximum": f.max}] \
                if f.min is not None else [words]
        else:
            if f.min is not None:
                out["minimum"] = f.min
            if f.max is not None:
                out["maximum"] = f.max
    if f.default not in (None, "") and f.kind != "duration":
        out["default"] = f.default
    return out


def _object(fields: tuple[fmt.Field, ...], **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False,
                           "properties": {f.name: _field(f) for f in fields}}
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    return {**out, **extra}


_STRUCTURES: dict[str, dict[str, Any]] = {
    "section": {"type": ["object", "null"]},
    "presets": {"type": ["object", "null"], "additionalProperties": _ref("preset")},
    "playlists": {"type": "object", "additionalProperties": _ref("playlist")},
    "phases": {"type": "array", "minItems": 1, "items": _ref("phase")},
    "scene": _ref("sceneName"),
    "scenes": {"type": "array", "minItems": 1, "items": _ref("sceneItem")},
    "params": {"type": ["object", "null"]},
    "audio": _ref("audio"),
}


def _params_by_scene(names: list[str]) -> list[dict[str, Any]]:
    """``if scene is X then params follow X's declaration``, for each scene X."""
    return [{"if": {"properties": {"scene": {"const": name}}, "required": ["scene"]},
             "then": {"properties": {"params": _ref(f"params.{name}")}}} for name in names]


def builtin_scenes() -> list[str]:
    """Scenes shipped in the ``scenes`` package: the shipped schema must not depend on
    which plugins (or test scenes) happen to be registered in this process."""
    return [n for n in registry.names() if registry.get(n).__module__.startswith("scenes.")]


def build() -> dict[str, Any]:
    """The complete schema, as a JSON-ready dict."""
    names = builtin_scenes()
    defs: dict[str, Any] = {
        "duration": {"description": "45m, 1h30m, 90s, 00:45:00 or seconds",
                     "anyOf": [{"type": "number", "exclusiveMinimum": 0},
                               {"type": "string", "pattern": DURATION_PATTERN}]},
        "sceneName": {"anyOf": [{"enum": names, "description": "a scene"},
                                {"type": "string", "description": "a preset name"}]},
        "sceneItem": {"anyOf": [_ref("sceneName"),
                                _object(fmt.SCENE_ITEM, allOf=_params_by_scene(names))]},
        "preset": _object(fmt.PRESET, allOf=_params_by_scene(names)),
        "playlist": _object(fmt.PLAYLIST),
        "phase": _object(fmt.PHASE, allOf=[
            *_params_by_scene(names),
            {"oneOf": [{"required": ["scene"]}, {"required": ["scenes"]}]},
            {"oneOf": [{"required": ["duration"]}, {"required": ["weight"]}]},
            {"if": {"required": ["duration"]},
             "then": {"not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}}},
        ]),
        "audio": phase_audio_schema(),
    }
    defs["preset"]["properties"]["scene"] = {"description": "the scene this preset shows",
                                             "enum": names}
    for name in names:
        declared = registry.get(name).params
        defs[f"params.{name}"] = {
            "description": f"parameters of the scene '{name}'",
            "type": ["object", "null"], "additionalProperties": False,
            "properties": {p.name: p.schema() for p in declared}}
    top = _object(fmt.TOP)
    for section, fields in fmt.SECTIONS.items():
        top["properties"][section] = {**top["properties"][section], **_object(fields),
                                      "type": ["object", "null"]}
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://driftlight.invalid/config.schema.json",
            "title": "driftlight config",
            "description": "Playlists and settings of driftlight; see docs/config.md",
            **top, "definitions": defs}


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m player.schema", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    wanted = {SCHEMA_FILE: render()}
    if DOCS_FILE.is_file():
        wanted[DOCS_FILE] = fmt.fill_tables(DOCS_FILE.read_text(encoding="utf-8"))
    from player.clients.schema import generated_files  # client profiles: the same way

    wanted.update(generated_files())
    stale = [p for p, text in wanted.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    for path in stale:
        if args.check:
            print(f"{path}: out of date; run: python -m player.schema", file=sys.stderr)
        else:
            path.write_text(wanted[path], encoding="utf-8")
            print(f"wrote {path}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
