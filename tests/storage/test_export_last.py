"""``dojo export last`` exports the last finished session and names a newer unfinished one."""

from __future__ import annotations

import argparse

import pytest

from dojo.storage.api import StoreError
from dojo.storage.sqlite import open_store
from tests.storage.conftest import play


def test_last_finished_skips_a_newer_unfinished_session(store, scenario):
    with pytest.raises(StoreError, match="no sessions stored yet"):
        store.resolve("last", finished=True)
    first_open = play(store, scenario, cycles=1, seed=1).session_id
    with pytest.raises(StoreError, match="no finished session yet"):
        store.resolve("last", finished=True)
    done = play(store, scenario, seed=2).session_id
    newer_open = play(store, scenario, cycles=1, seed=3).session_id
    assert store.resolve("last") == newer_open  # other commands (notes, delete) keep "the last touched"
    assert store.resolve("last", finished=True) == done
    assert store.resolve(first_open[:8], finished=True) == first_open  # an id is taken as given


def test_export_last_says_which_session_it_exported(tmp_path, monkeypatch, capsys, scenario):
    from dojo.cli import export

    monkeypatch.setenv("DOJO_HOME", str(tmp_path))
    store = open_store()
    try:
        done = play(store, scenario, seed=2).session_id
        newer_open = play(store, scenario, cycles=1, seed=3).session_id
    finally:
        store.close()
    assert export.run(argparse.Namespace(session="last", format="json", output=None, force=False)) == 0
    out, err = capsys.readouterr()
    assert done in out and newer_open not in out
    assert newer_open[:8] in err and "unfinished" in err and len(err.strip().splitlines()) == 1


def test_the_html_export_has_the_stopwatch_the_learners_development_and_the_events_of_the_run(store, scenario):
    import html

    from dojo.render import render
    from dojo.storage.export import build_export

    sid = play(store, scenario, seed=2).session_id
    export, _ = build_export(store, sid)
    d = export.debrief
    assert d is not None and any(c.events for c in d.cycles)  # the scenario has a scripted event
    page = render(export, "html")
    assert "The 2nd coach's stopwatch" in page and "How the learner developed" in page
    for c in d.cycles:
        assert f"{c.minutes:.1f}" in page
        for event in c.events:
            assert html.escape(event) in page
    clarity = (round(d.learner.clarity.start * 100), round(d.learner.clarity.end * 100))
    assert f'<td>clarity</td><td class="n">{clarity[0]}</td><td class="n">{clarity[1]}</td>' in page
    assert f"Predictions made {d.learner.predictions_made}" in page


def test_the_markdown_export_has_the_stopwatch_and_the_learners_development_too(store, scenario):
    from markdown_it import MarkdownIt

    from dojo.render import render
    from dojo.render.escape import md_escape
    from dojo.storage.export import build_export

    sid = play(store, scenario, seed=2).session_id
    export, _ = build_export(store, sid)
    d = export.debrief
    assert d is not None and any(c.events for c in d.cycles)
    md = render(export, "md")
    assert "## The 2nd coach's stopwatch" in md and "## How the learner developed" in md
    for c in d.cycles:
        row = next(line for line in md.splitlines() if line.startswith(f"| {c.number} | {c.minutes:.1f}"))
        for event in c.events:
            assert md_escape(event) in row
    clarity = (round(d.learner.clarity.start * 100), round(d.learner.clarity.end * 100))
    assert f"| clarity | {clarity[0]} | {clarity[1]} | {clarity[1] - clarity[0]:+d} |" in md
    assert f"Predictions made {d.learner.predictions_made}" in md
    page = MarkdownIt("gfm-like").render(md)  # the new tables parse as tables
    assert page.count("<table>") == 5 and "<a " not in page  # scores (2), storyboard, stopwatch, development


def test_a_real_conversation_has_no_stopwatch(store):
    from dojo.coaching.scorer import score_transcript
    from dojo.render import render
    from dojo.storage.export import build_export
    from dojo.transcript import parse
    from tests.storage.conftest import SCRIPT

    sid = store.save_real(score_transcript(parse("\n".join(SCRIPT))), title="monday.txt")
    export, _ = build_export(store, sid)
    for fmt in ("md", "html"):
        text = render(export, fmt)
        assert "stopwatch" not in text and "How the learner developed" not in text
