"""Score a coaching conversation against the Coaching Kata card, as a 2nd coach would.

The core, :func:`score_cycles`, takes turns that are already labelled (the session
engine passes the labels the player corrected); :func:`score_transcript` classifies a
parsed transcript's coach lines first.

Each cycle gets five criteria, each 0..1, weighted into a 0..100 cycle score:

====================  ======  ===========================================================
criterion             weight  what it measures
====================  ======  ===========================================================
coverage                35    share of the card steps due that were asked (9 steps; 5 on a
                              first cycle, where the reflection is not due). The card *is*
                              the pattern, so asking its questions weighs most: skipping
                              the whole reflection costs 4/9 × 35 ≈ 16 points.
question quality        25    the way of asking, a weighted mean over the coach's moves:
                              open card question or clarifying follow-up 1, card question
                              asked as a yes/no 0.75, off-card yes/no 0.5, leading or
                              telling 0 counted twice, judgemental ("Are you sure?", "Why
                              didn't you…?", also found in the text) 0 counted three times;
                              greetings and acknowledgements do not count. Leading and
                              telling take the thinking away from the learner, the most
                              common coaching mistake, so they weigh double.
order                   15    the share of the coach's card phases that follow the card
                              (longest common subsequence, see ``alignment``): clarifying
                              follow-ups and repeated asks inside a step are free; going
                              back and forth costs. Less than coverage: a phase asked out of
                              order still gets answered.
prediction              15    "What do you expect?" asked about the next step before it was
                              agreed (before going to see): 1; asked only after: 0.6; next
                              step asked without a prediction: 0.3; no next step: 0. The
                              2nd coach's checklist singles this out: without a prediction
                              nothing can be learned from the result.
go and see              10    a time to go and see was asked for: 1, else 0. Also on the
                              checklist; it makes the experiment happen soon.
====================  ======  ===========================================================

The weights sum to 100, so the canonical card cycle (every step, in order, asked openly,
with the prediction and a time to go and see) scores 100. Prediction and go-and-see also
count in coverage (as ``next_step`` and ``go_see``): the double weight is deliberate.

Monotonic by construction (the hypothesis tests check it): a telling or leading turn
only adds a zero to the quality mean; a missing card step added in its right place
raises coverage, extends the order alignment by one, and costs at most
(1 − 0.75) / 2 × 25 ≈ 3.1 points of quality if asked as a yes/no, which is less than the
coverage it adds (at least 35/9 ≈ 3.9).

The overall score is the mean of the cycle scores, rounded. Feedback: every shortfall
becomes a candidate item with the points fixing it would gain (its *impact*); a few
useful observations that are not scored (several obstacles and no "which one?", an
actual condition without data, "it didn't work" accepted as learning, an idea put into
the silence after a question, a cycle much longer than twenty minutes) get small fixed
impacts. The three with the highest impact are kept,
except that a judgemental, telling or leading move, when there is one, always gets a place
(it takes the third): psychological safety comes before completeness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Sequence

from dojo.coaching import cues
from dojo.coaching.alignment import Alignment, align
from dojo.coaching.labels import CARD_ORDER, CARD_STEPS, REFLECTION, Label
from dojo.coaching.report import CRITERIA, Criteria, CycleScore, ScoreReport, StepScore

if TYPE_CHECKING:
    from dojo.coaching.classifier import Classifier
    from dojo.transcript import Transcript

#: Criterion weights; they sum to 100 (see the module docstring for why).
WEIGHTS: dict[str, float] = {"coverage": 35.0, "order": 15.0, "quality": 25.0, "prediction": 15.0, "go_see": 10.0}

#: Quality of one coach move (0..1) and its weight in the quality mean.
Q_OPEN = 1.0
Q_CLOSED_CARD = 0.75
Q_CLOSED = 0.5
W_ANTI = 2.0  # leading, telling
W_JUDGEMENT = 3.0

#: Prediction criterion levels.
P_BEFORE = 1.0
P_LATE = 0.6
P_NO_EXPECTATION = 0.3

#: A coaching cycle is meant to take about twenty minutes or less.
LONG_CYCLE_MINUTES = 30.0


@dataclass(frozen=True, slots=True)
class TurnIn:
    """One turn, already labelled. ``label`` is None for learner turns.

    ``seconds`` is the time since the session started, when known.
    """

    speaker: Literal["coach", "learner"]
    text: str
    label: Label | None = None
    open: bool = False
    seconds: float | None = None


@dataclass(slots=True)
class CycleAnalysis:
    """Everything the scorer found in one cycle; feedback and notes read it."""

    index: int
    offset: int  # index of the cycle's first turn in the whole transcript
    first: bool
    turns: list[TurnIn]
    labels: list[Label | None]  # per turn; None for learner turns
    alignment: Alignment
    judgemental: set[int]  # local indexes of coach turns
    quality_items: dict[int, tuple[float, float]]  # local index -> (quality, weight)
    due: tuple[Label, ...]
    asked: dict[Label, list[int]]
    expectation_turns: list[int]
    prediction_late: bool
    criteria: dict[str, float]  # 0..1
    score: float  # 0..100
    minutes: float | None = None

    @property
    def coach(self) -> list[int]:
        return [i for i, t in enumerate(self.turns) if t.speaker == "coach"]

    @property
    def missing(self) -> list[Label]:
        return [s for s in self.due if not self.asked.get(s)]

    def reply(self, i: int) -> str:
        """The learner's answer to coach turn ``i``: learner turns up to the next coach turn."""
        out = []
        for t in self.turns[i + 1:]:
            if t.speaker == "coach":
                break
            out.append(t.text)
        return "\n".join(out)


def quality(items: Sequence[tuple[float, float]]) -> float:
    """Weighted mean of (quality, weight); 0 when the coach asked nothing that counts."""
    total = sum(w for _, w in items)
    return sum(q * w for q, w in items) / total if total else 0.0


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


def analyse_cycle(turns: Sequence[TurnIn], *, index: int = 0, offset: int = 0, first: bool = False) -> CycleAnalysis:
    turns = [
        t if t.speaker == "learner" or isinstance(t.label, Label) or t.label is None
        else TurnIn(t.speaker, t.text, _coerce_label(t.label), t.open, t.seconds)
        for t in turns
    ]
    labels: list[Label | None] = [t.label if t.speaker == "coach" else None for t in turns]
    alignment = align(labels)
    judgemental = {i for i, t in enumerate(turns) if t.speaker == "coach" and cues.is_judgemental(t.text)}
    quality_items: dict[int, tuple[float, float]] = {}
    for i, t in enumerate(turns):
        if t.speaker != "coach":
            continue
        q = _turn_quality(t, i in judgemental)
        if q is not None:
            quality_items[i] = q

    due = tuple(s for s in CARD_ORDER if not (first and s in REFLECTION))
    asked: dict[Label, list[int]] = {}
    for i, label in enumerate(labels):
        if label in CARD_STEPS:
            asked.setdefault(label, []).append(i)
    coach = [i for i, t in enumerate(turns) if t.speaker == "coach"]

    # Prediction: "what do you expect?" about the next step, before the step is agreed (go and see).
    nxt = asked.get(Label.NEXT_STEP, [])
    expectation_turns: list[int] = []
    late = False
    if nxt:
        expectation_turns = [
            i for i in coach
            if (labels[i] == Label.NEXT_STEP or (labels[i] == Label.CLARIFY and i > nxt[0]))
            and cues.asks_expectation(turns[i].text)
        ]
        if expectation_turns:
            agreed = next((i for i in asked.get(Label.GO_SEE, []) if i > nxt[0]), None)
            late = agreed is not None and expectation_turns[0] > agreed
            prediction = P_LATE if late else P_BEFORE
        else:
            prediction = P_NO_EXPECTATION
    else:
        prediction = 0.0

    criteria = {
        "coverage": sum(1 for s in due if asked.get(s)) / len(due),
        "order": alignment.order,
        "quality": quality(list(quality_items.values())),
        "prediction": prediction,
        "go_see": 1.0 if asked.get(Label.GO_SEE) else 0.0,
    }
    if not coach:
        criteria = dict.fromkeys(criteria, 0.0)
    score = sum(WEIGHTS[k] * criteria[k] for k in CRITERIA)

    times = [t.seconds for t in turns if t.seconds is not None]
    minutes = (max(times) - min(times)) / 60 if len(times) >= 2 else None
    return CycleAnalysis(
        index=index, offset=offset, first=first, turns=turns, labels=labels, alignment=alignment,
        judgemental=judgemental, quality_items=quality_items, due=due, asked=asked,
        expectation_turns=expectation_turns, prediction_late=late, criteria=criteria,
        score=min(100.0, max(0.0, score)), minutes=minutes,
    )


def _firsts(first_cycle: Sequence[bool] | bool, n: int) -> list[bool]:
    if isinstance(first_cycle, bool):
        return [first_cycle and i == 0 for i in range(n)]
    flags = [bool(f) for f in first_cycle]
    if len(flags) > n:
        raise ValueError(f"first_cycle has {len(flags)} flags for {n} cycles")
    return flags + [False] * (n - len(flags))


def _pct(x: float) -> float:
    return round(100.0 * x, 1)


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


def score_cycles(cycles: Sequence[Sequence[TurnIn]], *, first_cycle: Sequence[bool] | bool = False) -> ScoreReport:
    """Score pre-labelled cycles. ``first_cycle``: True (the first cycle has no previous
    step) or one flag per cycle; a cycle without a previous step is not asked to reflect."""
    from dojo.coaching.feedback import annotate, choose_feedback, strengths  # noqa: PLC0415

    firsts = _firsts(first_cycle, len(cycles))
    analyses: list[CycleAnalysis] = []
    offset = 0
    for i, cycle in enumerate(cycles):
        analyses.append(analyse_cycle(cycle, index=i, offset=offset, first=firsts[i]))
        offset += len(cycle)

    cycle_scores = []
    for a in analyses:
        cycle_scores.append(
            CycleScore(
                index=a.index, first_cycle=a.first, score=round(a.score, 1),
                criteria=Criteria(**{k: _pct(v) for k, v in a.criteria.items()}),
                steps=_step_scores(a), coach_turns=len(a.coach), missing=a.missing,
                out_of_order=[p.step for p, ok in zip(a.alignment.phases, a.alignment.in_order) if not ok],
                minutes=None if a.minutes is None else round(a.minutes, 1),
            )
        )
    n = len(analyses)
    overall = sum(a.score for a in analyses) / n if n else 0.0
    criteria = Criteria(**{k: _pct(sum(a.criteria[k] for a in analyses) / n) if n else 0.0 for k in CRITERIA})
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
    )


def turns_from_transcript(transcript: Transcript, classifier: Classifier | None = None) -> list[list[TurnIn]]:
    """Label a transcript's coach lines with ``classifier`` (default: the best available)."""
    if classifier is None:
        from dojo.coaching.classifier import default_classifier  # noqa: PLC0415

        classifier = default_classifier()
    coach_texts = [line.text for cycle in transcript.cycles for line in cycle if line.speaker == "coach"]
    results = iter(classifier.classify_many(coach_texts))
    out: list[list[TurnIn]] = []
    for cycle in transcript.cycles:
        turns = []
        for line in cycle:
            if line.speaker == "coach":
                c = next(results)
                turns.append(TurnIn("coach", line.text, c.label, c.open))
            else:
                turns.append(TurnIn("learner", line.text))
        out.append(turns)
    return out


def score_transcript(
    transcript: Transcript, classifier: Classifier | None = None, *, first_cycle: Sequence[bool] | bool = False
) -> ScoreReport:
    """Classify the coach lines (with ``default_classifier()`` unless given one) and score them."""
    return score_cycles(turns_from_transcript(transcript, classifier), first_cycle=first_cycle)
