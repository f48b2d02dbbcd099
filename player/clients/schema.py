"""The JSON Schema of a client profile and the generated parts of docs/clients.md.

Built from the same declarations as the profile's validator (:mod:`.fields`), the
scene registry and the family table (:mod:`.families`), the way
:mod:`player.schema` builds the config's. ``python -m player.schema`` regenerates
both (``--check`` reports them stale); the shipped file is
``player/client.schema.json``. The validator stays the authority: it also checks that
playlists exist in the config and fit, and that no phase is left without a scene.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from player import schema as config_schema
from player.clients import families, fields
from player.config_format import Field

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "client.schema.json"
DOCS_FILE = Path(__file__).resolve().parents[2] / "docs" / "clients.md"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _names(enum: list[str], help: str) -> dict[str, Any]:
    one = {"enum": enum}
    return {"description": help, "anyOf": [one, {"type": "array", "items": one}]}


def _field(f: Field, scenes: list[str]) -> dict[str, Any]:
    if f.name == "avoid":
        return _names([*scenes, *families.families()], f.help)
    if f.name == "favourites":
        return _names(scenes, f.help)
    if f.kind == "course":
        return {"description": f.help, "type": "array",
                "items": _object(fields.COURSE_ITEM, scenes)}
    if f.kind == "date":
        return {"description": f.help, "type": "string", "pattern": _DATE}
    return config_schema._field(f)


def _object(declared: tuple[Field, ...], scenes: list[str]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False,
            "properties": {f.name: _field(f, scenes) for f in declared}}


def build() -> dict[str, Any]:
    scenes = config_schema.builtin_scenes()
    duration = config_schema.build()["definitions"]["duration"]
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://driftlight.invalid/client.schema.json",
            "title": "driftlight client profile",
            "description": "clients/CODE.yaml: how sessions are personalised for one "
                           "client; see docs/clients.md",
            **_object(fields.PROFILE, scenes), "type": ["object", "null"],
            "definitions": {"duration": duration}}


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


_FAMILIES = re.compile(r"(<!-- families -->\n).*?(<!-- end families -->)", re.DOTALL)


def families_table() -> str:
    shipped = set(config_schema.builtin_scenes())      # not this process's plugins
    rows = ["| family | scenes | what it is |", "|---|---|---|"]
    rows += [f"| `{name}` | {', '.join(n for n in families.members(name) if n in shipped)} "
             f"| {text} |" for name, text in families.FAMILY_HELP.items()]
    rows += ["", "| mood | scenes | what it is for |", "|---|---|---|"]
    for mood, text in families.MOOD_HELP.items():
        scenes = sorted(n for n, k in families.SCENES.items() if k.mood == mood and n in shipped)
        rows.append(f"| `{mood}` | {', '.join(scenes)} | {text} |")
    return "\n".join(rows)


def fill_docs(markdown: str) -> str:
    """docs/clients.md with its tables rewritten from the declarations."""
    markdown = fields.fill_tables(markdown)
    return _FAMILIES.sub(lambda m: f"{m.group(1)}{families_table()}\n{m.group(2)}", markdown)


def generated_files() -> dict[Path, str]:
    """What ``python -m player.schema`` writes for profiles: path → wanted text."""
    wanted = {SCHEMA_FILE: render()}
    if DOCS_FILE.is_file():
        wanted[DOCS_FILE] = fill_docs(DOCS_FILE.read_text(encoding="utf-8"))
    return wanted
