"""The live console: a second window beside the patient's, tied to a running session.

The session owns it (``Session(console=...)``) and calls three things:

- :meth:`LiveConsole.owns` / :meth:`LiveConsole.handle` for each event of the console's
  window (SDL gives every window's events to one queue; each carries its ``window``);
- :meth:`LiveConsole.action` for every therapist action, from either window: shortening
  and ending ask first (:mod:`player.console.confirm`), and each action is confirmed
  here in words (:mod:`player.console.toast`), never on the patient's screen;
- :meth:`LiveConsole.tick` once a frame, after the patient's frame is drawn and before
  it waits for its deadline.

The console redraws at most :data:`FPS` times a second (the mirror is read again at most
:data:`MIRROR_FPS` times: the visuals are slow by design), and each redraw is cut into
three slices — read the mirror back (GL, small), draw the console (software), show it
(``Window.flip``) — each done in the time a patient frame, already drawn, would only wait
for its deadline, and only when what that slice last cost fits there; so the console
lives off the patient's frame budget. Only a console starved of room for
:data:`STARVED_S` does a slice anyway (a machine too slow for its frame rate).
Anything that goes wrong in drawing the console is logged once and the console closes
(a frozen console would show a wrong time left); the session goes on as without one.
A fault in its input is logged and that input dropped; the patient's session goes on.
Closing the console window asks, like End; unless that is confirmed it stays open.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections import deque
from pathlib import Path
from typing import Any

from player.console import placement
from player.console.confirm import Confirm
from player.console.mirror import Mirror, fitted
from player.console.toast import Toasts
from player.console.view import ConsoleView, Snapshot
from player.console.words import Health, details, ends_at, health, minutes, sound_words
from player.controls import help_rows

FPS = 15.0
MIRROR_FPS = 5.0         # the mirror is read back less often: the visuals move slowly
DEFAULT_SIZE = (1100, 680)
SHARE = 0.9              # of a display of its own, the console takes this much
PREFLIGHT_S = 25.0          # the preflight stays on the mirror this long (or until a key)
NOTE_MAX = 500
STARVED_S = 1.0          # with no room for this long, a slice is done anyway
SLICE_MARGIN_S = 0.002   # room left over after a slice, for the frame's own jitter
COSTS_KEPT = 12          # a slice is expected to cost the 2nd dearest of its latest 12
SLICES_KEPT = 20_000      # the slice costs kept for console_stats (~7 min at 45/s)
INPUT_ERRORS_LOGGED = 3  # faults in the console's input logged (then only counted)


class LiveConsole:
    def __init__(self, pygame: Any, where: int | str = "window",
                 size: tuple[int, int] | None = None, preflight: list[str] | None = None,
                 found: list[dict] | None = None, clock_unix=time.time) -> None:
        """``where``: a display index, or "window" (on the patient's display);
        ``found``: the displays seen (for the preflight)."""
        self.pg = pygame
        self.where = where
        self.found = found or []
        pos = pygame.WINDOWPOS_CENTERED
        if isinstance(where, int):
            size, pos = _on_display(where, size, self.found)
        size = size or DEFAULT_SIZE
        self.window = pygame.Window("driftlight console", size, position=pos, resizable=True)
        self.view = ConsoleView()
        self.confirm = Confirm()
        self.toasts = Toasts()
        self.preflight = preflight
        self.unix = clock_unix
        self.session: Any = None
        self.mirror: Mirror | None = None
        self.note: str | None = None
        self.notes_at: list[float] = []
        self.checkin: tuple[str, str, str] | None = None
        self.redraws = 0
        self.failed = False
        self.input_errors = 0
        self.closed = False
        self._stage = 0
        self._started = -1e9
        self._first_wall: float | None = None
        self._last_wall = 0.0
        # what the latest slices of console work cost (bounded: a session may last hours)
        self.slice_ms: deque[float] = deque(maxlen=SLICES_KEPT)
        self.slices = 0
        self.forced = 0                    # slices done without room, the console starving
        # what the latest slices of each kind cost, seconds (a first guess to start)
        self._costs = [deque([guess], maxlen=COSTS_KEPT) for guess in (0.004, 0.006, 0.002)]
        self._done_at = 0.0
        self._mirror_at = -1e9
        self._missed_mark = (0, 0.0)

    # -- wiring -------------------------------------------------------------------------
    def attach(self, session: Any) -> None:
        self.session = session
        self.mirror = None            # made at the size the console shows it (_capture)

    def owns(self, event: Any) -> bool:
        window = getattr(event, "window", None)
        return window is not None and window == self.window

    def log_stats(self) -> None:
        """``console_stats`` into the session log: redraws, their rate, and what the
        slices of console work cost (the session calls it just before its end)."""
        if self.session is not None and self._first_wall is not None:
            span_s = max(1e-6, self._last_wall - self._first_wall)
            costs = sorted(self.slice_ms) or [0.0]
            self.session.log.event(
                "console_stats", redraws=self.redraws, seconds=round(span_s, 3),
                fps=round(self.redraws / span_s, 2), slices=self.slices, forced=self.forced,
                slice_p50_ms=round(costs[len(costs) // 2], 3),
                slice_p99_ms=round(costs[min(len(costs) - 1, int(len(costs) * 0.99))], 3),
                slice_max_ms=round(costs[-1], 3))

    def close(self) -> None:
        if self.mirror is not None:
            self.mirror.release()
            self.mirror = None
        if not self.closed:
            self.closed = True
            self.window.destroy()

    # -- input --------------------------------------------------------------------------
    def handle(self, event: Any, wall: float) -> None:
        """One event of the console window; never raises (see :meth:`_safely`)."""
        self._safely(self._handle, event, wall)

    def _safely(self, work: Any, *args: Any) -> None:
        """Input for the console done so that a fault in it never ends the patient's
        session: logged (the first few), and the session goes on."""
        try:
            work(*args)
        except Exception as exc:
            self.input_errors += 1
            if self.input_errors <= INPUT_ERRORS_LOGGED:
                self.session.log.event("console_error", error=f"{type(exc).__name__}: {exc}",
                                       traceback=traceback.format_exc())

    def _handle(self, event: Any, wall: float) -> None:
        pg, s = self.pg, self.session
        if event.type == pg.WINDOWCLOSE:      # closing the console asks, like End: the
            s.log.event("console_close", t=round(s.state.session_time(wall), 3))
            if s.keys.locked:
                self.toasts.say("The controls are locked: type 'unlock' first", self.unix())
                return
            self._action("end", wall)         # picture goes on unless that is confirmed
            return
        if event.type == pg.WINDOWENTER:
            pg.mouse.set_visible(True)
        elif event.type == pg.WINDOWLEAVE and s.window.request.fullscreen:
            pg.mouse.set_visible(False)
        elif event.type == pg.WINDOWFOCUSLOST:
            s.keys.forget_keys()
        elif event.type == pg.KEYDOWN:
            self._key(event, wall)
        elif event.type == pg.KEYUP:
            s.keys.key_up(pg.key.name(event.key))
        elif event.type in (pg.MOUSEMOTION, pg.MOUSEBUTTONDOWN, pg.MOUSEBUTTONUP):
            chosen = self.view.buttons.handle(event)
            if chosen and s.keys.locked:
                self.toasts.say("The controls are locked: type 'unlock' first", self.unix())
            elif chosen:
                self._action(chosen, wall)
        self._started = -1e9                  # answer input at the next slot

    def _key(self, event: Any, wall: float) -> None:
        pg, s = self.pg, self.session
        name = pg.key.name(event.key)
        self.preflight = None
        if self.note is not None:
            if event.key in (pg.K_RETURN, pg.K_KP_ENTER):
                self._save_note(wall)
            elif event.key == pg.K_ESCAPE:
                self.note = None
                self.toasts.say("Note discarded", self.unix())
            elif event.key == pg.K_BACKSPACE:
                self.note = self.note[:-1]
            elif event.unicode and event.unicode.isprintable():
                self.note = (self.note + event.unicode)[:NOTE_MAX]
            return
        if not s.keys.locked and event.unicode.lower() == "y" and self.confirm.waiting(wall):
            self._do(self.confirm.yes(wall) or "", wall)
            return
        if not s.keys.locked and event.unicode.lower() == "n":
            self._action("note", wall)
            return
        action = s.keys.key_down(name, event.unicode, wall)
        if action:
            self._action(action, wall)

    # -- actions ------------------------------------------------------------------------
    def action(self, action: str, wall: float) -> None:
        """A therapist action from either window: asked first if it must be, then done
        and confirmed in words here; never raises."""
        self._safely(self._action, action, wall)

    def _action(self, action: str, wall: float) -> None:
        if action == "note":
            self.confirm.cancel()
            self.note = ""
            return
        if not self.confirm.press(action, wall):
            return                                      # armed: the question shows
        self._do(action, wall)

    def _do(self, action: str, wall: float) -> None:
        s = self.session
        st = s.state
        before_len, before_tl = st.timeline.length, st.timeline
        before = (st.brightness, st.volume)
        if action == "end":
            from player.session import THERAPIST_END_FADE_S

            s.request_end("therapist", THERAPIST_END_FADE_S)
            self.toasts.say(f"Ending the session — fading out over "
                            f"{THERAPIST_END_FADE_S:g} s", self.unix())
            return
        s.act(action, wall)
        self.toasts.say(self._said(action, wall, before_len, before_tl, before), self.unix())

    def _said(self, action: str, wall: float, before_len: float, before_tl: Any,
              before: tuple[float, float]) -> str:
        s = self.session
        st = s.state
        left = st.timeline.length - st.session_time(wall)
        if action == "pause":
            return ("Paused — the picture dims to a still; Space resumes"
                    if st.paused_at is not None else "Resumed")
        if action == "skip":
            if st.timeline is before_tl:
                return "No next phase to go to (already the last, or crossing into it)"
            return f"Moving on to '{st.timeline.phase_at(st.session_time(wall) + 60).name}'"
        if action in ("longer", "shorter"):
            change = st.timeline.length - before_len
            if abs(change) < 0.5:
                return "The session cannot be shortened further from here"
            word = "longer" if change > 0 else "shorter"
            return (f"Session {minutes(change)} {word} — now "
                    f"{ends_at(self.unix(), left, st.paused_at is not None)}")
        if action.startswith("brightness"):
            if st.brightness == before[0]:
                return f"Brightness is already at its {'highest' if 'up' in action else 'lowest'}"
            return f"Brightness {st.brightness:.0%}"
        if action.startswith("volume"):
            if not getattr(s.audio, "available", False):
                return "There is no sound to change (no sound device)"
            if st.volume == before[1]:
                return f"Volume is already at its {'highest' if 'up' in action else 'lowest'}"
            return f"Volume {st.volume:.0%}"
        if action == "overlay":
            return "The patient's screen shows no text while the console is open"
        if action == "help":
            return "Keys shown over the mirror" if st.help else "Keys hidden"
        if action == "unlocked":
            return "Keys unlocked"
        return action

    def _save_note(self, wall: float) -> None:
        text = (self.note or "").strip()
        self.note = None
        if not text:
            return
        s = self.session
        t = s.state.session_time(wall)
        now = self.unix()
        s.log.event("note", t=round(t, 3), wall=time.strftime("%Y-%m-%dT%H:%M:%S",
                                                              time.localtime(now)), text=text)
        self.notes_at.append(t)
        self.toasts.say(f"Note saved at {_span(t)} into the session", now)

    # -- drawing ------------------------------------------------------------------------
    def tick(self, wall: float, slack_s: float = 1.0) -> None:
        """At most one slice of console work, done only when it fits in ``slack_s`` (the
        time the patient's frame, drawn, would only wait for its deadline); never raises."""
        if self.failed:
            return
        try:
            self._tick(wall, slack_s)
        except Exception as exc:
            self.failed = True
            self.session.log.event("console_error", error=f"{type(exc).__name__}: {exc}",
                                   traceback=traceback.format_exc())
            self._give_up()

    def _give_up(self) -> None:
        """A console that cannot draw would show a frozen time left: it closes, and the
        session goes on as without one (keys act at once, the overlay may show)."""
        stats, self.session.console = self.log_stats, None
        stats()
        with contextlib.suppress(Exception):
            self.close()
        self.session.log.event("console_closed", reason="console_error")

    def _tick(self, wall: float, slack_s: float) -> None:
        if self._first_wall is None:
            self._first_wall = self._done_at = wall
        self._last_wall = wall
        stage = self._stage
        if stage == 0 and wall - self._started < 1.0 / FPS:
            return
        if stage == 0 and self.mirror is not None and wall - self._mirror_at < 1 / MIRROR_FPS:
            self._started = wall                 # the mirror is fresh enough: draw at once
            self._stage = stage = 1
        starved = wall - self._done_at > STARVED_S
        if slack_s < self._expected(stage) + SLICE_MARGIN_S and not starved:
            return                                    # it would make the frame late: later
        began = time.perf_counter()
        if stage == 0:
            self._started = self._mirror_at = wall
            self._capture()
        elif stage == 1:
            self.draw(wall)
        else:
            self.window.flip()
            self.redraws += 1
        took = time.perf_counter() - began
        self._costs[stage].append(took)
        self.slice_ms.append(took * 1000)
        self.slices += 1
        self.forced += starved
        self._done_at = wall
        self._stage = (stage + 1) % 3

    def _capture(self) -> None:
        """The patient's picture, read back at the size the mirror area shows it: the
        headset's while the patient wears one (play --vr), else the window's."""
        self.view.layout(self.window.size)
        area = self.view.areas["mirror"]
        headset = getattr(self.session, "headset", None)
        source = headset.compositor if headset is not None and headset.worn else \
            self.session.compositor
        size = fitted(source.output, area.size)
        if self.mirror is None or self.mirror.size != size or self.mirror.compositor is not source:
            if self.mirror is not None:
                self.mirror.release()
            self.mirror = Mirror(source, size)
        self.mirror.capture()

    def _expected(self, stage: int) -> float:
        costs = sorted(self._costs[stage])
        return costs[max(0, len(costs) - 2)]

    def draw(self, wall: float) -> None:
        if self.preflight and wall - (self._first_wall or wall) > PREFLIGHT_S:
            self.preflight = None
        surface = self.window.get_surface()
        self.view.draw(surface, self.snapshot(wall),
                       self.mirror.surface if self.mirror else None,
                       self.session.state.timeline)

    def snapshot(self, wall: float) -> Snapshot:
        s = self.session
        st = s.state
        tl = st.timeline
        t = min(tl.length, st.session_time(wall))
        phase = tl.phase_at(t)
        nxt = tl.phases[phase.index + 1] if phase.index + 1 < len(tl.phases) else None
        stats = s.clock.summary()
        audio = s.audio
        sound = sound_words(bool(getattr(audio, "available", False)),
                            getattr(audio, "unavailable", None),
                            "" if audio is not None else s.meta.get("sound", "") or "off")
        faults = tuple(getattr(s, "faulted_scenes", ()))
        missed, since = self._missed_mark
        recent = stats.missed - missed
        if wall - since > 5.0:
            self._missed_mark = (stats.missed, wall)
        headset = getattr(s, "headset", None)
        worn, caution = headset.words(wall) if headset is not None else ("", False)
        words = health(Health(degraded=s.governor.level > 0 or s.governor.divisor > 1,
                              sound=sound, scene_faults=faults,
                              frame_errors=getattr(s, "_frame_errors", 0),
                              missed_recent=max(0, recent) if recent > 2 else 0,
                              ending=st.ending is not None, headset=worn,
                              headset_caution=caution))
        return Snapshot(
            t=t, length=tl.length, now_unix=self.unix(), phase=phase.name,
            phase_number=phase.index + 1, phases=len(tl.phases),
            next_phase=nxt.name if nxt else "", next_in=(nxt.start - t) if nxt else 0.0,
            paused=st.paused_at is not None, ending=st.ending is not None,
            locked=s.keys.locked, brightness=st.brightness, volume=st.volume,
            sound=sound, device=getattr(audio, "device_name", "") if audio else "",
            layers=_layers(phase), health=words,
            details=details(stats.p50_ms, stats.p99_ms, stats.missed, s.compositor.size,
                            s.governor.fps(s.fps)),
            toasts=self.toasts.current(self.unix()), armed=self.confirm.waiting(wall),
            note=self.note, checkin=self.checkin, esc=s.keys.esc_progress(wall),
            help=help_rows(s.keys.locked) if st.help else None, preflight=self.preflight,
            notes_at=tuple(self.notes_at))

    # -- check-ins ----------------------------------------------------------------------
    def pick_rating(self, event: Any) -> int | None:
        """A rating clicked on the console's 0-10 row (``ask_rating``'s ``pick``)."""
        if not self.owns(event):
            return None
        chosen = self.view.ratings.handle(event)
        return int(chosen) if chosen else None

    def show_checkin(self, lines: list[str]) -> None:
        """Draw a check-in question on the console (``ask_rating``'s ``screen``)."""
        question, how, note, typed = [*lines, "", "", "", ""][:4]
        how = how.replace(", then Enter.", ", then Enter. Or click it below.")
        self.checkin = (question, f"{how} {note}".strip(), typed)
        wall = 0.0 if self.session.clock.frame < 0 else self.session.clock.seconds()
        self.draw(wall)
        self.window.flip()
        self.checkin = None


def _on_display(where: int, size: tuple[int, int] | None,
                found: list[dict]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Size and position of a console on a display of its own: most of the display
    (:data:`SHARE`), or smaller where only a smaller window can be put on it (separate
    X screens, :mod:`player.console.placement`)."""
    bounds = placement.display_bounds()
    if size is not None:
        return size, placement.position(where, size, bounds)
    dw, dh = found[where]["size"] if where < len(found) else DEFAULT_SIZE
    sizes = [(round(dw * k), round(dh * k)) for k in (SHARE, 0.75, 0.6)]
    sizes += [(min(DEFAULT_SIZE[0], dw * 9 // 10), min(DEFAULT_SIZE[1], dh * 9 // 10))]
    if where >= len(bounds):                   # SDL's bounds unknown: trust "centred"
        return sizes[0], placement.position(where, sizes[0], bounds)
    for size in sizes:
        if placement.spot(where, size, bounds) is not None:
            return size, placement.position(where, size, bounds)
    return sizes[-1], placement.position(where, sizes[-1], bounds)


def _layers(phase: Any) -> tuple[str, ...]:
    """The sound layers of a phase as written in the playlist."""
    try:
        from audio.spec import phase_audio

        settings = phase_audio(phase.spec.audio, Path("."))
    except Exception:
        return ()
    names = tuple(spec.name for spec in settings.layers)
    return names + (("file",) if settings.file is not None else ())


def _span(t: float) -> str:
    from player.console.words import span

    return span(t)
