"""Getting an OpenGL 3.3 core context, or one clear line saying what to install.

``offscreen()`` serves every driver without a window: one standalone context per
process (EGL first, which needs no display; then the platform default). ``attach()``
wraps the context pygame's ``OPENGL`` window made current. A missing or too old
OpenGL is a :class:`GLUnavailable` (exit 2) before any session starts, never a crash
in the middle of one.
"""

from __future__ import annotations

import sys

import moderngl

from player.errors import UserError

REQUIRE = 330
_OFFSCREEN: moderngl.Context | None = None


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
    """The process's offscreen context (made once, then reused)."""
    global _OFFSCREEN
    if _OFFSCREEN is None:
        errors = []
        for kwargs in ({"backend": "egl"}, {}):
            try:
                _OFFSCREEN = moderngl.create_standalone_context(require=REQUIRE, **kwargs)
                break
            except Exception as exc:  # moderngl raises bare Exceptions for missing libs
                errors.append(f"{kwargs.get('backend', 'default')}: {exc}")
        else:
            raise _unavailable("; ".join(errors))
    return _OFFSCREEN


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
