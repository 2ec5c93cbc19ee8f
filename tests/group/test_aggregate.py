"""The group debrief's figures: spreads bounded, order of sessions irrelevant, names only on request,
and examples and anti-patterns that are really there in sessions played by three made-up coaches."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dojo.coaching.report import Pattern, TurnFlag
from dojo.group import GroupSession, build_group_report, render
from dojo.group.examples import moved_on_what
from dojo.group.models import ExampleKind, GroupReport
from dojo.group.spread import BANDS, spread
from dojo.plans.models import Plan
from tests.group.coaches import report

SCENARIO, SEED = "assembly-cell", 7
PLAN = Plan.model_validate({
    "id": "monday-dojo", "title": "Monday dojo",
    "rounds": [{"title": "Listen", "scenario": SCENARIO, "seed": SEED, "minutes": 20, "focus": "listen for the prediction"},
               {"title": "Again", "scenario": "hospital-lab", "seed": 3, "minutes": 15, "focus": "follow up"}],
})
#: The pool hypothesis draws sessions from: each coach on the round's scenario, and on another seed.
POOL = [(SCENARIO, SEED, c) for c in ("listener", "reciter", "leader")] + [(SCENARIO, 3, c) for c in ("listener", "leader")]
FORMATS = ("text", "md", "html")


def _session(k: int, player: str, pick: int | None = None, *, start: float | None = None) -> GroupSession:
    scenario, seed, coach = POOL[k % len(POOL) if pick is None else pick]
    return GroupSession(id=f"{k:032x}", player=player, scenario=scenario, seed=seed,
                        started_at=1_700_000_000.0 + k if start is None else start, report=report(scenario, seed, coach))


def _quotes(text: str, quoted: str) -> bool:
    """``quoted`` is ``text`` on one line, or its start and end around an ellipsis."""
    text = " ".join(text.split())
    head, _, tail = quoted.partition(" … ")
    return text == quoted or (bool(tail) and text.startswith(head) and text.endswith(tail))


def three() -> list[GroupSession]:
    return [_session(0, "Ana", 0), _session(1, "Ben", 1), _session(2, "Cai", 2)]


# Names no coaching text or heading can hold by chance.
names = st.from_regex(r"\AZq[a-z]{4,8}x\Z", fullmatch=True)


@st.composite
def groups(draw: st.DrawFn) -> list[GroupSession]:
    n = draw(st.integers(0, 6))
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    picks = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=n, max_size=n))
    finished = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    out = []
    for k, (player, pick, done) in enumerate(zip(players, picks, finished)):
        s = _session(k, player, pick)
        out.append(s if done else s.model_copy(update={"report": None}))
    return out


@given(st.lists(st.one_of(st.none(), st.floats(0, 100)), max_size=30))
def test_a_spread_is_bounded_and_counts_every_value_once(values):
    s = spread("x", "x", values)
    present = [v for v in values if v is not None]
    assert s.players == len(present) == sum(s.bins)
    assert len(s.bins) == len(BANDS)
    if present:
        assert 0 <= s.min <= s.median <= s.max <= 100
        assert s.min == pytest.approx(min(present), abs=0.051) and s.max == pytest.approx(max(present), abs=0.051)
    else:
        assert s.min is s.median is s.max is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups())
def test_every_spread_of_a_report_is_bounded_by_the_players_who_finished(sessions):
    r = build_group_report(sessions, plan=PLAN, round=1)
    assert r.players == len(sessions)
    assert r.finished == sum(1 for s in sessions if s.report is not None)
    for s in [r.score, *r.steps, *r.criteria]:
        assert s.players <= r.finished and sum(s.bins) == s.players
        if s.players:
            assert 0 <= s.min <= s.median <= s.max <= 100
    assert r.score.players == r.finished
    assert all(1 <= p.players <= r.finished for p in [*r.patterns, *r.missed, *r.feedback])
    assert 0 <= r.follow_ups_missed <= r.follow_ups_due
    assert len(r.examples) <= 3


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups(), st.randoms(use_true_random=False), st.booleans())
def test_the_order_of_the_sessions_does_not_change_the_report(sessions, rnd, names_on):
    shuffled = list(sessions)
    rnd.shuffle(shuffled)
    a = build_group_report(sessions, plan=PLAN, round=1, names=names_on)
    b = build_group_report(shuffled, plan=PLAN, round=1, names=names_on)
    assert a == b
    assert render(a, "md") == render(b, "md")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups())
def test_no_player_name_appears_unless_the_facilitator_asks(sessions):
    r = build_group_report(sessions, plan=PLAN, round=1)
    outputs = [r.model_dump_json(), *(render(r, fmt) for fmt in FORMATS)]
    for s in sessions:
        assert all(s.player not in out for out in outputs)
    named = build_group_report(sessions, plan=PLAN, round=1, names=True)
    for fmt in FORMATS:
        out = render(named, fmt)
        assert all(s.player in out for s in sessions)


def test_named_players_are_listed_alphabetically_never_by_score():
    sessions = [_session(0, "zoe", 0), _session(1, "Adam", 1), _session(2, "mia", 2)]
    r = build_group_report(sessions, plan=PLAN, round=1, names=True)
    assert [p.player for p in r.named] == ["Adam", "mia", "zoe"]
    scores = [p.score for p in r.named]
    assert scores != sorted(scores) and scores != sorted(scores, reverse=True)  # the order above is not by score


def test_the_three_coaches_show_their_own_anti_patterns_and_examples():
    r = build_group_report(three(), plan=PLAN, round=1)
    assert (r.players, r.finished) == (3, 3)
    patterns = {p.pattern: p.players for p in r.patterns}
    # Only the leader puts ideas to the learner; the reciter and the leader move on from replies that called for more.
    assert patterns.get(Pattern.LEADING) == 1
    assert patterns.get(Pattern.MOVED_ON, 0) >= 2
    kinds = [x.kind for x in r.examples]
    assert kinds == [ExampleKind.FOLLOW_UP, ExampleKind.COACH_IDEA, ExampleKind.MOVED_ON]
    good, idea, missed = r.examples
    assert good.before and idea.said and missed.before
    # Each example is a real turn of those sessions, with the learner's line before it.
    turns = [t for s in three() for t in s.report.turns]
    for x in r.examples:
        i = next(k for k, t in enumerate(turns)
                 if t.speaker == "coach" and t.text == x.said and t.note == x.note and t.cycle + 1 == x.cycle
                 and _quotes(turns[k - 1].text, x.before))
        assert turns[i - 1].speaker == "learner"
    assert idea.said in (t.text for t in report(SCENARIO, SEED, "leader").turns)
    assert any(f in t.flags for t in report(SCENARIO, SEED, "leader").turns if t.text == idea.said
               for f in (TurnFlag.LEADING, TurnFlag.TELLING))
    # The listener's follow-up picks up the learner's own words.
    assert good.title == "A follow-up in the learner's own words"
    assert good.said in (t.text for t in report(SCENARIO, SEED, "listener").turns)
    # The missed follow-up shown is the kind most players moved on from.
    assert moved_on_what(missed.note) == r.missed[0].what
    assert all(x.player == "" for x in r.examples)


def test_the_listener_misses_fewer_follow_ups_than_the_reciter_in_the_groups_figures():
    def missed_share(coach: str) -> float:
        r = build_group_report([_session(0, "x", POOL.index((SCENARIO, SEED, coach)))], plan=PLAN, round=1)
        return r.follow_ups_missed / r.follow_ups_due

    assert missed_share("listener") < missed_share("reciter")


def test_each_player_counts_once_with_their_last_finished_session():
    first = _session(0, "Ana", 2, start=1_700_000_000.0)  # the leader's session
    again = _session(1, "ana", 0, start=1_700_000_500.0)  # then the listener's (a name differing in case: one player)
    unfinished = _session(2, "Ana", 1, start=1_700_001_000.0).model_copy(update={"report": None})
    r = build_group_report([first, again, unfinished, again], plan=PLAN, round=1, names=True)
    assert (r.players, r.finished) == (1, 1)
    assert r.named[0].score == again.report.score and r.named[0].player == "ana"
    assert any("more than once" in n for n in r.notes)
    anonymous = [_session(k, "") for k in range(3)]
    assert build_group_report(anonymous, plan=PLAN, round=1).players == 3


def test_a_session_on_another_scenario_than_the_rounds_is_noted():
    r = build_group_report(three(), plan=PLAN, round=2)
    assert any("not on hospital-lab (seed 3)" in n for n in r.notes)


@pytest.mark.parametrize("finished", [0, 1])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_round_with_no_or_one_finished_session_still_renders(finished, fmt):
    sessions = [_session(0, "Ana", 0), _session(1, "Ben", 1).model_copy(update={"report": None})]
    if not finished:
        sessions[0] = sessions[0].model_copy(update={"report": None})
    r = build_group_report(sessions, plan=PLAN, round=1)
    out = render(r, fmt)
    assert "Monday dojo" in out and "listen for the prediction" in out
    if finished:
        assert "Only one player has finished" in out and r.score.min == r.score.max
    else:
        assert "No session of this round is finished yet (2 players started)" in out
        assert r.examples == [] and r.patterns == []


def test_nobody_played_renders_too():
    r = build_group_report([], plan=PLAN, round=1)
    assert isinstance(r, GroupReport) and "Nobody has played this round yet." in render(r, "text")


def test_a_round_the_plan_does_not_have_is_a_value_error():
    with pytest.raises(ValueError, match="rounds 1 to 2, not 3"):
        build_group_report([], plan=PLAN, round=3)
