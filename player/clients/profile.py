"""Finding and validating a client profile, ``clients/CODE.yaml``.

A profile is checked exactly like ``config.yaml``: read safely by
:mod:`player.config_yaml`, every key checked against the declarations in
:mod:`.fields` by the config's own checker, and every problem reported at once as
``FILE:LINE:COL: error: …`` with a did-you-mean. It is also checked against the config
it will be used with: its playlists must exist there and fit their lengths, and what
it avoids must leave every phase of those playlists something to show.

The folder of profiles is the config's ``session.clients`` (default ``clients``),
relative to the config file's folder — or to the current folder when the packaged
default config is in use.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from player.clients import families, fields
from player.clients.privacy import DIR_MODE, tighten
from player.config import PACKAGED_CONFIG, Config, _Checker, levels
from player.config_yaml import Document, KeyPath, YamlError, read
from player.durations import show_value
from player.errors import UserError
from player.fitting import FitError
from player.timeline import Timeline
from scenes.params import did_you_mean

CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
CODE_RULE = ("a short code of letters, digits, - and _ (for example K-017), never a "
             "patient's name")


@dataclass(frozen=True)
class CourseItem:
    """One planned session of a course (``number`` counts from 1)."""

    number: int
    playlist: str | None = None
    length: float | None = None
    date: str | None = None
    note: str | None = None
    where: str = ""


@dataclass(frozen=True)
class Profile:
    code: str
    path: Path
    avoid: tuple[str, ...] = ()
    favourites: tuple[str, ...] = ()
    brightness_cap: float | None = None
    volume: float | None = None
    breathing_bpm: float | None = None
    binaural: bool = True
    playlist: str | None = None
    length: float | None = None
    notes: str | None = None
    course: tuple[CourseItem, ...] = ()
    where: dict[str, str] = field(default_factory=dict)
    """``FILE:LINE:COL`` of each top-level key, for messages raised when it is applied."""

    def avoided(self) -> dict[str, str]:
        """Every avoided scene with the reason: ``'water'`` (a family) or ``'by name'``."""
        out: dict[str, str] = {}
        for item in self.avoid:
            for scene in families.members(item) if item in families.FAMILY_HELP else [item]:
                out.setdefault(scene, "by name" if scene == item else item)
        return out


def check_code(code: str, option: str = "--client") -> str:
    if not CODE_RE.fullmatch(code):
        raise UserError(f"driftlight: error: {option} must be {CODE_RULE}")
    return code


def clients_folder(config: Config) -> Path:
    folder = Path(config.session.clients)
    if folder.is_absolute():
        return folder
    base = Path.cwd() if config.path == PACKAGED_CONFIG else config.path.parent
    return base / folder


def known_codes(folder: Path) -> list[str]:
    """Codes that have a profile in ``folder``, sorted."""
    try:
        names = [p.stem for p in folder.iterdir() if p.suffix == ".yaml" and p.is_file()]
    except OSError:
        return []
    return sorted(n for n in names if CODE_RE.fullmatch(n))


def unknown_code(code: str, folder: Path, others: Iterable[str] = ()) -> UserError:
    """The error for a code with no profile, naming the codes that exist."""
    codes = sorted({*known_codes(folder), *others})
    have = (f"the codes are: {', '.join(codes)}" if codes
            else f"there are no profiles yet: create {folder / (code + '.yaml')} "
                 f"(see docs/clients.md)")
    return UserError(f"driftlight: error: unknown client '{code}'"
                     f"{did_you_mean(code, codes)}: no profile {folder / (code + '.yaml')}; "
                     f"{have}")


def load_profile(code: str, config: Config) -> Profile:
    """The validated profile of ``code`` for ``config``; UserError listing every problem."""
    check_code(code)
    folder = clients_folder(config)
    path = folder / f"{code}.yaml"
    if not path.is_file():
        raise unknown_code(code, folder)
    return load_profile_file(path, config)


def load_profile_file(path: Path, config: Config) -> Profile:
    try:
        doc = read(path)
    except YamlError as exc:
        raise UserError(*(p.format(str(path)) for p in exc.problems)) from None
    tighten(path)
    tighten(path.parent, DIR_MODE)
    checker = _ProfileChecker(doc, path, config)
    profile = checker.profile()
    problems = sorted(set(checker.problems))
    if problems:
        raise UserError(*(p.format(str(path)) for p in problems))
    assert profile is not None
    return profile


class _ProfileChecker(_Checker):
    """The config's checker (same messages, same rules) taught the profile's keys."""

    LEVELS = levels({"the profile": fields.PROFILE, "a course session": fields.COURSE_ITEM})

    def __init__(self, doc: Document, path: Path, config: Config) -> None:
        super().__init__(doc, path)
        self.cfg = config

    def where(self, path: KeyPath) -> str:
        line, col = self.doc.where(path, key=True)
        return f"{self.path}:{line}:{col}"

    def profile(self) -> Profile | None:
        top = self.mapping(self.doc.data, (), fields.PROFILE, "the profile")
        if top is None:
            return None
        v = self.fields(top, (), fields.PROFILE)
        avoid = self.names(top.get("avoid"), ("avoid",), with_families=True)
        favourites = self.names(top.get("favourites"), ("favourites",), with_families=False)
        for i, name in enumerate(favourites):
            if name in avoid or any(name in families.members(a) for a in avoid):
                self.error(("favourites", i), f"'{name}' is both a favourite and avoided; "
                                              f"remove it from one of the two lists")
        if "playlist" in v:
            self.playlist_name(v["playlist"], ("playlist",))
        course = self.course(top.get("course"))
        profile = Profile(
            code=self.path.stem, path=self.path, avoid=tuple(avoid),
            favourites=tuple(favourites), brightness_cap=v.get("brightness_cap"),
            volume=v.get("volume"), breathing_bpm=v.get("breathing_bpm"),
            binaural=v.get("binaural", True), playlist=v.get("playlist"),
            length=v.get("length"), notes=v.get("notes"), course=course,
            where={f.name: self.where((f.name,)) for f in fields.PROFILE if f.name in top})
        if not self.problems:
            self.usable(profile)
        return profile

    def names(self, value: Any, path: KeyPath, with_families: bool) -> list[str]:
        """A list of scene (and family) names; one name alone is fine."""
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            self.error(path, f"'{path[0]}' must be a list of names like [water, mandala], "
                             f"not {show_value(value)}")
            return []
        options = [*self.scenes, *(_family_names() if with_families else ())]
        out = []
        for i, item in enumerate(items):
            at = path if isinstance(value, str) else (*path, i)
            if not isinstance(item, str):
                self.error(at, f"a name in '{path[0]}' must be text, not {show_value(item)}")
            elif item not in options:
                what = "scene or family" if with_families else "scene"
                also = (f"; the families are: {', '.join(_family_names())}" if with_families
                        else "")
                self.error(at, f"unknown {what} '{item}'{did_you_mean(item, options)}; run "
                               f"'driftlight scenes' to list the scenes{also}")
            elif item not in out:
                out.append(item)
        return out

    def playlist_name(self, name: str, path: KeyPath) -> bool:
        if name in self.cfg.playlists:
            return True
        self.error(path, f"unknown playlist '{name}'{did_you_mean(name, self.cfg.playlists)}; "
                         f"{self.cfg.path} has: {', '.join(self.cfg.playlists) or 'none'}")
        return False

    def course(self, data: Any) -> tuple[CourseItem, ...]:
        if data is None:
            return ()
        if not isinstance(data, list):
            self.error(("course",), f"'course' must be a list of sessions ('- playlist: …' "
                                    f"lines), not {show_value(data)}")
            return ()
        items = []
        for i, body in enumerate(data):
            path: KeyPath = ("course", i)
            item = self.mapping(body, path, fields.COURSE_ITEM, f"course session {i + 1}")
            if item is None:
                continue
            v = self.fields(item, path, fields.COURSE_ITEM)
            if "playlist" in v:
                self.playlist_name(v["playlist"], (*path, "playlist"))
            date = item.get("date")
            if date is not None and not _is_date(date):
                self.error((*path, "date"), f"'date' must be a day like 2026-03-02, not "
                                            f"{show_value(date)}")
                date = None
            items.append(CourseItem(i + 1, v.get("playlist"), v.get("length"),
                                    None if date is None else str(date), v.get("note"),
                                    self.where(path)))
        return tuple(items)

    def usable(self, profile: Profile) -> None:
        """Every playlist this profile names fits its length and keeps a scene per phase."""
        from player.clients.personalise import AvoidError, personalise_playlist

        wanted: list[tuple[str, float, KeyPath]] = []
        length = profile.length or self.cfg.session.length
        if profile.playlist:
            wanted.append((profile.playlist, length, ("length",) if profile.length
                           else ("playlist",)))
        for item in profile.course:
            name = item.playlist or profile.playlist or self.cfg.playlist().name
            wanted.append((name, item.length or length, ("course", item.number - 1)))
        tried: set[str] = set()
        for name, seconds, path in wanted:
            playlist = self.cfg.playlists[name]
            if name not in tried:
                tried.add(name)
                try:
                    personalise_playlist(playlist, profile)
                except AvoidError as exc:
                    self.error(("avoid",), str(exc), key=True)
            try:
                Timeline.build(playlist, seconds)
            except FitError as exc:
                self.error(path, str(exc))


def _family_names() -> list[str]:
    return families.families()


def _is_date(value: Any) -> bool:
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def problem_at(where: str, message: str) -> str:
    """``FILE:LINE:COL: error: message`` from a stored position."""
    return f"{where}: error: {message}"
