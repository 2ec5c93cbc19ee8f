"""A guess is never a penalty, and a correction counts honestly (issue 8)."""

from __future__ import annotations

from dojo.coaching.classifier import Classification
from dojo.coaching.labels import Label
from dojo.coaching.scorer import TurnIn, score_cycles
from dojo.scenarios.registry import load_scenario
from dojo.session.debrief import build_debrief
from dojo.session.engine import Session

CARD = [
    "What is the target condition?",
    "What is the actual condition now?",
    "What obstacles are in the way? Which one are you addressing now?",
    "What is your next step? What do you expect?",
    "When can we go and see what we have learned from taking that step?",
]


def _cycle(extra: TurnIn | None) -> list[TurnIn]:
    labels = [Label.TARGET, Label.ACTUAL, Label.OBSTACLES, Label.NEXT_STEP, Label.GO_SEE]
    turns = [TurnIn("coach", text, label, True) for text, label in zip(CARD, labels)]
    if extra is not None:
        turns.insert(2, extra)
    return turns


def test_a_guessed_leading_turn_costs_nothing_and_gets_no_feedback():
    line = "So the kitting is the thing then?"
    sure = score_cycles([_cycle(TurnIn("coach", line, Label.LEADING, False))], first_cycle=True)
    guessed = score_cycles([_cycle(TurnIn("coach", line, Label.LEADING, False, guess=True))], first_cycle=True)
    clean = score_cycles([_cycle(None)], first_cycle=True)
    assert sure.score < clean.score
    assert guessed.score == clean.score
    assert not [f for f in guessed.feedback if "lead" in f.text.lower()]
    turn = next(t for t in guessed.turns if t.text == line)
    assert turn.label is Label.LEADING and "guess" in turn.flags


class _Fixed:
    """Hears every line as one label, with a chosen top three."""

    def __init__(self, label: Label, top: tuple[Label, ...]) -> None:
        self.label, self.top = label, top

    def classify(self, text, context=None):
        return Classification(self.label, 0.9, True, self.top[1], self.top)

    def classify_many(self, texts, contexts=None):
        return [self.classify(t) for t in texts]


def test_a_correction_outside_the_top_three_scores_as_other_and_the_debrief_counts_it():
    scenario = load_scenario("assembly-cell")

    def play(fix: Label) -> Session:
        s = Session(scenario, seed=2, classifier=_Fixed(Label.CLARIFY, (Label.CLARIFY, Label.TARGET, Label.ACTUAL)))
        s.coach("hello there, where are we heading?")
        s.relabel(fix)
        for _ in range(scenario.cycles):
            s.end_cycle()
        return s

    inside, outside = play(Label.TARGET), play(Label.GO_SEE)
    d_in, d_out = build_debrief(inside), build_debrief(outside)
    assert d_in.corrected == 1 and d_in.corrected_off_top == 0
    assert d_out.corrected == 1 and d_out.corrected_off_top == 1
    first = next(t for t in d_out.score.turns if t.speaker == "coach")
    assert first.label is Label.OTHER  # go_see was not among the readings: not counted as the card step
    assert next(t for t in d_in.score.turns if t.speaker == "coach").label is Label.TARGET
