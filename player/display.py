"""The output window: fullscreen on a chosen display, windowed, or headless.

Only this module and the session loop talk to pygame's display. A real window is an
OpenGL 3.3 core window (``pygame.OPENGL``); its framebuffer is where the compositor
draws, and vsync is the swap interval. Headless mode uses SDL's dummy video and audio
drivers and draws into an offscreen framebuffer of the same GL code, so a whole
session runs on a server or in CI exactly as it would on a screen.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import moderngl

from player.gl import context
from player.gl.canvas import Canvas

HEADLESS_SIZE = (1280, 720)
WINDOWED_SIZE = (1280, 720)


@dataclass(frozen=True)
class DisplayRequest:
    fullscreen: bool = True
    display: int = 0
    headless: bool = False
    size: tuple[int, int] | None = None
    vsync: bool = False


def describe(index: int, size: tuple[int, int], hz: float) -> str:
    return f"{index} ({size[0]}x{size[1]}" + (f", {hz:g} Hz)" if hz else ")")


def displays() -> list[dict]:
    """The displays SDL sees: index, size and refresh rate (0 when unknown)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    pygame.display.init()
    sizes = pygame.display.get_desktop_sizes()
    rates = getattr(pygame.display, "get_desktop_refresh_rates", lambda: [0] * len(sizes))()
    return [{"index": i, "size": list(size), "refresh_hz": float(rate or 0)}
            for i, (size, rate) in enumerate(zip(sizes, rates))]


def _prefer_x11() -> None:
    """On Linux with an X display and no Wayland, go straight to X11 (SDL would first
    probe Wayland and print its complaints on the therapist's terminal)."""
    if (sys.platform.startswith("linux") and os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("SDL_VIDEODRIVER", "x11")


def _no_screen(why: str) -> Exception:
    from player.errors import UserError

    return UserError(f"driftlight: error: there is no screen to show the session on ({why}); "
                     f"connect a display, or use --headless for a session without a picture")


def prepare_headless() -> None:
    """Select SDL's dummy drivers; must run before pygame initialises."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"


class Window:
    def __init__(self, request: DisplayRequest) -> None:
        if request.headless:
            prepare_headless()
        else:
            _prefer_x11()
            if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                    and not os.environ.get("WAYLAND_DISPLAY")):
                raise _no_screen("no DISPLAY or WAYLAND_DISPLAY is set")
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "driftlight")      # how X11 names us
        os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")    # stay on screen
        # A second window (the console) draws in software: SDL's default would present it
        # through a GL renderer of its own, which takes over the GL context we draw with.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        import pygame

        self.pygame = pygame
        self.request = request
        self.vsync = False          # whether the swap was asked to wait for the refresh
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("driftlight")
        if not request.headless:
            self._check_display(request.display)
        count = max(1, pygame.display.get_num_displays())
        self.display_index = min(max(0, request.display), count - 1)
        self._offscreen: tuple[moderngl.Texture, moderngl.Framebuffer] | None = None
        if request.headless:
            self._size = request.size or HEADLESS_SIZE
            pygame.display.set_mode(self._size)   # a dummy window: events, no pixels
            self.ctx = context.offscreen()
            self._make_offscreen()
        else:
            self._open()
            self.ctx = context.attach()
            self._size = pygame.display.get_window_size()
            self.ctx.screen.viewport = (0, 0, *self._size)
        self.canvas = Canvas(self.ctx, pygame)
        rate = getattr(pygame.display, "get_current_refresh_rate", lambda: 0)()
        self.refresh_hz: float | None = float(rate) if rate and rate > 0 else None
        pygame.display.set_allow_screensaver(False)  # keep the screen awake for the session
        pygame.key.set_repeat()                      # no auto-repeat: one press, one action

    def _check_display(self, wanted: int) -> None:
        """Refuse, before anything plays, to show a session where nobody can see it."""
        from player.errors import UserError

        driver = self.pygame.display.get_driver()
        if driver in ("dummy", "offscreen"):
            raise _no_screen(f"video driver '{driver}'")
        found = displays()
        if not 0 <= wanted < len(found):
            names = ", ".join(describe(d["index"], d["size"], d["refresh_hz"]) for d in found)
            raise UserError(f"driftlight: error: display {wanted} is not connected; this "
                            f"computer has {len(found)}: {names}; choose one with --display "
                            f"or display.display in the config (see 'driftlight displays')")

    def _make_offscreen(self) -> None:
        if self._offscreen is not None:
            self._offscreen[1].release()
            self._offscreen[0].release()
        tex = self.ctx.texture(self._size, 4)
        self._offscreen = (tex, self.ctx.framebuffer(color_attachments=[tex]))

    def _open(self) -> None:
        pg = self.pygame
        r = self.request
        pg.display.gl_set_attribute(pg.GL_CONTEXT_MAJOR_VERSION, 3)
        pg.display.gl_set_attribute(pg.GL_CONTEXT_MINOR_VERSION, 3)
        pg.display.gl_set_attribute(pg.GL_CONTEXT_PROFILE_MASK, pg.GL_CONTEXT_PROFILE_CORE)
        pg.display.gl_set_attribute(pg.GL_DOUBLEBUFFER, 1)
        flags = pg.OPENGL | pg.DOUBLEBUF
        if r.fullscreen:
            pg.mouse.set_visible(False)
            flags |= pg.FULLSCREEN
            size = r.size or pg.display.get_desktop_sizes()[self.display_index]
        else:
            flags |= pg.RESIZABLE
            size = r.size or WINDOWED_SIZE
        if r.vsync:
            try:
                pg.display.set_mode(size, flags, vsync=1, display=self.display_index)
                self.vsync = True
                return
            except pg.error:
                pass  # this driver offers no vsync: the frame clock paces alone
        try:
            pg.display.set_mode(size, flags, display=self.display_index)
        except pg.error as exc:
            raise context.GLUnavailable(
                f"driftlight: error: cannot open an OpenGL {context.REQUIRE // 100}."
                f"{context.REQUIRE // 10 % 10} window ({exc}); {context.install_hint()}"
            ) from None

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def framebuffer(self) -> moderngl.Framebuffer:
        """Where a frame is drawn: the window's back buffer, or the offscreen buffer."""
        return self._offscreen[1] if self._offscreen is not None else self.ctx.screen

    def refresh_size(self) -> tuple[int, int]:
        """The drawable size after a resize or mode change."""
        if self._offscreen is None:
            self._size = self.pygame.display.get_window_size()
            self.ctx.screen.viewport = (0, 0, *self._size)
        return self._size

    def read(self) -> bytes:
        """The RGB pixels last drawn (first row at the bottom), for tests and screenshots."""
        return self.framebuffer.read(components=3, alignment=1)

    def flip(self) -> None:
        if self._offscreen is None:
            self.pygame.display.flip()
        else:
            self.ctx.finish()

    def close(self) -> None:
        self.canvas.release()
        if self._offscreen is not None:
            self._offscreen[1].release()
            self._offscreen[0].release()
            self._offscreen = None
        self.pygame.mouse.set_visible(True)
        self.pygame.display.quit()
