"""Getting an OpenGL 3.3 core context, or one clear line saying what to install.

``offscreen()`` serves every driver without a window: one standalone context per
process (EGL first, which needs no display; then the platform default). ``attach()``
wraps the context pygame's ``OPENGL`` window made current. ``briefly()`` lends the
offscreen context to work done before a window opens (a plugin's test compile) and
leaves no EGL context current afterwards: libglvnd lets a thread have only one API's
context current, so an EGL context left current makes the window's GLX MakeCurrent
fail (X error BadAccess), which ends the process. A missing or too old
OpenGL is a :class:`GLUnavailable` (exit 2) before any session starts, never a crash
in the middle of one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import moderngl

from player.errors import UserError

REQUIRE = 330
_OFFSCREEN: moderngl.Context | None = None
_BACKEND = ""           # which backend made it: "egl" or "default"
_CURRENT = False        # whether it is current on this thread


class GLUnavailable(UserError):
    """No usable OpenGL 3.3; the message names what to install."""


def install_hint() -> str:
    if sys.platform.startswith("linux"):
        return ("install Mesa's OpenGL drivers (Debian/Ubuntu: sudo apt install "
                "libgl1-mesa-dri libegl1 libegl-mesa0) or the GPU vendor's driver")
    if sys.platform == "darwin":
        return "macOS 10.9 or newer provides OpenGL 3.3; update the system"
    return "install or update the graphics driver from the GPU vendor (Intel, AMD, NVIDIA)"


def _unavailable(reason: str) -> GLUnavailable:
    return GLUnavailable(f"driftlight: error: no usable OpenGL {REQUIRE // 100}."
                         f"{REQUIRE // 10 % 10} ({reason}); {install_hint()}")


def offscreen() -> moderngl.Context:
    """The process's offscreen context (made once, then reused), current on this thread."""
    global _OFFSCREEN, _BACKEND, _CURRENT
    if _OFFSCREEN is None:
        errors = []
        for kwargs in ({"backend": "egl"}, {}):
            try:
                _OFFSCREEN = moderngl.create_standalone_context(require=REQUIRE, **kwargs)
                _BACKEND = str(kwargs.get("backend", "default"))
                break
            except Exception as exc:  # moderngl raises bare Exceptions for missing libs
                errors.append(f"{kwargs.get('backend', 'default')}: {exc}")
        else:
            raise _unavailable("; ".join(errors))
    elif not _CURRENT:
        _OFFSCREEN.__enter__()      # made current again after briefly() let it go
    _CURRENT = True
    return _OFFSCREEN


@contextmanager
def briefly() -> Iterator[moderngl.Context]:
    """The offscreen context for work before a window opens; afterwards the thread is as
    it was: if the context was not current before (not made yet, or let go), no EGL
    context is current, so the window's GLX context can be made current."""
    global _CURRENT
    was_current = _OFFSCREEN is not None and _CURRENT
    try:
        yield offscreen()
    finally:
        if _BACKEND == "egl" and not was_current:
            _release_egl_thread()
            _CURRENT = False


def _release_egl_thread() -> None:
    """eglReleaseThread: the thread's current EGL context let go (the context is kept)."""
    name = ctypes.util.find_library("EGL") or "libEGL.so.1"
    ctypes.CDLL(name).eglReleaseThread()


def attach() -> moderngl.Context:
    """The context of the current pygame OpenGL window."""
    try:
        ctx = moderngl.create_context(require=REQUIRE)
    except Exception as exc:
        raise _unavailable(str(exc)) from None
    return ctx


def renderer(ctx: moderngl.Context) -> str:
    """What GL reports it renders with, e.g. 'llvmpipe (LLVM 15.0.6, 256 bits), 4.5 Mesa'."""
    info = ctx.info
    return f"{info.get('GL_RENDERER', '?')}, {info.get('GL_VERSION', '?')}"


def is_software(ctx: moderngl.Context) -> bool:
    name = str(ctx.info.get("GL_RENDERER", "")).lower()
    return any(s in name for s in ("llvmpipe", "softpipe", "swrast", "software"))
