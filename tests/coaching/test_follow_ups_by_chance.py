"""Follow-ups judged against chance: stock lines hidden from a count of wordings (a line after every
third answer, a pool of lines each said twice) and templates that echo a word of the learner's
score no better than the card read word for word, played through the real engine; a coach who
follows up where the reply calls for it, or plays the reply back, is not touched."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_scorer_support import card_cycle, coach, learner

from dojo import transcript
from dojo.coaching.card import read_aloud
from dojo.coaching.hearing import default_classifier
from dojo.coaching.labels import Label
from dojo.coaching.reflex import Chance, Probe, by_chance, echoed, restates
from dojo.coaching.report import FeedbackItem, FeedbackKind, ScoreReport, TurnFlag
from dojo.coaching.scorer import TurnIn, score_cycles
from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session
from dojo.session.headless import ScriptClock, play_script
from dojo.session.interactive import LocalChannel

CARD = read_aloud()  # the card word for word, one question a line
POOL = [f"{ask} {what}?" for ask in ("How do you know", "What makes you say", "Why do you say", "What is behind",
                                      "Can you say more about", "Could you expand on", "What do you mean by",
                                      "Can you give me an example of")
        for what in ("that", "this", "that, then", "that one")]

_classifier = default_classifier()


def scripted(scenario: str, seed: int, after: Callable[[int], str | None]) -> ScoreReport:
    """The card word for word over the scenario's cycles, with ``after(n)`` said after the n-th answer (or nothing)."""
    sc = load_scenario(scenario)
    lines: list[str] = []
    n = 0
    for cycle in range(sc.cycles):
        if cycle:
            lines.append("---")
        for q in CARD:
            lines.append(q)
            line = after(n)
            n += 1
            if line:
                lines.append(line)
    session = Session(sc, seed=seed, classifier=_classifier, clock=ScriptClock(0.0))
    result = play_script(sc, transcript.parse("\n".join(lines), "test"), seed=seed, session=session)
    return result.debrief.score


def echo(scenario: str, seed: int, template: Callable[[str, random.Random], str]) -> dict:
    """The card word for word through the interactive protocol, and after every answer ``template`` of the reply."""
    channel = LocalChannel(Session(load_scenario(scenario), seed=seed, classifier=_classifier, clock=ScriptClock(0.0)))
    rng = random.Random(seed)

    def say(line: str) -> tuple[str, dict | None]:
        channel.send(line)
        reply, debrief = "", None
        while (event := channel.receive()) is not None:
            if event["type"] == "reply":
                reply = event["text"]
            elif event["type"] == "debrief":
                debrief = event["debrief"]
            if event["type"] in ("ready", "debrief"):
                break
        return reply, debrief

    while (event := channel.receive()) is not None and event["type"] != "ready":
        pass
    while True:
        for q in CARD:
            reply, debrief = say(q)
            if debrief is None:
                _, debrief = say(template(reply, rng))
            if debrief is not None:
                return debrief["score"]
        _, debrief = say("---")
        if debrief is not None:
            return debrief["score"]


def a_word(reply: str, rng: random.Random) -> str:
    words = [w.lower() for w in re.findall(r"[A-Za-z]{5,}", reply)] or ["that"]
    word = rng.choice(words)
    return f"You said {word} — tell me more about {word}."


def stock_item(report: ScoreReport) -> FeedbackItem | None:
    return next((f for f in report.feedback if f.kind == FeedbackKind.STOCK_FOLLOW_UP), None)


# ----------------------------------------------------------------- played through the engine


def test_a_stock_line_after_every_third_answer_scores_below_the_card() -> None:
    card = scripted("review-queue", 3, lambda n: None)
    third = scripted("review-queue", 3, lambda n: "How do you know?" if n % 3 == 2 else None)
    assert third.score < card.score
    assert third.criteria.listening is not None and card.criteria.listening is not None
    assert third.criteria.listening < card.criteria.listening
    item = stock_item(third)
    assert item is not None and re.match(r"You asked 'How do you know\?' after \d+ of \d+ answers to card questions",
                                         item.why)


def test_a_pool_of_stock_lines_each_said_twice_scores_below_the_card() -> None:
    card = scripted("assembly-cell", 5, lambda n: None)
    pool = scripted("assembly-cell", 5, lambda n: POOL[n % len(POOL)])
    assert pool.score < card.score - 3
    item = stock_item(pool)
    assert item is not None
    assert "Where an answer called for something" in item.why and "answers picked at random" in item.why
    assert "'How do you know that?'" in item.why  # two of the lines, as said
    flagged = {t.text for t in pool.turns if TurnFlag.STOCK in t.flags}
    assert len(flagged) > 10 and flagged <= set(POOL)


def test_a_word_of_the_learners_echoed_in_a_template_is_not_listening() -> None:
    card = scripted("hospital-lab", 2, lambda n: None)
    report = ScoreReport.model_validate(echo("hospital-lab", 2, a_word))
    assert report.score < card.score - 3
    item = stock_item(report)
    assert item is not None and "is an echo, not listening" in item.why
    echoes = [t for t in report.turns if t.speaker == "coach" and t.text.startswith("You said ")]
    assert echoes and all(TurnFlag.FOLLOW_UP not in t.flags for t in echoes)
    assert sum(TurnFlag.STOCK in t.flags for t in echoes) >= len(echoes) // 2


# ----------------------------------------------------------------- the judgement, unit by unit

OPINION = "Honestly? It's the tester, I think. Every time it faults we're stuck."


def test_selectivity_runs_from_chance_to_every_one_fitting() -> None:
    assert Chance(probes=10, fitted=3, expected=3.0).selectivity == 0
    assert Chance(probes=10, fitted=10, expected=3.0).selectivity == 1
    assert Chance(probes=4, fitted=4, expected=4.0).selectivity == 1  # chance cannot be told from it
    assert Chance(probes=10, fitted=1, expected=3.0).selectivity < 0


def test_too_few_misses_are_never_judged_by_chance() -> None:
    def probe(fits: bool, step: Label, called: bool = True) -> Probe:
        return Probe(turn=0, reply=0, text="Why?", kind=None, step=step, fits=fits, refers=False, called=called)

    never = lambda label, text, context: False  # noqa: E731
    asked = [(("evidence", 1),), ()]
    assert not by_chance([probe(False, Label.TARGET), probe(False, Label.ACTUAL)], asked, never)
    assert not by_chance([probe(False, Label.TARGET)] * 3, asked, never)  # one kind of reply only
    three = [probe(False, Label.TARGET), probe(False, Label.ACTUAL), probe(False, Label.OBSTACLES)]
    assert by_chance(three, asked, never)
    # Questions of the coach's own after precise answers are not held against them.
    assert not by_chance([dataclasses.replace(p, called=False) for p in three], asked, never)


def test_a_question_of_ones_own_after_a_precise_answer_keeps_the_follow_ups() -> None:
    cycles = []
    for _ in range(4):
        cycle = card_cycle()
        actual = next(i for i, t in enumerate(cycle) if t.speaker == "coach" and t.label is Label.ACTUAL)
        cycle = [*cycle[: actual + 1], learner(OPINION), coach(Label.CLARIFY, "How do you know it's the tester?"),
                 learner("The run chart: 40 of 58 s are at the tester."), *cycle[actual + 2:]]
        for step, question in ((Label.TARGET, "Who set that?"), (Label.LAST_STEP, "What did that take?")):
            at = next(i for i, t in enumerate(cycle) if t.speaker == "coach" and t.label is step) + 2
            cycle[at:at] = [coach(Label.CLARIFY, question), learner("Half a day, with the team leader.")]
        cycles.append(cycle)
    report = score_cycles(cycles, first_cycle=True)
    assert stock_item(report) is None
    assert report.criteria.listening == 100 and report.score >= 95


def test_a_play_back_is_a_check_and_one_echoed_word_is_not() -> None:
    reply = "58 seconds on average, between 50 and 70; here is the run chart."
    assert restates("So: 58 seconds on average, between 50 and 70, from the run chart?", reply)
    assert not restates("You said chart — tell me more about chart.", reply)
    assert echoed("You said chart — tell me more about chart.", reply) == ["chart"]
    assert restates("Pallets?", "Pallets.")  # a one-word reply, played back whole


def test_following_up_where_the_reply_calls_for_it_is_never_stock() -> None:
    cycles = []
    for _ in range(4):
        cycle = card_cycle()
        actual = next(i for i, t in enumerate(cycle) if t.speaker == "coach" and t.label is Label.ACTUAL)
        cycles.append([*cycle[: actual + 1], learner(OPINION), coach(Label.CLARIFY, "How do you know it's the tester?"),
                       learner("The run chart: 40 of 58 s are at the tester."), *cycle[actual + 2:]])
    report = score_cycles(cycles, first_cycle=True)
    assert stock_item(report) is None
    assert report.score >= 95


# ----------------------------------------------------------------- properties

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def calling_cycle(first: bool) -> list[TurnIn]:
    """The canonical cycle whose actual condition is an opinion and whose learning is 'it didn't work'."""
    instead = {Label.ACTUAL: OPINION, Label.LEARNED: "It didn't work, hard to say why."}
    out: list[TurnIn] = []
    for t in card_cycle(first=first):
        before = out[-1].label if out else None
        out.append(learner(instead[before]) if t.speaker == "learner" and before in instead else t)
    return out


def _after_every_answer(cycle: list[TurnIn], line: Callable[[int, str], str]) -> list[TurnIn]:
    out: list[TurnIn] = []
    n = 0
    for t in cycle:
        out.append(t)
        if t.speaker == "learner":
            out += [coach(Label.CLARIFY, line(n, t.text)), learner("58 s, from the run chart.")]
            n += 1
    return out


@SETTINGS
@given(st.permutations(POOL), st.integers(2, 5))
def test_stock_lines_each_said_at_most_twice_never_beat_the_card(pool: list[str], cycles: int) -> None:
    card = [calling_cycle(first=i == 0) for i in range(cycles)]
    used: list[int] = []

    def line(n: int, reply: str) -> str:
        used.append(n)
        return pool[len(used) % len(pool)]

    stocked = [_after_every_answer(c, line) for c in card]
    assert score_cycles(stocked, first_cycle=True).score < score_cycles(card, first_cycle=True).score


@SETTINGS
@given(st.integers(2, 5), st.randoms(use_true_random=False),
       st.sampled_from(["You said {w} — tell me more about {w}.", "What do you mean by {w}?", "{w}? Say more."]))
def test_an_echoed_word_never_beats_the_card(cycles: int, rng: random.Random, template: str) -> None:
    card = [calling_cycle(first=i == 0) for i in range(cycles)]

    def line(n: int, reply: str) -> str:
        words = re.findall(r"[A-Za-z]{5,}", reply) or ["that"]
        return template.format(w=rng.choice(words).lower())

    echoed_cycles = [_after_every_answer(c, line) for c in card]
    assert score_cycles(echoed_cycles, first_cycle=True).score < score_cycles(card, first_cycle=True).score


def test_follow_ups_in_a_wording_of_their_own_that_pick_up_the_reply_are_listening() -> None:
    """A real coach's follow-ups pick up the learner's own numbers and words, each in its own words:
    even when the session's follow-ups together are judged against chance, those are not stock
    (the template that fills in a word each time is: see the echo test above)."""
    from pathlib import Path

    from dojo.coaching.scorer import score_transcript

    path = Path(__file__).with_name("transcripts") / "warm-coach.txt"
    report = score_transcript(transcript.parse(path.read_text(encoding="utf-8"), str(path)))
    tailored = [t for t in report.turns if t.speaker == "coach" and t.text.startswith(("That 1072 one", "86 seconds"))]
    assert len(tailored) == 2 and all(TurnFlag.STOCK not in t.flags for t in tailored)
    assert report.criteria.listening is not None and report.criteria.listening >= 20
