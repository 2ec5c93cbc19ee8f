"""examples/listening_coach.py: a coaching program that follows up on what the learner says."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from dojo.scenarios.registry import load_scenario
from dojo.session.debrief import Debrief
from dojo.session.engine import Session
from dojo.session.headless import ScriptClock
from dojo.session.interactive import LocalChannel

ROOT = Path(__file__).resolve().parents[1]


def _load_example():
    spec = importlib.util.spec_from_file_location("listening_coach", ROOT / "examples" / "listening_coach.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


lc = _load_example()


def test_it_coaches_a_whole_session_through_dojo_play_interactive():
    shown: list[str] = []
    debrief = lc.play("hospital-lab", 4, dojo=[sys.executable, "-m", "dojo"], no_save=True, show=shown.append)
    assert debrief is not None
    Debrief.model_validate(debrief)  # the debrief arrived whole, as --json prints it
    assert 0 <= debrief["score"]["score"] <= 100
    assert sum(1 for line in shown if line.startswith("--- cycle")) == 4
    coach = [line for line in shown if line.startswith("coach: ")]
    learner = [line for line in shown if line.startswith("learner: ")]
    assert len(coach) == len(learner) > 5 * 10


def test_a_dojo_that_refuses_to_play_is_reported_with_a_non_zero_exit(capsys):
    dojo = Path(sys.executable).parent / "dojo"  # the console script next to this interpreter
    assert lc.main(["--scenario", "no-such-scenario", "--seed", "1", "--dojo", str(dojo), "--no-save"]) == 1
    assert "stopped before the debrief" in capsys.readouterr().err


def _coach_lines_after(reply_text: str, *, step: str, situation: str = "", yeti: bool = False) -> str | None:
    talk = lc.Conversation(lambda line: None, lambda: None, random.Random(0))
    reply = lc.Reply(reply_text, situation, yeti)
    return lc._follow_up_kind(step, reply, set(), talk)


@pytest.mark.parametrize(
    ("step", "reply", "kind"),
    [
        ("actual", "Honestly it's the new scanner, everyone says so.", "evidence"),
        ("actual", "Busy. Very busy this week.", "evidence"),
        ("happened", "It didn't work.", "back_to_prediction"),
        ("learned", "No better, really.", "back_to_prediction"),
        ("obstacles", "The printer jams; the forms are late; the phones ring all day.", "which_one"),
        ("obstacles", "A few things: jams; late forms. I'm working on the late forms first.", "why_that_one"),
        ("next_step", "We'll move the printer next to the desk.", "prediction"),
        ("next_step", "We'll move the printer; I expect it to be a bit better.", "how_much"),
        ("expect_next", "Hopefully fewer delays.", "how_much"),
        ("next_step", "I don't know yet what is behind it.", "find_out"),
        ("next_step", "What do you think I should do?", "thinking_back"),
        ("target", "Faster, basically.", "measure_target"),
    ],
)
def test_it_follows_up_on_what_the_learner_said(step, reply, kind):
    assert _coach_lines_after(reply, step=step) == kind


@pytest.mark.parametrize(
    ("step", "reply"),
    [
        ("actual", "The median is 41 min and the p90 58 min, from yesterday's 212 samples."),
        ("learned", "It didn't work the way I thought: the queue moved to the next station, because that one is "
                    "now the slowest, so speeding up one station only pays while it sets the pace."),
        ("expect_next", "I expect the p90 to drop from 58 to about 50 minutes by Friday."),
        ("obstacles", "Just the one: labels that reception cannot accept, 1 in 20."),
    ],
)
def test_it_moves_on_when_the_answer_calls_for_nothing_more(step, reply):
    assert _coach_lines_after(reply, step=step) is None


def test_a_reply_heard_before_is_paraphrased_not_asked_again():
    said: list[str] = []
    replies = iter(
        [
            {"type": "reply", "text": "The target is 44 minutes by May.", "situation": "target", "yeti": False},
            {"type": "ready", "cycle": 1},
            {"type": "reply", "text": "The target is 44 minutes by May.", "situation": "target", "yeti": False},
            {"type": "ready", "cycle": 1},
            {"type": "reply", "text": "Yes.", "situation": "clarify", "yeti": False},
            {"type": "ready", "cycle": 1},
        ]
    )
    talk = lc.Conversation(said.append, lambda: next(replies, None), random.Random(3))
    lc._listen(talk, "target", talk.ask(lc.CARD["target"]))
    lc._listen(talk, "target", talk.ask(lc.CARD["target"]))
    assert said[:2] == [lc.CARD["target"], lc.CARD["target"]]
    assert len(said) == 3 and "the target is 44 minutes by May" in said[2] and said[2] != said[1]


def test_in_process_it_plays_the_same_protocol_as_the_subprocess():
    scenario = load_scenario("review-queue")
    channel = LocalChannel(Session(scenario, seed=4, clock=ScriptClock(0.0)))
    shown: list[str] = []
    debrief = lc.coach(channel.send, channel.receive, seed=4, show=shown.append)
    subprocess_shown: list[str] = []
    again = lc.play("review-queue", 4, dojo=[sys.executable, "-m", "dojo"], no_save=True, show=subprocess_shown.append)
    assert debrief is not None and again is not None
    assert shown == subprocess_shown
    assert debrief["score"] == again["score"]


def test_after_as_i_said_it_moves_on_instead_of_asking_again():
    said: list[str] = []
    replies = iter([{"type": "reply", "text": "As I said, it's the analyser.", "situation": "actual_vague"},
                    {"type": "ready", "cycle": 1}])
    talk = lc.Conversation(said.append, lambda: next(replies, None), random.Random(1))
    lc._listen(talk, "actual", talk.ask(lc.CARD["actual"]))
    assert said == [lc.CARD["actual"]]
