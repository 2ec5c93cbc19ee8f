"""The group debrief: what a round of a dojo plan showed across the players who played it.

Plain Python, no Textual. ``dojo report`` and the facilitator's screen use the same calls:

- :func:`build_group_report` (:mod:`dojo.group.aggregate`) — sessions → :class:`GroupReport`;
- :func:`stored_rounds` / :func:`exported_rounds` (:mod:`dojo.group.sources`) — a round's sessions
  from the store or from exported files; :func:`round_report` — the store's round as a report in one call
  (the facilitator's screen);
- :func:`render` — the report as ``text``, ``md`` or ``html`` (:mod:`dojo.group.text`,
  :mod:`dojo.group.markdown`, :mod:`dojo.group.html`), every piece of player text escaped.

No ranking of people: spreads and counts of players; names only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dojo.group.aggregate import build_group_report
from dojo.group.html import render_html
from dojo.group.markdown import render_markdown
from dojo.group.models import GroupReport, GroupSession
from dojo.group.sources import exported_rounds, round_report, stored_rounds
from dojo.group.text import render_text

#: Output format -> its renderer (each takes one report or several rounds').
RENDERERS: dict[str, Callable[[GroupReport | Sequence[GroupReport]], str]] = {
    "text": render_text,
    "md": render_markdown,
    "html": render_html,
}


def render(reports: GroupReport | Sequence[GroupReport], fmt: str) -> str:
    """The report(s) as text in ``fmt`` (``text``, ``md`` or ``html``)."""
    return RENDERERS[fmt](reports)


__all__ = [
    "RENDERERS", "GroupReport", "GroupSession", "build_group_report", "exported_rounds", "render",
    "render_html", "render_markdown", "render_text", "round_report", "stored_rounds",
]
