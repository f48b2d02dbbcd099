"""Mood tags: declared once on each scene, from one vocabulary, read by everything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player.cli import main
from player.clients import families
from scenes import registry, tags
from scenes.base import ShaderScene

ROOT = Path(__file__).resolve().parents[1]
BUILT_IN = [n for n in registry.names() if registry.get(n).__module__.startswith("scenes.")]


def test_at_least_twenty_built_in_scenes():
    assert len(BUILT_IN) >= 20


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_built_in_scene_has_one_mood_and_some_families(name):
    declared = registry.get(name).tags
    assert sum(t in tags.MOODS for t in declared) == 1, f"{name}: one mood, please"
    assert tags.families(declared), f"{name}: what does it show?"
    assert all(t in tags.TAGS for t in declared)


def test_every_tag_is_used_and_explained():
    used = {t for n in BUILT_IN for t in registry.get(n).tags}
    assert used == set(tags.TAGS)
    assert all(text and text[0].islower() for text in tags.TAGS.values())
    assert not set(tags.MOODS) & set(tags.FAMILIES)


def _scene(name: str, declared: tuple) -> type:
    shader = "vec3 scene(vec2 p, float t) { return vec3(0.1); }"
    return type(name, (ShaderScene,), {"name": name, "description": "a test scene",
                                       "tags": declared, "shader": shader})


def test_the_registry_refuses_unknown_tags_with_a_suggestion():
    with pytest.raises(registry.SceneError, match=r"unknown tag 'wter'.*did you mean 'water'"):
        registry.register(_scene("tag_test_a", ("open", "wter")))
    assert "tag_test_a" not in registry.names()


def test_the_registry_refuses_two_moods_and_a_bare_string():
    with pytest.raises(registry.SceneError, match="more than one mood"):
        registry.register(_scene("tag_test_b", ("open", "deep")))
    with pytest.raises(registry.SceneError, match="tuple of words"):
        registry.register(_scene("tag_test_c", "water"))


def test_client_families_and_moods_come_from_the_tags():
    for name in BUILT_IN:
        declared = registry.get(name).tags
        assert families.mood_of(name) == tags.mood(declared)
        assert families.families_of(name) == tags.families(declared)
    assert families.FAMILY_HELP == tags.FAMILIES and families.MOOD_HELP == tags.MOODS
    assert families.members("water") == sorted(n for n in BUILT_IN
                                               if "water" in registry.get(n).tags)
    assert families.members("open") == []          # a mood is not a family


def test_scenes_lists_the_tags_in_text_and_json(capsys):
    assert main(["scenes", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["candle"]["tags"] == list(registry.get("candle").tags)
    assert main(["scenes"]) == 0
    out = capsys.readouterr().out
    assert "    tags: cosy, fire, warm, dark" in out
    assert "    re-orienting: " in out


def test_the_docs_show_a_thumbnail_of_every_scene():
    docs = (ROOT / "docs" / "scenes.md").read_text(encoding="utf-8")
    for name in BUILT_IN:
        assert f"![{name}](scenes/{name}.jpg)" in docs
        thumb = ROOT / "docs" / "scenes" / f"{name}.jpg"
        assert thumb.is_file(), f"run: driftlight scenes --thumbnails docs/scenes ({name})"
        assert 1_000 < thumb.stat().st_size < 60_000


def test_thumbnails_are_written_small(tmp_path, capsys):
    assert main(["scenes", "--thumbnails", str(tmp_path / "t")]) == 0
    assert "wrote" in capsys.readouterr().out
    written = sorted(p.stem for p in (tmp_path / "t").glob("*.jpg"))
    assert set(BUILT_IN) <= set(written)
