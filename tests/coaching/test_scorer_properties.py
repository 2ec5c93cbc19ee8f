"""Hypothesis properties of the scorer: bounds, determinism, monotonicity."""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_scorer_support import CARD_QUESTIONS, card_cycle, coach, learner

from dojo.coaching.labels import CARD_ORDER, REFLECTION, Label
from dojo.coaching.listening import Call, calls_for, cost_of
from dojo.coaching.reflex import MIN_USES
from dojo.coaching.scorer import TurnIn, analyse_cycle, score_cycles

#: SCORER_EXAMPLES=2000 for a deeper search (it passes; about 2.5 minutes).
SETTINGS = settings(max_examples=int(os.environ.get("SCORER_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Texts that exercise the text cues: predictions, judgement, which-one, lists, plain talk.
TEXTS = [
    "What is the target condition?",
    "What do you expect?",
    "What did you expect?",
    "What do you think will happen?",
    "Are you sure?",
    "Why didn't you measure it?",
    "Which one are you addressing now?",
    "How do you know?",
    "You should add a second operator.",
    "Have you tried a second operator?",
    "Did the team like it?",
    "Good morning!",
    "the fixture, the walking, and the parts",
    "It didn't work.",
    "58 seconds",
    "",
    "\x00\x1b[31m🙂 ¿qué esperas?",
]

texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=40))


@st.composite
def turns(draw) -> TurnIn:
    if draw(st.booleans()):
        return TurnIn("learner", draw(texts), None, False, draw(st.none() | st.floats(0, 5000)))
    return TurnIn(
        "coach", draw(texts), draw(st.sampled_from(list(Label))), draw(st.booleans()),
        draw(st.none() | st.floats(0, 5000)),
    )


cycles_st = st.lists(st.lists(turns(), max_size=25), max_size=4)
firsts_st = st.one_of(st.booleans(), st.lists(st.booleans(), max_size=4))


def _firsts(firsts, n):
    return firsts if isinstance(firsts, bool) else firsts[:n]


@SETTINGS
@given(cycles_st, firsts_st)
def test_score_is_bounded_and_feedback_is_focused(cycles, firsts) -> None:
    report = score_cycles(cycles, first_cycle=_firsts(firsts, len(cycles)))
    assert 0 <= report.score <= 100
    assert len(report.feedback) <= 3
    for value in report.criteria.model_dump().values():
        assert value is None or 0 <= value <= 100
    for c in report.cycles:
        assert 0 <= c.score <= 100
    assert len(report.turns) == sum(len(c) for c in cycles)
    if not any(t.speaker == "coach" for c in cycles for t in c):
        assert report.score == 0 and report.feedback


@SETTINGS
@given(cycles_st, firsts_st)
def test_same_input_same_output(cycles, firsts) -> None:
    f = _firsts(firsts, len(cycles))
    a = score_cycles(cycles, first_cycle=f).model_dump_json()
    b = score_cycles([list(c) for c in cycles], first_cycle=f).model_dump_json()
    assert a == b


#: Learner lines that call for no follow-up wherever they come: answers with data in them.
settled = st.one_of(
    st.sampled_from(["58 seconds", "45 s by the end of March.", "About 20 seconds each, 30 at worst.", "Tomorrow at 10."]),
    st.text(max_size=30).map(lambda text: f"{text} 58 s"),
).filter(lambda text: cost_of(text) is None and all(calls_for(text, None, s) is None for s in (None, *CARD_ORDER)))


@st.composite
def canonical_with_follow_ups(draw) -> tuple[list[TurnIn], bool]:
    """The canonical cycle with clarifying follow-ups, small talk and learner answers that call for
    nothing more sprinkled inside steps. Bare follow-ups are said at most ``MIN_USES - 1`` times in
    all; after that they play back the learner's words (stock lines after answers that called for
    nothing, however varied, are a routine: see ``reflex``)."""
    first = draw(st.booleans())
    out: list[TurnIn] = []
    said: Counter[str] = Counter()
    for t in card_cycle(first=first):
        out.append(t)
        for _ in range(draw(st.integers(0, 2))):
            if draw(st.booleans()):
                line = draw(st.sampled_from(["How do you know?", "Tell me more.", "Can you show me?"]))
                said[line] += 1
                heard = [x.text for x in out if x.speaker == "learner"]
                if said.total() >= MIN_USES:
                    line = f"You said: {heard[-1]} {line}" if heard else "What do you see on the board?"
                out.append(coach(Label.CLARIFY, line))
            else:
                out.append(coach(Label.OTHER, "Thank you."))
            out.append(learner(draw(settled)))
    return out, first


@SETTINGS
@given(canonical_with_follow_ups())
def test_canonical_cycle_scores_at_least_95(case) -> None:
    cycle, first = case
    assert score_cycles([cycle], first_cycle=first).score >= 95


@SETTINGS
@given(cycles_st, firsts_st, st.data())
def test_inserting_a_telling_or_leading_turn_never_raises_the_score(cycles, firsts, data) -> None:
    if not cycles:
        cycles = [[]]
    f = _firsts(firsts, len(cycles))
    k = data.draw(st.integers(0, len(cycles) - 1))
    pos = data.draw(st.integers(0, len(cycles[k])))
    label = data.draw(st.sampled_from([Label.TELLING, Label.LEADING]))
    bad = TurnIn("coach", data.draw(texts), label, data.draw(st.booleans()))
    changed = [list(c) for c in cycles]
    changed[k].insert(pos, bad)
    before, after = score_cycles(cycles, first_cycle=f), score_cycles(changed, first_cycle=f)
    assert after.score <= before.score
    assert after.cycles[k].score <= before.cycles[k].score
    first_k = f if isinstance(f, bool) and k == 0 else (not isinstance(f, bool) and k < len(f) and f[k])
    assert analyse_cycle(changed[k], first=first_k).score <= analyse_cycle(cycles[k], first=first_k).score


@st.composite
def cycle_missing_a_step(draw):
    """A cycle whose card steps follow the card (repeats allowed), with other moves in between, missing
    one due step; returns the cycle, the missing step, the positions where it belongs, first flag."""
    first = draw(st.booleans())
    due = [s for s in CARD_ORDER if not (first and s in REFLECTION)]
    missing = draw(st.sampled_from(due))
    present = [s for s in due if s != missing and draw(st.integers(0, 3)) > 0]
    if first and draw(st.booleans()):  # a first cycle may still ask reflection questions
        present = sorted(present + [s for s in REFLECTION if draw(st.booleans())], key=CARD_ORDER.index)
    cycle: list[TurnIn] = []
    for step in present:
        for _ in range(draw(st.integers(1, 2))):
            cycle.append(coach(step, draw(st.sampled_from(CARD_QUESTIONS[step] + TEXTS[:4])), open=draw(st.booleans())))
            for _ in range(draw(st.integers(0, 2))):
                cycle.append(draw(turns().filter(lambda t: t.label not in set(CARD_ORDER))))
    rank = CARD_ORDER.index(missing)
    card_positions = [i for i, t in enumerate(cycle) if t.label in set(CARD_ORDER)]
    lo = max((i + 1 for i in card_positions if CARD_ORDER.index(cycle[i].label) < rank), default=0)
    hi = min((i for i in card_positions if CARD_ORDER.index(cycle[i].label) > rank), default=len(cycle))
    # In a conversation, a step's place is after the learner's last answer in the phase before it:
    # asked earlier, it would cut that answer off from its follow-ups (and the listening would drop).
    lo = max([lo] + [i + 1 for i in range(lo, hi) if cycle[i].speaker == "learner"])
    return cycle, missing, (lo, hi), first


@SETTINGS
@given(cycle_missing_a_step(), st.data())
def test_adding_a_missing_card_step_in_its_place_never_lowers_the_score(case, data) -> None:
    cycle, missing, (lo, hi), first = case
    pos = data.draw(st.integers(lo, hi))
    step = coach(missing, data.draw(st.sampled_from(CARD_QUESTIONS[missing])), open=data.draw(st.booleans()))
    changed = cycle[:pos] + [step] + cycle[pos:]
    before = analyse_cycle(cycle, first=first)
    after = analyse_cycle(changed, first=first)
    assert after.score >= before.score
    assert after.criteria["coverage"] > before.criteria["coverage"]
    assert after.criteria["order"] >= before.criteria["order"]
    assert score_cycles([changed], first_cycle=first).score >= score_cycles([cycle], first_cycle=first).score


#: A follow-up that answers each kind of call.
FOLLOW_UPS: dict[Call, list[str]] = {
    Call.EVIDENCE: ["How do you know?", "Can you show me on the run chart?"],
    Call.LEARNING: ["What does that tell you?", "What did you expect, and what happened instead?"],
    Call.WHICH_ONE: ["Which one are you addressing now?"],
    Call.REASONING: ["Why that one?", "What makes you choose that one?"],
    Call.FIND_OUT: ["How could you find out?"],
    Call.PREDICTION: ["What do you expect, in numbers?", "How much, by when?"],
    Call.NEW_FACT: ["Tell me more about that.", "What did you see?"],
    Call.HAND_BACK: ["What options do you see?"],
}

#: Learner lines that call for a follow-up, mixed into the random cycles below.
CALLING = [
    "It's the tester, I think.", "It didn't work.", "Hard to say.", "I don't know yet.",
    "There are a few problems: the tester, the wiring, and the parts.", "I want to try a flow rack.",
    "By the way, we had an agency operator yesterday.", "What do you think I should do?", "Pretty slow.",
    "On the board: the tester, the wiring, the parts. Working on: the wiring.", "This one, for now: the wiring.",
]
calling_turns = st.one_of(
    turns(), st.builds(learner, st.sampled_from(CALLING)),
    st.builds(lambda key: TurnIn("learner", "Hm.", key=key), st.sampled_from(["actual_vague", "dont_know", "next_step", "learned_shallow", "off_topic"])),
)


@SETTINGS
@given(st.lists(calling_turns, max_size=25), st.booleans(), st.data())
def test_a_follow_up_to_a_reply_that_calls_for_one_never_lowers_the_score(cycle, first, data) -> None:
    before = analyse_cycle(cycle, first=first)
    calls = [m for m in before.listening.moments if isinstance(m.kind, Call)]
    if not calls:
        return
    m = data.draw(st.sampled_from(calls))
    text = data.draw(st.sampled_from(FOLLOW_UPS[m.kind]))
    changed = cycle[: m.turn + 1] + [coach(Label.CLARIFY, text)] + cycle[m.turn + 1:]
    after = analyse_cycle(changed, first=first)
    assert after.score >= before.score
    assert sum(x.good for x in after.listening.moments) >= sum(x.good for x in before.listening.moments)
    assert any(x.turn == m.turn and x.good for x in after.listening.moments)
    assert score_cycles([changed], first_cycle=first).score >= score_cycles([cycle], first_cycle=first).score
