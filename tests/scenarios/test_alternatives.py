"""Alternatives a seed draws from: checked with their lines, realised deterministically, always valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_helpers import VALID_TEXT, edited, line_of

from dojo.scenarios.alternatives import Draw, apply, corners, draw, realise
from dojo.scenarios.checks import check_changes, cross_check
from dojo.scenarios.loader import check_text, loads
from dojo.scenarios.models import Scenario
from dojo.scenarios.registry import load_scenario

BUILT_IN = ["assembly-cell", "hospital-lab", "review-queue"]

ALTERNATIVES = """\
alternatives:
  causes:
    - id: fillings
      weight: 2
    - id: till
      process:
        - {station: bench, field: defect_rate, set: 0.01}
        - {station: till, field: cv, set: 0.9}
      reveals:
        watch-the-till: []
        fillings-in-reach: [order-errors]
      learned:
        watch-the-till: The till was fine; the bench is where the time goes
  focus_obstacle: [bench-hunting]
  effects:
    - experiment: fillings-in-reach
      variants:
        - [{station: bench, field: mean, scale: 0.75}]
        - [{station: bench, field: mean, scale: 0.9}, {station: bench, field: cv, set: 0.3}]
      strength: [0.5, 1.5]
  events:
    - event: rain
      cycles: [1, 2, 3]
"""


def with_alternatives(text: str = ALTERNATIVES) -> str:
    return edited(("events:\n  - cycle: 2", "events:\n  - id: rain\n    cycle: 2")) + text


@pytest.fixture(scope="module")
def fixture() -> Scenario:
    return loads(with_alternatives(), "valid.yaml")


def test_a_scenario_with_alternatives_loads(fixture):
    alt = fixture.alternatives
    assert alt is not None and [c.id for c in alt.causes] == ["fillings", "till"]
    assert alt.effects[0].strength == (0.5, 1.5)
    assert alt.events[0].cycles == [1, 2, 3]


def test_realise_draws_each_alternative_and_leaves_none(fixture):
    seen = {"cause": set(), "variant": set(), "cycle": set(), "mean_scale": set()}
    for seed in range(40):
        s = realise(fixture, seed)
        assert s.alternatives is None
        assert realise(s, seed) == s  # a realised scenario has nothing left to draw
        d = draw(fixture, seed)
        seen["cause"].add(d.cause)
        seen["variant"].add(d.variants["fillings-in-reach"])
        seen["cycle"].add(s.events[0].cycle)
        seen["mean_scale"].add(s.experiments[0].changes[0].scale)
        assert 0.5 <= d.strengths["fillings-in-reach"] <= 1.5
        if d.cause == "till":
            assert s.process.stations[0].cv == 0.9 and s.process.stations[1].defect_rate == 0.01
            assert s.experiments[1].reveals == [] and s.experiments[0].reveals == ["order-errors"]
            assert s.experiments[1].learned.startswith("The till was fine")
        else:
            assert s.process == fixture.process and s.experiments[1].reveals == ["order-errors"]
    assert seen["cause"] == {"fillings", "till"}
    assert seen["variant"] == {0, 1}
    assert seen["cycle"] == {1, 2, 3}
    assert len(seen["mean_scale"]) > 10  # the strength is drawn from a range


def test_a_scale_is_raised_to_the_strength_and_a_set_moves_part_of_the_way(fixture):
    s = apply(fixture, Draw(cause="fillings", variants={"fillings-in-reach": 1}, strengths={"fillings-in-reach": 0.5}))
    scale, cv = s.experiments[0].changes
    assert scale.scale == pytest.approx(0.9**0.5)
    assert cv.set == pytest.approx(0.5 + 0.5 * (0.3 - 0.5))  # bench cv 0.5 as written, halfway to 0.3


def test_without_alternatives_the_scenario_is_played_as_written():
    s = loads(VALID_TEXT, "valid.yaml")
    assert realise(s, 7) is s and list(corners(s)) == []


def test_the_session_plays_the_realised_scenario_and_records_the_one_given(fixture):
    from dojo.coaching.baseline import KeywordClassifier
    from dojo.session.engine import Session, scenario_digest

    s = Session(fixture, seed=3, classifier=KeywordClassifier(), clock=lambda: 0.0)
    assert s.scenario == realise(fixture, 3)
    assert s.record.scenario_digest == scenario_digest(fixture)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**40), name=st.sampled_from(["fixture", *BUILT_IN]))
def test_realise_is_deterministic_and_every_realised_scenario_validates(seed, name):
    scenario = loads(with_alternatives(), "valid.yaml") if name == "fixture" else load_scenario(name)
    one, two = realise(scenario, seed), realise(scenario, seed)
    assert one == two
    assert Scenario.model_validate(one.model_dump()) == one
    assert cross_check(one.model_dump(mode="json")) == []
    assert check_changes(one) == []


@pytest.mark.parametrize("name", BUILT_IN)
def test_the_built_in_scenarios_draw_alternatives(name):
    scenario = load_scenario(name)
    assert scenario.alternatives is not None
    assert len({realise(scenario, seed).model_dump_json() for seed in range(1, 21)}) > 1


# -- problems, each at its line -------------------------------------------------------------


def problems(text: str) -> list[str]:
    _, found = check_text(text, "s.yaml")
    return [str(p) for p in found]


def test_unknown_names_in_alternatives_are_reported_at_their_lines():
    text = with_alternatives(
        ALTERNATIVES.replace("watch-the-till: []", "watch-the-tll: []")
        .replace("focus_obstacle: [bench-hunting]", "focus_obstacle: [bench-huntin, order-errors]")
        .replace("experiment: fillings-in-reach", "experiment: filings-in-reach")
        .replace("event: rain", "event: snow")
        .replace("cycles: [1, 2, 3]", "cycles: [1, 2, 9]")
        .replace("{station: till, field: cv", "{station: tills, field: cv")
    )
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'station: tills')}: alternatives.causes.1.process.1.station: unknown station 'tills'; did you mean 'till'?",
        f"s.yaml:{line_of(text, 'watch-the-tll')}: alternatives.causes.1.reveals.watch-the-tll: unknown experiment 'watch-the-tll'; did you mean 'watch-the-till'?",
        f"s.yaml:{line_of(text, 'focus_obstacle: [')}: alternatives.focus_obstacle.0: unknown obstacle 'bench-huntin'; did you mean 'bench-hunting'?",
        f"s.yaml:{line_of(text, 'focus_obstacle: [')}: alternatives.focus_obstacle.1: obstacle 'order-errors' is hidden; the learner cannot start focused on it",
        f"s.yaml:{line_of(text, 'filings-in-reach')}: alternatives.effects.0.experiment: unknown experiment 'filings-in-reach'; did you mean 'fillings-in-reach'?",
        f"s.yaml:{line_of(text, 'event: snow')}: alternatives.events.0.event: unknown event id 'snow'; known: rain",
        f"s.yaml:{line_of(text, 'cycles: [1, 2, 9]')}: alternatives.events.0.cycles.2: cycle 9 is not in the session's cycles (1 to 4)",
    ]


def test_unknown_keys_and_bad_ranges_in_alternatives_are_pydantic_problems_at_their_lines():
    text = with_alternatives(ALTERNATIVES.replace("strength: [0.5, 1.5]", "strength: [1.5, 0.5]").replace("weight: 2", "wieght: 2"))
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'wieght')}: alternatives.causes.0.wieght: unknown key 'wieght'; did you mean 'weight'?",
        f"s.yaml:{line_of(text, '- experiment: fillings-in-reach')}: alternatives.effects.0: strength is [low, high] with 0 < low <= high",
    ]


def test_a_variant_that_pushes_the_process_out_of_range_is_reported_at_the_variant():
    text = with_alternatives(ALTERNATIVES.replace("{station: bench, field: cv, set: 0.3}", "{station: bench, field: operators, set: 40}"))
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(f"s.yaml:{line_of(text, 'operators, set: 40')}: alternatives.effects.0.variants.1: with ")
    assert "fillings-in-reach variant 2" in found[0] and "operators: Input should be less than or equal to 20" in found[0]


def test_a_strength_that_overshoots_is_reported_at_the_strength():
    # defect_rate 0.05 set to 0.01 with k = 1.5 goes to -0.01
    text = with_alternatives(
        ALTERNATIVES.replace("[{station: bench, field: mean, scale: 0.75}]", "[{station: bench, field: defect_rate, set: 0.01}]")
    )
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(f"s.yaml:{line_of(text, 'strength: [0.5, 1.5]')}: alternatives.effects.0.strength: with ")
    assert "strength 1.5" in found[0] and "defect_rate" in found[0]


def test_a_cause_that_pushes_the_process_out_of_range_is_reported_at_the_cause():
    text = with_alternatives(ALTERNATIVES.replace("{station: till, field: cv, set: 0.9}", "{station: till, field: cv, set: -1}"))
    found = problems(text)
    assert found == [f"s.yaml:{line_of(text, 'set: -1')}: alternatives.causes.1.process.1: applying this cause fails: stations.0.cv: Input should be greater than or equal to 0"]


def test_an_observe_step_gets_no_variants_and_ids_are_not_repeated():
    text = with_alternatives(
        ALTERNATIVES.replace("- id: till\n", "- id: fillings\n").replace(
            "  events:\n", "    - experiment: watch-the-till\n      variants: [[{station: bench, field: mean, scale: 0.9}]]\n  events:\n"
        )
    )
    found = problems(text)
    assert any("alternatives.causes.1.id: duplicate cause id 'fillings'" in p for p in found)
    assert any("alternatives.effects.1.variants: an 'observe' step changes nothing; it has no variants" in p for p in found)


def test_the_committed_schema_knows_alternatives():
    import json

    schema = json.loads((Path(__file__).resolve().parents[2] / "scenarios" / "scenario.schema.json").read_text())
    assert "alternatives" in schema["properties"]
    assert "Alternatives" in schema["$defs"] and schema["$defs"]["Alternatives"]["additionalProperties"] is False


def test_a_cause_can_tell_the_current_condition_its_own_way():
    scenario = load_scenario("review-queue")
    digest = next(seed for seed in range(1, 50) if draw(scenario, seed).cause == "review-digest")
    codeowners = next(seed for seed in range(1, 50) if draw(scenario, seed).cause == "codeowners")
    assert "morning" not in realise(scenario, codeowners).storyboard.current_condition
    assert realise(scenario, digest).storyboard.current_condition != scenario.storyboard.current_condition
    assert realise(scenario, codeowners).storyboard.current_condition == scenario.storyboard.current_condition


@pytest.mark.parametrize("name", BUILT_IN)
def test_a_saved_session_with_alternatives_replays_exactly(name):
    from dojo.coaching.baseline import KeywordClassifier
    from dojo.session.engine import Session

    scenario = load_scenario(name)
    for seed in (2, 5):
        s = Session(scenario, seed=seed, classifier=KeywordClassifier(), clock=lambda: 0.0)
        for _ in range(2):
            for text in ("What obstacles are in the way?", "Which one are you addressing now?", "What is your next step?",
                         "How could you find out more?", "What do you expect?"):
                s.coach(text)
            s.end_cycle()
        again = Session.restore(s.record, scenario, classifier=KeywordClassifier(), clock=lambda: 0.0)
        assert again.scenario == s.scenario
        assert again.storyboard() == s.storyboard() and again.run_chart() == s.run_chart()
        assert [c.experiment_id for c in again.cycles] == [c.experiment_id for c in s.cycles]
