"""A playlist and settings made to fit one client's profile.

Pure functions of (playlist or config, profile): the same profile always gives the
same session, so ``check --client`` shows exactly what ``play --client`` will play.
Every change comes back as a :class:`Change` with the reason, for the session log and
for ``check``.

Replacing an avoided scene: the candidates are the scenes of the same mood
(:mod:`.families`) that the profile does not avoid; favourites come first (in the
profile's order), then scenes not already in the phase, then name order. The new scene
keeps those of the old one's parameters it also has (``speed``, a ``palette`` it
offers). An avoided scene with no candidate is left out of its phase; a phase left
with nothing to show is an :class:`AvoidError` naming it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from player.clients import families, fields
from player.playlist import PhaseSpec, Playlist, SceneRef
from scenes import registry

if TYPE_CHECKING:
    from player.clients.profile import Profile
    from player.config import Config


@dataclass(frozen=True)
class Change:
    """One thing the profile changed: ``what`` (a short kind), where, and why."""

    what: str
    detail: str
    phase: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}

    def line(self) -> str:
        return f"{self.phase}: {self.detail}" if self.phase else self.detail


class AvoidError(ValueError):
    """A phase would have nothing left to show; the message names playlist and phase."""


def personalise_settings(config: Config, profile: Profile) -> tuple[Config, list[Change]]:
    """``config`` with the profile's brightness cap and volume applied."""
    changes = []
    display, audio = config.display, config.audio
    cap = profile.brightness_cap
    if cap is not None and cap < display.brightness_cap:
        changes.append(Change("brightness_cap", f"brightness cap {cap:g} instead of "
                                                f"{display.brightness_cap:g} (profile)"))
        display = dataclasses.replace(display, brightness_cap=cap)
    if profile.volume is not None and profile.volume != audio.volume:
        changes.append(Change("volume", f"volume {profile.volume:g} instead of "
                                        f"{audio.volume:g} (profile)"))
        audio = dataclasses.replace(audio, volume=profile.volume)
    return dataclasses.replace(config, display=display, audio=audio), changes


def personalise_playlist(playlist: Playlist, profile: Profile) -> tuple[Playlist, list[Change]]:
    """``playlist`` without the avoided scenes, with the profile's breathing pace and
    without binaural beats if the profile says so; AvoidError if a phase is left empty."""
    changes: list[Change] = []
    phases = tuple(_phase(spec, playlist.name, profile, changes) for spec in playlist.phases)
    return dataclasses.replace(playlist, phases=phases), changes


def _phase(spec: PhaseSpec, playlist: str, profile: Profile, changes: list[Change]
           ) -> PhaseSpec:
    avoided = profile.avoided()
    kept = [r.scene for r in spec.scenes if r.scene not in avoided]
    refs: list[SceneRef] = []
    for ref in spec.scenes:
        why = avoided.get(ref.scene)
        if why is None:
            refs.append(ref)
            continue
        because = f"avoided ({why})" if why == "by name" else f"avoided ({why} family)"
        new = _stand_in(ref.scene, avoided, profile.favourites, kept)
        if new is None:
            changes.append(Change("scene", f"{ref.scene} left out: {because}, and no other "
                                           f"scene of its mood is allowed", spec.name))
            continue
        kept.append(new)
        params, dropped = _carry(ref.params, new)
        refs.append(dataclasses.replace(ref, scene=new, params=params))   # where it stands
        lost = f"; not carried over: {', '.join(dropped)}" if dropped else ""
        changes.append(Change("scene", f"{ref.scene} → {new}: {ref.scene} is {because}; "
                                       f"{new} has the same mood "
                                       f"({families.mood_of(new)}){lost}", spec.name))
    if not refs:
        shown = ", ".join(f"{r.scene} ({avoided[r.scene]})" for r in spec.scenes)
        raise AvoidError(f"playlist '{playlist}', phase '{spec.name}': every scene is avoided "
                         f"({shown}) and no scene of the same mood is left to stand in; allow "
                         f"one of them, or play another playlist")
    refs = [_breathing(r, profile.breathing_bpm, spec.name, changes) for r in refs]
    return dataclasses.replace(spec, scenes=tuple(refs),
                               audio=_audio(spec, profile.binaural, changes))


def _stand_in(scene: str, avoided: dict[str, str], favourites: tuple[str, ...],
              present: list[str]) -> str | None:
    allowed = set(registry.names())
    candidates = [s for s in families.same_mood(scene) if s not in avoided and s in allowed]
    if not candidates:
        return None

    def rank(name: str) -> tuple[int, int, str]:
        fav = favourites.index(name) if name in favourites else len(favourites)
        return fav, int(name in present), name

    return min(candidates, key=rank)


def _carry(params: dict[str, Any], scene: str) -> tuple[dict[str, Any], list[str]]:
    """The parameters of ``params`` that ``scene`` accepts, and the names left behind."""
    declared = {p.name: p for p in registry.get(scene).params}
    kept, dropped = {}, []
    for key, value in params.items():
        try:
            kept[key] = declared[key].check(value)
        except (KeyError, ValueError):
            dropped.append(key)
    return kept, dropped


def _breathing(ref: SceneRef, bpm: float | None, phase: str, changes: list[Change]
               ) -> SceneRef:
    if bpm is None or ref.scene != fields.BREATHING_SCENE:
        return ref
    before = ref.params.get(fields.BREATHING_PARAM)
    if before == bpm:
        return ref
    was = "" if before is None else f" instead of {before:g}"
    changes.append(Change("breathing", f"{ref.scene} paces {bpm:g} breaths a minute{was} "
                                       f"(profile)", phase))
    return dataclasses.replace(ref, params={**ref.params, fields.BREATHING_PARAM: bpm})


def _audio(spec: PhaseSpec, allowed: bool, changes: list[Change]) -> dict[str, Any]:
    layers = spec.audio.get("layers")
    if allowed or not isinstance(layers, list):
        return spec.audio

    def name(item: Any) -> Any:
        return item.get("layer") if isinstance(item, dict) else item

    kept = [item for item in layers if name(item) != fields.BINAURAL_LAYER]
    if len(kept) == len(layers):
        return spec.audio
    changes.append(Change("binaural", "binaural beats taken out (profile: binaural: false)",
                          spec.name))
    audio = {**spec.audio, "layers": kept}
    if not kept and "file" not in audio:   # nothing left: the calm default pad
        return {}
    return audio
