"""Starting the headset for ``play --vr``: every refusal said before the session starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from player.errors import UserError
from player.gl.context import is_software
from player.vr.headset import Headset
from player.vr.runtime import NoRuntime, Runtime, RuntimeLost

if TYPE_CHECKING:
    from player.vr.output import HeadsetOutput

NO_EXTRA = "driftlight: error: --vr needs the VR extra: pip install 'driftlight[vr]'"
NO_RUNTIME = ("driftlight: error: no OpenXR runtime is running: start SteamVR, Meta Quest "
              "Link or Monado")
HEADLESS = ("driftlight: error: --vr draws through the desktop window's OpenGL context; "
            "drop --headless (under Xvfb, run with DISPLAY set)")
SCENE_SIZE = (2048, 1024)          # the equirect scene texture on a GPU
SOFTWARE_SCENE_SIZE = (512, 256)  # ... and on a software renderer


def runtime(headless: bool = False) -> Runtime:
    """pyopenxr's runtime; UserError (with the reason, for the log) when it cannot be."""
    if headless:
        raise UserError(HEADLESS)
    try:
        from player.vr.openxr import PyOpenXR

        return PyOpenXR()
    except ImportError:
        raise UserError(NO_EXTRA) from None


def open_headset(rt: Runtime, window: Any, *, seed: int, brightness_cap: float,
                 log: Any) -> HeadsetOutput:
    """Connect to the runtime with the window's context current; UserError when no
    runtime answers or it refuses a session."""
    from player.vr.output import HeadsetOutput
    from player.vr.painter import Painter

    size = SOFTWARE_SCENE_SIZE if is_software(window.ctx) else SCENE_SIZE
    headset = Headset(rt, log.event, scene_size=size)
    try:
        headset.start()
    except NoRuntime as exc:
        raise UserError(f"{NO_RUNTIME} ({exc})") from None
    except RuntimeLost as exc:
        raise UserError(f"driftlight: error: the OpenXR runtime refused a headset session "
                        f"({exc}); restart the runtime and try again") from None

    def fault(f: Any) -> None:
        log.event("scene_error", output="headset", scene=f.scene, phase=f.phase,
                  t=round(f.t, 3), error=f.error)

    painter = Painter(window.ctx, seed=seed, brightness_cap=brightness_cap, scene_size=size,
                      on_fault=fault)
    return HeadsetOutput(headset, painter)
