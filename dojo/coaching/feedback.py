"""What the 2nd coach says: a note beside each coach turn, at most three focused feedback
items (an action and its trigger, chosen by impact), and what went well.

The voice is a kind, precise 2nd coach: name the moment (the trigger), name the move (the
action), give the reason in one sentence, and point at the place it happened: the cycle,
the turn, the coach's line as said and a line to try instead, built from the move and the
line's own words (``rewrite``). A reply that called for a follow-up and did not get one
is an item of its own, with its trigger ("When the learner says it didn't work"). Never
more than three points: focused feedback is the kind a coach can use in the next cycle;
telling, when it happened, is always one of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dojo.coaching import cues, reflex, rewrite
from dojo.coaching.analysis import CycleAnalysis
from dojo.coaching.card import QUESTIONS, STEP_NAMES, WHICH_ONE
from dojo.coaching.labels import CARD_ORDER, CARD_STEPS, REFLECTION, Label
from dojo.coaching.listening import Call, Cost, Moment, calls_for
from dojo.coaching.reflex import Chance, wording
from dojo.coaching.report import MISSING_STEP, AnnotatedTurn, Criterion, Example, FeedbackItem, FeedbackKind, TurnFlag
from dojo.coaching.weights import LONG_CYCLE_MINUTES, P_BEFORE, P_NO_EXPECTATION, WEIGHTS, quality, weighted

MAX_FEEDBACK = 3

_GOOD: dict[Label, str] = {
    Label.TARGET: "Good: asks for the target condition",
    Label.ACTUAL: "Good: asks for the actual condition now",
    Label.LAST_STEP: "Good: opens the reflection (turns the card over)",
    Label.EXPECTED: "Good: asks what they expected from the last step",
    Label.HAPPENED: "Good: asks what actually happened",
    Label.LEARNED: "Good: asks what they learned",
    Label.OBSTACLES: "Good: asks about the obstacles",
    Label.NEXT_STEP: "Good: asks for the next step",
    Label.GO_SEE: "Good: agrees a time to go and see",
}

#: A learner reply that called for a follow-up and did not get one: (kind, trigger, action, why).
_MISSED: dict[Call, tuple[FeedbackKind, str, str, str]] = {
    Call.EVIDENCE: (
        FeedbackKind.NO_EVIDENCE,
        "When the learner gives an impression or an opinion instead of data",
        "ask for the evidence: 'How do you know?', 'Can you show me on the run chart?'",
        "The actual condition is a measurement, not an impression; an opinion taken as fact steers every step after it.",
    ),
    Call.LEARNING: (
        FeedbackKind.SUPERFICIAL_LEARNING,
        "When the learner says it didn't work",
        "go back to the prediction: 'What did you expect, and what happened instead? What does that tell you?'",
        "A result that differs from the prediction is a win once the learning is written down.",
    ),
    Call.WHICH_ONE: (
        FeedbackKind.WHICH_ONE,
        "When the learner lists several obstacles",
        "ask which one they are addressing now",
        "One obstacle at a time keeps each experiment aimed and its result readable.",
    ),
    Call.REASONING: (
        FeedbackKind.NO_REASON,
        "When the learner names the obstacle they are working on",
        "ask why that one: 'Why that one?', 'What tells you it matters most?'",
        "The reason for the choice is where the learner's thinking shows, and where it can be checked.",
    ),
    Call.FIND_OUT: (
        FeedbackKind.FIND_OUT,
        "When the learner says 'I don't know yet'",
        "celebrate it and ask 'How could you find out?'",
        "The edge of the learner's knowledge is where the next experiment is: a step to find out.",
    ),
    Call.PREDICTION: (
        FeedbackKind.VAGUE_PREDICTION,
        "When the learner names a step with no number to expect",
        "ask 'What do you expect? How much, by when?'",
        "Only a prediction with a number can be compared with what happens.",
    ),
    Call.NEW_FACT: (
        FeedbackKind.NEW_FACT,
        "When the learner mentions something new (an event, a finding)",
        "stay with it for a question: 'Tell me more: what did that do?'",
        "New facts are where the learner's picture of the process changes; moving on loses them.",
    ),
    Call.HAND_BACK: (
        FeedbackKind.HAND_BACK,
        "When the learner asks what you would do",
        "give the question back: 'What options do you see?'",
        "Answering takes the step away from the learner; asking back gives them the thinking again.",
    ),
}

#: A coach turn that showed the coach was not following the learner: (kind, trigger, action, why).
_COSTS: dict[Cost, tuple[FeedbackKind, str, str, str]] = {
    Cost.OFF_TOPIC: (
        FeedbackKind.OFF_TOPIC,
        "When a question comes to mind that the learner has not given you",
        "ask about what the learner just said or what is on the storyboard",
        "A question about something that is not there tells the learner you are following a script.",
    ),
    Cost.REPEATED: (
        FeedbackKind.ASKED_AGAIN,
        "When the learner has already answered the next question on the card",
        "check you heard it ('So you're working on…?') and ask what the answer leaves open: why that one, how much",
        "Asking again what was just said shows the card is being read, not the learner heard.",
    ),
    Cost.NOT_YET: (
        FeedbackKind.NOT_YET,
        "When a card question's answer cannot exist yet (no obstacles listed, no step agreed)",
        "ask the card question that comes first",
        "Each card question builds on the answer before it.",
    ),
}

#: For a missing card step: (trigger, action, why).
_MISSING: dict[Label, tuple[str, str, str]] = {
    Label.TARGET: (
        "When the cycle begins at the storyboard",
        f"ask '{QUESTIONS[Label.TARGET]}' so you both know what the learner is striving for",
        "Every other answer is read against the target condition.",
    ),
    Label.ACTUAL: (
        "When the learner has stated the target condition",
        f"ask '{QUESTIONS[Label.ACTUAL]}', and how they know",
        "The gap between target and actual is where the obstacles and the next step come from.",
    ),
    Label.LAST_STEP: (
        "When the actual condition is clear",
        f"turn the card over and ask '{QUESTIONS[Label.LAST_STEP]}'",
        "The reflection starts from the step the learner actually took.",
    ),
    Label.EXPECTED: (
        "When the learner has named the last step",
        f"ask '{QUESTIONS[Label.EXPECTED]}' before asking what happened",
        "The learning lives in the gap between what was expected and what happened.",
    ),
    Label.HAPPENED: (
        "When the learner has told you what they expected",
        f"ask '{QUESTIONS[Label.HAPPENED]}'",
        "Without the result there is nothing to compare the prediction with.",
    ),
    Label.LEARNED: (
        "When the learner has told you what actually happened",
        f"ask '{QUESTIONS[Label.LEARNED]}'",
        "A step whose result surprised everyone is still a win once the learning is said out loud.",
    ),
    Label.OBSTACLES: (
        "When the reflection is done",
        f"ask '{QUESTIONS[Label.OBSTACLES]} {WHICH_ONE}'",
        "The next step should aim at one obstacle the learner has chosen.",
    ),
    Label.NEXT_STEP: (
        "When the learner has named the obstacle they are addressing",
        f"ask '{QUESTIONS[Label.NEXT_STEP]}'",
        "The cycle exists to produce the next experiment and its prediction.",
    ),
    Label.GO_SEE: (
        "When the learner has said what they expect from the next step",
        f"ask '{QUESTIONS[Label.GO_SEE]}'",
        "An agreed time makes the experiment happen soon and gives the next cycle its reflection.",
    ),
}

#: Small fixed impacts for observations the score does not count.
IMPACT_LONG = 2.0
IMPACT_SILENCE = 2.5
_QUESTIONS = CARD_STEPS | {Label.CLARIFY, Label.CLOSED}
_ANTI_KINDS = frozenset({FeedbackKind.JUDGEMENTAL, FeedbackKind.TELLING, FeedbackKind.LEADING})
#: Tie-break between equal impacts: anti-patterns first, then the card's own order.
_PRIORITY = (
    FeedbackKind.NO_QUESTIONS, FeedbackKind.JUDGEMENTAL, FeedbackKind.TELLING, FeedbackKind.LEADING,
    FeedbackKind.SKIPPED_REFLECTION, FeedbackKind.INCOMPLETE_REFLECTION, FeedbackKind.STEP_BEFORE_OBSTACLES,
    FeedbackKind.NO_PREDICTION, FeedbackKind.LATE_PREDICTION,
)


# --------------------------------------------------------------------------- notes


def _note(a: CycleAnalysis, i: int, out_of_order: set[int], repeats: set[int],
          earlier: tuple[Label, ...]) -> tuple[str, list[TurnFlag]]:
    """The note on coach turn ``i``; ``earlier``: the card steps asked before it, by their last asking."""
    t = a.turns[i]
    label = t.label
    if i in a.unplaced:
        asked = a.unplaced[i].value.replace("_", " ")
        return f"Off topic: the learner could not place it, so it does not count as {asked}", [TurnFlag.OFF_TOPIC]
    if i in a.guessed and i not in a.judgemental:
        heard = a.guessed[i].value
        return f"Heard as {heard}? Only a guess, so not counted (correct it with ctrl+r if it was)", [TurnFlag.GUESS]
    if i in a.judgemental:
        return "Judgemental: can sound like mistrust; ask how they know instead", [TurnFlag.JUDGEMENTAL]
    if label == Label.TELLING:
        return "Telling: gives the answer; ask what they think instead", [TurnFlag.TELLING]
    if label == Label.LEADING:
        return "Leading: carries your idea; ask what they think instead", [TurnFlag.LEADING]
    if label in CARD_STEPS:
        if a.first and label in REFLECTION:
            return "Not needed on a first cycle: there is no last step yet", [TurnFlag.NOT_DUE]
        flags: list[TurnFlag] = []
        if i in out_of_order:
            flags.append(TurnFlag.OUT_OF_ORDER)
        if i in repeats:
            flags.append(TurnFlag.REPEAT)
        if not t.open:
            flags.append(TurnFlag.CLOSED)
        if i in a.expectation_turns:
            flags.append(TurnFlag.LATE if a.prediction_late and i == a.expectation_turns[0] else TurnFlag.PREDICTION)
        if a.step_before_obstacles and i in a.alignment.step_before_obstacles:
            return "Too early: the step is agreed before the obstacles; ask about the obstacles first", [
                *flags, TurnFlag.BEFORE_OBSTACLES]
        if TurnFlag.OUT_OF_ORDER in flags:
            return _out_of_order_note(earlier, label), flags
        if TurnFlag.LATE in flags:
            return "Late: asks for the prediction after the step was agreed; ask it before", flags
        if TurnFlag.CLOSED in flags:
            return f"Closed: invites a yes/no; ask '{QUESTIONS[label]}' instead", flags
        if TurnFlag.PREDICTION in flags:
            return "Good: asks what they expect before the step is agreed", [TurnFlag.GOOD, *flags]
        if label == Label.OBSTACLES and cues.asks_which_one(t.text):
            return "Good: asks which one they are addressing now", [TurnFlag.GOOD, *flags]
        if TurnFlag.REPEAT in flags:
            return f"Stays with {STEP_NAMES[label]}: fine when the first answer was vague", flags
        return _GOOD[label], [TurnFlag.GOOD]
    if label == Label.CLARIFY:
        if i in a.expectation_turns:
            return "Good: asks what they expect from the step", [TurnFlag.GOOD, TurnFlag.PREDICTION]
        return "Good: a clarifying follow-up inside the step", [TurnFlag.GOOD]
    if label == Label.CLOSED:
        return "Closed: invites a yes/no; open it with 'what' or 'how'", [TurnFlag.CLOSED]
    return "Neutral: not a card question", []


def _out_of_order_note(earlier: tuple[Label, ...], label: Label) -> str:
    name = STEP_NAMES[label]
    if label in earlier:
        return f"Back and forth: returns to {name}; finish each phase, then move on"
    rank = CARD_ORDER.index(label)
    later = [s for s in earlier if CARD_ORDER.index(s) > rank]
    if later:
        return f"Out of order: the card asks about {name} before {STEP_NAMES[later[-1]]}"
    return f"Jumps ahead: on the card, {name} comes later"


_COST_NOTES: dict[Cost, str] = {
    Cost.OFF_TOPIC: "Off topic: the learner could not place it; ask about what they said",
    Cost.REPEATED: "Asks again what was just answered: check you heard it, then ask why",
    Cost.NOT_YET: "Too early: its answer cannot exist yet; ask the card question before it",
    Cost.COACH_IDEA: "Your idea became their step: the thinking was yours",
    Cost.STOCK: "Stock follow-up: the same line whatever they said; pick up what they just said",
}

#: A stock follow-up fired whatever the learner said: (trigger, action). The reason is built
#: from the session (:func:`_stock_why`).
_STOCK = (
    "When the learner has answered and your usual follow-up comes to mind",
    "ask about what this answer leaves open, in the learner's words: after 'I don't know yet', how they could "
    "find out; after a list, which one; after a step, how much by when; after a precise answer, the next card "
    "question",
)
_STOCK_FITS = "Stock follow-up: fits here, but you ask it whatever they say"

#: A learner reply by what it called for, as the 2nd coach names it.
_ANSWERS: dict[Call, str] = {
    Call.EVIDENCE: "an opinion",
    Call.LEARNING: "'it didn't work'",
    Call.WHICH_ONE: "a list of obstacles",
    Call.REASONING: "a choice with no reason",
    Call.FIND_OUT: "'I don't know yet'",
    Call.PREDICTION: "a step with no number",
    Call.NEW_FACT: "something new",
    Call.HAND_BACK: "a question back to you",
}


@dataclass(slots=True)
class _Heard:
    """Where the listening moments of a cycle fall, by coach turn (for the notes)."""

    costs: dict[int, Cost]
    follow_ups: set[int]
    moved_on: dict[int, Call]
    rote: frozenset[int]  # stock follow-ups (by chance fitting, or not)

    @classmethod
    def of(cls, a: CycleAnalysis) -> _Heard:
        costs: dict[int, Cost] = {}
        moved_on: dict[int, Call] = {}
        for m in a.listening.moments:
            if isinstance(m.kind, Cost):
                costs.setdefault(m.turn, m.kind)
            elif not m.good:
                on = _moved_on_at(a, m)
                if on is not None and m.stock:
                    costs.setdefault(on, Cost.STOCK)  # answered by rote: the note says so, not "moves on"
                elif on is not None:
                    moved_on.setdefault(on, m.kind)
        follow_ups = {m.by for m in a.listening.moments if m.good and m.by is not None}
        return cls(costs, follow_ups, moved_on, a.listening.rote)


def _listening_notes(heard: _Heard, i: int, note: str, flags: list[TurnFlag]) -> tuple[str, list[TurnFlag]]:
    """Coach turn ``i``: a follow-up that answered a call, a move on past one, or a cost."""
    if i in heard.costs:
        cost = heard.costs[i]
        return _COST_NOTES[cost], [f for f in flags if f != TurnFlag.GOOD] + [TurnFlag(cost.value)]
    if i in heard.rote:
        return _STOCK_FITS, [*(f for f in flags if f != TurnFlag.GOOD), TurnFlag.STOCK]
    if i in heard.follow_ups:
        if flags == [TurnFlag.GOOD] or not flags:
            return "Good: follows up on what the learner just said", [TurnFlag.GOOD, TurnFlag.FOLLOW_UP]
        return note, [*flags, TurnFlag.FOLLOW_UP]
    if i in heard.moved_on:
        name = _MISSED[heard.moved_on[i]][1].removeprefix("When the learner ").removeprefix("When ")
        kept: list[TurnFlag] = [f for f in flags if f != TurnFlag.GOOD]
        return f"Moves on: the learner {name}; follow that up first", [*kept, TurnFlag.MOVED_ON]
    return note, flags


def _moved_on_at(a: CycleAnalysis, m: Moment) -> int | None:
    """The coach turn after a missed call: where the coach moved on."""
    return next((j for j in range(m.turn + 1, len(a.turns)) if a.turns[j].speaker == "coach"), None)


def annotate(analyses: Sequence[CycleAnalysis]) -> list[AnnotatedTurn]:
    out: list[AnnotatedTurn] = []
    for a in analyses:
        out_of_order = a.alignment.out_of_order_turns()
        repeats = {t for p in a.alignment.phases for t in p.turns[1:]}
        calls = {m.turn: m for m in a.listening.moments if isinstance(m.kind, Call)}
        heard = _Heard.of(a)
        earlier: tuple[Label, ...] = ()  # kept as we go: a long transcript stays linear
        for i, t in enumerate(a.turns):
            if t.speaker == "coach":
                note, flags = _note(a, i, out_of_order, repeats, earlier)
                note, flags = _listening_notes(heard, i, note, flags)
                label, is_open = a.guessed.get(i, a.unplaced.get(i, t.label)), bool(t.open)
            else:
                note, flags, label, is_open = "", [], None, None
                if i in calls:
                    flags = [TurnFlag.FOLLOWED_UP if calls[i].good else TurnFlag.FOLLOW_UP_MISSED]
            out.append(
                AnnotatedTurn(
                    index=a.offset + i, cycle=a.index, speaker=t.speaker, text=t.text, label=label,
                    open=is_open, note=note, flags=flags, seconds=t.seconds,
                )
            )
            step = a.labels[i]
            if step is not None and step in CARD_STEPS:
                earlier = (*(s for s in earlier if s != step), step)
    return out


# --------------------------------------------------------------------------- feedback


@dataclass(slots=True)
class _Candidate:
    kind: FeedbackKind
    trigger: str
    action: str
    why: str
    impact: float  # points in this cycle's score
    turns: list[int] = field(default_factory=list)  # global indexes
    example: Example | None = None


def _quality_gain(a: CycleAnalysis, replace: dict[int, tuple[float, float] | None]) -> float:

    items = [replace.get(i, q) for i, q in a.quality_items.items()]
    now = quality(list(a.quality_items.values()))
    better = quality([q for q in items if q is not None])
    return max(0.0, better - now) * WEIGHTS[Criterion.QUALITY]


def _example(a: CycleAnalysis, i: int, instead: str, *, said: str | None = None, learner: str = "") -> Example:
    """The moment at local turn ``i``: the coach's line there (unless ``said`` is given) and a rewrite."""
    line = a.turns[i].text if said is None and a.turns[i].speaker == "coach" else (said or "")
    return Example(cycle=a.index, turn=a.offset + i, said=_quote(line), learner=_quote(learner), instead=instead)


def _quote(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _step_example(a: CycleAnalysis, step: Label) -> Example | None:
    """Where a missing card step belonged: before the first coach turn on a later card step."""
    rank = CARD_ORDER.index(step)
    later = next((i for i in a.coach if a.labels[i] in CARD_STEPS and CARD_ORDER.index(a.labels[i]) > rank), None)
    at = later if later is not None else (a.coach[-1] if a.coach else None)
    if at is None:
        return None
    return _example(a, at, QUESTIONS[step], said="")


def _rewrite(a: CycleAnalysis, kind: FeedbackKind, i: int) -> str:
    t = a.turns[i]
    if kind == FeedbackKind.JUDGEMENTAL:
        return rewrite.instead_of_judgement(t.text)
    if kind == FeedbackKind.TELLING:
        return rewrite.instead_of_telling(t.text)
    if kind == FeedbackKind.LEADING:
        return rewrite.instead_of_leading(t.text)
    return rewrite.instead_of_closed(t.text, t.label)


def _missing_steps(a: CycleAnalysis) -> list[_Candidate]:
    """Card steps that were due and not asked: the reflection (whole or in part) and the front of the card."""
    per_step = WEIGHTS[Criterion.COVERAGE] / len(a.due)
    missing = a.missing
    out: list[_Candidate] = []
    refl_missing = [s for s in REFLECTION if s in missing]
    if refl_missing and len(refl_missing) == len(REFLECTION):
        out.append(
            _Candidate(
                FeedbackKind.SKIPPED_REFLECTION,
                "When the learner has described the actual condition",
                "turn the card over and reflect on the last step: what did you plan, what did you expect, "
                "what actually happened, what did you learn?",
                "You don't know what a step will bring; the reflection is where its learning is collected.",
                per_step * len(REFLECTION),
                example=_step_example(a, Label.LAST_STEP),
            )
        )
    elif refl_missing:
        first = refl_missing[0]
        trigger, action, why = _MISSING[first]
        others = [STEP_NAMES[s] for s in refl_missing[1:]]
        if others:
            why += f" Also not asked: {', '.join(others)}."
        out.append(
            _Candidate(FeedbackKind.INCOMPLETE_REFLECTION, trigger, action, why, per_step * len(refl_missing),
                       example=_step_example(a, first))
        )

    for step in (Label.TARGET, Label.ACTUAL, Label.OBSTACLES, Label.NEXT_STEP, Label.GO_SEE):
        if step not in missing:
            continue
        trigger, action, why = _MISSING[step]
        impact = per_step
        if step == Label.NEXT_STEP:
            impact += WEIGHTS[Criterion.PREDICTION] * P_NO_EXPECTATION
        if step == Label.GO_SEE:
            impact += WEIGHTS[Criterion.GO_SEE]
        out.append(_Candidate(MISSING_STEP[step], trigger, action, why, impact, example=_step_example(a, step)))
    return out


def _prediction(a: CycleAnalysis) -> list[_Candidate]:
    """No prediction before the step was agreed, or one asked only after it."""
    g = a.offset
    nxt = a.asked.get(Label.NEXT_STEP, [])
    out: list[_Candidate] = []
    if nxt and not a.expectation_turns:
        out.append(
            _Candidate(
                FeedbackKind.NO_PREDICTION,
                "When the learner names their next step",
                "ask 'What do you expect?' before you agree on it",
                "Without a prediction nothing can be learned from comparing it with the result.",
                WEIGHTS[Criterion.PREDICTION] * (P_BEFORE - (a.criteria[Criterion.PREDICTION] or 0.0)),
                [g + i for i in nxt[:1]],
                example=_prediction_example(a, nxt[0]),
            )
        )
    elif a.prediction_late:
        out.append(
            _Candidate(
                FeedbackKind.LATE_PREDICTION,
                "When the learner names their next step",
                "ask what they expect right then, before agreeing when to go and see",
                "A prediction made after the step is agreed is easy to skip and easy to bend.",
                WEIGHTS[Criterion.PREDICTION] * (P_BEFORE - (a.criteria[Criterion.PREDICTION] or 0.0)),
                [g + a.expectation_turns[0]],
                example=_example(a, a.expectation_turns[0], "What do you expect? How much, by when?"),
            )
        )
    return out


def _order(a: CycleAnalysis) -> list[_Candidate]:
    """The next step agreed before the obstacles; card phases asked back and forth."""
    g = a.offset
    nxt = a.asked.get(Label.NEXT_STEP, [])
    out: list[_Candidate] = []
    ooo = sorted(a.alignment.out_of_order_turns())
    if a.step_before_obstacles:
        early = list(a.alignment.step_before_obstacles) or nxt[:1]
        out.append(
            _Candidate(
                FeedbackKind.STEP_BEFORE_OBSTACLES,
                "When the learner starts on what to try next",
                "first ask about the obstacles and which one they are addressing now; then the next step",
                "A step agreed before the obstacles is aimed at none of them: it is the first idea, not a chosen one.",
                WEIGHTS[Criterion.ORDER] * a.alignment.order,
                [g + i for i in early],
                example=_example(a, early[0], f"{QUESTIONS[Label.OBSTACLES]} {WHICH_ONE}")
                if early else None,
            )
        )
    elif ooo:
        steps = []
        for p, ok in zip(a.alignment.phases, a.alignment.in_order):
            if not ok and STEP_NAMES[p.step] not in steps:
                steps.append(STEP_NAMES[p.step])
        out.append(
            _Candidate(
                FeedbackKind.ORDER,
                "When the learner has answered a card question",
                "stay in that phase with follow-ups until the answer is precise, then move on to the next "
                "card question instead of going back",
                f"Going back and forth ({', '.join(steps)}) blurs the pattern the learner is practising.",
                WEIGHTS[Criterion.ORDER] * (1.0 - (a.criteria[Criterion.ORDER] or 0.0)),
                [g + i for i in ooo],
                example=_example(a, ooo[0], _card_next(a, ooo[0])),
            )
        )
    return out


def _way_of_asking(a: CycleAnalysis) -> list[_Candidate]:
    """Judgemental, telling and leading moves (with the ceiling a step of the coach's cost), yes/no questions."""
    g = a.offset
    coach = a.coach
    out: list[_Candidate] = []
    kinds = {
        FeedbackKind.JUDGEMENTAL: [i for i in coach if i in a.judgemental],
        FeedbackKind.TELLING: [i for i in coach if i not in a.judgemental and a.turns[i].label == Label.TELLING],
        FeedbackKind.LEADING: [i for i in coach if i not in a.judgemental and a.turns[i].label == Label.LEADING],
    }
    # The coach's idea as the step: the ceiling it cost goes to the turns that handed it over.
    ceiling = max(0.0, weighted(a.criteria) - a.score) if a.coach_step else 0.0
    took = set(a.took_over)
    texts = {
        FeedbackKind.JUDGEMENTAL: (
            "When an answer surprises you or seems doubtful",
            "ask for the evidence kindly ('How do you know?', 'Can you show me on the run chart?') "
            "instead of 'Are you sure?' or 'Why didn't you…?'",
            "Questions that sound like mistrust make the learner defend rather than think.",
        ),
        FeedbackKind.TELLING: (
            "When you feel a solution coming",
            "keep it to yourself and ask 'What do you think?' or 'What could you try?'",
            "The learner finds the step; the coach checks the thinking against the pattern.",
        ),
        FeedbackKind.LEADING: (
            "When you catch yourself starting with 'Have you tried…' or 'Don't you think…'",
            "turn it into an open question about their thinking: 'What options do you see?'",
            "A leading question carries your idea, and the learner stops looking for their own.",
        ),
    }
    # Removing every judgemental, telling and leading turn gains ``total``; each kind gets the
    # share its turns carry in the quality mean (their weights), so the parts add up to the whole.
    total = _quality_gain(a, dict.fromkeys(i for idx in kinds.values() for i in idx))
    anti_weight = sum(a.quality_items[i][1] for idx in kinds.values() for i in idx)
    handed = [i for idx in (kinds[FeedbackKind.TELLING], kinds[FeedbackKind.LEADING]) for i in idx if i in took]
    for kind, idx in kinds.items():
        if idx:
            trigger, action, why = texts[kind]
            share = sum(a.quality_items[i][1] for i in idx) / anti_weight
            impact = total * share
            mine = [i for i in idx if i in took]
            if mine:
                why += " Here the learner took your idea on as their step, and the cycle's thinking was yours."
                impact += ceiling * len(mine) / len(handed)
            first = (mine or idx)[0]
            out.append(
                _Candidate(kind, trigger, action, why, impact, [g + i for i in idx],
                           example=_example(a, first, _rewrite(a, kind, first)))
            )
    closed = [
        i for i in coach
        if i not in a.judgemental and not a.turns[i].open
        and (a.turns[i].label == Label.CLOSED or (a.turns[i].label in CARD_STEPS))
    ]
    if closed:
        gain = _quality_gain(a, dict.fromkeys(closed, (1.0, 1.0)))
        out.append(
            _Candidate(
                FeedbackKind.CLOSED,
                "When a question in your head starts with 'Did', 'Is' or 'Can'",
                "start it with 'What' or 'How' so the learner explains their thinking",
                "A yes/no answer tells you little about how the learner sees the process.",
                gain,
                [g + i for i in closed],
                example=_example(a, closed[0], _rewrite(a, FeedbackKind.CLOSED, closed[0])),
            )
        )
    return out


def _listening(a: CycleAnalysis) -> list[_Candidate]:
    """Learner replies that called for a follow-up and did not get one; coach turns that cost."""
    g = a.offset
    out: list[_Candidate] = []
    moments = a.listening.moments
    judged = moments and a.criteria.get(Criterion.LISTENING) is not None
    per_moment = WEIGHTS[Criterion.LISTENING] / len(moments) if judged else 0.0
    by_kind: dict[FeedbackKind, list[Moment]] = defaultdict(list)
    for m in a.listening.missed:
        if m.kind is Cost.STOCK or (isinstance(m.kind, Call) and m.stock):
            by_kind[FeedbackKind.STOCK_FOLLOW_UP].append(m)
        elif isinstance(m.kind, Call):
            by_kind[_MISSED[m.kind][0]].append(m)
        elif m.kind in _COSTS:
            by_kind[_COSTS[m.kind][0]].append(m)
    for kind, missed in by_kind.items():
        m = missed[0]
        if kind is FeedbackKind.STOCK_FOLLOW_UP:
            trigger, action = _STOCK
            why = ""  # built from the whole session: :func:`_stock_why`
            example: Example | None = _stock_example(a, missed)
        elif isinstance(m.kind, Call):
            _, trigger, action, why = _MISSED[m.kind]
            on = _moved_on_at(a, m)
            example = _example(
                a, m.turn if on is None else on, rewrite.follow_up(m.kind, a.turns[m.turn].text),
                said="" if on is None else a.turns[on].text, learner=a.turns[m.turn].text,
            )
        else:
            _, trigger, action, why = _COSTS[m.kind]
            example = _example(a, m.turn, _instead_of_cost(a, m)) if a.turns[m.turn].speaker == "coach" else None
        out.append(_Candidate(kind, trigger, action, why, per_moment * len(missed), [g + x.turn for x in missed],
                              example=example))
    return out


def _stock_example(a: CycleAnalysis, missed: list[Moment]) -> Example | None:
    """A stock line fired at a reply that called for something else (else at any reply), and
    what that reply called for: its follow-up, or, for a precise answer, the next card question."""
    fired = [(m.turn, m.by) for m in missed if m.kind is Cost.STOCK and m.by is not None]
    if not fired:
        return None
    calls = {m.turn: m.kind for m in a.listening.moments if isinstance(m.kind, Call)}
    turn, reply = next(((t, r) for t, r in fired if r in calls), fired[0])
    learner = a.turns[reply].text
    instead = rewrite.follow_up(calls[reply], learner) if reply in calls else _card_next(a, turn)
    return _example(a, turn, instead, learner=learner)


def _stock_why(analyses: Sequence[CycleAnalysis]) -> str:
    """What happened, from the session: which line, after how many answers to the card's
    questions, of what kinds, and how few it fitted."""
    stock = next((a.listening.stock for a in analyses if a.listening.stock), ())
    lines = {s.wording for s in stock}
    answers = fired = 0
    for a in analyses:
        for i, t in enumerate(a.turns[1:-1], start=1):
            if t.speaker == "learner" and a.turns[i - 1].speaker == "coach" and a.turns[i - 1].label in CARD_STEPS:
                answers += 1
                nxt = a.turns[i + 1]
                fired += nxt.speaker == "coach" and wording(nxt.text) in lines
    uses, missed = sum(s.uses for s in stock), sum(s.missed for s in stock)
    after = "every answer to a card question" if fired == answers else f"{fired} of {answers} answers to card questions"
    steps = list(dict.fromkeys(STEP_NAMES[st] for s in stock for st in s.steps if st is not None))
    kinds = list(dict.fromkeys(_ANSWERS[Call(k)] for s in stock for k in s.kinds))
    whatever = _and([*steps[:2], *kinds[:2]])
    chance = stock[0].chance if stock else None
    if chance is not None and len(stock) > _NAMED_LINES:
        return _chance_why(analyses, lines, after, whatever, chance)
    said = _and([f"'{s.said}'" for s in stock])
    it = "it" if len(stock) == 1 else "they"
    return (
        f"You asked {said} after {after}, whatever it said ({whatever}), and {it} fitted {uses - missed} of "
        f"{uses}. A stock question fired at every answer is a routine, not listening: the learner hears that "
        "what they said made no difference."
    )


#: Stock lines up to this many are named one by one; more are a pool, named by what they fitted against chance.
_NAMED_LINES = 4


def _chance_why(analyses: Sequence[CycleAnalysis], lines: set[str], after: str, whatever: str, chance: Chance) -> str:
    """Follow-ups that fitted no better than chance: how many fitted against how many would have
    anyway, two of them as said, and the learner's words they echoed without asking about them."""
    said: list[str] = []
    echoed: list[str] = []
    for a in analyses:
        for p in a.listening.probes:
            if p.wording not in lines or p.fits:
                continue
            if len(said) < 2 and f"'{p.text.strip()}'" not in said:
                said.append(f"'{p.text.strip()}'")
            echoed += reflex.echoed(p.text, a.turns[p.reply].text)[:1]
    echoed = list(dict.fromkeys(echoed))
    out = (
        f"Your follow-ups came after {after}, whatever it said ({whatever}). Where an answer called for "
        f"something, {chance.fitted} of {chance.probes} asked for it; said after such answers picked at random, "
        f"the same lines would have fitted about {round(chance.expected)}. Lines like {_and(said)} are asked "
        "whatever the learner says."
    )
    if len(echoed) >= 2:
        out += (f" Saying their words back ({_and([f'{w!r}' for w in echoed[:3]])}) without asking what those "
                "answers left open is an echo, not listening.")
    return out


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""


def _filled_silence(a: CycleAnalysis) -> list[_Candidate]:
    """A coach question followed by the coach's own idea before the learner answered."""
    g = a.offset
    coach = a.coach
    out: list[_Candidate] = []
    filled = [
        j for j in coach[1:]
        if a.turns[j].label in (Label.TELLING, Label.LEADING) and a.turns[j - 1].speaker == "coach"
        and a.turns[j - 1].label in _QUESTIONS
    ]
    if filled:
        out.append(
            _Candidate(
                FeedbackKind.FILLED_SILENCE,
                "When the learner goes quiet after your question",
                "wait and let them think; a pause often means they are at the edge of their knowledge",
                "Filling the silence with your own idea takes the question back before it was answered.",
                IMPACT_SILENCE,
                [g + j for j in filled],
                example=_example(a, filled[0], a.turns[filled[0] - 1].text, said=a.turns[filled[0]].text),
            )
        )
    return out


def _long_cycle(a: CycleAnalysis) -> list[_Candidate]:
    """A cycle well past twenty minutes."""
    out: list[_Candidate] = []
    if a.minutes is not None and a.minutes > LONG_CYCLE_MINUTES:
        out.append(
            _Candidate(
                FeedbackKind.LONG_CYCLE,
                "When a cycle passes about twenty minutes",
                "move on to the next step and a time to go and see",
                f"This cycle took {a.minutes:.0f} minutes; a coaching cycle is short and daily.",
                IMPACT_LONG,
            )
        )
    return out


#: The 2nd coach's rules, each a small function from a cycle to its candidate points, in the
#: order the points are gathered (the choice among them is by impact: :func:`choose_feedback`).
RULES: tuple[Callable[[CycleAnalysis], list[_Candidate]], ...] = (
    _missing_steps,
    _prediction,
    _order,
    _way_of_asking,
    _listening,
    _filled_silence,
    _long_cycle,
)


def _cycle_candidates(a: CycleAnalysis) -> list[_Candidate]:
    """Every point the 2nd coach could make about one cycle: each rule of :data:`RULES` in turn."""
    if not a.coach:
        return [
            _Candidate(
                FeedbackKind.NO_QUESTIONS,
                "When the learner is at the storyboard and the cycle begins",
                f"open with the first card question, '{QUESTIONS[Label.TARGET]}', and follow the card from there",
                "A coaching cycle is led by the coach's questions; the card gives you the first one.",
                100.0,
            )
        ]
    return [c for rule in RULES for c in rule(a)]


def _prediction_example(a: CycleAnalysis, i: int) -> Example:
    """Where the prediction belonged: after the learner named the step (not after 'I don't know yet')."""
    reply = a.reply(i)
    named = bool(reply) and calls_for(reply) not in (Call.FIND_OUT, Call.HAND_BACK)
    return _example(a, i, "What do you expect? How much, by when?", said=_next_line(a, i) if named else "",
                    learner=reply if named else "")


def _next_line(a: CycleAnalysis, i: int) -> str:
    """The coach's next line after turn ``i`` ('' if none)."""
    return next((a.turns[j].text for j in range(i + 1, len(a.turns)) if a.turns[j].speaker == "coach"), "")


def _card_next(a: CycleAnalysis, i: int) -> str:
    """The card question that follows the last in-order phase before turn ``i``."""
    done = [p.step for p, ok in zip(a.alignment.phases, a.alignment.in_order) if ok and p.turns[0] < i]
    rank = CARD_ORDER.index(done[-1]) + 1 if done else 0
    later = [s for s in CARD_ORDER[rank:] if s in a.due] or list(CARD_ORDER[rank:]) or [Label.GO_SEE]
    return QUESTIONS[later[0]]


def _instead_of_cost(a: CycleAnalysis, m: Moment) -> str:
    said = a.turns[m.turn]
    if m.kind is Cost.REPEATED:
        return "Why that one?" if cues.asks_which_one(said.text) else "How will you know whether that happens?"
    if m.kind is Cost.NOT_YET:
        if said.label is Label.GO_SEE:
            return QUESTIONS[Label.NEXT_STEP]
        if said.label in CARD_STEPS and said.label is not Label.TARGET:
            return QUESTIONS[CARD_ORDER[CARD_ORDER.index(said.label) - 1]]
        return QUESTIONS[Label.OBSTACLES]
    heard = next((a.turns[j].text for j in range(m.turn - 1, -1, -1) if a.turns[j].speaker == "learner"), "")
    m_it = rewrite.topic(heard) if heard else None
    return f"Tell me more about the {m_it}." if m_it else "What are you working on right now?"


def _phase_followups(a: CycleAnalysis, i: int) -> list[int]:
    """Coach turn ``i`` and the coach turns after it up to the next other card step."""
    label = a.turns[i].label
    out = [i]
    for j in range(i + 1, len(a.turns)):
        lj = a.labels[j]
        if lj is None:
            continue
        if lj in CARD_STEPS and lj != label:
            break
        out.append(j)
    return out


def _clarified(a: CycleAnalysis, i: int) -> bool:
    return any(a.labels[j] == Label.CLARIFY for j in _phase_followups(a, i)[1:])


def choose_feedback(analyses: Sequence[CycleAnalysis]) -> list[FeedbackItem]:
    """At most three items, highest impact on the overall score first."""
    if not analyses:
        return [
            FeedbackItem(
                kind=FeedbackKind.NO_QUESTIONS,
                trigger="When the learner is at the storyboard and the cycle begins",
                action=f"open with the first card question, '{QUESTIONS[Label.TARGET]}', "
                "and follow the card from there",
                why="A coaching cycle is led by the coach's questions; the card gives you the first one.",
                impact=100.0,
            )
        ]
    n = len(analyses)
    merged: dict[FeedbackKind, dict] = {}
    impacts: dict[FeedbackKind, float] = defaultdict(float)
    cycles: dict[FeedbackKind, list[int]] = defaultdict(list)
    turns: dict[FeedbackKind, list[int]] = defaultdict(list)
    for a in analyses:
        for c in _cycle_candidates(a):
            merged.setdefault(c.kind, {"trigger": c.trigger, "action": c.action, "why": c.why, "example": c.example})
            if merged[c.kind]["example"] is None:
                merged[c.kind]["example"] = c.example
            impacts[c.kind] += c.impact / n
            cycles[c.kind].append(a.index)
            turns[c.kind].extend(c.turns)

    def rank(kind: FeedbackKind) -> tuple[float, int, str]:
        prio = _PRIORITY.index(kind) if kind in _PRIORITY else len(_PRIORITY)
        return (-round(impacts[kind], 6), prio, kind)

    # Anti-patterns are named even when nothing else counted (their impact can be 0 then).
    if FeedbackKind.STOCK_FOLLOW_UP in merged:
        merged[FeedbackKind.STOCK_FOLLOW_UP]["why"] = _stock_why(analyses)
    ranked = sorted((k for k in merged if impacts[k] > 0 or k in _ANTI_KINDS), key=rank)
    chosen = ranked[:MAX_FEEDBACK]
    # Psychological safety first: a judgemental, telling or leading move always gets a place,
    # and telling, the plainest way of taking the thinking away, is always named.
    anti = [k for k in ranked if k in _ANTI_KINDS]
    must = FeedbackKind.TELLING if FeedbackKind.TELLING in ranked else (anti[0] if anti else None)
    if must is not None and must not in chosen and (
            must == FeedbackKind.TELLING or not any(k in _ANTI_KINDS for k in chosen)):
        if len(chosen) == MAX_FEEDBACK:
            spare = [k for k in chosen if k not in _ANTI_KINDS] or chosen[-1:]
            chosen.remove(spare[-1])
        chosen.append(must)
        chosen.sort(key=rank)
    return [
        FeedbackItem(
            kind=k, impact=round(impacts[k], 1), cycles=cycles[k], turns=turns[k], **merged[k]
        )
        for k in chosen
    ]


# --------------------------------------------------------------------------- strengths


def strengths(analyses: Sequence[CycleAnalysis]) -> list[str]:
    with_coach = [a for a in analyses if a.coach]
    if not with_coach:
        return []
    out: list[str] = []
    # What the card cannot give, first: following the learner, and leaving the thinking to them.
    calls = [m for a in with_coach for m in a.listening.moments if isinstance(m.kind, Call)]
    followed = sum(m.good for m in calls)
    if len(calls) >= 2 and followed >= 0.75 * len(calls):
        out.append(f"You followed up on what the learner said ({followed} of {len(calls)} replies that called for it).")
    questions = sum(len(a.quality_items) for a in with_coach)
    anti = sum(
        1 for a in with_coach for i in a.coach
        if i in a.judgemental or a.turns[i].label in (Label.LEADING, Label.TELLING)
    )
    # Never "the learner did the thinking" when a step was the coach's idea or the tempting fix.
    theirs = not any(a.coach_step or (a.origin is not None and a.origin.tempting) for a in analyses)
    if questions >= 3 and not anti and theirs:
        out.append("No advice and no leading questions: the learner did the thinking.")
    if all(not a.missing for a in with_coach):
        out.append("You covered every step of the card that was due.")
    elif any(not a.first and all(a.asked.get(s) for s in REFLECTION) for a in with_coach):
        out.append("You turned the card over and reflected on the last step.")
    if all(a.criteria[Criterion.ORDER] == 1.0 and len(a.alignment.phases) >= 3 for a in with_coach):
        out.append("You followed the card's order without going back and forth.")
    # A stock line fired at every answer is no clarifying follow-up, whatever it was heard as; a
    # strength is what the coach did more often than the routine.
    clarifying = [i not in a.listening.rote for a in with_coach for i, label in enumerate(a.labels) if label == Label.CLARIFY]
    if clarifying.count(True) >= max(1, clarifying.count(False) + 1):
        out.append("You asked clarifying follow-ups inside a step; that is how the learner's thinking gets precise.")
    asked_again = {(a.index, m.turn) for a in with_coach for m in a.listening.moments if m.kind is Cost.REPEATED}
    if any(cues.asks_which_one(a.turns[i].text) and (a.index, i) not in asked_again for a in with_coach for i in a.coach):
        out.append("You asked which obstacle the learner is addressing now.")
    predicted = [p for a in with_coach if (p := a.criteria.get(Criterion.PREDICTION)) is not None]
    if any(a.expectation_turns and not a.prediction_late for a in with_coach) and predicted and (
            sum(predicted) / len(predicted) >= 0.5):
        out.append("You asked what the learner expects before agreeing the next step.")
    if all(a.asked.get(Label.GO_SEE) for a in with_coach):
        out.append("You agreed a time to go and see.")
    if not out:
        out.append("You started a coaching conversation; practice with feedback is how coaching grows.")
    return out[:5]


__all__ = ["annotate", "choose_feedback", "strengths"]
