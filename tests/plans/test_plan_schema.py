"""The committed plan schema matches the model."""

from __future__ import annotations

import json
from pathlib import Path

from dojo.plans.schema import plan_schema, schema_text
from dojo.scenarios.schema import SCHEMA_DIALECT

COMMITTED = Path(__file__).resolve().parents[2] / "plans" / "plan.schema.json"


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "plans/plan.schema.json is stale; regenerate it with:\n"
        "    .venv/bin/dojo plans schema > plans/plan.schema.json"
    )


def test_schema_shape():
    schema = plan_schema()
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["title"] == "Kata Dojo plan"
    assert schema["additionalProperties"] is False  # extra="forbid" reaches editors too
    assert set(schema["required"]) == {"id", "title", "rounds"}
    round_schema = schema["$defs"]["Round"]
    assert round_schema["additionalProperties"] is False
    assert set(round_schema["required"]) == {"title", "scenario", "seed", "minutes", "focus"}
    assert json.loads(schema_text()) == schema
