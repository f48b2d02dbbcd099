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
from player.playlist import Playlist
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


def check_scene(scene: str, projection: str, said: str = "--projection") -> None:
    """A scene named on the command line (``still --scene``) on ``projection``; ``said``
    is the option as the user typed it (``--projection 360``)."""
    _known(projection, said)
    cls = registry.get(scene)
    if projection not in cls.projections:
        raise UserError(f"driftlight: error: {said}: scene '{scene}' cannot be shown on "
                        f"{WORDS[projection]} (it supports {', '.join(cls.projections)}); "
                        f"{_who(projection)}")


def check_playlist(config: Config, playlist: Playlist, projection: str,
                   said: str = "--projection") -> None:
    """Every scene of ``playlist`` (as it will play: after a client profile's changes) on
    ``projection``: one ``FILE:LINE:COL: error: ...`` at each scene entry that cannot,
    naming the scenes that can; ``said`` is the option as typed (``--projection 360``)."""
    _known(projection, said)
    written = {ref.where: ref.scene for phase in config.playlists.get(
        playlist.name, playlist).phases for ref in phase.scenes}
    fallback = config.where.get(playlist.name) or str(config.path)
    lines = []
    for phase in playlist.phases:
        for ref in phase.scenes:
            if projection in registry.get(ref.scene).projections:
                continue
            was = written.get(ref.where, ref.scene)
            instead = (f", standing in for '{was}' which the client profile avoids"
                       if was != ref.scene else "")
            lines.append(f"{ref.where or fallback}: error: scene '{ref.scene}' (phase "
                         f"'{phase.name}' of playlist '{playlist.name}'{instead}) cannot be "
                         f"shown on {WORDS[projection]} ({said}); {_who(projection)}: choose "
                         f"one of them here, or another projection")
    if lines:
        raise UserError(*dict.fromkeys(lines))


def _known(projection: str, said: str) -> None:
    if projection not in PROJECTIONS:
        raise UserError(f"driftlight: error: {said}: unknown projection '{projection}'; use "
                        f"{', '.join(PROJECTIONS)}")


def _who(projection: str) -> str:
    names = supporting(projection)
    return (f"scenes that support {projection}: {', '.join(names)}" if names else
            f"no scene supports {projection}")
