"""The OpenGL side of the headset: the scene into the runtime's images.

The headset has a :class:`~player.compositor.Compositor` of its own — its own size (an
equirect texture), its own guard and its own brightness cap (``vr.brightness_cap``,
lower than the desktop's: a headset fills the whole field of view). The scene is drawn
through a :class:`~player.gl.view.View`: the 360° equirect camera on a sphere when every
visible scene supports one, else on the dome (every scene does; a dim surround beyond
it). Where the runtime has no equirect layer, each eye's image is re-sampled from that
texture with the eye's orientation and field of view: a texture lookup per pixel.

Stereo: both eyes are drawn in one frame (:meth:`Compositor.render_views`, the guard
judging once), the left eye (``eye_m = -ipd/2``) into the left half of the image and the
right eye into the right half. The equirect cameras are omni-directional stereo: each
eye's rays start off the head's centre across their direction, so the dome or sphere
(3 m) and every layer a scene places with ``at_depth`` get the parallax of their
distance, and the runtime shows each eye its half at infinity. On the cylinder (a flat
screen 2.5 m away) the screen itself has no disparity and layers shift about it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import moderngl
import numpy as np

from player.compositor import Compositor
from player.gl.view import DEFAULT_IPD_M, Surface, View, Viewport, stereo_pair
from player.timeline import FramePlan
from player.vr.runtime import CylinderLayer, Eye

RESAMPLE = """
#version 330
uniform sampler2D u_scene;      // equirect 360 x 180, longitude -pi..pi left to right
uniform vec4 u_fov;             // tangents: left, right, up, down
uniform vec4 u_q;               // the eye's orientation (x, y, z, w), OpenXR's frame
uniform vec3 u_half;            // this eye's part of the texture: x offset, width, margin
in vec2 v_uv;
out vec4 f_color;
vec3 rotate(vec4 q, vec3 v) { return v + 2.0 * cross(q.xyz, cross(q.xyz, v) + q.w * v); }
void main() {
    vec3 d = normalize(rotate(u_q, vec3(mix(u_fov.x, u_fov.y, v_uv.x),
                                        mix(u_fov.w, u_fov.z, v_uv.y), -1.0)));
    float lon = atan(d.x, -d.z);
    float lat = asin(clamp(d.y, -1.0, 1.0));
    float x = clamp(lon / 6.28318531 + 0.5, u_half.z, 1.0 - u_half.z);
    vec2 uv = vec2(u_half.x + x * u_half.y, lat / 3.14159265 + 0.5);
    f_color = vec4(texture(u_scene, uv).rgb, 1.0);
}
"""
QUAD = """
#version 330
in vec2 in_pos;
out vec2 v_uv;
void main() { v_uv = in_pos * 0.5 + 0.5; gl_Position = vec4(in_pos, 0.0, 1.0); }
"""


SCREEN_SHADER = """
#version 330
uniform sampler2D u_flat;       // the flat picture (both eyes side by side in stereo)
uniform vec4 u_screen;          // half width, half height (m), distance (m), eye's x offset
uniform vec2 u_eye;             // this eye's part of u_flat: x offset, width
in vec2 v_uv;
out vec4 f_color;
void main() {       // an equirect pixel: its ray, met by the screen straight ahead
    float lon = (v_uv.x - 0.5) * 6.28318531, lat = (v_uv.y - 0.5) * 3.14159265;
    vec3 d = vec3(cos(lat) * sin(lon), sin(lat), -cos(lat) * cos(lon));
    vec2 q = d.xy * (u_screen.z / max(-d.z, 1e-3)) / u_screen.xy;
    float w = step(d.z, -1e-3) * smoothstep(1.0, 0.985, max(abs(q.x), abs(q.y)));
    vec2 uv = vec2(u_eye.x + (q.x * 0.5 + 0.5) * u_eye.y, q.y * 0.5 + 0.5);
    f_color = vec4(w > 0.0 ? texture(u_flat, uv).rgb * w : vec3(0.0), 1.0);
}
"""
SCREEN_M = 2.5                 # a flat-only scene's screen: this far ahead ...
SCREEN_FOV_DEG = 50.0          # ... and this tall (as an angle)


def surface_for(plan: FramePlan) -> Surface:
    """The sphere when every visible scene supports it, else the dome; flat when one
    supports neither (a numpy plugin scene, drawn on the CPU: it cannot be re-projected
    per ray, so it is shown on a flat screen ahead)."""
    from scenes import registry

    surface: Surface = "sphere"
    for layer in plan.layers:
        try:
            cls = registry.get(layer.slot.scene.scene)
        except Exception:
            return "dome"
        kinds = getattr(cls, "projections", ())
        if "dome" not in kinds:
            return "flat"
        if "sphere" not in kinds:
            surface = "dome"
    return surface


class Painter:
    """Paints the headset's images from the session's current frame plan."""

    def __init__(self, ctx: moderngl.Context, *, seed: int, brightness_cap: float,
                 scene_size: tuple[int, int], on_fault: Callable[[Any], None] | None = None,
                 ipd_m: float = DEFAULT_IPD_M) -> None:
        self.ctx = ctx
        self.ipd_m = ipd_m
        self.compositor = Compositor(scene_size, seed=seed, brightness_cap=brightness_cap,
                                     ctx=ctx, on_fault=on_fault)
        self.plan: FramePlan | None = None
        self.level = 1.0
        self._targets: dict[int, moderngl.Framebuffer] = {}
        self._own: moderngl.Texture | None = None
        self._prog: moderngl.Program | None = None
        self._vao: moderngl.VertexArray | None = None
        self._screen: tuple[moderngl.Program, moderngl.VertexArray] | None = None
        self._flat: tuple[moderngl.Texture, moderngl.Framebuffer] | None = None

    def show(self, plan: FramePlan, level: float) -> None:
        """What the next scene paint draws (the session's plan and dim level)."""
        self.plan, self.level = plan, level

    def scene(self, texture: int | None, size: tuple[int, int], kind: str,
              eyes: int = 1) -> None:
        if self.plan is None:
            return
        if texture is None:
            if self._own is None or self._own.size != size:
                if self._own is not None:
                    self._own.release()
                self._own = self.ctx.texture(size, 4)
                self._own.filter = (moderngl.LINEAR, moderngl.LINEAR)
                self._own.repeat_y = False
            target = self._target(self._own.glo, size, self._own)
        else:
            target = self._target(texture, size)
        eye_size = (size[0] // eyes, size[1])
        if self.compositor.size != eye_size:
            self.compositor.resize(eye_size)
        if kind == "equirect" and surface_for(self.plan) == "flat":
            self._flat_screen(target, size, eye_size, eyes)
            return
        self.compositor.render_views(self.plan, self.level, target,
                                     self.views(kind, eye_size, eyes))

    def _flat_screen(self, target: moderngl.Framebuffer, size: tuple[int, int],
                     eye_size: tuple[int, int], eyes: int) -> None:
        """A flat-only scene: its flat picture (each eye's), then that picture on a
        screen ahead in the equirect, darkness around it."""
        assert self.plan is not None
        if self._flat is None or self._flat[0].size != size:
            if self._flat is not None:
                self._flat[1].release()
                self._flat[0].release()
            tex = self.ctx.texture(size, 4)
            tex.filter = (moderngl.LINEAR, moderngl.LINEAR)
            self._flat = (tex, self.ctx.framebuffer([tex]))
        tex, fbo = self._flat
        flat = View(distance_m=SCREEN_M, screen_fov_deg=SCREEN_FOV_DEG)
        if eyes == 1:
            views: list[tuple[View, Viewport | None]] = [(flat, None)]
        else:
            w, h = eye_size
            left, right = stereo_pair(flat, self.ipd_m)
            views = [(left, (0, 0, w, h)), (right, (w, 0, w, h))]
        self.compositor.render_views(self.plan, self.level, fbo, views)
        prog, vao = self._screen_program()
        half_h = SCREEN_M * float(np.tan(np.radians(SCREEN_FOV_DEG) / 2))
        prog["u_screen"].value = (half_h * eye_size[0] / eye_size[1], half_h, SCREEN_M, 0.0)
        target.use()
        tex.use(0)
        full = target.viewport
        try:
            for i in range(eyes):
                target.viewport = (i * eye_size[0], 0, *eye_size)
                prog["u_eye"].value = (i / eyes, 1 / eyes)
                vao.render(moderngl.TRIANGLE_STRIP)
        finally:
            target.viewport = full

    def _screen_program(self) -> tuple[moderngl.Program, moderngl.VertexArray]:
        if self._screen is None:
            prog = self.ctx.program(vertex_shader=QUAD, fragment_shader=SCREEN_SHADER)
            prog["u_flat"].value = 0
            quad = self.ctx.buffer(np.array([-1, -1, 1, -1, -1, 1, 1, 1], "f4").tobytes())
            self._screen = (prog, self.ctx.vertex_array(prog, [(quad, "2f", "in_pos")]))
        return self._screen

    def views(self, kind: str, eye_size: tuple[int, int], eyes: int
              ) -> list[tuple[View, Viewport | None]]:
        """What each eye sees, and where in the image: one picture, or two side by side."""
        assert self.plan is not None
        cylinder = CylinderLayer(0, eye_size)
        view = View("equirect360", surface_for(self.plan)) if kind == "equirect" else \
            View(distance_m=cylinder.radius, screen_fov_deg=cylinder.fov_deg)
        if eyes == 1:
            return [(view, None)]
        w, h = eye_size
        left, right = stereo_pair(view, self.ipd_m)
        return [(left, (0, 0, w, h)), (right, (w, 0, w, h))]

    def eye(self, texture: int, size: tuple[int, int], eye: Eye, half: int | None = None
            ) -> None:
        if self._own is None:
            return
        prog, vao = self._resampler()
        target = self._target(texture, size)
        target.use()
        self._own.use(0)
        margin = 0.5 / (self._own.size[0] / (1 if half is None else 2))   # half a texel
        prog["u_half"].value = (0.0, 1.0, 0.0) if half is None else (half * 0.5, 0.5, margin)
        prog["u_fov"].value = tuple(float(np.tan(a)) for a in eye.fov)
        prog["u_q"].value = eye.pose.orientation
        vao.render(moderngl.TRIANGLE_STRIP)

    def _target(self, glo: int, size: tuple[int, int],
                tex: moderngl.Texture | None = None) -> moderngl.Framebuffer:
        fbo = self._targets.get(glo)
        if fbo is None or fbo.size != size:
            tex = tex or self.ctx.external_texture(glo, size, 4, 0, "f1")
            fbo = self._targets[glo] = self.ctx.framebuffer([tex])
        return fbo

    def _resampler(self) -> tuple[moderngl.Program, moderngl.VertexArray]:
        if self._prog is None or self._vao is None:
            self._prog = self.ctx.program(vertex_shader=QUAD, fragment_shader=RESAMPLE)
            self._prog["u_scene"].value = 0
            quad = self.ctx.buffer(np.array([-1, -1, 1, -1, -1, 1, 1, 1], "f4").tobytes())
            self._vao = self.ctx.vertex_array(self._prog, [(quad, "2f", "in_pos")])
        return self._prog, self._vao

    def release(self) -> None:
        for fbo in self._targets.values():
            fbo.release()
        self._targets.clear()
        if self._flat is not None:
            self._flat[1].release()
            self._flat[0].release()
            self._flat = None
