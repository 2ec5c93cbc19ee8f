"""A session view as JSON: the export data model itself (what ``dojo import`` reads back), written as it is."""

from __future__ import annotations

from dojo.render.view import SessionView
from dojo.terminal import clean_json


def render_json(view: SessionView) -> str:
    """The export the view was built from, indented; the same value, no raw control characters."""
    return clean_json(view.export.model_dump_json(indent=2)) + "\n"
