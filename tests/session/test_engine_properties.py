"""Engine properties: determinism, exact restore by replay, bounds and invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dojo.coaching.labels import Label
from dojo.session.engine import Session
from dojo.session.record import SessionRecord

QUESTIONS = {
    Label.TARGET: "What is the target condition?",
    Label.ACTUAL: "What is the actual condition now?",
    Label.LAST_STEP: "What did you plan as your last step?",
    Label.EXPECTED: "What did you expect?",
    Label.HAPPENED: "What actually happened?",
    Label.LEARNED: "What did you learn?",
    Label.OBSTACLES: "What obstacles are in the way? Which one now?",
    Label.NEXT_STEP: "What is your next step? What do you expect?",
    Label.GO_SEE: "When can we go and see?",
    Label.CLARIFY: "How do you know?",
    Label.LEADING: "Have you tried a second packer?",
    Label.TELLING: "You should pre-stage the die.",
    Label.CLOSED: "Is the team on board?",
    Label.OTHER: "Good morning!",
}

move = st.one_of(
    st.sampled_from(list(Label)).map(lambda label: ("coach", label)),
    st.just(("end", None)),
    st.sampled_from(list(Label)).map(lambda label: ("relabel", label)),
)
plays = st.lists(move, max_size=30)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def steps(session: Session, moves):
    """Play ``moves`` one at a time, yielding after each (until the session ends)."""
    for kind, label in moves:
        if session.ended:
            return
        if kind == "coach":
            session.coach(QUESTIONS[label], label)
        elif kind == "relabel":
            if any(t.cycle == session.cycle and t.speaker == "coach" for t in session.turns):
                session.relabel(label)
        else:
            session.end_cycle()
        yield


def play(session: Session, moves) -> None:
    for _ in steps(session, moves):
        pass


def fingerprint(s: Session):
    return (
        list(s.turns),  # every field: labels, keys, times, effects, yeti
        list(s.cycles),  # what each cycle left for the debrief
        s.storyboard().model_dump(),
        s.run_chart().model_dump(),
        s.learner.state.model_dump(),
        s.cycle,
        s.ended,
    )


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), moves=plays)
def test_same_seed_same_moves_same_session(make_session, seed, moves):
    a, b = make_session(seed), make_session(seed)
    play(a, moves)
    play(b, moves)
    assert fingerprint(a) == fingerprint(b)


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), moves=plays)
def test_restore_by_replay_is_exact(make_session, fake_clock, cell, seed, moves):
    s = make_session(seed)
    play(s, moves)
    saved = SessionRecord.model_validate_json(s.record.model_dump_json())
    restored = Session.restore(saved, cell, classifier=s.classifier, clock=fake_clock())
    assert fingerprint(restored) == fingerprint(s)
    assert restored.record == s.record


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), moves=plays)
def test_invariants(make_session, cell, seed, moves):
    s = make_session(seed)
    play(s, moves)
    state = s.learner.state
    for level in (state.clarity, state.ownership, state.confidence):
        assert 0.0 <= level <= 1.0
    ended_cycles = sum(1 for log in s.cycles if log.ended_at is not None)
    assert len(s.run_chart().runs) == ended_cycles + 1  # the baseline, then one run per experiment
    assert len(s.storyboard().records) == ended_cycles
    assert all(v >= 0 for run in s.run_chart().runs for v in run.values)
    # Every coach turn is answered, right after it.
    speakers = [t.speaker for t in s.turns]
    assert speakers == ["coach", "learner"] * (len(speakers) // 2)
    assert all("{" not in t.text for t in s.turns if t.speaker == "learner")
    assert s.cycle <= cell.cycles


def test_a_changed_scenario_is_flagged_by_its_digest(make_session, cell):
    s = make_session()
    changed = cell.model_copy(update={"cycles": cell.cycles + 1})
    from dojo.session.engine import scenario_digest

    assert scenario_digest(changed) != s.record.scenario_digest


def test_replay_keeps_how_a_turn_was_heard_even_with_another_classifier(make_session, fake_clock, cell):
    """A retrained classifier must not change a saved session: replay uses the recorded verdict."""
    from dojo.coaching.classifier import Classification

    class Contrary:
        def classify(self, text, context=None):
            return Classification(Label.OTHER, 0.9, False, None)

        def classify_many(self, texts, contexts=None):
            return [self.classify(t) for t in texts]

    s = make_session(3)
    s.coach("What obstacles are in the way? Which one now?")
    s.coach("What is your next step? What do you expect?")
    s.end_cycle()
    s.coach("What did you learn?")
    assert [a.heard.label for a in s.record.actions if a.kind == "coach"] == [
        t.label for t in s.turns if t.speaker == "coach"
    ]
    restored = Session.restore(s.record, cell, classifier=Contrary(), clock=fake_clock())
    assert fingerprint(restored) == fingerprint(s)


def _state(s: Session):
    return (*fingerprint(s), s.record.model_dump_json(), s._process, s._summary)


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), moves=plays)
def test_the_end_of_a_cycle_is_computed_without_changing_the_session(make_session, seed, moves):
    """Computing the cycle's end twice gives the same outcome and leaves the session as it was;
    applying it is what ``end_cycle`` does: the same events, the same session after."""
    s, twin = make_session(seed), make_session(seed)
    play(s, moves)
    play(twin, moves)
    if s.ended:
        return
    now = s._clock()  # the reading the twin's end_cycle will take; held while computing twice
    s._clock = lambda: now
    before = _state(s)
    first = s.cycle_outcome()
    assert _state(s) == before
    second = s.cycle_outcome()
    assert _state(s) == before
    assert first == second
    events = s.apply_cycle_end(first)
    assert events == twin.end_cycle()
    assert _state(s) == _state(twin)
    if s.ended:  # the debrief computed beside the session is the one the ended session gives
        from dojo.session.debrief import build_debrief

        assert first.debrief is not None and first.debrief == build_debrief(s)
    else:
        assert first.debrief is None


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), moves=st.lists(st.sampled_from(list(Label)), max_size=6))
def test_the_last_cycles_debrief_is_computed_without_changing_the_session(make_session, seed, moves):
    """Every cycle coached the same way, then the last one's end computed beside the session."""
    from dojo.session.debrief import build_debrief

    s = make_session(seed)
    while s.cycle < s.scenario.cycles:
        for label in moves:
            s.coach(QUESTIONS[label], label)
        s.end_cycle()
    for label in moves:
        s.coach(QUESTIONS[label], label)
    before = _state(s)
    outcome = s.cycle_outcome()
    assert _state(s) == before and outcome.debrief is not None
    s.apply_cycle_end(outcome)
    assert s.ended and outcome.debrief == build_debrief(s)


def test_a_saved_debrief_and_headless_cycles_load_with_their_enums_and_dump_the_same(make_session):
    from dojo.coaching.report import ChosenBy, TurnFlag
    from dojo.session.debrief import Debrief

    s = make_session(2)
    events = []
    while not s.ended:
        s.coach("What obstacles are in the way? Which one now?")
        s.coach("Is the team on board?")
        events = s.end_cycle()
    saved = events[-1].debrief.model_dump_json()
    loaded = Debrief.model_validate_json(saved)
    assert loaded.model_dump_json() == saved
    assert all(type(c.chosen_by) is ChosenBy for c in loaded.cycles)
    assert all(type(f) is TurnFlag for t in loaded.score.turns for f in t.flags)
