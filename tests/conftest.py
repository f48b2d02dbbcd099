"""Shared test setup: no screen and no sound device, ever."""

import os
import tempfile

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ["DRIFTLIGHT_NO_WARMUP"] = "1"   # no shader warm-up processes beside each test
os.environ["DRIFTLIGHT_SHORT_SESSIONS"] = "1"   # sessions of a few seconds (not for clinics)
# Session logs go to the per-user data folder by default: a throwaway one, never the
# real home's (every 'python -m player' a test starts inherits it).
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="driftlight-test-data-")
