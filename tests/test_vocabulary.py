"""One vocabulary: numbers, dates, card wording and move names are written once and read everywhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dojo import transcript
from dojo.coaching.card import CARD, QUESTIONS, STEP_NAMES, label_name, printed_card
from dojo.coaching.labels import CARD_ORDER, CARD_STEPS, REFLECTION, Label
from dojo.coaching.report import CRITERIA, CRITERION_NAMES, Criteria
from dojo.formatting import WEEKDAYS, clock, duration, human_date, number, quantity
from dojo.scenarios.loader import load_file
from dojo.session.headless import play_script
from dojo.session.render_text import render_result

ROOT = Path(__file__).resolve().parent.parent
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SAID_DATE = re.compile(rf"\b({'|'.join(WEEKDAYS)}),? (\d{{1,2}}) ({MONTHS})\b")


def test_numbers_read_as_people_write_them() -> None:
    assert [number(x) for x in (4.0, 4.25, 86.31, 0.0, -0.04, 13.0, 9.96, 0.5)] == [
        "4", "4.2", "86", "0", "0", "13", "10", "0.5"]
    assert (quantity(4.0, "h"), quantity(62, "s"), quantity(77.0, "%"), quantity(3.5, "")) == ("4 h", "62 s", "77%", "3.5")


def test_clock_and_stopwatch_readings_have_no_hundredths() -> None:
    assert (clock(86.31), clock(-3), clock(600)) == ("1:26", "0:00", "10:00")
    assert (duration(45.6), duration(86.31)) == ("46 s", "1:26")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_human_date_names_its_own_weekday_and_no_iso_form(date: dt.date) -> None:
    said = human_date(date)
    m = SAID_DATE.fullmatch(said)
    assert m is not None, said
    assert WEEKDAYS.index(m.group(1)) == date.weekday() and int(m.group(2)) == date.day
    assert not ISO_DATE.search(said)


def test_the_card_table_follows_the_cards_order_and_words_every_step() -> None:
    assert tuple(s.label for s in CARD) == CARD_ORDER
    assert set(QUESTIONS) == set(STEP_NAMES) == CARD_STEPS
    assert all(q.endswith("?") for q in QUESTIONS.values())
    printed = printed_card()
    labels = [label for label, _ in printed if label is not None]
    assert labels == list(CARD_ORDER)
    dividers = [i for i, (label, _) in enumerate(printed) if label is None]
    first, last = (labels.index(REFLECTION[0]), labels.index(REFLECTION[-1]))
    assert [printed[i + 1][0] for i in dividers[:1]] == [labels[first]] and printed[dividers[1] - 1][0] == labels[last]


def test_every_criterion_has_a_name_and_a_field() -> None:
    assert set(CRITERION_NAMES) == set(CRITERIA) == set(Criteria.model_fields)


def test_move_names_have_no_internal_underscores() -> None:
    assert all("_" not in label_name(label) for label in Label)


def _played(scenario_id: str, script: str, seed: int):
    scenario = load_file(ROOT / "scenarios" / f"{scenario_id}.yaml")
    return scenario, play_script(scenario, transcript.load(ROOT / "examples" / script), seed=seed)


@pytest.mark.parametrize(("scenario_id", "seed"), [("assembly-cell", 3), ("hospital-lab", 1), ("review-queue", 2)])
def test_the_learner_says_dates_as_people_do_with_the_right_weekday(scenario_id: str, seed: int) -> None:
    scenario, result = _played(scenario_id, f"{scenario_id}-good.txt", seed)
    said = " ".join(t.text for t in result.turns if t.speaker == "learner")
    assert not ISO_DATE.search(said), ISO_DATE.search(said)
    dates = SAID_DATE.findall(said)
    assert dates, "the learner names the target's date and the day to go and see"
    start = scenario.start_date
    for weekday, day, month in dates:
        date = next(d for d in (dt.date(start.year + k, MONTHS.split("|").index(month) + 1, int(day)) for k in (0, 1))
                    if d >= start)
        assert WEEKDAYS[date.weekday()] == weekday, (weekday, day, month)


def test_a_headless_transcript_shows_no_internal_words() -> None:
    _, result = _played("review-queue", "review-queue-good.txt", 2)
    text = render_result(result)
    assert "(chosen:" not in text and "find_out" not in text
    assert not re.search(r"\[\w+_\w+\]|\(\w+_\w+\)", text), re.search(r"\[\w+_\w+\]|\(\w+_\w+\)", text)
    assert "coach (next step)" in text and "Whose idea: " in text
    assert not re.search(r"\d\.0\b", text), re.search(r".{30}\d\.0\b.{10}", text)


def test_an_export_names_each_move_in_words_and_a_closed_move_once() -> None:
    from dojo.render.view import turn_label
    from dojo.storage.export import ExportTurn

    def label(name: str, is_open: bool) -> str:
        return turn_label(ExportTurn(index=0, cycle=1, speaker="coach", text="?", label=name, open=is_open))

    assert label("closed", False) == "closed"
    assert label("next_step", False) == "next step, closed"
    assert label("go_see", True) == "go see"


def test_the_exported_run_chart_reads_whole_numbers_and_its_target_with_a_unit() -> None:
    from dojo.render.svg import render_svg

    _, result = _played("review-queue", "review-queue-good.txt", 2)
    svg = render_svg(result.run_chart)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "0" in texts and not any(re.fullmatch(r"-?\d+\.0", t) for t in texts), texts
    assert f"target {quantity(result.run_chart.target, result.run_chart.unit)}" in texts


def test_every_point_the_2nd_coach_makes_has_a_kind_from_the_one_list() -> None:
    from dojo.coaching.report import FeedbackKind

    kinds = set()
    for scenario_id, script in [("assembly-cell", "telling-and-leading.txt"), ("hospital-lab", "hospital-lab-good.txt")]:
        _, result = _played(scenario_id, script, 1)
        kinds |= {item.kind for item in result.debrief.score.feedback}
    assert kinds and all(FeedbackKind(k) == k for k in kinds)
