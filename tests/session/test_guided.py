"""Guided mode's candidate questions (engine code, no Textual)."""

from __future__ import annotations

from dojo.coaching.labels import CARD_ORDER, REFLECTION, Label
from dojo.session import events as ev
from dojo.session.guided import GOOD_KINDS, Kind, candidates, due_steps, next_due

L = Label


def good(cands):
    return next(c for c in cands if c.kind == Kind.GOOD)


def test_four_distinct_candidates_good_and_tempting(make_session):
    s = make_session(seed=2)
    cands = candidates(s)
    assert len(cands) == 4
    assert len({c.text for c in cands}) == 4
    assert all(isinstance(c.kind, Kind) and isinstance(c.label, Label) and c.why for c in cands)
    assert sum(c.good for c in cands) >= 1
    assert sum(not c.good for c in cands) >= 2
    assert {c.kind for c in cands if not c.good} <= {Kind.LEADING, Kind.TELLING, Kind.CLOSED, Kind.OUT_OF_ORDER}


def test_deterministic_for_seed_and_turn(make_session):
    a, b = make_session(seed=4), make_session(seed=4)
    assert candidates(a) == candidates(b)
    for s in (a, b):
        s.coach("What is the target condition?", L.TARGET)
    assert candidates(a) == candidates(b)
    assert candidates(a) == candidates(a)  # asking again does not move the dice


def test_positions_are_shuffled(make_session):
    positions = set()
    for seed in range(12):
        cands = candidates(make_session(seed=seed))
        positions.add(next(i for i, c in enumerate(cands) if c.good))
    assert len(positions) >= 3


def test_follows_the_card_and_first_cycle_skips_reflection(make_session):
    s = make_session(seed=1)
    assert not any(step in due_steps(s) for step in REFLECTION)
    seen = []
    while (due := next_due(s)) is not None:
        c = good(candidates(s))
        assert c.label is due
        seen.append(due)
        s.coach(c.text, c.label)
    assert seen == [step for step in CARD_ORDER if step not in REFLECTION]
    wrap = [c for c in candidates(s) if c.kind == Kind.WRAP_UP]
    assert wrap and wrap[0].good
    s.end_cycle()
    assert due_steps(s) == list(CARD_ORDER)  # second cycle: turn the card over
    assert next_due(s) is L.TARGET


def test_second_cycle_goes_through_the_reflection(make_session):
    s = make_session(seed=1)
    s.end_cycle()
    for _ in range(3):
        c = good(candidates(s))
        s.coach(c.text, c.label)
    assert next_due(s) is L.EXPECTED


def test_anti_patterns_use_the_scenarios_words(make_session):
    s = make_session(seed=3)
    tempting = next(e for e in s.scenario.experiments if e.tempting)
    others = [e.step.lower().rstrip(".") for e in s.scenario.experiments if not e.tempting]
    leadings, tellings = [], []
    for seed in range(20):
        for c in candidates(make_session(seed=seed)):
            if c.kind == Kind.LEADING:
                leadings.append(c)
            elif c.kind == Kind.TELLING:
                tellings.append(c)
    assert leadings and tellings
    words = [tempting.step.lower()] + [k.lower() for k in tempting.keywords]
    assert all(any(w in c.text.lower() for w in words) for c in leadings)
    assert all(c.label is L.LEADING for c in leadings)
    assert all(any(o in c.text.lower() for o in others) for c in tellings)
    assert all(c.label is L.TELLING for c in tellings)


def test_out_of_order_is_a_later_card_step(make_session):
    found = 0
    for seed in range(20):
        s = make_session(seed=seed)
        due = next_due(s)
        for c in candidates(s):
            if c.kind == Kind.OUT_OF_ORDER:
                found += 1
                assert c.label in CARD_ORDER
                assert CARD_ORDER.index(c.label) > CARD_ORDER.index(due)
    assert found


def test_a_vague_answer_gets_a_follow_up(make_session):
    s = make_session(seed=1)
    s.coach("What is the target condition?", L.TARGET)
    events = s.coach("What is the actual condition now?", L.ACTUAL)
    reply = next(e for e in events if isinstance(e, ev.LearnerReplied))
    assert reply.key == "actual_vague"
    follow = [c for c in candidates(s) if c.kind == Kind.FOLLOW_UP]
    assert follow and follow[0].label is L.CLARIFY and follow[0].kind in GOOD_KINDS
    events = s.coach(follow[0].text, follow[0].label)
    # The data, with where it comes from.
    assert next(e for e in events if isinstance(e, ev.LearnerReplied)).key in ("actual_data", "evidence", "show_chart")


def test_candidates_are_scored_with_their_label(make_session):
    s = make_session(seed=6)
    for c in candidates(s):
        heard = next(e for e in s.coach(c.text, c.label) if isinstance(e, ev.CoachHeard))
        assert heard.label is c.label
