"""The :class:`~player.vr.runtime.Runtime` interface over pyopenxr (``driftlight[vr]``).

Only this module imports ``xr``. The session is bound to the OpenGL context current on
this thread (the desktop window's: GLX on Linux, WGL on Windows), so the runtime's
swapchain images are plain GL textures the compositor draws into. The reference space is
LOCAL: gravity-aligned (the horizon stays level) with its origin where the head was when
the session began, so the scene's centre is where the patient was looking.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from typing import Any

from player.vr.runtime import (
    CylinderLayer,
    EquirectLayer,
    Eye,
    Layer,
    NoRuntime,
    Pose,
    ProjectionLayer,
    RuntimeInfo,
    RuntimeLost,
    Timing,
)
from player.vr.states import STATE_NAMES

GL_SRGB8_ALPHA8 = 0x8C43
GL_RGBA8 = 0x8058
EXTENSIONS = {"equirect2": "XR_KHR_composition_layer_equirect2",
              "cylinder": "XR_KHR_composition_layer_cylinder"}


def load() -> Any:
    """Import pyopenxr; ImportError when the extra is not installed."""
    import xr

    return xr


class PyOpenXR:
    def __init__(self, xr: Any | None = None) -> None:
        self.xr = xr or load()
        self.instance = self.session = self.space = None
        self.system_id = 0
        self._chains: list[tuple[Any, list[int]]] = []
        self._binding: Any = None
        self._keep: list[Any] = []

    # -- setup ------------------------------------------------------------------------
    def open(self, layers: frozenset[str]) -> RuntimeInfo:
        xr = self.xr
        try:
            available = {e.extension_name.decode()
                         for e in xr.enumerate_instance_extension_properties()}
        except Exception as exc:
            raise NoRuntime(_text(exc)) from None
        if xr.KHR_OPENGL_ENABLE_EXTENSION_NAME not in available:
            raise NoRuntime("the OpenXR runtime has no OpenGL support (XR_KHR_opengl_enable)")
        have = frozenset(k for k in layers if EXTENSIONS[k] in available)
        try:
            self.instance = xr.create_instance(xr.InstanceCreateInfo(
                application_info=xr.ApplicationInfo(application_name="driftlight",
                                                    engine_name="driftlight"),
                enabled_extension_names=[xr.KHR_OPENGL_ENABLE_EXTENSION_NAME,
                                         *(EXTENSIONS[k] for k in sorted(have))]))
            self.system_id = xr.get_system(self.instance, xr.SystemGetInfo(
                form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
        except Exception as exc:       # no runtime, runtime not running, no headset
            self.close()
            raise NoRuntime(_text(exc)) from None
        try:
            return self._open_session(have)
        except Exception as exc:
            self.close()
            raise RuntimeLost(_text(exc)) from None

    def _open_session(self, have: frozenset[str]) -> RuntimeInfo:
        xr = self.xr
        props = xr.get_instance_properties(self.instance)
        system = xr.get_system_properties(self.instance, self.system_id)
        # Required before xrCreateSession, whatever it says.
        requirements = ctypes.cast(xr.get_instance_proc_addr(
            self.instance, "xrGetOpenGLGraphicsRequirementsKHR"),
            xr.PFN_xrGetOpenGLGraphicsRequirementsKHR)
        req = xr.GraphicsRequirementsOpenGLKHR()
        xr.check_result(xr.Result(requirements(self.instance, self.system_id,
                                                ctypes.byref(req))))
        self._binding = _graphics_binding(xr)
        self.session = xr.create_session(self.instance, xr.SessionCreateInfo(
            system_id=self.system_id,
            next=ctypes.cast(ctypes.pointer(self._binding), ctypes.c_void_p)))
        self.space = xr.create_reference_space(self.session, xr.ReferenceSpaceCreateInfo(
            reference_space_type=xr.ReferenceSpaceType.LOCAL,
            pose_in_reference_space=xr.Posef()))
        views = xr.enumerate_view_configuration_views(
            self.instance, self.system_id, xr.ViewConfigurationType.PRIMARY_STEREO)
        formats = list(xr.enumerate_swapchain_formats(self.session))
        self._format = GL_SRGB8_ALPHA8 if GL_SRGB8_ALPHA8 in formats else GL_RGBA8
        return RuntimeInfo(
            runtime=f"{props.runtime_name.decode()} {xr.Version(props.runtime_version)}",
            system=system.system_name.decode(), layers=have,
            eye_size=(views[0].recommended_image_rect_width,
                      views[0].recommended_image_rect_height), space="local")

    def swapchain(self, size: tuple[int, int], static: bool = False) -> int:
        xr = self.xr
        chain = self._call(xr.create_swapchain, self.session, xr.SwapchainCreateInfo(
            usage_flags=(xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT
                         | xr.SwapchainUsageFlags.SAMPLED_BIT),
            format=self._format, sample_count=1, width=size[0], height=size[1],
            face_count=1, array_size=1, mip_count=1))
        images = self._call(xr.enumerate_swapchain_images, chain,
                            xr.SwapchainImageOpenGLKHR)
        self._chains.append((chain, [int(i.image) for i in images]))
        return len(self._chains) - 1

    # -- per frame ----------------------------------------------------------------------
    def poll(self) -> list[str]:
        xr = self.xr
        states: list[str] = []
        while True:
            try:
                event = xr.poll_event(self.instance)
            except xr.EventUnavailable:
                return states
            except Exception as exc:
                raise RuntimeLost(_text(exc)) from None
            kind = xr.StructureType(event.type)
            if kind == xr.StructureType.EVENT_DATA_INSTANCE_LOSS_PENDING:
                states.append("loss_pending")
            elif kind == xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                changed = ctypes.cast(ctypes.byref(event), ctypes.POINTER(
                    xr.EventDataSessionStateChanged)).contents
                states.append(STATE_NAMES[int(changed.state)])

    def begin(self) -> None:
        xr = self.xr
        self._call(xr.begin_session, self.session, xr.SessionBeginInfo(
            primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))

    def end(self) -> None:
        self._call(self.xr.end_session, self.session)

    def request_exit(self) -> None:
        self._call(self.xr.request_exit_session, self.session)

    def wait_frame(self) -> Timing:
        state = self._call(self.xr.wait_frame, self.session)
        return Timing(int(state.predicted_display_time), int(state.predicted_display_period),
                      bool(state.should_render))

    def begin_frame(self) -> None:
        self._call(self.xr.begin_frame, self.session)

    def locate_eyes(self, display_time: int) -> list[Eye]:
        xr = self.xr
        _, views = self._call(xr.locate_views, self.session, xr.ViewLocateInfo(
            view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO,
            display_time=display_time, space=self.space))
        return [Eye(Pose(_quat(v.pose.orientation), _vec(v.pose.position)),
                    (v.fov.angle_left, v.fov.angle_right, v.fov.angle_up, v.fov.angle_down))
                for v in views]

    def acquire(self, chain: int) -> int:
        xr = self.xr
        handle, images = self._chains[chain]
        index = self._call(xr.acquire_swapchain_image, handle)
        self._call(xr.wait_swapchain_image, handle,
                   xr.SwapchainImageWaitInfo(timeout=xr.INFINITE_DURATION))
        return images[index]

    def release(self, chain: int) -> None:
        self._call(self.xr.release_swapchain_image, self._chains[chain][0])

    def end_frame(self, display_time: int, layers: list[Layer]) -> None:
        xr = self.xr
        structs = [s for layer in layers for s in self._structs(layer)]
        self._call(xr.end_frame, self.session, xr.FrameEndInfo(
            display_time=display_time, environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE,
            layers=[ctypes.pointer(s) for s in structs]))

    def close(self) -> None:
        xr = self.xr
        for chain, _ in self._chains:
            _quietly(xr.destroy_swapchain, chain)
        self._chains = []
        if self.space is not None:
            _quietly(xr.destroy_space, self.space)
        if self.session is not None:
            _quietly(xr.destroy_session, self.session)
        if self.instance is not None:
            _quietly(xr.destroy_instance, self.instance)
        self.instance = self.session = self.space = None

    # -- helpers ----------------------------------------------------------------------
    def _call(self, fn: Any, *args: Any) -> Any:
        xr = self.xr
        try:
            return fn(*args)
        except (xr.SessionLostError, xr.InstanceLostError) as exc:
            raise RuntimeLost(_text(exc)) from None

    def _sub(self, chain: int, size: tuple[int, int],
             offset: tuple[int, int] = (0, 0)) -> Any:
        xr = self.xr
        return xr.SwapchainSubImage(swapchain=self._chains[chain][0], image_rect=xr.Rect2Di(
            offset=xr.Offset2Di(*offset), extent=xr.Extent2Di(*size)), image_array_index=0)

    def _eye(self, eye: str) -> Any:
        xr = self.xr
        return {"left": xr.EyeVisibility.LEFT, "right": xr.EyeVisibility.RIGHT}.get(
            eye, xr.EyeVisibility.BOTH)

    def _pose(self, pose: Pose) -> Any:
        xr = self.xr
        return xr.Posef(orientation=xr.Quaternionf(*pose.orientation),
                        position=xr.Vector3f(*pose.position))

    def _structs(self, layer: Layer) -> list[Any]:
        xr = self.xr
        if isinstance(layer, EquirectLayer):
            return [xr.CompositionLayerEquirect2KHR(
                space=self.space, eye_visibility=self._eye(layer.eye),
                sub_image=self._sub(layer.chain, layer.size, layer.offset),
                pose=self._pose(layer.pose), radius=layer.radius,
                central_horizontal_angle=layer.central_angle,
                upper_vertical_angle=layer.upper_angle,
                lower_vertical_angle=layer.lower_angle)]
        if isinstance(layer, CylinderLayer):
            return [xr.CompositionLayerCylinderKHR(
                space=self.space, eye_visibility=self._eye(layer.eye),
                sub_image=self._sub(layer.chain, layer.size, layer.offset),
                pose=self._pose(layer.pose), radius=layer.radius, central_angle=layer.central_angle,
                aspect_ratio=layer.aspect)]
        assert isinstance(layer, ProjectionLayer)
        views = (xr.CompositionLayerProjectionView * len(layer.views))(*(
            xr.CompositionLayerProjectionView(
                pose=self._pose(v.eye.pose), fov=xr.Fovf(*v.eye.fov),
                sub_image=self._sub(v.chain, v.size)) for v in layer.views))
        self._keep = [views]
        return [xr.CompositionLayerProjection(space=self.space, views=views)]


def _graphics_binding(xr: Any) -> Any:
    """The current OpenGL context, as the runtime's graphics binding."""
    if sys.platform == "win32":
        from OpenGL import WGL

        return xr.GraphicsBindingOpenGLWin32KHR(h_dc=WGL.wglGetCurrentDC(),
                                                h_glrc=WGL.wglGetCurrentContext())
    from OpenGL import GLX

    context = GLX.glXGetCurrentContext()
    if not context:
        raise RuntimeLost("no current GLX context: the headset needs the desktop window's "
                          "OpenGL context (not --headless)")
    return xr.GraphicsBindingOpenGLXlibKHR(x_display=GLX.glXGetCurrentDisplay(),
                                           glx_drawable=GLX.glXGetCurrentDrawable(),
                                           glx_context=context)


def _quat(q: Any) -> tuple[float, float, float, float]:
    return (q.x, q.y, q.z, q.w)


def _vec(v: Any) -> tuple[float, float, float]:
    return (v.x, v.y, v.z)


def _quietly(fn: Any, *args: Any) -> None:
    with contextlib.suppress(Exception):
        fn(*args)


def _text(exc: BaseException) -> str:
    name = type(exc).__name__
    text = str(exc).strip()
    return f"{name}: {text}" if text else name

