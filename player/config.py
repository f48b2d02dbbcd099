"""Loading the YAML config into plain settings and playlists.

(The full validation with FILE:LINE:COL messages is built on top of this seam by the
config issue; this module keeps the shape the rest of the program relies on.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from player.durations import DurationError, parse_duration
from player.errors import UserError
from player.playlist import DEFAULT_TRANSITION_S, PhaseSpec, Playlist, SceneRef
from scenes.params import did_you_mean

PACKAGED_CONFIG = Path(__file__).with_name("default_config.yaml")


@dataclass(frozen=True)
class DisplaySettings:
    fullscreen: bool = True
    display: int = 0
    fps: float = 60.0
    brightness_cap: float = 0.9
    vsync: bool = True


@dataclass(frozen=True)
class AudioSettings:
    enabled: bool = True
    volume: float = 0.7
    loudness_target: float = -23.0


@dataclass(frozen=True)
class SessionSettings:
    playlist: str = ""
    length: float = 45 * 60.0
    seed: int = 1
    fade_in: float = 20.0
    fade_out: float = 30.0


@dataclass(frozen=True)
class Config:
    path: Path
    display: DisplaySettings = field(default_factory=DisplaySettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    playlists: dict[str, Playlist] = field(default_factory=dict)

    def playlist(self, name: str | None = None) -> Playlist:
        name = name or self.session.playlist or next(iter(self.playlists), "")
        try:
            return self.playlists[name]
        except KeyError:
            known = ", ".join(self.playlists) or "none"
            raise UserError(f"{self.path}: error: unknown playlist '{name}'"
                            f"{did_you_mean(name, self.playlists)}; this config has: "
                            f"{known}") from None


def find_config(arg: str | None) -> Path:
    """CONFIG if given, else ./config.yaml, else the packaged default."""
    if arg:
        return Path(arg)
    local = Path("config.yaml")
    return local if local.is_file() else PACKAGED_CONFIG


def load_config(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: error: config file not found; pass the path to your "
                        f"config.yaml, or run without CONFIG to use the default") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: error: cannot read the config: {exc}") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise UserError(f"{where}: error: not valid YAML: "
                        f"{getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: error: the config must be a mapping of sections")
    try:
        return _build(path, data)
    except (KeyError, TypeError, ValueError, DurationError) as exc:
        raise UserError(f"{path}: error: {exc}") from None


def _seconds(value: Any) -> float:
    return parse_duration(value)


def _build(path: Path, data: dict[str, Any]) -> Config:
    d = data.get("display") or {}
    a = data.get("audio") or {}
    s = data.get("session") or {}
    session = SessionSettings(
        playlist=str(s.get("playlist", "")),
        length=_seconds(s.get("length", "45m")),
        seed=int(s.get("seed", 1)),
        fade_in=_seconds(s.get("fade_in", 20)),
        fade_out=_seconds(s.get("fade_out", 30)),
    )
    presets = data.get("presets") or {}
    playlists = {}
    for name, body in (data.get("playlists") or {}).items():
        phases = tuple(_phase(ph, presets) for ph in body.get("phases", []))
        playlists[name] = Playlist(name, phases, session.fade_in, session.fade_out)
    return Config(
        path=path,
        display=DisplaySettings(**{k: d[k] for k in ("fullscreen", "display", "fps",
                                                     "brightness_cap", "vsync") if k in d}),
        audio=AudioSettings(**{k: a[k] for k in ("enabled", "volume", "loudness_target")
                               if k in a}),
        session=session,
        playlists=playlists,
    )


def _scene(item: Any, presets: dict[str, Any]) -> SceneRef:
    if isinstance(item, str):
        item = presets.get(item, {"scene": item})
    params = dict(item.get("params") or {})
    return SceneRef(str(item["scene"]), params)


def _phase(ph: dict[str, Any], presets: dict[str, Any]) -> PhaseSpec:
    scenes = ph.get("scenes") or [ph.get("scene")]
    refs = tuple(_scene(s, presets) for s in scenes)
    opt = {k: _seconds(ph[k]) for k in ("duration", "min", "max") if k in ph}
    return PhaseSpec(
        name=str(ph.get("name", "phase")),
        scenes=refs,
        weight=float(ph["weight"]) if "weight" in ph else None,
        transition=_seconds(ph.get("transition", DEFAULT_TRANSITION_S)),
        rotate=_seconds(ph["rotate"]) if "rotate" in ph else None,
        audio=dict(ph.get("audio") or {}),
        **opt,
    )
