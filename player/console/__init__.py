"""The therapist's console: a second window that shows and steers the session.

The patient's window shows only the picture; everything the therapist needs — a small
live mirror, the session as a timeline bar, the time left and the wall-clock end, the
sound, one health line in plain words, buttons for every control, notes and check-ins —
is here, drawn in software on a ``pygame.Window`` (the patient window keeps GL).

Widgets, reusable by any view (prepare mode draws the same bar and buttons):

- :mod:`~player.console.theme` — colours and type sizes, declared once;
- :mod:`~player.console.text` — :class:`Text` (cached font rendering, ``fit`` with an
  ellipsis, ``draw`` with alignment), ``rows`` / ``columns`` / ``inset`` / ``panel``;
- :mod:`~player.console.timelinebar` — :class:`TimelineBar`: phases, crossfades, fades,
  playhead, marks; ``time_at(x)`` and ``handle(event)`` for clicks and drags;
- :mod:`~player.console.button` — :class:`Button` / :class:`ButtonGrid`: action names
  from :data:`player.controls.BINDINGS`, key hints, hover / pressed / armed;
- :mod:`~player.console.words` — times, "ends at 14:52", the health sentence;
- :mod:`~player.console.confirm` — ask-before-acting state (shorter, end);
- :mod:`~player.console.toast` — short confirmations that fade.

The live console itself: :mod:`~player.console.mirror` (the patient picture, read back
small from GL), :mod:`~player.console.view` (the layout of one console frame),
:mod:`~player.console.live` (the window, its pacing and its input, tied to a session),
:mod:`~player.console.preflight` (what was found before the session starts).
"""
