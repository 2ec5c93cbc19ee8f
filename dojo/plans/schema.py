"""The JSON Schema of a plan file, generated from :class:`~dojo.plans.models.Plan`.

Committed as ``plans/plan.schema.json``, as the scenario schema is, so editors with a YAML
language server check and complete keys (a plan's first line points at it). Regenerate it
after changing the model::

    dojo plans schema > plans/plan.schema.json

A test fails while the committed file is stale.
"""

from __future__ import annotations

import json
from typing import Any

from dojo.plans.models import Plan
from dojo.scenarios.schema import SCHEMA_DIALECT

TITLE = "Kata Dojo plan"


def plan_schema() -> dict[str, Any]:
    generated = Plan.model_json_schema()
    generated.pop("title", None)
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "title": TITLE,
        "description": "A Kata Dojo plan: rounds a group plays. Check one with: dojo plans validate FILE",
    }
    schema.update(generated)
    return schema


def schema_text() -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
