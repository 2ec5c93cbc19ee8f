"""End to end through ``score_transcript``: plainly-worded card questions, classified for real.

Run with the keyword baseline and with ``default_classifier()`` (the trained model once it
ships), so the wording here must stay plain card wording that any decent classifier gets.
"""

from __future__ import annotations

import pytest
from test_scorer_support import card_transcript_text

from dojo.coaching.baseline import KeywordClassifier
from dojo.coaching.hearing import default_classifier
from dojo.coaching.labels import REFLECTION, Label
from dojo.coaching.scorer import score_transcript, turns_from_transcript
from dojo.transcript import parse


@pytest.fixture(params=["baseline", "default"])
def classifier(request):
    return KeywordClassifier() if request.param == "baseline" else default_classifier()


def test_plain_card_cycle_scores_at_least_95(classifier) -> None:
    report = score_transcript(parse(card_transcript_text()), classifier)
    assert report.score >= 95, [(t.label, t.text) for t in report.turns if t.speaker == "coach"]


def test_default_classifier_is_used_when_none_is_given() -> None:
    assert score_transcript(parse(card_transcript_text())).score >= 95


def test_first_cycle_needs_no_reflection(classifier) -> None:
    transcript = parse(card_transcript_text(first=True))
    assert score_transcript(transcript, classifier, first_cycle=True).score >= 95
    skipped = score_transcript(transcript, classifier)
    assert skipped.score < 90
    assert "skipped_reflection" in [f.kind for f in skipped.feedback]


def test_telling_is_flagged_and_costs_points(classifier) -> None:
    plain = score_transcript(parse(card_transcript_text()), classifier)
    told = score_transcript(parse(card_transcript_text(extra={9: "You should add a second operator."})), classifier)
    turn = next(t for t in told.turns if t.text.startswith("You should"))
    assert turn.label == Label.TELLING and turn.note.startswith("Telling")
    assert told.score < plain.score
    assert "telling" in [f.kind for f in told.feedback]


def test_missing_go_see_is_fed_back(classifier) -> None:
    report = score_transcript(parse(card_transcript_text(skip=(Label.GO_SEE,))), classifier)
    assert report.feedback[0].kind == "missing_go_see"


def test_cycles_and_learner_lines_are_kept() -> None:
    text = card_transcript_text(first=True) + "---\n" + card_transcript_text()
    transcript = parse(text)
    turns = turns_from_transcript(transcript, KeywordClassifier())
    assert [len(c) for c in turns] == [len(c) for c in transcript.cycles]
    assert all((t.label is None) == (t.speaker == "learner") for c in turns for t in c)
    report = score_transcript(transcript, KeywordClassifier(), first_cycle=True)
    assert [c.first_cycle for c in report.cycles] == [True, False]
    assert report.score >= 95
    assert all(s.due for s in report.steps if s.step in REFLECTION)  # due in the second cycle


def test_learner_only_transcript_scores_zero() -> None:
    report = score_transcript(parse("learner: I am at the board.\nlearner: Anyone?\n"))
    assert report.score == 0
    assert report.feedback[0].kind == "no_questions"
