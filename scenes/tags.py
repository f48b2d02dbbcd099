"""Mood tags: the words a scene uses to say what it shows and what part it plays.

A scene lists its tags next to its parameters (``tags = ("deep", "space", "dark")``).
The words come from this one vocabulary, so validation, ``driftlight scenes``, the
docs, playlists and client profiles all read the same list, and a misspelt tag is an
error when the scene registers.

Two kinds of tag:

- a **mood** — the part a scene plays in the arc of a session. A built-in scene has
  exactly one; when a client avoids a scene, another of the *same mood* stands in, so
  the session keeps its shape (:mod:`player.clients.families`).
- a **family** — what the picture shows or how it looks (``water``, ``fire``,
  ``dark``, ``warm`` …). A client profile may avoid a whole family.
"""

from __future__ import annotations

MOODS: dict[str, str] = {
    "open": "gentle and light, for arriving and returning",
    "deep": "dim and spacious, for the peak",
    "cosy": "warm and close, for integration",
    "paced": "a slow rhythm to follow or rest with",
}
"""The moods, one line each: a built-in scene has exactly one."""

FAMILIES: dict[str, str] = {
    "water": "the sea, rain, still water, under water",
    "sky": "open skies: dawn, clouds, northern lights",
    "space": "stars and deep space",
    "dark": "mostly dark pictures: night, dusk, space",
    "light": "bright daylight scenes",
    "warm": "warm reds, oranges and golds",
    "cool": "cool blues, greens and violets",
    "nature": "forest, meadow, mountains",
    "creatures": "living things (fireflies, jellyfish)",
    "fire": "flame: a candle, a fire",
    "winter": "snow and cold",
    "pattern": "symmetric, centred patterns (kaleidoscope, breathing orb)",
    "abstract": "shapes that depict nothing",
    "motion": "a sense of travelling forward",
    "rest": "almost nothing to see: the faintest light, for the deepest stretches",
    "re-orienting": "clear daylight that brings the room back, for the end of a session",
}
"""The families, one line each (what a client profile may avoid)."""

TAGS: dict[str, str] = {**MOODS, **FAMILIES}
"""Every tag a scene may declare."""


def problems(tags: tuple[str, ...]) -> list[str]:
    """What is wrong with a scene's ``tags``: unknown words, repeats, several moods."""
    from scenes.params import did_you_mean

    out = []
    if isinstance(tags, str) or not isinstance(tags, tuple):
        return [f"tags must be a tuple of words, not {tags!r}"]
    for tag in tags:
        if tag not in TAGS:
            out.append(f"unknown tag {tag!r}{did_you_mean(str(tag), TAGS)}; the tags are: "
                       f"{', '.join(TAGS)}")
    if len(set(tags)) != len(tags):
        out.append("a tag is listed twice")
    moods = [t for t in tags if t in MOODS]
    if len(moods) > 1:
        out.append(f"more than one mood ({', '.join(moods)}); a scene has one")
    return out


def mood(tags: tuple[str, ...]) -> str | None:
    """The mood among ``tags`` (None when the scene declares none)."""
    return next((t for t in tags if t in MOODS), None)


def families(tags: tuple[str, ...]) -> tuple[str, ...]:
    """The family tags among ``tags``, in the order declared."""
    return tuple(t for t in tags if t in FAMILIES)
