"""Prepare mode's windows and loop: the picture (GL, the session's compositor) in one
window, the console (software, :mod:`player.prepare.view`) in another.

A frame of the loop: handle the clicks and keys, read the config again if it was saved,
work out the session time, keep the sound and the storyboard in step, then draw. While
playing, the picture is drawn every frame at the resolution the governor affords. After
a seek the picture is drawn at once as a *draft* (on a software renderer, when a sharp
picture takes longer than 60 ms: at a fifth of the height, which is what lets a seek
show within 100 ms at 1080p), and once the playhead has stood still for a moment it is
drawn again, sharp, at full resolution. A paused, unchanged picture is not drawn again
at all. The console redraws at most 15 times a second while playing and, paused, when
something changes. The live photosensitivity
guard is off here: prepare mode shows the therapist exactly what ``still --at`` renders
for each moment, jumps included.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from typing import Any

from player.clock import FrameClock
from player.compositor import Compositor
from player.console import theme
from player.degrade import Governor
from player.display import Window
from player.gl.context import is_software
from player.prepare import keys
from player.prepare.model import Prepare
from player.prepare.thumbs import Job, Thumbnails, moments
from player.prepare.view import PrepareView
from player.prepare.watch import ConfigWatch
from player.timeline import Layer

FPS = 30.0
CONSOLE_FPS = 15.0
IDLE_CONSOLE_S = 1.0       # paused, the console redraws this often (and at once on input)
DRAFT_SCALE = 0.1875       # a seek's first picture on a software renderer, of the height
DRAFT_UNLESS_S = 0.06      # ... unless a sharp picture takes no longer than this
SHARPEN_AFTER_S = 0.3      # still this long: draw the picture again at full resolution
ERROR_DIM = 0.3            # the last good picture behind the config's errors
PLAY_AHEAD_S = 3.0         # playing, scenes due this many wall seconds ahead are compiled
THUMBS_AFTER_S = 1.0       # a schedule unchanged this long gets its storyboard drawn


class PrepareApp:
    def __init__(self, model: Prepare, window: Window, console: Any = None, *,
                 watch: ConfigWatch | None = None, sound: Any = None,
                 thumbnails: Thumbnails | None = None, volume: float = 0.7,
                 plugins: tuple[str, ...] = (), close_at_end: bool = False,
                 wall: float = 0.0) -> None:
        self.model = model
        self.window = window
        self.pg = window.pygame
        # the console: a pygame.Window, or a plain surface (headless, tests), or None
        window_like = console is not None and hasattr(console, "get_surface")
        self.console: Any = console if window_like else None
        self.surface = console.get_surface() if window_like else console
        self.watch = watch
        self.sound = sound
        self.thumbnails = thumbnails
        self.volume = volume
        self.plugins = plugins
        self.close_at_end = close_at_end    # headless: nobody is there to close it
        self.view = PrepareView()
        if self.surface is not None:              # a click before the first redraw counts
            self.view.layout(self.surface.get_size())
            self.view.bar.set_timeline(model.timeline)
        self._card: tuple[tuple, Any] | None = None     # the errors' card, drawn once
        software = is_software(window.ctx)
        self.governor = Governor(1.0 / FPS, software=software, window=False)
        self.draft_height = (min(self.governor.height(window.size[1]),
                                 round(window.size[1] * DRAFT_SCALE)) if software else None)
        self._made: tuple | None = None
        self.compositor: Compositor
        self.sharp_compositor: Compositor
        self._compositors()
        self.strip: dict[float, Any] = {}
        self.quit = False
        self.drawn: tuple | None = None      # what the picture shows: (t, changes, size)
        self.sharp = False
        self.still_since = wall
        self._console_at = -1.0
        self._timelines = -1
        self._timeline_wall = wall
        self._to_prepare: list[Layer] = []
        self._audible = False
        self._sharp_s: float | None = None   # how long the last sharp picture took

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: Any, wall: float) -> None:
        pg = self.pg
        if event.type == pg.QUIT or event.type == getattr(pg, "WINDOWCLOSE", -1):
            self.quit = True
        elif event.type == pg.KEYDOWN:
            action = keys.action_for(pg.key.name(event.key), event.unicode)
            if action:
                self.act(action, wall)
        elif event.type in (pg.MOUSEBUTTONDOWN, pg.MOUSEBUTTONUP, pg.MOUSEMOTION):
            if self.console is not None and getattr(event, "window", self.console) \
                    is not self.console:
                return                      # a click on the picture, not on the console
            seek, action = self.view.handle(event)
            if seek is not None:
                self.model.seek(seek, wall)
            elif action:
                self.act(action, wall)
            self._console_at = -1.0
        elif self.console is not None and getattr(event, "window", None) is self.console:
            if event.type == pg.WINDOWSIZECHANGED:
                self.surface = event.window.get_surface()
            self._console_at = -1.0
        elif event.type in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED, pg.WINDOWEXPOSED):
            size = self.window.refresh_size()
            self.compositor.resize(size)
            self.sharp_compositor.resize(size)
            self.drawn = None
            self._console_at = -1.0

    def act(self, action: str, wall: float) -> None:
        if action == "quit":
            self.quit = True
        else:
            self.model.act(action, wall)
        self._console_at = -1.0

    # -- one frame ------------------------------------------------------------------------
    def frame(self, wall: float, events: Iterable[Any] = ()) -> bool:
        """Everything but the wait: True when a new picture was drawn (flip it)."""
        for event in events:
            self.handle(event, wall)
        if self.watch is not None and self.watch.changed(wall):
            self.model.reload(wall)
            self._console_at = -1.0
        t = self.model.time(wall)
        if self.close_at_end and self.model.paused and t >= self.model.timeline.length:
            self.quit = True
        self._follow_schedule(wall)
        self._follow_sound(t)
        drew = self._picture(t, wall)
        if not drew:
            self._prepare_one()
        self._console(t, wall)
        return drew

    def _follow_schedule(self, wall: float) -> None:
        m = self.model
        if m.timelines != self._timelines:
            self._timelines, self._timeline_wall = m.timelines, wall
            self._compositors()                   # the config may have a new seed or cap
            self.drawn = None
            self.strip = {}
            if self.thumbnails is not None:
                self.thumbnails.stop()
            if self.sound is not None:
                self.sound.set_timeline(m.timeline)
            kinds = {s.scene.scene: s for s in reversed(m.timeline.slots)}  # first of each
            self._to_prepare = [Layer(s, 0.0, 1.0) for s in kinds.values()]
        thumbs = self.thumbnails
        if thumbs is None:
            return
        job = thumbs.job
        if (job is None or job.timeline is not m.timeline) \
                and wall - self._timeline_wall >= THUMBS_AFTER_S:
            plan = m.plan
            job = Job(m.timeline, plan.seed, plan.config.display.brightness_cap,
                      moments(m.timeline), plugins=self.plugins)
            thumbs.start(job)
        for moment, data in thumbs.ready():
            assert job is not None                 # ready() only returns the job's own
            self.strip[moment] = self.pg.image.frombuffer(data, job.size, "RGB").copy()
            self._console_at = -1.0

    def _follow_sound(self, t: float) -> None:
        """Sound only at 1×, playing and with a config that loads; it fades in and out."""
        if self.sound is None:
            return
        m = self.model
        audible = not m.paused and m.speed == 1.0 and not m.errors
        if audible != self._audible:
            self._audible = audible
            with contextlib.suppress(Exception):
                if audible:
                    self.sound.resume(t)
                    self.sound.set_volume(self.volume)
                else:
                    self.sound.set_volume(0.0)
                    self.sound.pause()
        if audible:
            self.sound.sync(t)     # a seek: the sound crossfades to the new time

    def _picture(self, t: float, wall: float) -> bool:
        m = self.model
        key = (round(t, 6), m.changes, self.window.size)
        size = self.window.size
        if key != self.drawn:
            quick = self._sharp_s is not None and self._sharp_s <= DRAFT_UNLESS_S
            height = (size[1] if quick else self.draft_height or size[1]) if m.paused \
                else self.governor.height(size[1])
            self.still_since, self.sharp = wall, height >= size[1]
        elif not self.sharp and wall - self.still_since >= SHARPEN_AFTER_S:
            height, self.sharp = size[1], True
        else:
            return False
        comp = self.sharp_compositor if height >= size[1] else self.compositor
        comp.resize(size, height)
        plan = m.timeline.at(t)
        ahead = [] if m.paused else m.timeline.at(t + m.speed * PLAY_AHEAD_S).layers
        for layer in (*plan.layers, *ahead):      # playing: what comes next, compiled now
            comp.prepare(layer)
        target = self.window.framebuffer
        began = time.perf_counter()
        comp.render(plan, ERROR_DIM if m.errors else 1.0, target)
        if m.errors:
            canvas = self.window.canvas
            canvas.begin(target)
            card = self._error_card(m.errors, self.window.size)
            canvas.blit(card, ((size[0] - card.get_width()) // 2,
                               (size[1] - card.get_height()) // 2))
        self.window.ctx.finish()
        if comp is self.sharp_compositor and plan.fade > 0:   # black costs next to nothing
            self._sharp_s = time.perf_counter() - began
        self.drawn = key
        return True

    def _error_card(self, errors: list[str], size: tuple[int, int]) -> Any:
        """The config's errors on a dark card, in the console's type (made once per set
        of errors: the canvas then uploads it once)."""
        key = (tuple(errors), size)
        if self._card is None or self._card[0] != key:
            pg, text = self.pg, self.view.text
            body = theme.type_size(size[1])
            width = size[0] * 4 // 5
            lines = [p for e in errors for p in self.view.wrap(e, body, width - 2 * body)]
            step = text.line_height(body)
            card = pg.Surface((width, step * len(lines) + 2 * body), pg.SRCALPHA)
            pg.draw.rect(card, (*theme.BACKGROUND, 225), card.get_rect(), border_radius=8)
            pg.draw.rect(card, theme.PANEL_EDGE, card.get_rect(), width=1, border_radius=8)
            for i, line in enumerate(lines):
                text.draw(card, line, (body, body + i * step), body, theme.CAUTION)
            self._card = (key, card)
        return self._card[1]

    def _compositors(self) -> Compositor:
        """The compositors for the plan's seed and cap: one for drafts and playing, one
        kept at full resolution (two, so switching never reallocates; one on a GPU)."""
        plan = self.model.plan
        made = (plan.seed, plan.config.display.brightness_cap)
        if made == self._made:
            return self.compositor
        if self._made is not None:
            for old in {self.compositor, self.sharp_compositor}:
                old.release()
        self._made = made

        def one(height: int | None) -> Compositor:
            return Compositor(self.window.size, seed=made[0], guard=False, ctx=self.window.ctx,
                              brightness_cap=made[1], internal_height=height)
        self.compositor = one(self.draft_height)
        self.sharp_compositor = one(None) if self.draft_height else self.compositor
        return self.compositor

    def _prepare_one(self) -> None:
        """Compile one more of the session's scene kinds while the picture stands still,
        so a seek into it later is not a stall (a kind compiled already costs nothing)."""
        if self._to_prepare:
            layer = self._to_prepare.pop(0)
            for comp in {self.compositor, self.sharp_compositor}:
                comp.prepare(layer)

    def _console(self, t: float, wall: float) -> None:
        every = 1.0 / CONSOLE_FPS if not self.model.paused else IDLE_CONSOLE_S
        if wall - self._console_at < every:
            return
        self._console_at = wall
        if self.surface is None:
            return
        self.view.draw(self.surface, self.model, t, self.strip)
        if self.console is not None:
            self.console.flip()

    # -- the loop -------------------------------------------------------------------------
    def run(self, clock: FrameClock | None = None) -> None:
        clock = clock or FrameClock(FPS)
        clock.start()
        while not self.quit:
            wall = clock.next_frame()
            began = clock.now_ns()
            drew = self.frame(wall, self.pg.event.get())
            if drew and not self.model.paused:
                self.governor.frame((clock.now_ns() - began) / 1e9)
            clock.wait()
            if drew:
                self.window.flip()
            clock.presented()

    def close(self) -> None:
        for comp in {self.compositor, self.sharp_compositor}:
            comp.release()
        if self.thumbnails is not None:
            self.thumbnails.stop()
        if self.sound is not None:
            with contextlib.suppress(Exception):
                self.sound.stop(0.3)
