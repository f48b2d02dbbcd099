"""Shared test setup: no screen and no sound device, ever."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ["DRIFTLIGHT_NO_WARMUP"] = "1"   # no shader warm-up processes beside each test
