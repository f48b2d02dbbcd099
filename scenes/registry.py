"""The one registry of scenes: built-ins, entry-point plugins and plugin files."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
from importlib.metadata import entry_points
from pathlib import Path

from scenes.base import Scene, ShaderScene
from scenes.params import did_you_mean
from scenes.tags import problems as tag_problems

ENTRY_POINT_GROUP = "driftlight.scenes"
_SCENES: dict[str, type[Scene]] = {}
_NOT_SCENE_MODULES = {"base", "params", "palettes", "registry", "noise", "isolation",
                      "tags"}


class SceneError(Exception):
    """A scene could not be found or a plugin could not be loaded; the message says why."""


def register(cls: type[Scene]) -> type[Scene]:
    """Class decorator: add ``cls`` to the registry under ``cls.name``."""
    if not (isinstance(cls, type) and issubclass(cls, Scene)):
        raise SceneError(f"{cls!r} is not a Scene subclass")
    if not cls.name or not cls.description:
        raise SceneError(f"scene class {cls.__name__} needs a name and a description")
    wrong = tag_problems(cls.tags)
    if wrong:
        raise SceneError(f"scene '{cls.name}': {'; '.join(wrong)}")
    if issubclass(cls, ShaderScene):
        if not cls.shader.strip():
            raise SceneError(f"shader scene '{cls.name}' has no shader text")
    elif not callable(getattr(cls, "render", None)) or cls.render is Scene.render:
        raise SceneError(f"scene '{cls.name}' does not define render(t, grid)")
    _SCENES[cls.name] = cls
    return cls


def load_builtins() -> None:
    """Import every scene module of this package (each registers itself)."""
    import scenes

    for info in pkgutil.iter_modules(scenes.__path__):
        if info.name not in _NOT_SCENE_MODULES and not info.name.startswith("_"):
            importlib.import_module(f"scenes.{info.name}")


def load_entry_points() -> list[str]:
    """Load scenes advertised by installed packages; returns one warning per failure."""
    warnings = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            if isinstance(obj, type) and issubclass(obj, Scene) and obj.name not in _SCENES:
                register(obj)
        except Exception as exc:  # a broken third-party package must not stop a session
            warnings.append(f"scene plugin '{ep.name}' could not be loaded: {exc}")
    return warnings


def load_plugin(path: str | Path) -> list[str]:
    """Import a plugin file; its ``@register`` scenes join the registry.

    Returns the names it added. Raises SceneError with a readable message when the file
    is missing, fails to import, or registers no valid scene.
    """
    path = Path(path)
    if not path.is_file():
        raise SceneError(f"{path}: error: plugin file not found")
    before = dict(_SCENES)
    mod_name = f"driftlight_plugin_{path.stem}"
    try:
        spec = importlib.util.spec_from_file_location(mod_name, path)
        if spec is None or spec.loader is None:
            raise SceneError(f"{path}: error: not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module
        spec.loader.exec_module(module)
    except SceneError as exc:
        raise SceneError(f"{path}: error: {exc}") from None
    except Exception as exc:
        line = _error_line(exc, path)
        raise SceneError(f"{path}{line}: error: plugin failed to import: "
                         f"{type(exc).__name__}: {exc}") from None
    added = sorted(n for n, cls in _SCENES.items() if before.get(n) is not cls)
    if not added:
        raise SceneError(f"{path}: error: plugin registers no scene; decorate a Scene "
                         f"subclass with @register (from scenes.registry import register)")
    return added


def _error_line(exc: BaseException, path: Path) -> str:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f":{exc.lineno}"
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == path:
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line


def names() -> list[str]:
    load_builtins()
    return sorted(_SCENES)


def get(name: str) -> type[Scene]:
    """The scene class called ``name``; SceneError with a suggestion when unknown."""
    load_builtins()
    try:
        return _SCENES[name]
    except KeyError:
        raise SceneError(f"unknown scene '{name}'{did_you_mean(name, _SCENES)}; "
                         f"run 'driftlight scenes' to list them") from None
