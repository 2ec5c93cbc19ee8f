"""The between-cycles text: a step to find out is told as one, and what it revealed is shown."""

from __future__ import annotations

from pathlib import Path

from dojo.coaching.baseline import KeywordClassifier
from dojo.coaching.labels import Label
from dojo.scenarios.loader import load_file
from dojo.session.engine import Session
from dojo.tui.screens.between import between_lines

CELL = Path(__file__).resolve().parents[1] / "session" / "fixtures" / "cell.yaml"


def test_a_step_to_find_out_says_so_and_shows_what_it_revealed():
    s = Session(load_file(CELL), seed=2, classifier=KeywordClassifier(), clock=lambda: 0.0)
    s.coach("What obstacles are in the way?", Label.OBSTACLES)
    s.coach("Which one are you addressing now?", Label.OBSTACLES)
    s.coach("What is your next step?", Label.NEXT_STEP)
    s.coach("What could you do to find out?", Label.NEXT_STEP)
    text = "\n".join(line.plain for line in between_lines(s.end_cycle(), s))
    assert "Time twenty press cycles" in text
    assert "a step to find out: the process was not changed" in text
    assert "new on the parking lot: Die changes take long" in text
    assert "no closer" not in text
