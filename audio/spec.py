"""The phase ``audio:`` section: its declaration, its checks and its JSON Schema.

A phase may say::

    audio:
      layers:                      # omit `audio` entirely for a calm default bed
        - layer: drone
          params: {root: 110}
        - layer: noise
          params: {colour: brown}
      file: sounds/rain.ogg        # WAV/OGG/FLAC/MP3, relative to the config's folder
      loop: true                   # or false: play once, then fade out at its end
      file_gain_db: 0
      gain_db: 0

The settings are :class:`scenes.params.Param` values and each layer's parameters are
the layer class's own, so the checks, the schema and the docs come from one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audio.files import probe
from audio.registry import layer_class, names
from player.durations import typing_hint
from scenes.params import Param, did_you_mean, resolve

Problem = tuple[tuple[str | int, ...], str]

SETTINGS = (
    Param("file", "", "a sound file to play in this phase (WAV, OGG, FLAC or MP3), "
          "relative to the config file's folder"),
    Param("loop", True, "loop the file seamlessly (true) or play it once and let it "
          "fade out at its end (false)"),
    Param("file_gain_db", 0.0, "level of the file against the generative layers, in dB",
          min=-40.0, max=12.0),
    Param("gain_db", 0.0, "level of this phase against the others, in dB (phases are "
          "normalised to the loudness target first)", min=-40.0, max=12.0),
)
LAYER_KEYS = ("layer", "params")


@dataclass(frozen=True)
class LayerSpec:
    name: str
    params: dict[str, Any]


@dataclass(frozen=True)
class PhaseAudio:
    """A checked ``audio:`` section with its file path resolved."""

    layers: tuple[LayerSpec, ...]
    file: Path | None = None
    loop: bool = True
    file_gain_db: float = 0.0
    gain_db: float = 0.0


# What a phase plays when its `audio` section is left out: a warm pad over soft surf.
DEFAULT = PhaseAudio((LayerSpec("drone", {}),
                      LayerSpec("noise", {"colour": "brown", "level_db": -8.0})))


def check_phase_audio(data: Any, base_dir: Path) -> list[Problem]:
    """Every problem in an ``audio:`` mapping, as (key path inside it, message)."""
    if not isinstance(data, Mapping):
        return [((), "'audio' must be a mapping with 'layers' and/or 'file'")]
    problems: list[Problem] = []
    known = ("layers", *(p.name for p in SETTINGS))
    for key in data:
        if key not in known:
            problems.append(((key,), f"unknown key '{key}'{did_you_mean(str(key), known)} in "
                                     f"'audio'; use one of: {', '.join(known)}"))
    settings = {k: v for k, v in data.items() if k in known and k != "layers"}
    problems += [((err.key,), err.message) for err in resolve(SETTINGS, settings)[1]]
    layers = data.get("layers", [])
    if not isinstance(layers, list):
        problems.append((("layers",), "'layers' must be a list of '- layer: NAME' items"))
        layers = []
    for i, item in enumerate(layers):
        problems += [(("layers", i, *path), msg) for path, msg in _check_layer(item)]
    file = data.get("file")
    if isinstance(file, str) and file:
        why = probe(base_dir / file)
        if why:
            problems.append((("file",), why.replace(str(base_dir / file), file)
                             + f" (looked in {base_dir.resolve()})" * ("not found" in why)
                             + typing_hint(file)))
    return problems


def _check_layer(item: Any) -> list[Problem]:
    if isinstance(item, str):
        item = {"layer": item}
    if not isinstance(item, Mapping):
        return [((), f"a layer must be a mapping like '- layer: drone', not {item!r}")]
    out: list[Problem] = []
    for key in item:
        if key not in LAYER_KEYS:
            out.append(((key,), f"unknown key '{key}'{did_you_mean(str(key), LAYER_KEYS)} "
                        f"in a layer; use 'layer' and 'params'"))
    name = item.get("layer")
    cls = layer_class(name) if isinstance(name, str) else None
    if cls is None:
        hint = did_you_mean(str(name), names()) if name is not None else ""
        where = ("layer",) if "layer" in item else ()
        what = f"unknown audio layer '{name}'" if name is not None else "a layer needs 'layer'"
        return [*out, (where, f"{what}{hint}; choose one of: {', '.join(names())}")]
    params = item.get("params") or {}
    if not isinstance(params, Mapping):
        return [*out, (("params",), "'params' must be a mapping like {root: 110}")]
    for err in resolve(cls.params, params, owner=f"layer '{cls.name}'")[1]:
        out.append((("params", err.key), err.message))
    return out


def phase_audio(data: Mapping[str, Any] | None, base_dir: Path) -> PhaseAudio:
    """The ``audio:`` section as a :class:`PhaseAudio` (assumes it was checked)."""
    if not data:
        return DEFAULT
    values, _ = resolve(SETTINGS, {k: v for k, v in data.items() if k != "layers"})
    layers = tuple(LayerSpec(*((it, {}) if isinstance(it, str)
                               else (it["layer"], dict(it.get("params") or {}))))
                   for it in data.get("layers", []))
    file = str(values["file"])
    return PhaseAudio(layers, base_dir / file if file else None, bool(values["loop"]),
                      float(values["file_gain_db"]), float(values["gain_db"]))


def phase_audio_schema() -> dict[str, Any]:
    """JSON Schema of a phase's ``audio:`` mapping, built from the declarations."""
    from audio.layer import LAYERS

    layer_items = [{
        "type": "object",
        "description": cls.description,
        "properties": {
            "layer": {"const": name},
            "params": {"type": "object", "additionalProperties": False,
                       "properties": {p.name: p.schema() for p in cls.params}},
        },
        "required": ["layer"],
        "additionalProperties": False,
    } for name, cls in sorted(LAYERS.items())]
    props: dict[str, Any] = {p.name: p.schema() for p in SETTINGS}
    props["layers"] = {"type": "array", "description": "generative layers of this phase",
                       "items": {"oneOf": [*layer_items, {"enum": names()}]}}
    return {"type": "object", "description": "the sound of this phase (omit for a calm "
            "default pad)", "properties": props, "additionalProperties": False}
