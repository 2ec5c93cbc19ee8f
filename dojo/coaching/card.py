"""The Coaching Kata card's wording and the names people read for the coach's moves.

One table, :data:`CARD`, holds each card step's question as a coach asks it, the short
line printed on the card, and the step's name in a sentence ("asks about the last step").
Everything that says a card question or names a step — the 2nd coach's feedback, the
rewrites, the guided options, the game's card, the exports, the progress view — reads it
from here. The labels themselves are :class:`dojo.coaching.labels.Label`.
"""

from __future__ import annotations

from dataclasses import dataclass

from dojo.coaching.labels import REFLECTION, Label


@dataclass(frozen=True, slots=True)
class CardStep:
    label: Label
    question: str  # the card's question, as a coach asks it
    short: str  # the line on the printed card; ``*word*`` is emphasis
    name: str  # the step in a sentence: "asks about {name}"


#: The card, front and back, in the card's order (:data:`dojo.coaching.labels.CARD_ORDER`).
CARD: tuple[CardStep, ...] = (
    CardStep(Label.TARGET, "What is the target condition?", "1. What is the target condition?", "the target condition"),
    CardStep(Label.ACTUAL, "What is the actual condition now?", "2. What is the actual condition now?",
             "the actual condition"),
    CardStep(Label.LAST_STEP, "What did you plan as your last step?", "   What was your last step?", "the last step"),
    CardStep(Label.EXPECTED, "What did you expect?", "   What did you expect?", "what they expected"),
    CardStep(Label.HAPPENED, "What actually happened?", "   What actually happened?", "what actually happened"),
    CardStep(Label.LEARNED, "What did you learn?", "   What did you learn?", "what they learned"),
    CardStep(Label.OBSTACLES, "What obstacles do you think are preventing you from reaching the target condition?",
             "3. Obstacles? Which *one* now?", "the obstacles"),
    CardStep(Label.NEXT_STEP, "What is your next step? What do you expect?", "4. Next step? What do you expect?",
             "the next step"),
    CardStep(Label.GO_SEE, "When can we go and see what we have learned from taking that step?",
             "5. When can we go and see?", "when to go and see"),
)

#: The second half of the card's obstacles question.
WHICH_ONE = "Which one are you addressing now?"

#: The printed card's dividers, before the reflection and after it.
TURN_OVER = "— turn the card over —"
BACK_TO_FRONT = "— back to the front —"

QUESTIONS: dict[Label, str] = {s.label: s.question for s in CARD}
SHORT: dict[Label, str] = {s.label: s.short for s in CARD}
STEP_NAMES: dict[Label, str] = {s.label: s.name for s in CARD}


def label_name(label: Label | str) -> str:
    """A label as a reader sees it: ``next_step`` → ``next step``."""
    return str(label).replace("_", " ")


def read_aloud(*, reflection: bool = True) -> list[str]:
    """The card read out word for word, one question a line: the obstacles question with
    :data:`WHICH_ONE` after it, the next step and its expectation as two lines. Without
    ``reflection`` the back of the card is left out (a first cycle)."""
    out: list[str] = []
    for step in CARD:
        if step.label in REFLECTION and not reflection:
            continue
        out.extend(part if part.endswith("?") else part + "?" for part in step.question.split("? "))
        if step.label == Label.OBSTACLES:
            out.append(WHICH_ONE)
    return out


def printed_card() -> tuple[tuple[Label | None, str], ...]:
    """The card's lines as printed, with the dividers (``None``) around the reflection."""
    out: list[tuple[Label | None, str]] = []
    for step in CARD:
        if step.label == REFLECTION[0]:
            out.append((None, TURN_OVER))
        out.append((step.label, step.short))
        if step.label == REFLECTION[-1]:
            out.append((None, BACK_TO_FRONT))
    return tuple(out)

