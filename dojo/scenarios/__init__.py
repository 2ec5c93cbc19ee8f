"""Scenario files: YAML data validated by pydantic models, never evaluated as code."""
