"""Presenting a stored session: one view model, one renderer per format.

Plain Python, no Textual. Storage (:mod:`dojo.storage.export`) builds the export data
model and never imports from here; this package only reads it.

- :mod:`dojo.render.view` — :class:`SessionView`, built once from a ``SessionExport``;
- :mod:`dojo.render.escape` — player text as HTML or Markdown text (the one place it is escaped);
- :mod:`dojo.render.markdown`, :mod:`dojo.render.html`, :mod:`dojo.render.svg` (the run chart),
  :mod:`dojo.render.json` (the export itself, for ``dojo import``).
"""

from __future__ import annotations

from collections.abc import Callable

from dojo.render.html import render_html
from dojo.render.json import render_json
from dojo.render.markdown import render_markdown
from dojo.render.view import SessionView, build_view
from dojo.storage.export import SessionExport

#: Export format -> its renderer.
RENDERERS: dict[str, Callable[[SessionView], str]] = {
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render(export: SessionExport, fmt: str) -> str:
    """The export as text in ``fmt`` (``md``, ``html`` or ``json``)."""
    return RENDERERS[fmt](build_view(export))


__all__ = ["RENDERERS", "SessionView", "build_view", "render"]
