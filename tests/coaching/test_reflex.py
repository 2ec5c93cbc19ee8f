"""Stock follow-ups: the same line fired whatever the learner said is not listening; a follow-up
that fits what they said is, however short."""

from __future__ import annotations

from test_scorer_support import card_cycle, coach, learner

from dojo.coaching.labels import Label
from dojo.coaching.listening import Call, Cost
from dojo.coaching.reflex import MIN_USES, Probe, find_stock, refers, wording
from dojo.coaching.report import FeedbackKind, ScoreReport
from dojo.coaching.scorer import TurnIn, score_cycles

OPINION = "Honestly? It's the tester, I think. Every time it faults we're stuck."


def after_every_answer(cycle: list[TurnIn], lines: list[str]) -> list[TurnIn]:
    """``cycle`` with one of ``lines`` (in turn) after every learner answer, and a reply to it."""
    out: list[TurnIn] = []
    n = 0
    for t in cycle:
        out.append(t)
        if t.speaker == "learner":
            out += [coach(Label.CLARIFY, lines[n % len(lines)]), learner("From the run chart: 58 s.")]
            n += 1
    return out


def with_opinion(cycle: list[TurnIn]) -> list[TurnIn]:
    """The canonical cycle whose actual condition is an opinion, not data: it calls for evidence."""
    actual = next(i for i, t in enumerate(cycle) if t.speaker == "coach" and t.label is Label.ACTUAL)
    return [*cycle[: actual + 1], learner(OPINION), *cycle[actual + 2:]]


def evidence_moment(report_cycle: list[TurnIn]) -> bool:
    """Was the opinion followed up, as the session scorer judged it?"""
    report = score_cycles([report_cycle])
    opinion = next(t.index for t in report.turns if t.text == OPINION)
    return "followed_up" in report.turns[opinion].flags


def kinds(report: ScoreReport) -> list[str]:
    return [f.kind for f in report.feedback]


# ----------------------------------------------------------------- the words


def test_a_lead_in_does_not_make_another_wording() -> None:
    assert wording("OK. How do you know?") == wording("How do you know?") == wording("how do you KNOW")
    assert wording("Thanks, Jo. Tell me more.") == wording("Tell me more!")
    assert wording("Thanks for telling me that. How do you know?") == wording("How do you know?")
    assert wording("How do you know it's the tester?") != wording("How do you know?")


def test_a_follow_up_refers_to_the_reply_when_it_picks_up_the_learners_own_words() -> None:
    assert refers("How do you know it's the tester?", OPINION)
    assert refers("What does 58 s tell you?", "58 seconds on average.")
    assert refers("So the operators wait for parts?", "The operator waits at the parts rack.")
    # Words every follow-up uses, and the card's own words, are nobody's in particular.
    assert not refers("How do you know?", "I don't know yet.")
    assert not refers("Tell me more about that.", "More or less the same, I'd say.")
    assert not refers("What is the target condition?", "The target condition is 45 s by March.")


# ----------------------------------------------------------------- which wordings are stock


def probe(turn: int, *, kind: Call | None = None, step: Label | None = Label.TARGET, fits: bool = False,
          text: str = "How do you know?", refers: bool = False) -> Probe:
    return Probe(turn=turn, reply=turn - 1, text=text, kind=kind, step=step, fits=fits, refers=refers, after_card=True)


STEPS = [Label.TARGET, Label.ACTUAL, Label.LAST_STEP, Label.OBSTACLES, Label.NEXT_STEP, Label.GO_SEE]


def test_a_line_said_after_answers_of_every_kind_that_it_did_not_fit_is_stock() -> None:
    probes = [probe(i, step=s) for i, s in enumerate(STEPS)]
    stock = find_stock(probes, answers=len(STEPS))
    assert list(stock) == ["how do you know"]
    assert stock["how do you know"].uses == stock["how do you know"].missed == len(STEPS)


def test_a_line_said_each_time_where_it_fits_is_never_stock_however_often() -> None:
    probes = [probe(i, kind=Call.EVIDENCE, step=s, fits=True) for i, s in enumerate(STEPS)]
    assert find_stock(probes, answers=len(STEPS)) == {}


def test_uses_that_fit_never_make_a_line_stock() -> None:
    missed = [probe(i, step=s) for i, s in enumerate(STEPS[: MIN_USES - 1])]
    fitting = [probe(10 + i, kind=Call.EVIDENCE, fits=True) for i in range(5)]
    assert find_stock(missed + fitting, answers=MIN_USES + 5) == {}
    # ... and a line that misses as often as it fits is not a reflex either.
    missed = [probe(i, step=s) for i, s in enumerate(STEPS[:3])]
    fitting = [probe(10 + i, kind=Call.EVIDENCE, fits=True) for i in range(3)]
    assert find_stock(missed + fitting, answers=6) == {}


def test_a_line_that_picks_up_the_learners_words_each_time_is_not_stock() -> None:
    probes = [probe(i, step=s, refers=True) for i, s in enumerate(STEPS)]
    assert find_stock(probes, answers=len(STEPS)) == {}


def test_a_pet_question_after_a_few_of_many_answers_is_a_habit_not_a_routine() -> None:
    probes = [probe(i, step=s) for i, s in enumerate(STEPS[:3])]
    assert find_stock(probes, answers=10) == {}
    assert find_stock(probes, answers=6)  # after half of them, it is what the coach says to anything


def test_rotating_a_few_stock_lines_does_not_hide_them() -> None:
    lines = ["How do you know?", "Tell me more.", "Why?", "Can you say more about that?"]
    probes = [probe(i, step=STEPS[i % len(STEPS)], text=lines[i % len(lines)]) for i in range(16)]
    assert sorted(find_stock(probes, answers=16)) == sorted(wording(x) for x in lines)


# ----------------------------------------------------------------- in the score


def test_a_stock_follow_up_after_every_answer_is_not_listening() -> None:
    card = with_opinion(card_cycle())
    reflex = after_every_answer(card, ["How do you know?"])
    assert not evidence_moment(reflex)  # "How do you know?" landed on the opinion, by rote
    card_report, reflex_report = score_cycles([card]), score_cycles([reflex])
    assert reflex_report.criteria.listening is not None and card_report.criteria.listening is not None
    assert reflex_report.criteria.listening < card_report.criteria.listening
    assert reflex_report.score < card_report.score
    notes = [t for t in reflex_report.turns if t.speaker == "coach" and t.text == "How do you know?"]
    assert notes and all(Cost.STOCK.value in t.flags for t in notes)


def test_the_same_follow_up_where_it_fits_is_listening() -> None:
    card = with_opinion(card_cycle())
    at = next(i for i, t in enumerate(card) if t.text == OPINION)
    fitting = [*card[: at + 1], coach(Label.CLARIFY, "How do you know?"), learner("From the run chart: 58 s."),
               *card[at + 1:]]
    assert evidence_moment(fitting)
    report = score_cycles([fitting])
    assert report.score >= score_cycles([card]).score
    assert FeedbackKind.STOCK_FOLLOW_UP not in kinds(report)


def test_a_short_fitting_follow_up_in_every_cycle_of_a_session_stays_a_follow_up() -> None:
    card = with_opinion(card_cycle())
    at = next(i for i, t in enumerate(card) if t.text == OPINION)
    fitting = [*card[: at + 1], coach(Label.CLARIFY, "How do you know?"), learner("From the run chart: 58 s."),
               *card[at + 1:]]
    report = score_cycles([fitting] * 5)
    assert all(c.follow_ups_missed == 0 for c in report.cycles)
    assert FeedbackKind.STOCK_FOLLOW_UP not in kinds(report)


def test_a_stock_line_after_every_second_answer_is_still_a_routine() -> None:
    card = with_opinion(card_cycle())
    out: list[TurnIn] = []
    answers = 0
    for t in card:
        out.append(t)
        if t.speaker == "learner":
            answers += 1
            if answers % 2:
                out += [coach(Label.CLARIFY, "How do you know?"), learner("From the run chart: 58 s.")]
    report = score_cycles([out] * 3)
    assert FeedbackKind.STOCK_FOLLOW_UP in kinds(report)
    assert report.score <= score_cycles([card] * 3).score


def test_an_acknowledgement_after_every_answer_is_manners_not_a_reflex() -> None:
    card = with_opinion(card_cycle())
    thanked = after_every_answer(card, ["Thank you."])
    report = score_cycles([thanked] * 3)
    assert FeedbackKind.STOCK_FOLLOW_UP not in kinds(report)
    # ... but an acknowledgement does not hide the stock line said after it, in a turn of its own.
    split: list[TurnIn] = []
    for t in card:
        split.append(t)
        if t.speaker == "learner":
            split += [coach(Label.OTHER, "Thanks."), coach(Label.CLARIFY, "How do you know?"), learner("From the run chart.")]
    assert FeedbackKind.STOCK_FOLLOW_UP in kinds(score_cycles([split] * 3))
    lead_in = after_every_answer(card, ["Thanks, that helps. Tell me more."])
    assert FeedbackKind.STOCK_FOLLOW_UP in kinds(score_cycles([lead_in] * 3))


def test_rotated_stock_lines_score_no_better_than_one() -> None:
    card = with_opinion(card_cycle())
    one = score_cycles([after_every_answer(card, ["How do you know?"])] * 3)
    four = score_cycles([after_every_answer(card, ["How do you know?", "Tell me more.", "Why?",
                                                  "Can you say more about that?"])] * 3)
    assert four.score <= score_cycles([card] * 3).score
    assert one.score <= score_cycles([card] * 3).score


def test_the_2nd_coach_names_the_stock_line_and_what_it_was_fired_at() -> None:
    report = score_cycles([after_every_answer(with_opinion(card_cycle()), ["How do you know?"])])
    item = next(f for f in report.feedback if f.kind == FeedbackKind.STOCK_FOLLOW_UP)
    assert item.why.startswith("You asked 'How do you know?' after every answer to a card question, whatever it said")
    assert "the target condition" in item.why
    assert item.example is not None and item.example.said == "How do you know?"
    assert item.example.learner  # the answer it was fired at
    assert item.example.instead != "How do you know?"
    assert not any("clarifying follow-ups" in line for line in report.strengths)  # not praised for it either


def test_the_feedback_quotes_whatever_stock_line_was_said() -> None:
    report = score_cycles([after_every_answer(card_cycle(), ["Interesting. And why is that?"])] * 2)
    item = next(f for f in report.feedback if f.kind == FeedbackKind.STOCK_FOLLOW_UP)
    assert "'Interesting. And why is that?'" in item.why
