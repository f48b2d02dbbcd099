"""The seam between client profiles and the session commands (play, check, preview …).

:func:`client_plan` turns ``--client CODE`` into a :class:`ClientPlan`: the profile,
the playlist and length it proposes (the next course session's, else the profile's),
and — through :meth:`ClientPlan.apply` — the personalised config and playlist. Without
``--client`` the plan changes nothing, so the commands call it unconditionally.

Order of precedence for the playlist and the length: the command line, then the next
course session, then the profile, then the config.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from player.clients.course import progress
from player.clients.history_index import client_rows
from player.clients.personalise import (
    AvoidError,
    Change,
    personalise_playlist,
    personalise_settings,
)
from player.clients.profile import Profile, load_profile, problem_at
from player.config import Config
from player.durations import format_duration
from player.errors import UserError
from player.logfolder import logs_folder as config_logs_folder
from player.playlist import Playlist


@dataclass
class ClientPlan:
    code: str | None = None
    profile: Profile | None = None
    playlist: str | None = None
    """The playlist the client's plan proposes (None: leave it to the config)."""
    length: float | None = None
    length_where: str | None = None
    """``FILE:LINE:COL`` where :attr:`length` was written, to blame it if it cannot fit."""
    course_session: int | None = None
    changes: list[Change] = field(default_factory=list)

    def apply(self, config: Config, playlist: Playlist) -> tuple[Config, Playlist]:
        """``config`` and ``playlist`` as this client's session plays them."""
        if self.profile is None:
            return config, playlist
        try:
            playlist, changed = personalise_playlist(playlist, self.profile)
        except AvoidError as exc:
            where = self.profile.where.get("avoid", str(self.profile.path))
            raise UserError(problem_at(where, str(exc))) from None
        config, settings = personalise_settings(config, self.profile)
        self.changes += changed + settings
        return config, playlist

    def announce(self, log: Any) -> None:
        """Log what the profile changed and why; tell the therapist (not the screen)."""
        if self.profile is None:
            return
        log.event("personalised", client=self.code, course_session=self.course_session,
                  course_size=len(self.profile.course),
                  changes=[c.as_dict() for c in self.changes])
        print("\n".join(self.lines()), flush=True)

    def lines(self) -> list[str]:
        """What the profile does to this session, for the therapist to read."""
        if self.profile is None:
            return []
        head = f"client {self.code}"
        if self.course_session is not None:
            head += f": course session {self.course_session} of {len(self.profile.course)}"
        out = [head] + [f"  {c.line()}" for c in self.changes]
        if len(out) == 1:
            out.append("  the profile changes nothing in this session")
        if self.profile.notes:
            out.append(f"  notes: {self.profile.notes.strip()}")
        return out

    def as_json(self) -> dict[str, Any] | None:
        if self.profile is None:
            return None
        return {"client": self.code, "course_session": self.course_session,
                "course_size": len(self.profile.course),
                "changes": [c.as_dict() for c in self.changes], "notes": self.profile.notes}


def logs_folder(args: argparse.Namespace, config: Config) -> Path:
    """Where this session's log goes: beside ``--log``, else the config's folder."""
    log = getattr(args, "log", None)
    return Path(log).parent if log else config_logs_folder(config)


def client_plan(args: argparse.Namespace, config: Config) -> ClientPlan:
    """The plan for ``args.client`` (an empty plan without ``--client``)."""
    code = getattr(args, "client", None)
    if code is None:
        return ClientPlan()
    profile = load_profile(code, config)
    plan = ClientPlan(code, profile, profile.playlist, profile.length,
                      profile.where.get("length"))
    nxt = progress(profile, client_rows(logs_folder(args, config), code)).next if profile.course \
        else None
    playlist_from = length_from = "the profile"
    if nxt is not None:
        plan.course_session = nxt.number
        if nxt.playlist:
            plan.playlist, playlist_from = nxt.playlist, f"course session {nxt.number}"
        if nxt.length:
            plan.length, plan.length_where = nxt.length, nxt.where
            length_from = f"course session {nxt.number}"
    if plan.playlist and args.playlist is None:
        plan.changes.append(Change("playlist", f"playlist '{plan.playlist}' ({playlist_from})"))
    if plan.length and args.length is None:
        plan.changes.append(Change("length", f"length {format_duration(plan.length)} "
                                             f"({length_from})"))
    else:
        plan.length_where = None
    return plan
