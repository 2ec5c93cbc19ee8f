"""Guided mode: four candidate questions per turn, good ones and tempting anti-patterns.

Plain Python (no Textual). The candidates depend on where the coach is on the card in
this cycle (the next card step due; a first cycle skips the reflection), on what the
learner just said (a vague answer or "I don't know yet" calls for a follow-up), and on
the scenario's own words: a *leading* question is built from the experiment the learner
is tempted by, a *telling* from another experiment. They are deterministic for
(seed, turn) and their positions are shuffled, so the good one is not always first.

Each candidate carries the label it is scored as; the UI passes it to
``Session.coach(text, label=...)``, so a guided session is scored like free text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from dojo.coaching.card import QUESTIONS, WHICH_ONE
from dojo.coaching.labels import CARD_ORDER, REFLECTION, Label

if TYPE_CHECKING:
    from dojo.scenarios.models import Experiment
    from dojo.session.engine import Session

class Kind(StrEnum):
    """What kind of move a candidate is."""

    GOOD = "good"
    FOLLOW_UP = "follow_up"
    LEADING = "leading"
    TELLING = "telling"
    CLOSED = "closed"
    OUT_OF_ORDER = "out_of_order"
    WRAP_UP = "wrap_up"


#: The kinds that are good coaching.
GOOD_KINDS = frozenset({Kind.GOOD, Kind.FOLLOW_UP, Kind.WRAP_UP})


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    label: Label  # how the move is scored
    kind: Kind
    why: str  # one line a 2nd coach would say about it

    @property
    def good(self) -> bool:
        return self.kind in GOOD_KINDS


# Card questions, a few wordings each; {process} and {metric} come from the scenario.
_CARD: dict[Label, tuple[str, ...]] = {
    Label.TARGET: (
        QUESTIONS[Label.TARGET],
        "What is the target condition, and by when do you want to reach it?",
        "Remind me: what is the challenge, and what target condition are you striving for?",
    ),
    Label.ACTUAL: (
        QUESTIONS[Label.ACTUAL],
        "Where is the process now, against the target condition?",
        "What is the actual condition? What does the data say?",
    ),
    Label.LAST_STEP: (
        QUESTIONS[Label.LAST_STEP],
        "Let's turn the card over: what was your last step?",
    ),
    Label.EXPECTED: (
        "What did you expect to happen?",
        "Before you took that step, what did you expect?",
    ),
    Label.HAPPENED: (
        QUESTIONS[Label.HAPPENED],
        "What happened when you took the step? Can you show me on the run chart?",
    ),
    Label.LEARNED: (
        QUESTIONS[Label.LEARNED],
        "What did you learn from the difference between what you expected and what happened?",
    ),
    Label.OBSTACLES: (
        f"{QUESTIONS[Label.OBSTACLES]} {WHICH_ONE}",
        "What is in your way now? Which one obstacle are you working on?",
    ),
    Label.NEXT_STEP: (
        "What is your next step, and what do you expect will happen?",
        "So what is your next experiment? What do you expect?",
    ),
    Label.GO_SEE: (
        QUESTIONS[Label.GO_SEE],
        "When can we go and see the result together?",
    ),
}

_WHY_GOOD: dict[Label, str] = {
    Label.TARGET: "Opens the card: the target condition frames everything that follows.",
    Label.ACTUAL: "Asks for the actual condition — listen for data, not opinion.",
    Label.LAST_STEP: "Turns the card over: the reflection starts with the last step.",
    Label.EXPECTED: "Asks for the prediction made before the step (past tense).",
    Label.HAPPENED: "Asks for the result, so it can be compared with the prediction.",
    Label.LEARNED: "Asks for the learning — the point of the whole experiment.",
    Label.OBSTACLES: "Asks for obstacles and which one is in focus now.",
    Label.NEXT_STEP: "Asks for the next step and what they expect from it.",
    Label.GO_SEE: "Agrees when to go and see what was learned.",
}

_CLOSED: tuple[str, ...] = (
    "Is the {metric} getting better?",
    "Did it work?",
    "Are you on track for the target?",
    "Is the obstacle still a problem?",
)


def due_steps(session: Session) -> list[Label]:
    """The card steps due in the current cycle, in the card's order (a first cycle skips the reflection)."""
    first = not session.cycles[-1].had_last_step if session.cycles else True
    return [s for s in CARD_ORDER if not (first and s in REFLECTION)]


def asked_steps(session: Session) -> list[Label]:
    """Card steps the coach has asked in the current cycle, in the order asked."""
    out: list[Label] = []
    for t in session.turns:
        if t.cycle == session.cycle and t.speaker == "coach" and t.label in CARD_ORDER and t.label not in out:
            out.append(t.label)
    return out


def next_due(session: Session) -> Label | None:
    """The first card step due in this cycle that has not been asked yet (None: the card is done)."""
    asked = set(asked_steps(session))
    return next((s for s in due_steps(session) if s not in asked), None)


def _last_reply_key(session: Session) -> str | None:
    for t in reversed(session.turns):
        if t.cycle != session.cycle:
            return None
        if t.speaker == "learner":
            return t.key
    return None


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else text


def _follow_up(session: Session) -> Candidate | None:
    """A good clarifying question when the last answer calls for one."""
    key = _last_reply_key(session)
    flags = session.learner.state.cycle
    if key == "actual_vague":
        return Candidate(
            "How do you know? Can you show me on the run chart?", Label.CLARIFY, Kind.FOLLOW_UP,
            "The answer was an opinion: ask for the data before moving on.",
        )
    if key == "learned_shallow":
        return Candidate(
            "What exactly did you learn? What was different from what you expected?", Label.CLARIFY, Kind.FOLLOW_UP,
            "'It worked' is not a learning: ask again, gently, for what was learned.",
        )
    if key == "dont_know" or flags.dont_know_pending:
        return Candidate(
            "What could you do to find out?", Label.CLARIFY, Kind.FOLLOW_UP,
            "'I don't know yet' is the edge of their knowledge: the next step is to find out.",
        )
    if key == "next_step" and not flags.prediction_stated:
        return Candidate(
            "What do you expect will happen when you take that step?", Label.CLARIFY, Kind.FOLLOW_UP,
            "Without a prediction nothing can be learned from the result.",
        )
    return None


def _tempting(session: Session, rng: random.Random) -> Experiment:
    experiments = session.scenario.experiments
    tempting = [e for e in experiments if e.tempting]
    return rng.choice(tempting) if tempting else rng.choice(list(experiments))


def _other(session: Session, rng: random.Random, not_id: str) -> Experiment:
    experiments = session.scenario.experiments
    pool = [e for e in experiments if e.id != not_id and not e.tempting] or [e for e in experiments if e.id != not_id]
    return rng.choice(pool or list(experiments))


def _leading(session: Session, rng: random.Random) -> Candidate:
    e = _tempting(session, rng)
    idea = _lower_first(e.step)
    if e.keywords:
        word = e.keywords[0]
        forms: tuple[str, ...] = (
            f"Have you thought about trying a {word}?" if len(word.split()) > 1 or not word.endswith("s") else
            f"Have you thought about {word}?",
            f"Don't you think you should {idea}?",
            f"Wouldn't it be better to {idea}?",
        )
    else:
        forms = (f"Don't you think you should {idea}?", f"Wouldn't it be better to {idea}?")
    return Candidate(
        rng.choice(forms), Label.LEADING, Kind.LEADING,
        "Leading: it carries your idea, so the learner adopts it instead of thinking.",
    )


def _telling(session: Session, rng: random.Random, tempting_id: str) -> Candidate:
    e = _other(session, rng, tempting_id)
    idea = _lower_first(e.step)
    forms = (f"You should {idea}.", f"I'd {idea} if I were you.", f"Just {idea}.")
    return Candidate(
        rng.choice(forms), Label.TELLING, Kind.TELLING,
        "Telling: a solution, however good, takes the thinking away from the learner.",
    )


def _closed(session: Session, rng: random.Random) -> Candidate:
    metric = session.run_chart().metric
    text = rng.choice(_CLOSED).format(metric=metric)
    return Candidate(text, Label.CLOSED, Kind.CLOSED, "Closed: a yes or no tells you little; ask an open question.")


def _out_of_order(session: Session, due: Label | None, rng: random.Random) -> Candidate | None:
    steps = due_steps(session)
    if due is None:
        return None
    i = steps.index(due)
    later = steps[i + 2 :] or steps[i + 1 :]
    if not later:
        return None
    step = rng.choice(later)
    text = rng.choice(_CARD[step]).format(**_words(session))
    return Candidate(
        text, step, Kind.OUT_OF_ORDER,
        f"A good question, but not yet: {due.value.replace('_', ' ')} comes first on the card.",
    )


def _words(session: Session) -> dict[str, str]:
    return {"process": session.scenario.focus_process.name, "metric": session.run_chart().metric}


def _good(session: Session, due: Label | None, rng: random.Random) -> Candidate:
    if due is None:
        return Candidate(
            "Thank you. Let's go and see it together then.", Label.OTHER, Kind.WRAP_UP,
            "The card is done: close kindly and end the cycle (ctrl+n).",
        )
    text = rng.choice(_CARD[due]).format(**_words(session))
    return Candidate(text, due, Kind.GOOD, _WHY_GOOD[due])


def candidates(session: Session) -> list[Candidate]:
    """Four candidate moves for the coach's next turn, deterministic for (seed, turn)."""
    turn = len(session.turns)
    rng = random.Random(f"guided/{session.seed}/{session.cycle}/{turn}")
    due = next_due(session)
    picked: list[Candidate] = []
    follow = _follow_up(session)
    if follow is not None:
        picked.append(follow)
    picked.append(_good(session, due, rng))
    leading = _leading(session, rng)
    tempting_id = next(
        (e.id for e in session.scenario.experiments if e.tempting and _lower_first(e.step) in leading.text), ""
    )
    pool: list[Candidate | None] = [leading, _telling(session, rng, tempting_id), _closed(session, rng),
                                     _out_of_order(session, due, rng)]
    anti = [c for c in pool if c is not None]
    rng.shuffle(anti)
    for c in anti:
        if len(picked) == 4:
            break
        if all(c.text != p.text for p in picked):
            picked.append(c)
    rng.shuffle(picked)
    return picked
