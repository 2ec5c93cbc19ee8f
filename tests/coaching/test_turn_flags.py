"""Turn flags and history's anti-patterns are enums: every flag the 2nd coach writes is one, and
reports saved with plain strings load and dump the same."""

from __future__ import annotations

from test_scorer_support import card_cycle, coach, learner

from dojo.coaching.labels import Label
from dojo.coaching.listening import Cost
from dojo.coaching.report import FLAG_PATTERNS, PATTERN_NAMES, AnnotatedTurn, Pattern, TurnFlag
from dojo.coaching.scorer import score_cycles
from dojo.storage.summary import patterns


def test_every_listening_cost_is_a_turn_flag_by_the_same_value() -> None:
    assert {c.value for c in Cost} <= {f.value for f in TurnFlag}


def test_every_pattern_has_a_name_and_every_counted_flag_a_pattern() -> None:
    assert set(PATTERN_NAMES) == set(Pattern)
    assert set(FLAG_PATTERNS.values()) <= set(Pattern)


def test_the_scorer_writes_flags_as_enum_members() -> None:
    telling = coach(Label.TELLING, "You should add a second operator.")
    closed = coach(Label.TARGET, "Is the target 45 seconds?", open=False)
    report = score_cycles([card_cycle(first=True)[:2] + [closed, learner(), telling, learner()] + card_cycle()[2:]])
    flags = [f for t in report.turns for f in t.flags]
    assert flags and all(type(f) is TurnFlag for f in flags)
    assert TurnFlag.TELLING in flags and TurnFlag.CLOSED in flags
    counted = patterns(report)
    assert counted[Pattern.TELLING] == 1 and counted[Pattern.CLOSED] >= 1
    assert all(type(p) is Pattern for p in counted)


def test_a_turn_saved_with_plain_string_flags_loads_and_dumps_the_same() -> None:
    saved = (
        '{"index":3,"cycle":0,"speaker":"coach","text":"Is it better?","label":"closed","open":false,'
        '"note":"Closed: invites a yes/no","flags":["closed","moved_on","coach_idea"],"seconds":null}'
    )
    turn = AnnotatedTurn.model_validate_json(saved)
    assert turn.flags == [TurnFlag.CLOSED, TurnFlag.MOVED_ON, TurnFlag.COACH_IDEA]
    assert turn.model_dump_json() == saved
