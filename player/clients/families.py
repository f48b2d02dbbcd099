"""Scene families and moods: what a profile may avoid, and which scene may stand in.

A *family* is what a scene shows (``water``, ``space``, ``dark`` …): a profile avoids a
family when a client fears or dislikes it. A *mood* is the part a scene plays in the
arc of a session (``open`` for arriving and returning, ``deep`` for the peak, ``cosy``
for integration, ``paced`` for slow rhythm): an avoided scene is replaced by another
scene of the *same mood*, so the session keeps its shape.

Both are the scenes' own ``tags`` (declared next to ``params``, from the vocabulary in
:mod:`scenes.tags`); this module only reads them. Each built-in scene has exactly one
mood and any number of families. Moods are chosen so that every mood spans several
families — avoiding ``water`` still leaves an ``open`` scene (``forest_rays``,
``sunrise``) to stand in for ``ocean``. A scene without a mood (a plugin that declares
none) can be avoided by name, but never stands in for another, and nothing stands in
for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from scenes import registry, tags


@dataclass(frozen=True)
class Kind:
    """The mood of one scene and the families it belongs to."""

    mood: str
    families: tuple[str, ...]


class _FromTags(Mapping[str, Kind]):
    """Scene name → :class:`Kind`, read from the registered scenes' tags each time (so
    a plugin that declares a mood joins in); scenes without a mood are left out."""

    def _table(self) -> dict[str, Kind]:
        out = {}
        for name in registry.names():
            declared = registry.get(name).tags
            mood = tags.mood(declared)
            if mood is not None:
                out[name] = Kind(mood, tags.families(declared))
        return out

    def __getitem__(self, name: str) -> Kind:
        return self._table()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


SCENES: Mapping[str, Kind] = _FromTags()
"""Every scene with a mood: its mood and families (from the scenes' ``tags``)."""

FAMILY_HELP: dict[str, str] = tags.FAMILIES
"""One line per family, for docs and messages; the keys are all the families."""

MOOD_HELP: dict[str, str] = tags.MOODS


def families() -> list[str]:
    return list(FAMILY_HELP)


def families_of(scene: str) -> tuple[str, ...]:
    return tags.families(_declared(scene))


def mood_of(scene: str) -> str | None:
    return tags.mood(_declared(scene))


def _declared(scene: str) -> tuple[str, ...]:
    try:
        return registry.get(scene).tags
    except registry.SceneError:
        return ()


def members(family: str) -> list[str]:
    """The scenes of ``family``, in name order (empty for a word that is no family)."""
    if family not in FAMILY_HELP:
        return []
    return sorted(name for name in registry.names() if family in registry.get(name).tags)


def same_mood(scene: str) -> list[str]:
    """The other scenes sharing ``scene``'s mood, in name order (empty: no mood)."""
    mood = mood_of(scene)
    return sorted(n for n, k in SCENES.items() if mood and k.mood == mood and n != scene)
