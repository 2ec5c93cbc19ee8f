"""The 2nd coach's feedback: the moment (cycle, turn, the coach's line) and a rewrite built from the move."""

from __future__ import annotations

import pytest
from test_scorer_support import card_cycle, coach, learner

from dojo.coaching import rewrite
from dojo.coaching.labels import Label
from dojo.coaching.listening import Call
from dojo.coaching.report import ChosenBy, ScoreReport, StepOrigin
from dojo.coaching.scorer import TurnIn, score_cycles

THINKING = "the learner did the thinking"


def kinds(report: ScoreReport) -> list[str]:
    return [f.kind for f in report.feedback]


def _with(extra: list[TurnIn], before: Label = Label.NEXT_STEP) -> list[TurnIn]:
    base = card_cycle()
    i = next(k for k, t in enumerate(base) if t.label == before)
    return base[:i] + extra + base[i:]


# ----------------------------------------------------------------- rewrites from the line's words


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Have you thought about checking the tester more often?", "What have you seen at the tester?"),
        ("Have you thought about cleaning the contact pins?", "What have you seen at the contact pins?"),
        ("Don't you think the centrifuge is the problem?", "What have you seen at the centrifuge?"),
        ("What about a flow rack at wiring?", "What have you seen at the wiring?"),
        # An idea that adds something names no place to look: ask for the learner's options.
        ("Have you tried adding a second operator?", "What options do you see?"),
    ],
)
def test_a_leading_line_becomes_an_open_question_about_the_same_thing(line: str, expected: str) -> None:
    assert rewrite.instead_of_leading(line) == expected


def test_rewrites_follow_the_move_not_a_list() -> None:
    assert "review queue" in rewrite.instead_of_telling("You should look at the review queue first.")
    assert rewrite.instead_of_telling("Just add another operator.") == "What could you try next, and why?"
    assert rewrite.instead_of_closed("Did it work?", Label.CLOSED) == "What happened?"
    assert rewrite.instead_of_closed("Is it better now?", Label.CLOSED) == "What does the run chart show now?"
    assert rewrite.instead_of_closed("Is the target still 45 seconds?", Label.TARGET) == "What is the target condition?"
    assert rewrite.instead_of_judgement("Are you sure?").startswith("How do you know?")
    assert rewrite.follow_up(Call.EVIDENCE, "Honestly? It's the tester.") == "How do you know it's the tester?"
    assert rewrite.follow_up(Call.EVIDENCE, "It's the machine, not the people.") == "How do you know it's the machine?"
    assert rewrite.follow_up(Call.FIND_OUT, "I don't know yet.") == "How could you find out?"


# ----------------------------------------------------------------- items name the moment


def test_every_item_names_its_cycle_and_turn_and_quotes_the_coachs_line() -> None:
    told = [coach(Label.TELLING, "You should add a second operator.", open=False), learner("OK, I'll do that.")]
    led = [coach(Label.LEADING, "Have you thought about checking the tester more often?", open=False), learner("Yes.")]
    cycles = [card_cycle(first=True), _with(led, Label.OBSTACLES) + [], _with(told)]
    report = score_cycles(cycles, first_cycle=True)
    assert report.feedback
    for item in report.feedback:
        ex = item.example
        assert ex is not None, item.kind
        turn = report.turns[ex.turn]
        assert turn.cycle == ex.cycle
        if ex.said:
            assert ex.said == turn.text and turn.speaker == "coach"
        assert ex.instead and ex.instead != ex.said
        assert ex.text.startswith(f"Cycle {ex.cycle + 1}, turn {ex.turn + 1}")
    telling = next(f for f in report.feedback if f.kind == "telling")
    assert telling.example.said == "You should add a second operator."
    assert "took your idea on" in telling.why


def test_the_brief_example_reads_as_instead_of_try() -> None:
    led = [coach(Label.LEADING, "Have you thought about checking the tester more often?", open=False), learner("Yes.")]
    report = score_cycles([_with(led, Label.OBSTACLES)])
    item = next(f for f in report.feedback if f.kind == "leading")
    assert item.example.text.endswith(
        "instead of 'Have you thought about checking the tester more often?' try 'What have you seen at the tester?'"
    )


def test_a_missed_follow_up_is_an_item_with_its_trigger_action_and_the_learners_words() -> None:
    cycle = card_cycle()
    i = next(k for k, t in enumerate(cycle) if t.label == Label.LEARNED)
    cycle[i + 1] = learner("It didn't work.")
    report = score_cycles([cycle])
    item = next(f for f in report.feedback if f.kind == "superficial_learning")
    assert item.trigger == "When the learner says it didn't work"
    assert "What did you expect" in item.action
    assert item.example.learner == "It didn't work."
    assert item.example.said == cycle[i + 2].text  # where the coach moved on
    assert "What did you expect" in item.example.instead


def test_telling_is_always_named_when_it_happened() -> None:
    # Bigger gaps everywhere (no reflection, no go and see, no prediction), judgement and leading too.
    cycle = [
        coach(Label.TARGET), learner("45 s."), coach(Label.ACTUAL), learner("It's the tester, I think."),
        coach(Label.CLARIFY, "Are you sure?"), learner("I... think so?"),
        coach(Label.LEADING, "Don't you think the fixture is the problem?", open=False), learner("Yes."),
        coach(Label.TELLING, "Write that down.", open=False), learner("Right."),
        coach(Label.OBSTACLES), learner("The fixture, the walking, and the parts."), coach(Label.NEXT_STEP),
    ]
    report = score_cycles([cycle])
    assert len(report.feedback) == 3
    assert "telling" in kinds(report)


def test_a_good_and_a_bad_session_get_different_items() -> None:
    good = [_with([], Label.NEXT_STEP) for _ in range(2)]
    bad = [[coach(Label.OTHER, "Morning."), learner("Hi."),
            coach(Label.LEADING, "Have you tried adding a second operator?", open=False), learner("Good idea, I'll do that."),
            coach(Label.TELLING, "You should do that this week.", open=False), learner("OK.")] for _ in range(2)]
    g, b = score_cycles(good), score_cycles(bad)
    assert g.score > b.score
    assert set(kinds(g)) != set(kinds(b))
    assert {"telling", "leading"} & set(kinds(b)) and not {"telling", "leading"} & set(kinds(g))


# ----------------------------------------------------------------- what went well


def test_the_learner_did_the_thinking_only_when_the_step_was_theirs() -> None:
    assert any(THINKING in s for s in score_cycles([card_cycle()]).strengths)
    coach_idea = score_cycles([card_cycle()], origins=[StepOrigin(chosen_by=ChosenBy.COACH)])
    tempting = score_cycles([card_cycle()], origins=[StepOrigin(chosen_by=ChosenBy.PERSONA, tempting=True)])
    theirs = score_cycles([card_cycle()], origins=[StepOrigin(chosen_by=ChosenBy.FOCUS)])
    assert not any(THINKING in s for s in coach_idea.strengths)
    assert not any(THINKING in s for s in tempting.strengths)
    assert any(THINKING in s for s in theirs.strengths)


def test_following_up_is_named_as_a_strength() -> None:
    cycle = card_cycle()
    cycle[3] = learner("It's pretty slow, honestly.")
    cycle.insert(4, coach(Label.CLARIFY, "How do you know?"))
    cycle.insert(5, learner("58 s median on the chart."))
    report = score_cycles([cycle])
    assert any(s.startswith("You followed up on what the learner said") for s in report.strengths)


def test_notes_mark_follow_ups_and_moving_on() -> None:
    heard = [coach(Label.ACTUAL), learner("It's the tester, I think."), coach(Label.CLARIFY, "How do you know?"),
             learner("5 faults a shift.")]
    missed = [coach(Label.ACTUAL), learner("It's the tester, I think."), coach(Label.LAST_STEP), learner("A rack.")]
    h, m = score_cycles([heard]), score_cycles([missed])
    assert "follow_up" in h.turns[2].flags and h.turns[1].flags == ["followed_up"]
    assert "moved_on" in m.turns[2].flags and m.turns[2].note.startswith("Moves on")
    assert m.turns[1].flags == ["follow_up_missed"]


def _corpus_lines(*labels: str) -> list[str]:
    from pathlib import Path

    corpus = Path(rewrite.__file__).parent / "corpus"
    out = []
    for f in sorted(corpus.glob("*.tsv")):
        for row in f.read_text(encoding="utf-8").splitlines():
            parts = row.split("\t")
            if len(parts) >= 2 and parts[0] in labels:
                out.append(parts[1])
    return out


def test_every_leading_or_telling_line_in_the_corpus_gets_an_open_question_from_its_own_words() -> None:
    lines = _corpus_lines("leading", "telling")
    assert len(lines) > 100
    for line in lines:
        about = rewrite.topic(line)
        for instead in (rewrite.instead_of_leading(line), rewrite.instead_of_telling(line)):
            assert instead.endswith("?") and instead.split()[0] in ("What", "How"), (line, instead)
        if about is not None:
            assert 1 <= len(about.split()) <= 3, (line, about)
            # The topic is quoted in plain apostrophes whatever the coach typed ("isn’t" → "isn't").
            said = line.lower().replace("\u2019", "'").replace("\u2018", "'")
            assert all(word in said for word in about.split()), (line, about)


@pytest.mark.parametrize(
    "line",
    ["Let's put a time in the calendar for reviewing it.", "By Friday 13 April, then.", "Can we look at it on friday?",
     "See you in the meeting room."],
)
def test_a_date_or_a_diary_word_is_no_topic_to_ask_about(line: str) -> None:
    assert rewrite.topic(line) is None
    assert "calendar" not in rewrite.instead_of_telling(line) and "april" not in rewrite.instead_of_telling(line).lower()
