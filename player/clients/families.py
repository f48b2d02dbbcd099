"""Scene families and moods: what a profile may avoid, and which scene may stand in.

A *family* is what a scene shows (``water``, ``space``, ``dark`` …): a profile avoids a
family when a client fears or dislikes it. A *mood* is the part a scene plays in the
arc of a session (``open`` for arriving and returning, ``deep`` for the peak, ``cosy``
for integration, ``paced`` for slow rhythm): an avoided scene is replaced by another
scene of the *same mood*, so the session keeps its shape.

Each built-in scene has exactly one mood and any number of families. Moods are chosen
so that every mood spans several families — avoiding ``water`` still leaves an
``open`` scene (``forest_rays``, ``sunrise``) to stand in for ``ocean``.

NOTE: this table belongs on the scene classes (a ``mood`` and ``tags`` class
attribute declared next to ``params``); it lives here only while ``scenes/`` is being
rewritten. Move it there when that work lands, and keep this module's functions as
the readers. A scene missing from the table (a plugin) has no mood: it can be avoided
by name, but never stands in for another, and nothing stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """The mood of one scene and the families it belongs to."""

    mood: str
    families: tuple[str, ...]


SCENES: dict[str, Kind] = {
    "aurora": Kind("deep", ("sky", "dark")),
    "breathing_orb": Kind("paced", ("pattern",)),
    "fireflies": Kind("cosy", ("nature", "creatures", "dark", "warm")),
    "forest_rays": Kind("open", ("nature", "light")),
    "lava_lamp": Kind("cosy", ("abstract", "warm")),
    "mandala": Kind("deep", ("pattern", "abstract")),
    "nebula": Kind("deep", ("space", "dark")),
    "ocean": Kind("open", ("water",)),
    "rain_glass": Kind("cosy", ("water", "dark")),
    "ripples": Kind("paced", ("water", "dark")),
    "starfield": Kind("deep", ("space", "dark", "motion")),
    "sunrise": Kind("open", ("sky", "light", "warm")),
}
"""Every built-in scene: its mood and families (see the module note: to move onto the
scene classes)."""

FAMILY_HELP: dict[str, str] = {
    "water": "the sea, rain, still water",
    "sky": "open skies: dawn, northern lights",
    "space": "stars and deep space",
    "dark": "mostly dark pictures: night, dusk, space",
    "light": "bright daylight scenes",
    "warm": "warm reds, oranges and golds",
    "nature": "forest and meadow",
    "creatures": "living things (fireflies)",
    "pattern": "symmetric, centred patterns (kaleidoscope, breathing orb)",
    "abstract": "shapes that depict nothing",
    "motion": "a sense of travelling forward",
}
"""One line per family, for docs and messages; the keys are all the families."""

MOOD_HELP: dict[str, str] = {
    "open": "gentle and light, for arriving and returning",
    "deep": "dim and spacious, for the peak",
    "cosy": "warm and close, for integration",
    "paced": "a slow rhythm to follow or rest with",
}


def families() -> list[str]:
    return list(FAMILY_HELP)


def families_of(scene: str) -> tuple[str, ...]:
    kind = SCENES.get(scene)
    return kind.families if kind else ()


def mood_of(scene: str) -> str | None:
    kind = SCENES.get(scene)
    return kind.mood if kind else None


def members(family: str) -> list[str]:
    """The scenes of ``family``, in name order."""
    return sorted(name for name, kind in SCENES.items() if family in kind.families)


def same_mood(scene: str) -> list[str]:
    """The other scenes sharing ``scene``'s mood, in name order (empty: no mood)."""
    mood = mood_of(scene)
    return sorted(n for n, k in SCENES.items() if mood and k.mood == mood and n != scene)
