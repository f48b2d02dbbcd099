"""What the export tests share: ffmpeg and ffprobe present (else they skip), and the tools
looked up afresh around each test (``find_tools`` caches what PATH held, and tests
change PATH)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from player.export.tools import find_tools

pytestmark = pytest.mark.skipif(not all(map(shutil.which, ("ffmpeg", "ffprobe"))),
                                reason="needs ffmpeg and ffprobe (apt-get install ffmpeg)")


@pytest.fixture(autouse=True)
def fresh_tools() -> Iterator[None]:
    find_tools.cache_clear()
    yield
    find_tools.cache_clear()
