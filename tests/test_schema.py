"""The JSON Schema: shipped file up to date, shipped config valid against it, and it
agrees with the validator on typical mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from player import config_format as fmt
from player import schema

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    built = schema.build()
    jsonschema.Draft7Validator.check_schema(built)
    return jsonschema.Draft7Validator(built)


def test_shipped_schema_is_a_fresh_generation() -> None:
    shipped = schema.SCHEMA_FILE.read_text(encoding="utf-8")
    assert shipped == schema.render(), "stale: run 'python -m player.schema'"


def test_docs_tables_are_a_fresh_generation() -> None:
    docs = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    assert docs == fmt.fill_tables(docs), "stale: run 'python -m player.schema'"
    for name in fmt.DOC_TABLES:
        assert f"<!-- generated: {name} -->" in docs


def test_shipped_config_validates_against_the_schema(validator: jsonschema.Draft7Validator
                                                     ) -> None:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("name", [
    "02_unknown_display_key", "04_fps_out_of_range", "06_negative_length",
    "11_unknown_palette", "15_duration_and_weight", "17_min_with_duration",
    "18_scene_and_scenes", "38_unknown_audio_key",
])
def test_schema_rejects_what_the_validator_rejects(validator: jsonschema.Draft7Validator,
                                                   name: str) -> None:
    text = (ROOT / "tests" / "configs" / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace("scene: glow", "scene: sunrise"))
    assert list(validator.iter_errors(data))


def test_scene_parameters_come_from_the_scenes() -> None:
    defs = json.loads(schema.render())["definitions"]
    sunrise = defs["params.sunrise"]["properties"]
    assert sunrise["palette"]["enum"][0] == "dusk"
    assert "speed" in sunrise and sunrise["speed"]["maximum"] == 4.0
