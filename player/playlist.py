"""What a playlist says, before it is fitted to a session length.

These are the plain values the config loader produces and the timeline consumes;
keeping them here keeps the seam between the two clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from player import config_format as fmt

DEFAULT_TRANSITION_S: float = fmt.defaults(fmt.PHASE)["transition"]
_SESSION = fmt.SessionSettings()     # the fades' defaults, declared in config_format


@dataclass(frozen=True)
class SceneRef:
    """A scene by name with its parameter values (already validated)."""

    scene: str
    params: dict[str, Any] = field(default_factory=dict)
    where: str = field(default="", compare=False)
    """``FILE:LINE:COL`` of the entry naming it in the config, for messages about it."""


@dataclass(frozen=True)
class PhaseSpec:
    """One phase of a playlist: a fixed ``duration`` or a proportional ``weight``.

    ``scenes`` rotate inside the phase with crossfades, each shown for ``rotate``
    seconds (or an equal share of the phase when ``rotate`` is None).
    """

    name: str
    scenes: tuple[SceneRef, ...]
    duration: float | None = None
    weight: float | None = None
    min: float | None = None
    max: float | None = None
    transition: float = DEFAULT_TRANSITION_S
    rotate: float | None = None
    audio: dict[str, Any] = field(default_factory=dict)

    @property
    def lower(self) -> float:
        """The shortest this phase may be."""
        return self.duration if self.duration is not None else (self.min or 0.0)


@dataclass(frozen=True)
class Playlist:
    name: str
    phases: tuple[PhaseSpec, ...]
    fade_in: float = _SESSION.fade_in
    fade_out: float = _SESSION.fade_out
