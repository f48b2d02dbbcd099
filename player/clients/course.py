"""A course of sessions: which planned session is next, and which were held.

A profile may list planned sessions in order (``course:``). Every session played with
``--client`` while planned sessions remain *is* the next one: it records its number
(``course_session`` in the log's ``personalised`` event), and that number — not the
date or the playlist — ties it to the plan. So a session ended early still counts as
held (it happened), a session played with another playlist still moves the course on,
and the next session is the one after the highest number held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from player.clients.log_summary import Row
from player.clients.profile import CourseItem, Profile


@dataclass(frozen=True)
class Progress:
    items: tuple[CourseItem, ...]
    held: dict[int, list[Row]] = field(default_factory=dict)
    """Course number → the sessions that were held as it (usually one)."""
    others: tuple[Row, ...] = ()
    """This client's sessions outside the course (before it was planned, or after)."""

    @property
    def next(self) -> CourseItem | None:
        """The next planned session, or None when the course is over (or there is none)."""
        n = max(self.held, default=0) + 1
        return self.items[n - 1] if n <= len(self.items) else None

    def status(self, item: CourseItem) -> str:
        """``held``, ``next``, ``missed`` (a later one was held) or ``planned``."""
        if item.number in self.held:
            return "held"
        nxt = self.next
        if nxt is not None and nxt.number == item.number:
            return "next"
        return "missed" if item.number < max(self.held, default=0) else "planned"


def progress(profile: Profile, rows: Iterable[Row]) -> Progress:
    """Match ``rows`` (this client's sessions, in order) to the profile's course."""
    held: dict[int, list[Row]] = {}
    others = []
    for row in rows:
        n = row.course_session
        if n is not None and 1 <= n <= len(profile.course):
            held.setdefault(n, []).append(row)
        else:
            others.append(row)
    return Progress(profile.course, held, tuple(others))
