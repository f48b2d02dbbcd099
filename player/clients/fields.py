"""The client profile format, declared once as data.

Like :mod:`player.config_format` for ``config.yaml``: every key a profile may hold is
a :class:`~player.config_format.Field`, and the validator (:mod:`.profile`), the JSON
Schema (:mod:`.schema`) and the tables in ``docs/clients.md`` all read these
declarations. Where a profile key narrows a config setting (brightness, volume,
length) or a scene parameter (the breathing orb's pace), its range is taken from that
declaration, so the two can never disagree.
"""

from __future__ import annotations

import dataclasses

from player import config_format as fmt
from player.config_format import Field

BREATHING_SCENE = "breathing_orb"
BREATHING_PARAM = "bpm"
"""The scene and parameter that ``breathing_bpm`` sets."""

BINAURAL_LAYER = "binaural"
"""The sound layer that ``binaural: false`` removes."""


def _like(fields: tuple[Field, ...], name: str, help: str) -> Field:
    """A profile field with the kind and range of a config field, no default."""
    base = next(f for f in fields if f.name == name)
    return dataclasses.replace(base, default=None, help=help)


def _breathing_range() -> tuple[float | None, float | None]:
    from scenes import registry

    try:
        param = next(p for p in registry.get(BREATHING_SCENE).params
                     if p.name == BREATHING_PARAM)
    except (Exception, StopIteration):   # the scene is not there (being rewritten)
        return None, None
    return param.min, param.max


PROFILE = (
    Field("avoid", "names", None,
          "scenes or scene families never to show, e.g. [water, mandala]; each is replaced "
          "by a scene of the same mood"),
    Field("favourites", "names", None,
          "scenes to prefer, first to last, when one has to be replaced"),
    _like(fmt.DISPLAY, "brightness_cap",
          "the brightest this client's picture may get; the lower of this and the "
          "config's display brightness_cap applies"),
    _like(fmt.AUDIO, "volume", "starting volume for this client (it still changes live)"),
    Field("breathing_bpm", "number", None,
          f"breaths per minute of the {BREATHING_SCENE} scene, wherever it plays",
          *_breathing_range()),
    Field("binaural", "bool", True,
          "allow binaural beats (they need headphones); false takes them out of every phase"),
    Field("playlist", "text", None,
          "this client's playlist when none is given (a course session's comes first)"),
    _like(fmt.SESSION, "length",
          "this client's session length when none is given (a course session's comes first)"),
    Field("notes", "text", None,
          "free notes for the therapist: shown by check and plan, never written to a "
          "session log, left out by --redact"),
    Field("course", "course", None, "the planned sessions, in order (see below)"),
)
COURSE_ITEM = (
    Field("playlist", "text", None, "the playlist of this session; default: the profile's"),
    _like(fmt.SESSION, "length", "the length of this session; default: the profile's"),
    Field("date", "date", None, "the planned day, like 2026-03-02 (optional)"),
    Field("note", "text", None, "what this session is for"),
)

DOC_TABLES: dict[str, tuple[Field, ...]] = {"profile": PROFILE, "course": COURSE_ITEM}
"""The tables of docs/clients.md, by the marker name they sit between."""


def fill_tables(markdown: str) -> str:
    """``markdown`` with the profile tables rewritten from the declarations."""
    return fmt.fill_tables(markdown, DOC_TABLES)
