"""``driftlight scenes``: every scene with its description and parameters.

Everything printed comes from the scenes' own :class:`~scenes.params.Param`
declarations, so the list can never disagree with what a config is checked against.
``--gallery`` renders a labelled contact sheet of every scene through the compositor.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from player.commands._common import load_plugins
from player.commands.still import output_surface, render, scene_plan
from player.compositor import Compositor
from player.errors import UserError
from player.playlist import SceneRef
from scenes import registry

HELP = "list the scenes and their parameters, or render a gallery of them"
ORDER = 50
THUMB = (480, 270)
COLUMNS = 4
LABEL_H = 34
GALLERY_T = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--gallery", metavar="OUT.png", help="write a labelled contact sheet "
                        "of every scene (at 60 s) to this PNG")
    parser.add_argument("--plugin", action="append", default=[], metavar="FILE.py",
                        help="load extra scenes from a Python file (repeatable)")


def catalogue() -> dict[str, dict[str, Any]]:
    """Name → description and JSON Schema of each parameter, for --json and the docs."""
    out = {}
    for name in registry.names():
        cls = registry.get(name)
        out[name] = {"description": cls.description,
                     "params": {p.name: p.schema() for p in cls.params}}
    return out


def text_listing() -> str:
    lines = []
    for name in registry.names():
        cls = registry.get(name)
        lines.append(f"{name}: {cls.description}")
        lines += [f"    {p.describe()}" for p in cls.params]
    return "\n".join(lines)


def gallery(path: Path, names: list[str], t: float = GALLERY_T, seed: int = 1) -> None:
    """A contact sheet: COLUMNS thumbnails a row, each labelled with its scene name."""
    import pygame

    rows = -(-len(names) // COLUMNS)
    tw, th = THUMB
    sheet = output_surface((tw * COLUMNS, (th + LABEL_H) * rows))
    sheet.fill((12, 12, 20))
    pygame.font.init()
    font = pygame.font.Font(None, 28)
    compositor = Compositor(THUMB, seed=seed)
    thumb = output_surface(THUMB)
    for i, name in enumerate(names):
        x, y = (i % COLUMNS) * tw, (i // COLUMNS) * (th + LABEL_H)
        render(compositor, scene_plan(SceneRef(name), t), thumb)
        sheet.blit(thumb, (x, y))
        label = font.render(name, True, (200, 196, 210))
        sheet.blit(label, (x + 10, y + th + (LABEL_H - label.get_height()) // 2))
    try:
        pygame.image.save(sheet, str(path))
    except (pygame.error, OSError) as exc:
        raise UserError(f"{path}: error: cannot write the gallery: {exc}") from None


def run(args: argparse.Namespace) -> int:
    load_plugins(args.plugin)
    if args.gallery:
        gallery(Path(args.gallery), registry.names())
        print(f"wrote {args.gallery}")
    elif args.json:
        print(json.dumps(catalogue(), indent=2))
    else:
        print(text_listing())
    return 0
