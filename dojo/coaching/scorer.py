"""Score a coaching conversation against the Coaching Kata card, as a 2nd coach would.

The core, :func:`score_cycles`, takes turns that are already labelled (the session
engine passes the labels the player corrected); :func:`score_transcript` classifies a
parsed transcript's coach lines first.

Each cycle gets six criteria, each 0..1, weighted into a 0..100 cycle score:

====================  ======  ===========================================================
criterion             weight  what it measures
====================  ======  ===========================================================
coverage                28    share of the card steps due that were asked (9 steps; 5 on a
                              first cycle, where the reflection is not due). The card *is*
                              the pattern, so asking its questions weighs most: skipping
                              the whole reflection costs 4/9 × 28 ≈ 12 points.
listening               20    for every learner reply that called for a follow-up (an
                              opinion instead of data, "it didn't work", several obstacles
                              and no choice, "I don't know yet", a step with no number to
                              expect, a new fact), was it followed up before moving on? Off-
                              topic questions, re-asking what was answered, card questions
                              asked before their answer could exist, an idea of the
                              coach's that the learner took on, and a stock follow-up
                              fired at an answer it did not fit (the same line after
                              every answer, see ``reflex``) count as misses (see
                              ``listening``). About a fifth: the card is the skeleton, the
                              coaching is in the follow-ups, and a coach who recites the card
                              must not score like one who listens. Not judged when the
                              learner's lines are missing or nothing called for a follow-up:
                              the other weights are then scaled to 100.
question quality        20    the way of asking, a weighted mean over the coach's moves:
                              open card question or clarifying follow-up 1, card question
                              asked as a yes/no 0.75, off-card yes/no 0.5, leading or
                              telling 0 counted twice, judgemental ("Are you sure?", "Why
                              didn't you…?", also found in the text) 0 counted three times;
                              a stock follow-up said by rote (``reflex``) 0.5, like an
                              off-card yes/no: it opens nothing of what was just said;
                              greetings and acknowledgements do not count. Leading and
                              telling take the thinking away from the learner, the most
                              common coaching mistake, so they weigh double.
order                   12    the share of the coach's card phases that follow the card
                              (longest common subsequence, see ``alignment``): clarifying
                              follow-ups and repeated asks inside a step are free; going
                              back and forth costs. Less than coverage: a phase asked out of
                              order still gets answered. One order error costs the whole
                              criterion: the next step agreed before the obstacles when that
                              made the plan (the session knows the learner chose without
                              them; in a transcript, the step was not asked again after
                              them), because then the step is aimed at no obstacle.
prediction              12    "What do you expect?" asked about the next step before it was
                              agreed (before going to see): 1; asked only after: 0.6; next
                              step asked without a prediction: 0.3; no next step: 0. The
                              2nd coach's checklist singles this out: without a prediction
                              nothing can be learned from the result.
go and see               8    a time to go and see was asked for: 1, else 0. Also on the
                              checklist; it makes the experiment happen soon.
====================  ======  ===========================================================

The weights sum to 100, so the canonical card cycle (every step, in order, asked openly,
with the prediction and a time to go and see, every reply that called for it followed up)
scores 100. Prediction and go-and-see also count in coverage (as ``next_step`` and
``go_see``): the double weight is deliberate.

**The coach's idea as the step.** A leading or telling turn costs quality, but a single
one that names the fix can hand the learner the whole step; then the card was read and
the thinking it exists to develop did not happen. So a cycle whose step was the coach's
idea — the learner took on a leading or telling turn (their reply adopts it, or the
session says the step was chosen by the coach; in a cycle with no learner lines, a
leading or telling line that names a fix) — scores at most ``COACH_STEP_MAX`` (60), and
the turn counts as a listening miss. Reading the card perfectly and slipping in "Have you
thought about trying the jig?" each cycle ends near 60, not 96.

Monotonic by construction (the hypothesis tests check it): a telling or leading turn
only adds a zero to the quality mean, is never a follow-up, and can only add a listening
miss or the ceiling; a missing card step added in its right place (after the learner's
last reply in the phase before it) raises coverage, extends the order alignment by one,
cannot end a follow-up window early, and costs at most (1 − 0.75) / 2 × 20 = 2.5 points
of quality if asked as a yes/no, which is less than the coverage it adds (at least
28/9 ≈ 3.1). A follow-up to a reply that called for one turns a miss into a follow-up
and adds an open question to the quality mean.

The overall score is the mean of the cycle scores, rounded. Feedback: every shortfall
becomes a candidate item with the points fixing it would gain (its *impact*); a few
useful observations that are not scored (an idea put into the silence after a question,
a cycle much longer than twenty minutes) get small fixed impacts. The three with the
highest impact are kept, except that a judgemental, telling or leading move, when there
is one, always gets a place (it takes the third): psychological safety comes before
completeness. Each item names the moment (cycle and turn), quotes the coach's line and
offers a rewrite (``rewrite``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dojo.coaching import cues
from dojo.coaching.alignment import align
from dojo.coaching.analysis import CycleAnalysis
from dojo.coaching.context import EARLIER_LINES
from dojo.coaching.feedback import annotate, choose_feedback, strengths
from dojo.coaching.labels import ANTI_PATTERNS, CARD_ORDER, CARD_STEPS, REFLECTION, Label
from dojo.coaching.listening import Call, Cost, coach_pushed_a_fix, coach_took_over, cost_of, fits, listen
from dojo.coaching.reflex import Stock, find_stock
from dojo.coaching.report import CRITERIA, ChosenBy, Criteria, Criterion, CycleScore, ScoreReport, StepOrigin, StepScore
from dojo.coaching.turns import TurnIn
from dojo.coaching.weights import (
    COACH_STEP_MAX,
    P_BEFORE,
    P_LATE,
    P_NO_EXPECTATION,
    Q_CLOSED,
    Q_CLOSED_CARD,
    Q_OPEN,
    W_ANTI,
    W_JUDGEMENT,
    WEIGHTS,
    quality,
    weighted,
)

if TYPE_CHECKING:
    from dojo.coaching.classifier import Classifier
    from dojo.transcript import Transcript


def _coerce_label(label: Label | str | None) -> Label | None:
    if label is None or isinstance(label, Label):
        return label
    return Label(str(label))


def _turn_quality(turn: TurnIn, judgemental: bool) -> tuple[float, float] | None:
    label = turn.label
    if judgemental:
        return (0.0, W_JUDGEMENT)
    if label in (Label.LEADING, Label.TELLING):
        return (0.0, W_ANTI)
    if label in CARD_STEPS:
        return (Q_OPEN if turn.open else Q_CLOSED_CARD, 1.0)
    if label == Label.CLARIFY:
        return (Q_OPEN, 1.0)
    if label == Label.CLOSED:
        return (Q_CLOSED, 1.0)
    return None  # other, or unlabelled: neutral


def _phase_labels(labels: Sequence[Label | None], followers: frozenset[int]) -> list[Label | None]:
    """The labels the order is read from: a card question that goes back to an earlier step to
    follow up what the learner just said ("What did you expect, then?" after "it didn't work")
    is a follow-up, not going back and forth."""
    out: list[Label | None] = []
    last = -1
    for i, label in enumerate(labels):
        if label in CARD_STEPS:
            rank = CARD_ORDER.index(label)
            if i in followers and rank < last:
                out.append(None)
                continue
            last = rank
        out.append(label)
    return out


#: Moves that ask about the work (an off-topic reply voids them).
_ASKS = CARD_STEPS | {Label.CLARIFY, Label.CLOSED}


def _unplaced(turns: Sequence[TurnIn], i: int) -> bool:
    """Did the learner answer coach turn ``i`` only by failing to place what it was about?"""
    replies = []
    for t in turns[i + 1:]:
        if t.speaker == "coach":
            break
        replies.append(t)
    return bool(replies) and all(_puzzled(t) for t in replies)


#: A learner who cannot place what was asked about ("The printer? We don't have one on this
#: line."). Narrower than the listening cost: "what do you mean by flow?" asks back, it does
#: not void the question.
_PUZZLED = re.compile(
    r"^(the|a|an|your|our) [\w' -]{1,30}\?\s+(we|i|there)\b|\bwe don'?t have (a|an|any)\b|\bnever heard of\b"
    r"|\bwhat does that have to do with\b|\bno idea what you'?re (talking|asking) about\b"
)


def _puzzled(t: TurnIn) -> bool:
    if t.key is not None:
        return t.key == "off_topic"
    return _PUZZLED.search(" ".join(t.text.lower().split())) is not None


def analyse_cycle(
    turns: Sequence[TurnIn], *, index: int = 0, offset: int = 0, first: bool = False, origin: StepOrigin | None = None,
    stock: Mapping[str, Stock] | None = None,
) -> CycleAnalysis:
    """One cycle's criteria, score and findings. ``stock``: the session's stock follow-up
    wordings (:func:`~dojo.coaching.reflex.find_stock`), which count as no follow-up."""
    turns = [
        t if t.speaker == "learner" or isinstance(t.label, Label) or t.label is None
        else TurnIn(t.speaker, t.text, _coerce_label(t.label), t.open, t.seconds, t.key, t.guess, t.also)
        for t in turns
    ]
    # A leading or telling reading the classifier only guessed at counts as neither: it costs
    # nothing and gets no feedback (the annotated transcript still shows the guess).
    guessed = {i: t.label for i, t in enumerate(turns) if t.speaker == "coach" and t.guess and t.label in ANTI_PATTERNS}
    # A card question the learner could not place ("The printer? We don't have one.") asked
    # nothing about the work: it covers no card step (card-shaped noise scores as noise).
    unplaced = {i: t.label for i, t in enumerate(turns)
                if t.speaker == "coach" and t.label in _ASKS and (_unplaced(turns, i) or cues.garbled(t.text))}
    skip = guessed | unplaced
    turns = [dataclasses.replace(t, label=Label.OTHER) if i in skip else t for i, t in enumerate(turns)]
    # "How much, by when?" after the next step sizes its prediction: heard as the target, it is
    # still the step's question (not a return to the target).
    step_at = next((i for i, t in enumerate(turns) if t.speaker == "coach" and t.label is Label.NEXT_STEP), None)
    if step_at is not None:
        turns = [dataclasses.replace(t, label=Label.NEXT_STEP)
                 if i > step_at and t.speaker == "coach" and t.label is Label.TARGET and cues.asks_how_much(t.text) else t
                 for i, t in enumerate(turns)]
    labels: list[Label | None] = [t.label if t.speaker == "coach" else None for t in turns]
    judgemental = {i for i, t in enumerate(turns) if t.speaker == "coach" and cues.is_judgemental(t.text)}
    took_over = coach_took_over(turns, judgemental)
    heard = listen(turns, judgemental, took_over, stock)
    alignment = align(_phase_labels(labels, heard.followers))
    quality_items: dict[int, tuple[float, float]] = {}
    for i, t in enumerate(turns):
        if t.speaker != "coach":
            continue
        q = _turn_quality(t, i in judgemental)
        if q is not None and i in heard.rote and q[0] > Q_CLOSED:
            q = (Q_CLOSED, 1.0)  # a stock line said by rote opens nothing the learner said: an off-card closed move
        if i in unplaced and cues.garbled(t.text):
            # Card-shaped nonsense asks nothing about the work. (A question the learner could not
            # place keeps its own quality: the reply that puzzled may not have been its answer.)
            q = (0.0, 1.0)
        if q is not None:
            quality_items[i] = q

    due = tuple(s for s in CARD_ORDER if not (first and s in REFLECTION))
    asked: dict[Label, list[int]] = {}
    for i, label in enumerate(labels):
        if label in CARD_STEPS:
            asked.setdefault(label, []).append(i)
        if label is not None and i not in skip:
            for step in turns[i].also:  # a compound ask covers each card step it asks
                asked.setdefault(step, []).append(i)
    coach = [i for i, t in enumerate(turns) if t.speaker == "coach"]

    # Prediction: "what do you expect?" about the next step, before the step is agreed (go and see).
    nxt = asked.get(Label.NEXT_STEP, [])
    expectation_turns: list[int] = []
    late = False
    if nxt:
        # "How much, by when?" after the step asks for the prediction, sized, however it was heard.
        expectation_turns = [
            i for i in coach
            if ((labels[i] == Label.NEXT_STEP or (labels[i] == Label.CLARIFY and i > nxt[0]))
                and cues.asks_expectation(turns[i].text))
            or (i > nxt[0] and labels[i] in (Label.NEXT_STEP, Label.CLARIFY) and cues.asks_how_much(turns[i].text))
        ]
        if expectation_turns:
            agreed = next((i for i in asked.get(Label.GO_SEE, []) if i > nxt[0]), None)
            late = agreed is not None and expectation_turns[0] > agreed
            prediction = P_LATE if late else P_BEFORE
        else:
            prediction = P_NO_EXPECTATION
    else:
        prediction = 0.0

    # The coach's idea as the step, and the step agreed before the obstacles.
    coach_step = bool(took_over) or (origin is not None and origin.chosen_by == ChosenBy.COACH)
    if origin is not None:
        before_obstacles = origin.chosen_by == ChosenBy.PERSONA and bool(nxt)
    else:
        before_obstacles = bool(alignment.step_before_obstacles) and not alignment.replanned

    # The card's last questions are about the step: a cycle that agreed none (the learner was left at
    # "I don't know yet", or waiting to be told) asked for a prediction of nothing and a visit to see nothing.
    no_step = origin is not None and origin.chosen_by == ChosenBy.NONE
    criteria: dict[Criterion, float | None] = {
        Criterion.COVERAGE: sum(1 for s in due if asked.get(s)) / len(due),
        Criterion.ORDER: 0.0 if before_obstacles else alignment.order,
        Criterion.QUALITY: quality(list(quality_items.values())),
        Criterion.PREDICTION: 0.0 if no_step else prediction,
        Criterion.GO_SEE: 1.0 if any(_time_agreed(turns, i) for i in asked.get(Label.GO_SEE, [])) and not no_step else 0.0,
        Criterion.LISTENING: heard.score,
    }
    if not coach:
        criteria = dict.fromkeys(criteria, 0.0)
    score = weighted(criteria)
    if coach_step or coach_pushed_a_fix(turns, judgemental):  # a fix the learner turned down was still the coach's
        score = min(score, COACH_STEP_MAX)

    times = [t.seconds for t in turns if t.seconds is not None]
    minutes = (max(times) - min(times)) / 60 if len(times) >= 2 else None
    return CycleAnalysis(
        index=index, offset=offset, first=first, turns=turns, labels=labels, alignment=alignment,
        judgemental=judgemental, quality_items=quality_items, due=due, asked=asked,
        expectation_turns=expectation_turns, prediction_late=late, criteria=criteria,
        score=min(100.0, max(0.0, score)), listening=heard, took_over=took_over, coach_step=coach_step,
        step_before_obstacles=before_obstacles, origin=origin, minutes=minutes, guessed=guessed, unplaced=unplaced,
    )


def _time_agreed(turns: Sequence[TurnIn], i: int) -> bool:
    """Did the go-and-see ask at ``i`` agree a time? Not when the learner could not place it yet
    ("See what, though? We haven't agreed a step.")."""
    reply = next((t for t in turns[i + 1 :] if t.speaker == "learner"), None)
    return reply is None or cost_of(reply.text, reply.key) is not Cost.NOT_YET


def _firsts(first_cycle: Sequence[bool] | bool, n: int) -> list[bool]:
    if isinstance(first_cycle, bool):
        return [first_cycle and i == 0 for i in range(n)]
    flags = [bool(f) for f in first_cycle]
    if len(flags) > n:
        raise ValueError(f"first_cycle has {len(flags)} flags for {n} cycles")
    return flags + [False] * (n - len(flags))


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100.0 * x, 1)


def _mean(values: Sequence[float | None]) -> float | None:
    judged = [v for v in values if v is not None]
    return sum(judged) / len(judged) if judged else None


def _step_scores(a: CycleAnalysis) -> list[StepScore]:
    out = []
    for step in CARD_ORDER:
        idx = a.asked.get(step, [])
        due = step in a.due
        if not due:
            score = None
        elif not idx:
            score = 0.0
        else:
            score = 100.0 if any(a.turns[i].open for i in idx) else 100.0 * Q_CLOSED_CARD
        out.append(StepScore(step=step, score=score, asked=len(idx), due=due))
    return out


def score_cycles(
    cycles: Sequence[Sequence[TurnIn]],
    *,
    first_cycle: Sequence[bool] | bool = False,
    origins: Sequence[StepOrigin | None] | None = None,
) -> ScoreReport:
    """Score pre-labelled cycles. ``first_cycle``: True (the first cycle has no previous
    step) or one flag per cycle; a cycle without a previous step is not asked to reflect.
    ``origins``: per cycle, where its step came from, when a session knows it."""

    firsts = _firsts(first_cycle, len(cycles))
    origins = list(origins or [])

    def analyse(stock: Mapping[str, Stock] | None) -> list[CycleAnalysis]:
        out: list[CycleAnalysis] = []
        offset = 0
        for i, cycle in enumerate(cycles):
            origin = origins[i] if i < len(origins) else None
            out.append(analyse_cycle(cycle, index=i, offset=offset, first=firsts[i], origin=origin, stock=stock))
            offset += len(cycle)
        return out

    analyses = analyse(None)
    # A follow-up fired whatever the learner said shows over the session, not in one reply.
    stock = find_stock((p for a in analyses for p in a.listening.probes), sum(a.listening.answers for a in analyses),
                       [c for a in analyses for c in a.listening.contexts], fits)
    if stock:
        analyses = analyse(stock)

    cycle_scores = []
    for a in analyses:
        cycle_scores.append(
            CycleScore(
                index=a.index, first_cycle=a.first, score=round(a.score, 1),
                criteria=Criteria(**{k: _pct(v) for k, v in a.criteria.items()}),
                steps=_step_scores(a), coach_turns=len(a.coach), missing=a.missing,
                out_of_order=[p.step for p, ok in zip(a.alignment.phases, a.alignment.in_order) if not ok],
                minutes=None if a.minutes is None else round(a.minutes, 1),
                coach_step=a.coach_step, step_before_obstacles=a.step_before_obstacles,
                follow_ups_due=sum(1 for m in a.listening.moments if m.kind in _CALLS),
                follow_ups_missed=sum(1 for m in a.listening.missed if m.kind in _CALLS),
            )
        )
    n = len(analyses)
    overall = sum(a.score for a in analyses) / n if n else 0.0
    criteria = Criteria(**{
        k: (_pct(_mean([a.criteria[k] for a in analyses])) if k is Criterion.LISTENING
            else _pct(sum(a.criteria[k] or 0.0 for a in analyses) / n) if n else 0.0)
        for k in CRITERIA
    })
    steps = []
    for j, step in enumerate(CARD_ORDER):
        per = [c.steps[j] for c in cycle_scores]
        due = [s.score for s in per if s.due and s.score is not None]
        steps.append(
            StepScore(
                step=step, score=round(sum(due) / len(due), 1) if due else None,
                asked=sum(s.asked for s in per), due=bool(due),
            )
        )
    return ScoreReport(
        score=max(0, min(100, round(overall))),
        criteria=criteria,
        steps=steps,
        cycles=cycle_scores,
        turns=annotate(analyses),
        feedback=choose_feedback(analyses),
        strengths=strengths(analyses),
        weights=dict(WEIGHTS),
        listening_judged=any(a.listening.heard_learner for a in analyses),
    )


_CALLS = frozenset(Call)
def turns_from_transcript(transcript: Transcript, classifier: Classifier | None = None) -> list[list[TurnIn]]:
    """Label a transcript's coach lines with ``classifier`` (default: the best available)."""
    if classifier is None:
        from dojo.coaching.hearing import default_classifier  # noqa: PLC0415

        classifier = default_classifier()
    from dojo.coaching.classifier import Context  # noqa: PLC0415

    out: list[list[TurnIn]] = []
    earlier: list[str] = []  # the learner's lines of earlier cycles: the ideas they raised before
    for cycle in transcript.cycles:
        turns: list[TurnIn] = []
        said: list[str] = []
        previous = ""
        asked: list[Label] = []
        board = " ".join(earlier[-EARLIER_LINES:])
        for line in cycle:
            if line.speaker == "coach":
                # Heard as the game hears it: against what the learner said in this cycle.
                context = (
                    Context(previous=previous, said=" ".join(said), asked=tuple(asked), board=board)
                    if said or board else None
                )
                c = classifier.classify(line.text, context)
                turns.append(TurnIn("coach", line.text, c.label, c.open, guess=c.guess, also=c.also))
                previous = ""
                asked.extend(step for step in (c.label, *c.also) if step in CARD_STEPS)
            else:
                turns.append(TurnIn("learner", line.text))
                said.append(line.text)
                previous = line.text if not previous else f"{previous} {line.text}"
        out.append(turns)
        earlier.extend(said)
    return out


def score_transcript(
    transcript: Transcript, classifier: Classifier | None = None, *, first_cycle: Sequence[bool] | bool = False
) -> ScoreReport:
    """Classify the coach lines (with ``default_classifier()`` unless given one) and score them."""
    return score_cycles(turns_from_transcript(transcript, classifier), first_cycle=first_cycle)
