"""The committed JSON Schema matches the models."""

from __future__ import annotations

import json
from pathlib import Path

from dojo.scenarios.models import REQUIRED_RESPONSES
from dojo.scenarios.schema import SCHEMA_DIALECT, scenario_schema, schema_text

COMMITTED = Path(__file__).resolve().parents[2] / "scenarios" / "scenario.schema.json"


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "scenarios/scenario.schema.json is stale; regenerate it with:\n"
        "    .venv/bin/dojo scenarios schema > scenarios/scenario.schema.json"
    )


def test_schema_shape():
    schema = scenario_schema()
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["title"] == "Kata Dojo scenario"
    assert schema["additionalProperties"] is False  # extra="forbid" reaches editors too
    assert set(schema["properties"]["responses"]["required"]) == {k.value for k in REQUIRED_RESPONSES}
    assert json.loads(schema_text()) == schema
