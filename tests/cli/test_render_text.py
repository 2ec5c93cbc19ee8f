"""The plain-text rendering of a headless session."""

from __future__ import annotations

from pathlib import Path

from dojo import transcript
from dojo.scenarios.loader import load_file
from dojo.session.headless import play_script
from dojo.session.render_text import render_result

CELL = Path(__file__).resolve().parents[1] / "session" / "fixtures" / "cell.yaml"


def test_every_cycle_is_shown_once_in_order_also_one_without_coach_lines():
    script = transcript.parse("What is the target condition?\n---\nlearner: hello\n---\nWhat is the target condition?\n")
    out = render_result(play_script(load_file(CELL), script, seed=1))
    heads = [line for line in out.splitlines() if line.startswith("── Cycle")]
    assert heads == ["── Cycle 1 ──", "── Cycle 2 (uncoached) ──", "── Cycle 3 ──"]
    assert out.count("the learner runs the step") == 3


def test_headless_play_scores_the_session_once(monkeypatch):
    import dojo.session.debrief as debrief

    calls = []
    real = debrief.score_cycles
    monkeypatch.setattr(debrief, "score_cycles", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    script = transcript.parse("What is the target condition?\n")
    result = play_script(load_file(CELL), script, seed=1)
    assert len(calls) == 1
    assert result.debrief.outcome.final == result.run_chart.runs[-1].stat


def test_the_headless_transcript_says_dates_as_people_do():
    import re

    from dojo.formatting import human_iso

    script = transcript.parse("What is the target condition?\n---\nWhat did you plan as your last step?\n")
    result = play_script(load_file(CELL), script, seed=1)
    out = render_result(result)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", out)
    assert all(human_iso(r.date) in out for r in result.storyboard.records)
