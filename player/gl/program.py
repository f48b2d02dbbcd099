"""GLSL assembly and compilation, with compiler errors mapped back to our files.

Shaders are put together from pieces: ``#include "name.glsl"`` pulls in a file of the
shared library (``scenes/glsl``) or of the compositor (``player/gl/shaders``), each at
most once. A line map remembers where every line came from, so a compiler message
about line 212 of the assembled source is reported as ``scenes/aurora.py:48: error:
…`` — the file and line a person would open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import moderngl

LIBRARY = (Path(__file__).resolve().parents[2] / "scenes" / "glsl",
           Path(__file__).resolve().parent / "shaders")
_INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*$')
# Mesa: "0:12(5): error: …"; NVIDIA: "0(12) : error C0000: …"; AMD/Intel: "ERROR: 0:12: …"
_ERROR = re.compile(r"(?:ERROR:\s*)?\d+[:(](\d+)\)?(?:\(\d+\))?\s*:?\s*(?:error|warning)?:?\s*(.*)",
                    re.IGNORECASE)


class ShaderError(Exception):
    """A shader did not compile or link; the message is ``FILE:LINE: error: …``."""


@cache
def library_file(name: str) -> str:
    for folder in LIBRARY:
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise ShaderError(f"{name}: error: no such GLSL library file (looked in "
                      f"{', '.join(str(f) for f in LIBRARY)})")


@dataclass
class Source:
    """Assembled GLSL and, for each line, the (file, line) it came from."""

    text: list[str] = field(default_factory=list)
    origin: list[tuple[str, int]] = field(default_factory=list)
    included: set[str] = field(default_factory=set)

    def add(self, code: str, file: str, first_line: int = 1) -> Source:
        for i, line in enumerate(code.splitlines()):
            m = _INCLUDE.match(line)
            if m:
                name = m.group(1)
                if name not in self.included:
                    self.included.add(name)
                    self.add(library_file(name), f"glsl/{name}")
                continue
            self.text.append(line)
            self.origin.append((file, first_line + i))
        return self

    def __str__(self) -> str:
        return "\n".join(self.text) + "\n"

    def where(self, line: int) -> str:
        if 1 <= line <= len(self.origin):
            file, n = self.origin[line - 1]
            return f"{file}:{n}"
        return "shader"


def explain(message: str, sources: dict[str, Source]) -> str:
    """Compiler output as ``FILE:LINE: error: …`` lines (the first few that matter)."""
    out = []
    stage = "fragment_shader"
    for raw in message.splitlines():
        lowered = raw.strip().lower()
        for name in sources:
            if lowered.startswith(name.replace("_", " ")) or lowered.startswith(name):
                stage = name
        m = _ERROR.match(raw.strip())
        if m and "error" in raw.lower():
            src = sources.get(stage) or next(iter(sources.values()))
            out.append(f"{src.where(int(m.group(1)))}: error: {m.group(2).strip()}")
    return "\n".join(out[:5]) or f"shader: error: {message.strip()[:400]}"


def build(ctx: moderngl.Context, vertex: Source, fragment: Source) -> moderngl.Program:
    """Compile and link, or raise ShaderError in ``FILE:LINE: error:`` form."""
    try:
        return ctx.program(vertex_shader=str(vertex), fragment_shader=str(fragment))
    except Exception as exc:   # moderngl.Error; its text is the driver's log
        raise ShaderError(explain(str(exc), {"vertex_shader": vertex,
                                             "fragment_shader": fragment})) from None


def library_program(ctx: moderngl.Context, fragment: str, defines: str = "",
                    vertex: str | None = None) -> moderngl.Program:
    """A compositor program: ``fragment`` (and ``vertex``) from ``player/gl/shaders``;
    the vertex stage defaults to the full-screen triangle."""
    vert = (Source().add(FULLSCREEN_VERTEX, "fullscreen.vert") if vertex is None else
            Source().add(f'#version 330\n{defines}#include "{vertex}"', vertex))
    frag = Source().add(f'#version 330\n{defines}#include "{fragment}"', fragment)
    return build(ctx, vert, frag)


FULLSCREEN_VERTEX = """#version 330
out vec2 v_uv;
void main() {
    vec2 p = vec2(float((gl_VertexID & 1) << 2), float((gl_VertexID & 2) << 1)) - 1.0;
    v_uv = p * 0.5 + 0.5;
    gl_Position = vec4(p, 0.0, 1.0);
}
"""


def set_uniform(prog: moderngl.Program, name: str, value: object) -> None:
    """Set a uniform if the program uses it (the compiler drops unused ones, and a
    program variant may not have it at all)."""
    member = prog.get(name, None)
    if member is not None:
        member.value = value


def fullscreen(ctx: moderngl.Context, program: moderngl.Program) -> moderngl.VertexArray:
    """A vertex array drawing one triangle that covers the viewport (``render(vertices=3)``)."""
    return ctx.vertex_array(program, [])
