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
EYES_CHOICES = ("auto", "two", "one")
MONO_REASON = ("software renderer: both eyes see one picture (two would halve a scene "
               "rate already under 30 Hz)")


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
                 log: Any, ipd_m: float = 0.063, eyes: str = "auto",
                 where: str = "display.headset_eyes") -> HeadsetOutput:
    """Connect to the runtime with the window's context current; UserError when no
    runtime answers or it refuses a session. ``eyes`` (``display.headset_eyes``,
    written at ``where``): "two", "one", or "auto": each eye its own picture on a GPU,
    one picture for both on a software renderer (said in the log)."""
    from player.vr.output import HeadsetOutput
    from player.vr.painter import Painter

    software = is_software(window.ctx)
    size = SOFTWARE_SCENE_SIZE if software else SCENE_SIZE
    if eyes not in EYES_CHOICES:
        raise UserError(f"{where}: error: headset_eyes is {eyes!r}; write one of "
                        f"{', '.join(EYES_CHOICES)}")
    two = eyes == "two" or (eyes == "auto" and not software)
    reason = f"asked for (display.headset_eyes: {eyes})" if eyes != "auto" else \
        MONO_REASON if software else "GPU: each eye its own picture"
    log.event("vr_stereo", stereo=two, ipd_mm=round(ipd_m * 1000, 1), reason=reason)
    headset = Headset(rt, log.event, scene_size=size, eyes=2 if two else 1)
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
                      on_fault=fault, ipd_m=ipd_m)
    return HeadsetOutput(headset, painter)
