"""Exports show the listening criterion and each feedback item's moment and rewrite, escaped."""

from __future__ import annotations

from dojo.render import render
from dojo.storage.export import build_export


def test_markdown_and_html_show_listening_and_the_rewrite(store, finished):
    export, _ = build_export(store, finished.session_id)
    report = export.debrief.score
    assert "listening" in report.weights
    md, page = render(export, "md"), render(export, "html")
    assert "| listening |" in md
    assert "<td>listening</td>" in page
    examples = [f.example for f in report.feedback if f.example is not None]
    assert examples, [f.kind for f in report.feedback]
    assert f"Cycle {examples[0].cycle + 1}, turn {examples[0].turn + 1}" in md
    assert f"Cycle {examples[0].cycle + 1}, turn {examples[0].turn + 1}" in page
