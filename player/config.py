"""Loading and validating the YAML config into settings and playlists.

``load_config(path)`` reads the file safely (:mod:`player.config_yaml`), checks every
key against the declarations in :mod:`player.config_format`, the scenes' own parameter
declarations and the audio package, and either returns a :class:`Config` or raises one
:class:`~player.errors.UserError` listing *every* problem, sorted by line, as
``FILE:LINE:COL: error: what is wrong and how to fix it``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audio.spec import check_phase_audio
from player import config_format as fmt
from player.config_format import (  # declared there, once
    AudioSettings as AudioSettings,
)
from player.config_format import (
    DisplaySettings as DisplaySettings,
)
from player.config_format import (
    SessionSettings as SessionSettings,
)
from player.config_yaml import Document, KeyPath, Problem, YamlError, read
from player.durations import format_duration, show_value, typing_hint
from player.errors import UserError
from player.playlist import PhaseSpec, Playlist, SceneRef
from scenes import registry
from scenes.params import did_you_mean

PACKAGED_CONFIG = Path(__file__).with_name("default_config.yaml")
_PHASE = fmt.defaults(fmt.PHASE)


@dataclass(frozen=True)
class Config:
    path: Path
    display: DisplaySettings = field(default_factory=DisplaySettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    playlists: dict[str, Playlist] = field(default_factory=dict)
    presets: dict[str, SceneRef] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    """``FILE:LINE:COL`` of each playlist, for messages about it (e.g. it does not fit)."""
    length_where: str = ""
    """``FILE:LINE:COL`` of ``session.length``; empty when the config leaves it out."""

    def playlist(self, name: str | None = None) -> Playlist:
        name = name or self.session.playlist or next(iter(self.playlists), "")
        try:
            return self.playlists[name]
        except KeyError:
            known = ", ".join(self.playlists) or "none"
            raise UserError(f"driftlight: error: --playlist: unknown playlist '{name}'"
                            f"{did_you_mean(name, self.playlists)}; {self.path} has: "
                            f"{known}") from None


def find_config(arg: str | None) -> Path:
    """CONFIG if given, else ./config.yaml, else the packaged default."""
    if arg:
        return Path(arg)
    local = Path("config.yaml")
    return local if local.is_file() else PACKAGED_CONFIG


def load_config(path: Path) -> Config:
    """The validated config at ``path``; UserError listing every problem otherwise."""
    try:
        doc = read(path)
    except YamlError as exc:
        raise UserError(*(p.format(str(path)) for p in exc.problems)) from None
    checker = _Checker(doc, path)
    config = checker.config()
    problems = sorted(set(checker.problems))
    if problems:
        raise UserError(*(p.format(str(path)) for p in problems))
    assert config is not None
    return config


def levels(places: dict[str, tuple[fmt.Field, ...]]) -> dict[str, str]:
    """Every key of a format and where it belongs, for "wrong level" hints."""
    out: dict[str, str] = {}
    for place, fields in places.items():
        for f in fields:
            out.setdefault(f.name, place)
    return out


class _Checker:
    """Walks the plain data of a :class:`Document`, collecting problems as it goes."""

    LEVELS = levels({"the top level": fmt.TOP, "a phase": fmt.PHASE,
                     "a playlist": fmt.PLAYLIST, "a preset": fmt.PRESET,
                     **{f"'{name}'": fields for name, fields in fmt.SECTIONS.items()}})
    """Where each key of the format belongs (the likeliest place first)."""

    def __init__(self, doc: Document, path: Path) -> None:
        self.doc = doc
        self.path = path
        self.problems: list[Problem] = list(doc.problems)
        self.refused = {(p.line, p.col) for p in doc.problems}
        self.scenes = {name: registry.get(name) for name in registry.names()}  # once: get()
        self.declared: dict[str, set[str]] = {"presets": set(), "playlists": set()}

    def error(self, path: KeyPath, message: str, key: bool = False) -> None:
        at = self.doc.where(path, key)
        if at not in self.refused:   # a refused value (bad tag, bad merge) says enough
            self.problems.append(Problem(*at, message))

    # -- generic shapes --------------------------------------------------------------

    def mapping(self, value: Any, path: KeyPath, fields: Iterable[fmt.Field],
                what: str) -> dict[str, Any] | None:
        """``value`` if it is a mapping; unknown and missing keys are reported."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.error(path, f"{what} must be a mapping of 'key: value' lines, not "
                             f"{show_value(value)}")
            return None
        fields = tuple(fields)
        known = [f.name for f in fields]
        for key in value:
            if key not in known:
                line = self.doc.where((*path, key), key=True)[0]
                hint = self.misplaced(key, line, did_you_mean(key, known))
                self.error((*path, key), f"unknown key '{key}' in {what}"
                           f"{hint}; it can have: {', '.join(known)}", key=True)
        for f in fields:
            if f.required and value.get(f.name) is None:
                elsewhere = self.written_elsewhere(f.name, path)
                hint = (f"; there is a '{f.name}' on line {elsewhere}, at the wrong level: "
                        f"check the indentation of line {elsewhere}") if elsewhere else ""
                self.error(path, f"{what} needs '{f.name}': {f.help}{hint}", key=True)
        return value

    def misplaced(self, key: Any, line: int, typo: str) -> str:
        """The hint for an unknown key: ``typo`` (a did-you-mean), and where the key
        belongs when it is a known key written at the wrong level."""
        place = self.LEVELS.get(key) if isinstance(key, str) else None
        if place is None:
            return typo
        if typo:
            return (f"{typo[:-1]} Or, if '{key}' belongs in {place}, check the indentation "
                    f"of line {line})")
        return f" ('{key}' belongs in {place}: check the indentation of line {line})"

    def written_elsewhere(self, key: str, parent: KeyPath) -> int | None:
        """The line of a ``key`` written somewhere other than directly under ``parent``."""
        lines = [at[0] for where, at in self.doc.keys.items()
                 if where[-1] == key and where[:-1] != parent]
        return min(lines) if lines else None

    def simple(self, value: Any, path: KeyPath, f: fmt.Field) -> Any:
        """``value`` converted to ``f``'s kind and range, or None (and a problem)."""
        try:
            return f.check(value)
        except fmt.FieldError as exc:
            self.error(path, str(exc))
            return None

    def fields(self, data: dict[str, Any], path: KeyPath, fields: Iterable[fmt.Field]
               ) -> dict[str, Any]:
        """The simple-kind values of ``data`` that are valid (invalid ones are reported)."""
        out = {}
        for f in fields:
            if f.name in data and f.kind in ("bool", "int", "number", "duration", "text"):
                value = self.simple(data[f.name], (*path, f.name), f)
                if value is not None:
                    out[f.name] = value
        return out

    # -- the config ------------------------------------------------------------------

    def config(self) -> Config | None:
        root = self.doc.data
        if root is None and not self.problems:
            self.error((), "the config is empty; start from the shipped config.yaml "
                           "(see docs/config.md)")
            return None
        top = self.mapping(root, (), fmt.TOP, "the config")
        if top is None:
            return None
        sections = {}
        for name, fields in fmt.SECTIONS.items():
            body = self.mapping(top.get(name), (name,), fields, f"'{name}'")
            sections[name] = self.fields(body or {}, (name,), fields)
        presets = self.presets(top.get("presets"))
        session = SessionSettings(**sections["session"])
        playlists, where = self.playlists(top.get("playlists"), presets, session)
        chosen = sections["session"].get("playlist")
        declared = sorted(self.declared["playlists"], key=str)
        if chosen and playlists is not None and chosen not in declared:
            self.error(("session", "playlist"), f"unknown playlist '{chosen}'"
                       f"{did_you_mean(chosen, declared)}; this config has: "
                       f"{', '.join(declared) or 'none'}{typing_hint(chosen)}")
        length_where = ""
        if isinstance(top.get("session"), dict) and "length" in top["session"]:
            length_where = "{}:{}:{}".format(self.path, *self.doc.where(("session", "length")))
        return Config(self.path, DisplaySettings(**sections["display"]),
                      AudioSettings(**sections["audio"]), session, playlists or {}, presets,
                      where, length_where)

    def presets(self, data: Any) -> dict[str, SceneRef]:
        out: dict[str, SceneRef] = {}
        if data is None:
            return out
        if not isinstance(data, dict):
            self.error(("presets",), f"'presets' must be a mapping of name: preset, not "
                                     f"{show_value(data)}")
            return out
        self.declared["presets"] = set(data)
        for name, body in data.items():
            path = ("presets", name)
            if name in self.scenes:
                self.error(path, f"preset '{name}' has the same name as a scene; give the "
                                 f"preset another name", key=True)
            preset = self.mapping(body, path, fmt.PRESET, f"preset '{name}'")
            if not preset or preset.get("scene") is None:
                continue
            self.fields(preset, path, fmt.PRESET)
            scene = preset["scene"]
            if not isinstance(scene, str):
                continue   # reported by fields()
            if scene not in self.scenes:
                self.unknown_scene(scene, (*path, "scene"), {})
                continue
            params = self.params(scene, preset.get("params"), (*path, "params"))
            if params is not None:
                out[name] = SceneRef(scene, params)
        return out

    def playlists(self, data: Any, presets: dict[str, SceneRef], session: SessionSettings
                  ) -> tuple[dict[str, Playlist] | None, dict[str, str]]:
        where: dict[str, str] = {}
        if data is None:
            return None, where   # already reported as a missing required key
        if not isinstance(data, dict):
            self.error(("playlists",), f"'playlists' must be a mapping of name: playlist, "
                                       f"not {show_value(data)}")
            return None, where
        if not data:
            self.error(("playlists",), "there are no playlists; add one under 'playlists:'",
                       key=True)
        out = {}
        self.declared["playlists"] = set(data)
        for name, body in data.items():
            path = ("playlists", name)
            line, col = self.doc.where(path, key=True)
            where[name] = f"{self.path}:{line}:{col}"
            plist = self.mapping(body, path, fmt.PLAYLIST, f"playlist '{name}'")
            if plist is None:
                continue
            self.fields(plist, path, fmt.PLAYLIST)
            phases = plist.get("phases")
            if phases is None:
                continue
            if phases == []:
                self.error((*path, "phases"), f"playlist '{name}' has no phases; add at "
                           f"least one '- scene: ...' under 'phases:'")
                continue
            if not isinstance(phases, list):
                self.error((*path, "phases"), f"'phases' of playlist '{name}' must be a list "
                           f"of phases ('- name: ...' lines), not {show_value(phases)}")
                continue
            specs = [self.phase(ph, (*path, "phases", i), i, presets)
                     for i, ph in enumerate(phases)]
            valid = [spec for spec in specs if spec is not None]
            if len(valid) == len(specs):
                out[name] = Playlist(name, tuple(valid), session.fade_in,
                                     session.fade_out)
        return out, where

    # -- phases and scenes -----------------------------------------------------------

    def phase(self, data: Any, path: KeyPath, index: int, presets: dict[str, SceneRef]
              ) -> PhaseSpec | None:
        named = data.get("name") if isinstance(data, dict) else None
        what = f"phase '{named}'" if isinstance(named, str) else f"phase {index + 1}"
        before = len(self.problems)
        ph = self.mapping(data, path, fmt.PHASE, what)
        if ph is None:
            return None
        v = self.fields(ph, path, fmt.PHASE)
        self.exactly_one(ph, path, what, "scene", "scenes",
                         "'scene' for one scene, 'scenes' for a list that takes turns")
        self.exactly_one(ph, path, what, "duration", "weight",
                         "'duration' for a fixed length, 'weight' to stretch with the session")
        if "duration" in ph:
            for key in ("min", "max"):
                if key in ph:
                    self.error((*path, key), f"'{key}' only applies to a phase with a "
                               f"'weight'; a phase with a fixed 'duration' does not stretch",
                               key=True)
        if "min" in v and "max" in v and v["min"] > v["max"]:
            self.error((*path, "min"), f"'min' {format_duration(v['min'])} is longer than "
                       f"'max' {format_duration(v['max'])}; swap them or change one")
        if "rotate" in ph and not isinstance(ph.get("scenes"), list):
            self.error((*path, "rotate"), "'rotate' needs a list of 'scenes' that take turns",
                       key=True)
        refs = self.phase_scenes(ph, path, presets)
        self.audio(ph.get("audio"), (*path, "audio"))
        if len(self.problems) > before or not refs:
            return None
        return PhaseSpec(name=v.get("name", f"phase {index + 1}"), scenes=tuple(refs),
                         duration=v.get("duration"), weight=v.get("weight"), min=v.get("min"),
                         max=v.get("max"), transition=v.get("transition", _PHASE["transition"]),
                         rotate=v.get("rotate"), audio=dict(ph.get("audio") or {}))

    def exactly_one(self, ph: dict[str, Any], path: KeyPath, what: str, a: str, b: str,
                    how: str) -> None:
        if a in ph and b in ph:
            self.error((*path, b), f"{what} has both '{a}' and '{b}'; keep one: {how}",
                       key=True)
        elif a not in ph and b not in ph:
            # A misspelt key ('durration') is reported as unknown, with its suggestion; a
            # known key that merely looks alike ('transition') does not stand in for one.
            known = {f.name for f in fmt.PHASE}
            if not any(did_you_mean(str(k), (a, b)) for k in ph if k not in known):
                self.error(path, f"{what} needs '{a}' or '{b}': {how}")

    def phase_scenes(self, ph: dict[str, Any], path: KeyPath, presets: dict[str, SceneRef]
                     ) -> list[SceneRef]:
        items: list[tuple[Any, KeyPath]]
        if "scenes" in ph:
            listed = ph["scenes"]
            if not isinstance(listed, list) or not listed:
                self.error((*path, "scenes"), f"'scenes' must be a list of scene or preset "
                                              f"names, not {show_value(listed)}")
                return []
            items = [(item, (*path, "scenes", i)) for i, item in enumerate(listed)]
        elif "scene" in ph:
            items = [(ph["scene"], (*path, "scene"))]
        else:
            return []
        refs = [self.scene_ref(item, ipath, presets) for item, ipath in items]
        shared: dict[str, dict[str, Any]] = {}
        for ref in refs:
            if ref is not None and ref.scene not in shared:
                shared[ref.scene] = self.params(ref.scene, ph.get("params"),
                                                (*path, "params")) or {}
        valid = [r for r in refs if r is not None]
        if len(valid) < len(refs):
            return []
        return [SceneRef(r.scene, {**r.params, **shared[r.scene], **r.overrides}, r.where)
                for r in valid]

    def scene_ref(self, item: Any, path: KeyPath, presets: dict[str, SceneRef]
                  ) -> _Ref | None:
        params: Any = None
        name_path = path
        if isinstance(item, dict):
            m = self.mapping(item, path, fmt.SCENE_ITEM, "a scene in 'scenes'")
            if not m or m.get("scene") is None:
                return None
            item, params, name_path = m["scene"], m.get("params"), (*path, "scene")
        if not isinstance(item, str):
            self.error(name_path, f"a scene must be a scene or preset name, not {show_value(item)}")
            return None
        if item in presets:
            base = presets[item]
        elif item in self.scenes:
            base = SceneRef(item, {})
        elif item in self.declared["presets"]:
            return None   # a preset with its own problems, reported where it is written
        else:
            self.unknown_scene(item, name_path, presets)
            return None
        overrides = self.params(base.scene, params, (*path, "params"))
        if overrides is None:
            return None
        line, col = self.doc.where(name_path)
        return _Ref(base.scene, base.params, overrides, f"{self.path}:{line}:{col}")

    def unknown_scene(self, name: str, path: KeyPath, presets: dict[str, SceneRef]) -> None:
        hint = did_you_mean(name, [*self.scenes, *presets])
        self.error(path, f"unknown scene '{name}'{hint}; run 'driftlight scenes' to list "
                         f"the scenes{typing_hint(name)}")

    def params(self, scene: str, given: Any, path: KeyPath) -> dict[str, Any] | None:
        """Checked parameter values for ``scene``; None (and problems) when any is wrong."""
        if given is None:
            return {}
        if not isinstance(given, dict):
            self.error(path, f"'params' must be a mapping of name: value lines, not "
                             f"{show_value(given)}")
            return None
        declared = {p.name: p for p in self.scenes[scene].params}
        ok = True
        out = {}
        for key, value in given.items():
            param = declared.get(key)
            if param is None:
                self.error((*path, key), f"scene '{scene}' has no parameter '{key}'"
                           f"{did_you_mean(key, declared)}; its parameters: "
                           f"{', '.join(declared) or 'none'}", key=True)
                ok = False
                continue
            if isinstance(value, float) and not math.isfinite(value):
                self.error((*path, key), f"'{key}' must be a finite number, not {value}")
                ok = False
                continue
            try:
                out[key] = param.check(value)
            except ValueError as exc:
                self.error((*path, key), f"scene '{scene}': {getattr(exc, 'message', exc)}")
                ok = False
        return out if ok else None

    def audio(self, data: Any, path: KeyPath) -> None:
        if data is None:
            return
        if not isinstance(data, dict):
            self.error(path, f"'audio' must be a mapping (layers, file, ...), not "
                             f"{show_value(data)}")
            return
        for key_path, message in check_phase_audio(data, self.path.parent):
            is_key = message.startswith(("unknown key", "unknown parameter"))
            self.error((*path, *key_path), message, key=is_key)


@dataclass(frozen=True)
class _Ref:
    """A scene reference before the phase's shared params are merged in."""

    scene: str
    params: dict[str, Any]
    overrides: dict[str, Any]
    where: str
