"""The output window: fullscreen on a chosen display, windowed, or headless.

Only this module and the session loop talk to pygame's display. Headless mode uses
SDL's dummy video and audio drivers, so a whole session runs on a server or in CI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

HEADLESS_SIZE = (1280, 720)
WINDOWED_SIZE = (1280, 720)


@dataclass(frozen=True)
class DisplayRequest:
    fullscreen: bool = True
    display: int = 0
    headless: bool = False
    size: tuple[int, int] | None = None
    vsync: bool = False


def prepare_headless() -> None:
    """Select SDL's dummy drivers; must run before pygame initialises."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"


class Window:
    def __init__(self, request: DisplayRequest) -> None:
        if request.headless:
            prepare_headless()
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "driftlight")      # how X11 names us
        os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")    # stay on screen
        import pygame

        self.pygame = pygame
        self.request = request
        self.vsync = False          # whether the swap was asked to wait for the refresh
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("driftlight")
        count = max(1, pygame.display.get_num_displays())
        self.display_index = min(max(0, request.display), count - 1)
        self.surface = self._open()
        rate = getattr(pygame.display, "get_current_refresh_rate", lambda: 0)()
        self.refresh_hz: float | None = float(rate) if rate and rate > 0 else None
        pygame.display.set_allow_screensaver(False)  # keep the screen awake for the session
        pygame.key.set_repeat()                      # no auto-repeat: one press, one action

    def _open(self):
        pg = self.pygame
        r = self.request
        if r.headless:
            return pg.display.set_mode(r.size or HEADLESS_SIZE)
        if r.fullscreen:
            pg.mouse.set_visible(False)
            if r.vsync:  # vsync needs SDL's renderer path, which SCALED selects
                size = r.size or pg.display.get_desktop_sizes()[self.display_index]
                try:
                    surface = pg.display.set_mode(size, pg.FULLSCREEN | pg.SCALED, vsync=1,
                                                  display=self.display_index)
                    self.vsync = True
                    return surface
                except pg.error:
                    pass  # this driver offers no vsync: the frame clock paces alone
            return pg.display.set_mode(r.size or (0, 0), pg.FULLSCREEN,
                                       display=self.display_index)
        return pg.display.set_mode(r.size or WINDOWED_SIZE, pg.RESIZABLE,
                                   display=self.display_index)

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def refresh_surface(self):
        """The display surface after a resize or mode change."""
        self.surface = self.pygame.display.get_surface()
        return self.surface

    def flip(self) -> None:
        self.pygame.display.flip()

    def close(self) -> None:
        self.pygame.mouse.set_visible(True)
        self.pygame.display.quit()
