"""Export (JSON, Markdown, HTML) escapes every piece of player text; import validates and round-trips."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from dojo.errors import UserError
from dojo.render import render
from dojo.render.escape import md_escape
from dojo.storage.export import build_export, import_export, parse_export
from tests.storage.conftest import play

NASTY = [
    "<script>alert('x')</script>",
    'He said "fine" & left',
    "[bold]not markup[/bold] and [link=http://evil.example]x[/link]",
    "Emoji 🙂🧘‍♀️ and ünïcödé",
    "[click](http://evil.example) ![img](http://evil.example/x.png) <img src=x onerror=alert(1)>",
    "**bold** _it_ `code` | pipe | ~~strike~~ www.evil.example https://evil.example me@evil.example",
    "# not a heading\n- not a list\r\n> not a quote",
    "</div></body><!-- comment --><style>body{display:none}</style>",
]


@pytest.fixture
def nasty_session(store, scenario):
    rec = play(store, scenario, lines=["What is the target condition?", *NASTY, "What is your next step?"])
    for k, text in enumerate(NASTY):
        store.add_note(rec.session_id, k, text, author="<b>Eve</b>")
    return rec.session_id


def _texts(export):
    return [t.text for t in export.turns] + [n.text for n in export.notes]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_every_piece_of_player_text(store, nasty_session):
    export, _ = build_export(store, nasty_session)
    page = render(export, "html")
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "a" not in parsed.tags
    assert parsed.tags.count("style") == 1 and parsed.tags.count("svg") == 1
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert "<!-- comment -->" not in page and "<b>Eve</b>" not in page
    body = "".join(parsed.text)
    for text in NASTY:
        assert " ".join(text.split()) in " ".join(body.split())  # shown literally, as text
        assert html.escape(text.replace("\r\n", "\n")) in page  # a raw \r never reaches the page (or a terminal)
    assert "&lt;script&gt;" in page and "&amp; left" in page and "🙂" in page and "[bold]" in page


def test_html_is_self_contained(store, nasty_session):
    page = render(build_export(store, nasty_session)[0], "html")
    assert page.startswith("<!DOCTYPE html>")
    parsed = _Collector()
    parsed.feed(page)
    assert not [name for name, _ in parsed.attrs if name in ("src", "href", "action", "srcset")]
    assert parsed.tags.count("link") == 0 and parsed.tags.count("iframe") == 0
    assert "Content-Security-Policy" in page
    assert "<svg" in page and "<polyline" in page


def test_markdown_cannot_inject_markup_or_links(store, nasty_session):
    export, _ = build_export(store, nasty_session)
    text = render(export, "md")
    rendered = MarkdownIt("gfm-like").render(text)  # linkify on: bare URLs would become links
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<style" not in rendered and "<del>" not in rendered and "<code>" not in rendered
    assert "<h1>" in rendered and rendered.count("<h1>") == 1
    for frag in ["&lt;script&gt;", "[bold]not markup[/bold]", "**bold** _it_", "🙂", "| pipe |"]:
        assert frag in rendered


@pytest.mark.parametrize("text", NASTY)
def test_md_escape_is_literal_for_each(text):
    rendered = MarkdownIt("gfm-like").render("x " + md_escape(text))
    inner = rendered.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner.replace("&lt;", "")  # no tag of any kind
    assert html.unescape(inner) == "x " + " ".join(text.replace("\r\n", " ").replace("\n", " ").split(" "))


def test_json_round_trip(store, nasty_session):
    first, _ = build_export(store, nasty_session)
    text = render(first, "json")
    new_id, warnings = import_export(store, parse_export(text))
    assert warnings == []
    assert new_id != nasty_session
    again, _ = build_export(store, new_id)
    a, b = json.loads(text), json.loads(render(again, "json"))
    for d in (a, b):
        d.pop("exported_at")
        d["session"].pop("id")
    assert a == b
    assert _texts(again) == _texts(first)


def test_round_trip_of_an_unfinished_session_and_a_real_one(store, scenario):
    from dojo.coaching.scorer import score_transcript
    from dojo.transcript import parse

    unfinished = play(store, scenario, cycles=2).session_id
    real = store.save_real(score_transcript(parse("What is the target condition?\nlearner: <b>x</b>")), title="a.txt")
    for sid in (unfinished, real):
        first, _ = build_export(store, sid)
        new, _ = import_export(store, parse_export(render(first, "json")))
        a, b = json.loads(render(first, "json")), json.loads(render(build_export(store, new)[0], "json"))
        for d in (a, b):
            d.pop("exported_at")
            d["session"].pop("id")
        assert a == b
    assert len(store.unfinished()) == 2  # the imported unfinished one can be resumed


def _count(store):
    return store.execute("SELECT (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM actions), (SELECT COUNT(*) FROM notes)")


def _bad(store, text, match):
    before = _count(store)
    with pytest.raises(UserError, match=match) as err:
        import_export(store, parse_export(text, "peer.json"), "peer.json")
    assert "\n" not in str(err.value) and str(err.value).startswith("peer.json")
    assert _count(store) == before


def test_import_refuses_bad_files_and_changes_nothing(store, finished):
    good = json.loads(render(build_export(store, finished.session_id)[0], "json"))
    _bad(store, "{not json", "not JSON")
    _bad(store, "[]", "not a Kata Dojo session export")
    _bad(store, json.dumps({**good, "version": 2}), "version 2 is not supported.*upgrade")
    _bad(store, json.dumps({**good, "version": "1"}), "version '1' is not supported")
    _bad(store, json.dumps({**good, "turns": "nope"}), "turns")
    _bad(store, json.dumps({**good, "surprise": 1}), "surprise")
    unknown = json.loads(json.dumps(good))
    unknown["session"]["scenario"] = unknown["record"]["scenario_id"] = "no-such-scenario"
    _bad(store, json.dumps(unknown), "no-such-scenario")
    tampered = json.loads(json.dumps(good))
    tampered["record"]["actions"][0]["text"] = "You should just fix it."
    _bad(store, json.dumps(tampered), "does not replay")
    rescored = json.loads(json.dumps(good))
    rescored["turns"][0]["text"] = "Something else"
    _bad(store, json.dumps(rescored), "does not replay")
    cut = json.loads(json.dumps(good))
    cut["record"]["actions"] = cut["record"]["actions"][:-1]
    _bad(store, json.dumps(cut), "does not replay|does not end")


def test_a_changed_classifier_keeps_the_session_as_played(store, finished, monkeypatch):
    """Each coach action keeps how it was heard, so a retrained classifier changes nothing; a record
    from before that (no verdicts) is classified again, and the export and import then keep what was
    played and scored (with a warning) instead of a transcript the player never saw."""
    import dojo.coaching.classifier as cl
    from dojo.coaching.baseline import KeywordClassifier

    played, _ = build_export(store, finished.session_id)
    text = render(played, "json")

    class Deaf(KeywordClassifier):
        def classify(self, text, context=None):
            c = super().classify(text)
            return type(c)(cl.Label.OTHER, c.confidence, False, c.label)

    import dojo.session.engine as engine

    monkeypatch.setattr(engine, "default_classifier", Deaf)
    again, warnings = build_export(store, finished.session_id)
    assert warnings == []
    assert again.model_dump(exclude={"exported_at"}) == played.model_dump(exclude={"exported_at"})

    old = json.loads(text)  # a record written before actions kept their verdicts
    for action in old["record"]["actions"]:
        action.pop("heard", None)
    new_id, warnings = import_export(store, parse_export(json.dumps(old), "old.json"), "old.json")
    assert warnings and warnings[0].startswith("old.json: ") and "as played" in warnings[0]
    assert store.report(new_id) == played.debrief.score
    tampered = json.loads(text)
    tampered["record"]["actions"][0]["text"] = "You should just fix it."
    tampered["record"]["actions"][0]["heard"] = None
    _bad(store, json.dumps(tampered), "does not replay")


def test_one_view_is_built_once_and_every_format_renders_it(store, nasty_session):
    import dataclasses

    from dojo.render import RENDERERS, build_view
    from dojo.tui.exporting import FORMATS

    export, _ = build_export(store, nasty_session)
    view = build_view(export)
    assert set(RENDERERS) == set(FORMATS)  # the game offers exactly the formats there are renderers for
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "changed"  # the view is read, never changed
    turns = [t for c in view.cycles for t in c.turns]
    assert [t.number for t in turns] == [t.index + 1 for t in export.turns]
    assert [c.number for c in view.cycles] == sorted({t.cycle for t in export.turns})
    assert sum(len(t.notes) for t in turns) == len(export.notes)
    for fmt, renderer in RENDERERS.items():
        assert renderer(view) == render(export, fmt)


def test_markdown_and_html_name_the_player_and_the_plan_round_as_text(store, scenario):
    """Exports filter by player (issue 10), so the page says whose session it is, and for which round."""
    from dojo.session.engine import Session
    from dojo.session.record import PlanTag
    from dojo.storage.recorder import SessionRecorder
    from tests.storage import driver

    name = "<b>Eve</b> [bold]x[/bold]"
    session = Session(scenario, seed=3, clock=driver.Clock(), player=name,
                      plan=PlanTag(plan_id="listening-dojo", round=2))
    rec = SessionRecorder.start(store, session, source="headless")
    session.coach("What is the target condition?")
    export, _ = build_export(store, rec.session_id)
    page = render(export, "html")
    assert f"played by {html.escape(name)}" in page and "<b>Eve</b>" not in page
    assert "dojo plan listening-dojo, round 2" in page
    rendered = MarkdownIt("gfm-like").render(render(export, "md"))
    assert "<b>" not in rendered and "[bold]x[/bold]" in rendered and "listening-dojo, round 2" in rendered
    plain = render(build_export(store, play(store, scenario).session_id)[0], "md")
    assert "played by" not in plain and "dojo plan" not in plain
