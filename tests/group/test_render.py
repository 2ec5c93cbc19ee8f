"""Every rendering of the group debrief shows what players (and plan files) typed as text, never markup."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from dojo.coaching.report import ScoreReport
from dojo.group import GroupSession, build_group_report, render
from dojo.group.models import GroupReport
from dojo.plans.models import Plan
from tests.group.coaches import report

NASTY = [
    "<script>alert('x')</script>",
    "[click](http://evil.example) ![img](http://evil.example/x.png) <img src=x onerror=alert(1)>",
    "**bold** _it_ `code` | pipe | ~~strike~~ www.evil.example https://evil.example",
    "</li></ol></body><!-- comment --><style>body{display:none}</style>",
    "[bold]not markup[/bold] \x1b]52;c;ZXZpbA==\x07 \x1b[2J \u202egnp.exe",
]


def _nasty(r: ScoreReport, k: int) -> ScoreReport:
    """The report with a piece of hostile text in every line typed or quoted: coach and learner lines, feedback."""
    turns = [t.model_copy(update={"text": f"{NASTY[(k + i) % len(NASTY)]} {t.text}"}) for i, t in enumerate(r.turns)]
    feedback = [f.model_copy(update={"action": f"{f.action} {NASTY[k % len(NASTY)]}"}) for f in r.feedback]
    return r.model_copy(update={"turns": turns, "feedback": feedback})


PLAN = Plan.model_validate({
    "id": "evil-plan", "title": "<b>Plan</b> **of** [x](http://evil.example)",
    "rounds": [{"title": "<i>round</i> | one", "scenario": "assembly-cell", "seed": 7, "minutes": 20,
                "focus": "<script>focus()</script> _listen_"}],
})


@pytest.fixture(scope="module")
def nasty() -> GroupReport:
    sessions = [
        GroupSession(id=f"s{k}", player=f"<b>P{k}</b>*{k}*\x1b[31m", scenario="assembly-cell", seed=7,
                     started_at=1_700_000_000.0 + k, report=_nasty(report("assembly-cell", 7, coach), k))
        for k, coach in enumerate(("listener", "reciter", "leader"))
    ]
    r = build_group_report(sessions, plan=PLAN, round=1, names=True)
    assert len(r.examples) == 3 and len(r.named) == 3
    return r


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_player_text_as_text(nasty):
    page = render(nasty, "html")
    parsed = _Collector()
    parsed.feed(page)
    assert {"script", "img", "a", "i"}.isdisjoint(parsed.tags) and parsed.tags.count("style") == 1
    assert parsed.tags.count("b") == sum(page.count(m) for m in ("<b>Focus:</b>", "<b>Learner:</b>", "<b>Coach</b>")) + 3
    assert not [name for name, _ in parsed.attrs if name.startswith("on") or name in ("src", "href")]
    assert "<!-- comment -->" not in page and "\x1b" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page and html.escape("<b>P0</b>") in page
    assert "Content-Security-Policy" in page


def test_markdown_cannot_inject_markup_links_or_table_cells(nasty):
    text = render(nasty, "md")
    rendered = MarkdownIt("gfm-like").render(text)  # linkify on: bare URLs would become links
    for bad in ("<script", "<img", "<a ", "<style", "<del>", "<code>", "<i>", "<b>"):
        assert bad not in rendered
    assert rendered.count("<h1>") == 1 and "\x1b" not in rendered
    assert "&lt;script&gt;" in rendered and "| pipe |" in rendered and "[bold]not markup[/bold]" in rendered
    # The player names' table keeps its columns: a typed '|' is a character, not a cell.
    rows = [line for line in rendered.splitlines() if line.startswith("<tr>") or line == "<tr>"]
    assert rows  # the tables are there
    header = rendered.split("<th>player</th>")[1].split("</tr>")[0]
    assert all(rendered.count(f"{html.escape('<b>')}P{k}") >= 1 for k in range(3)) and header.count("<th") == 9


def test_text_for_a_terminal_shows_escape_sequences_instead_of_acting_on_them(nasty):
    text = render(nasty, "text")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b]52;c;ZXZpbA==" in text or "\\x1b" in text
    assert "<script>alert('x')</script>" in text  # plain text: shown as typed
