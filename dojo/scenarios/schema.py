"""The JSON Schema of a scenario file, generated from :class:`Scenario`.

It is committed as ``scenarios/scenario.schema.json`` so that editors with a YAML
language server check and complete keys as an author types (the first line of a
scenario points at it). Regenerate it after changing the models::

    dojo scenarios schema > scenarios/scenario.schema.json

A test fails while the committed file is stale.
"""

from __future__ import annotations

import json
from typing import Any

from dojo.scenarios.models import REQUIRED_RESPONSES, Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "Kata Dojo scenario"


def scenario_schema() -> dict[str, Any]:
    generated = Scenario.model_json_schema()
    generated.pop("title", None)
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "title": TITLE,
        "description": "A Kata Dojo scenario file. Check one with: dojo scenarios validate FILE",
    }
    schema.update(generated)
    # The card-step responses are required; pydantic cannot say so for a dict's keys.
    responses = schema["properties"]["responses"]
    responses["required"] = sorted(k.value for k in REQUIRED_RESPONSES)
    return schema


def schema_text() -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
