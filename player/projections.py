"""Which scenes may be shown on which surface: a projection chosen in the config or on
the command line is checked against the scenes' own declarations before anything plays.

Scenes declare ``projections`` once (:class:`scenes.base.Scene`); the surfaces are
those of :mod:`player.gl.view`: ``flat`` (every scene), ``dome`` (VR180: every shader
scene) and ``sphere`` (360°: only scenes that make sense all around). Export's
``--projection 180|360`` and a headset's surface are the same names through
:data:`ALIASES`.
"""

from __future__ import annotations

from player.config import Config
from player.errors import UserError
from player.gl.view import PROJECTIONS
from scenes import registry

ALIASES = {"flat": "flat", "180": "dome", "vr180": "dome", "dome": "dome",
           "360": "sphere", "sphere": "sphere"}
WORDS = {"flat": "a flat screen", "dome": "the dome (VR180)", "sphere": "the sphere (360°)"}


def surface(name: str, flag: str = "--projection") -> str:
    """A projection as the user wrote it (``180``, ``360``, ``dome``...) as a surface."""
    found = ALIASES.get(str(name).lower())
    if found is None:
        raise UserError(f"driftlight: error: {flag}: unknown projection '{name}'; use "
                        f"{', '.join(sorted(ALIASES))}")
    return found


def supporting(projection: str) -> list[str]:
    """The scenes that may be shown on ``projection`` (a surface name)."""
    return sorted(n for n in registry.names()
                  if projection in registry.get(n).projections)


def check_scene(scene: str, projection: str, flag: str = "--projection") -> None:
    """A scene named on the command line (``still --scene``) on ``projection``."""
    _known(projection, flag)
    cls = registry.get(scene)
    if projection not in cls.projections:
        raise UserError(f"driftlight: error: {flag}: scene '{scene}' cannot be shown on "
                        f"{WORDS[projection]} (it supports {', '.join(cls.projections)}); "
                        f"{_who(projection)}")


def check_playlist(config: Config, playlist: str | None, projection: str,
                   flag: str = "--projection") -> None:
    """Every scene of a playlist on ``projection``: ``FILE:LINE:COL: error: ...`` at the
    playlist, naming the phases and scenes that cannot, and the scenes that can."""
    _known(projection, flag)
    plist = config.playlist(playlist)
    bad: dict[str, list[str]] = {}
    for phase in plist.phases:
        for ref in phase.scenes:
            if projection not in registry.get(ref.scene).projections:
                bad.setdefault(ref.scene, []).append(phase.name)
    if not bad:
        return
    where = config.where.get(plist.name) or str(config.path)
    shown = "; ".join(f"'{scene}' (phase {', '.join(repr(p) for p in phases)})"
                      for scene, phases in bad.items())
    raise UserError(f"{where}: error: playlist '{plist.name}' cannot be shown on "
                    f"{WORDS[projection]} ({flag} {projection}): {shown} "
                    f"{'does' if len(bad) == 1 else 'do'} not support it; {_who(projection)}, "
                    f"or choose another projection")


def _known(projection: str, flag: str) -> None:
    if projection not in PROJECTIONS:
        raise UserError(f"driftlight: error: {flag}: unknown projection '{projection}'; use "
                        f"{', '.join(PROJECTIONS)}")


def _who(projection: str) -> str:
    names = supporting(projection)
    return (f"scenes that support {projection}: {', '.join(names)}" if names else
            f"no scene supports {projection}")
