"""Shared builders for the scorer tests (no tests here; imported by the test_scorer* modules)."""

from __future__ import annotations

from dojo.coaching.labels import CARD_ORDER, REFLECTION, Label
from dojo.coaching.scorer import TurnIn

#: The card's own wording, one coach question per step (two for obstacles and next step).
CARD_QUESTIONS: dict[Label, list[str]] = {
    Label.TARGET: ["What is the target condition?"],
    Label.ACTUAL: ["What is the actual condition now?"],
    Label.LAST_STEP: ["What did you plan as your last step?"],
    Label.EXPECTED: ["What did you expect?"],
    Label.HAPPENED: ["What actually happened?"],
    Label.LEARNED: ["What did you learn?"],
    Label.OBSTACLES: [
        "What obstacles do you think are preventing you from reaching the target condition?",
        "Which one are you addressing now?",
    ],
    Label.NEXT_STEP: ["What is your next step?", "What do you expect?"],
    Label.GO_SEE: ["When can we go and see what we have learned from taking that step?"],
}

ANSWERS: dict[Label, list[str]] = {
    Label.TARGET: ["45 seconds per unit by the end of March."],
    Label.ACTUAL: ["58 seconds on average, between 50 and 70; here is the run chart."],
    Label.LAST_STEP: ["Move the parts rack next to station 2."],
    Label.EXPECTED: ["About 6 seconds less per unit."],
    Label.HAPPENED: ["3 seconds less, and more variation."],
    Label.LEARNED: ["Reaching for parts was only half of the loss; the fixture change is the rest."],
    Label.OBSTACLES: ["The fixture change, the walking, and parts shortages.", "The fixture change."],
    Label.NEXT_STEP: ["Time 10 fixture changes on the morning shift.", "About 20 seconds each, 30 at worst."],
    Label.GO_SEE: ["Tomorrow at 10, at the cell."],
}


def coach(label: Label | str, text: str | None = None, *, open: bool = True, seconds: float | None = None) -> TurnIn:
    label = Label(label)
    if text is None:
        text = CARD_QUESTIONS[label][0] if label in CARD_QUESTIONS else f"({label.value})"
    return TurnIn("coach", text, label, open, seconds)


def learner(text: str = "Hmm, let me look at the board.", seconds: float | None = None) -> TurnIn:
    return TurnIn("learner", text, None, False, seconds)


def card_cycle(*, first: bool = False, skip: tuple[Label, ...] = (), answers: bool = True) -> list[TurnIn]:
    """The canonical card cycle: every due step in order, in the card's own words, each answered."""
    out: list[TurnIn] = []
    for step in CARD_ORDER:
        if step in skip or (first and step in REFLECTION):
            continue
        for q, a in zip(CARD_QUESTIONS[step], ANSWERS[step]):
            out.append(coach(step, q))
            if answers:
                out.append(learner(a))
    return out


def card_transcript_text(*, first: bool = False, skip: tuple[Label, ...] = (), extra: dict[int, str] | None = None) -> str:
    """The canonical cycle as transcript text; ``extra`` inserts coach lines before the given coach question."""
    lines = []
    n = 0
    for step in CARD_ORDER:
        if step in skip or (first and step in REFLECTION):
            continue
        for q, a in zip(CARD_QUESTIONS[step], ANSWERS[step]):
            if extra and n in extra:
                lines.append(f"coach: {extra[n]}")
                lines.append("learner: Hmm.")
            lines.append(f"coach: {q}")
            lines.append(f"learner: {a}")
            n += 1
    return "\n".join(lines) + "\n"
