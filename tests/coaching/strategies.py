"""Coaching strategies played through the real engine, and their mean scores.

Each strategy is a coach: a function that, given the session so far, says the next line
of the cycle (or None to end it). They are played in-process through
:class:`dojo.session.engine.Session` with the shipped classifier, on every built-in
scenario and a range of seeds, the way ``dojo play --headless`` plays a script.

``python -m tests.coaching.strategies [SEEDS]`` prints the mean score per strategy; the
tests in ``test_scorer_strategies.py`` hold the targets of issue 9 on fewer seeds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from statistics import mean

from dojo.coaching.card import QUESTIONS, read_aloud
from dojo.coaching.labels import Label
from dojo.scenarios.models import Scenario
from dojo.scenarios.registry import list_scenarios, load_scenario
from dojo.session.engine import Session
from dojo.session.headless import ScriptClock

#: The card, word for word (the obstacles and next-step steps each carry their second question).
CARD: list[str] = read_aloud()

_OBSTACLES = CARD.index(QUESTIONS[Label.OBSTACLES])
_NEXT = CARD.index("What is your next step?")
_GO_SEE = len(CARD) - 1


@dataclass
class Talk:
    """What a coach sees while coaching: the session and the cycle's lines so far."""

    session: Session
    scenario: Scenario
    cycle: int

    @property
    def last_reply(self) -> tuple[str, str | None]:
        t = self.session.turns[-1] if self.session.turns else None
        if t is None or t.speaker != "learner" or t.cycle != self.cycle:
            return "", None
        return t.text, t.key


#: A coach yields the lines of one cycle; it may look at ``talk.last_reply`` between lines.
Coach = Callable[[Talk], Iterator[str]]


def card_word_for_word(talk: Talk) -> Iterator[str]:
    yield from CARD


def _fix_keyword(talk: Talk) -> str:
    """A fix the coach already has in mind: a keyword of a step not yet run, one per cycle."""
    run = set(talk.session.learner.state.experiments_run)
    fixes = [e for e in talk.scenario.experiments if e.kind != "observe" and e.id not in run and e.keywords]
    if not fixes:
        fixes = [e for e in talk.scenario.experiments if e.keywords]
    e = fixes[(talk.cycle - 1) % len(fixes)]
    return e.keywords[0]


def card_plus_leading(talk: Talk) -> Iterator[str]:
    for i, q in enumerate(CARD):
        if i == _NEXT:
            yield f"Have you thought about trying the {_fix_keyword(talk)}?"
        yield q


def next_step_before_obstacles(talk: Talk) -> Iterator[str]:
    order = CARD[:_OBSTACLES] + CARD[_NEXT:] + CARD[_OBSTACLES:_NEXT]
    yield from order


LUNCH: list[str] = [
    "What is the target condition for Bob's lunch?",
    "What is the actual condition of the sandwiches now?",
    "What did you plan as your last step for the lunch break?",
    "What did you expect from the soup?",
    "What actually happened to the soup?",
    "What did you learn about the salad?",
    "What obstacles do you think are preventing Bob from eating his lunch?",
    "Which one are you addressing now, the bread or the cheese?",
    "What is your next step with the sandwiches?",
    "What do you expect the lunch to taste like?",
    "When can we go and see Bob's lunch?",
]


def card_shaped_nonsense(talk: Talk) -> Iterator[str]:
    yield from LUNCH


# --------------------------------------------------------------------------- a listening coach

#: Follow-ups by what the learner's reply calls for (the situation key the engine gives it).
FOLLOW_UP_BY_KEY: dict[str, str] = {
    "actual_vague": "How do you know? Can you show me on the run chart?",
    "learned_shallow": "What did you expect, and what happened instead? What does the difference tell you?",
    "expected_none": "What would you have expected, looking back?",
    "dont_know": "How could you find out?",
    "next_step": "What do you expect will happen, in numbers?",
    "hedged_prediction": "It's fine to be wrong, we learn either way. What do you expect will happen?",
    "ask_coach": "What options do you see?",
    "closed": "What makes you say that?",
}


#: The learner has named the obstacle they are working on.
_NAMED = re.compile(r"working on|one at a time|this one|for now|addressing")


def _follow_up(text: str, key: str | None, step: int) -> str | None:
    """What this coach asks after a reply: by the learner's situation, or a number asked for."""
    follow = FOLLOW_UP_BY_KEY.get(key or "")
    if follow is None and key in ("happened", "next_step_prediction", "learned_deep") and not re.search(r"\d", text):
        follow = "What did the numbers show?" if key == "happened" else (
            "How much, by when?" if key == "next_step_prediction" else "What does that tell you?")
    if key == "next_step" and step == _NEXT:
        return None  # the card's own "What do you expect?" comes next
    return follow


def listening_coach(talk: Talk) -> Iterator[str]:
    """The card, and after each reply the follow-up it calls for, at most two per step; the
    card's second questions only when the learner has not answered them already."""
    for i, q in enumerate(CARD):
        if i == _NEXT + 1 and talk.session.learner.state.cycle.prediction_stated:
            continue  # the prediction came with the step already
        if i == _OBSTACLES + 1 and _NAMED.search(talk.last_reply[0].lower()):
            yield "Why that one?"  # the learner named it already: ask for the reason instead
            continue
        yield q
        asked: set[str] = set()
        for _ in range(3):
            follow = _follow_up(*talk.last_reply, i)
            if follow is None or follow in asked:
                break
            asked.add(follow)
            yield follow


STRATEGIES: dict[str, Coach] = {
    "card word for word": card_word_for_word,
    "card + leading fix": card_plus_leading,
    "next step before obstacles": next_step_before_obstacles,
    "card-shaped nonsense": card_shaped_nonsense,
    "listening coach": listening_coach,
}


def play(scenario: Scenario, coach: Coach, seed: int) -> Session:
    session = Session(scenario, seed=seed, clock=ScriptClock(start=1_800_000_000.0))
    while not session.ended:
        talk = Talk(session, scenario, session.cycle)
        for line in coach(talk):
            session.coach(line)
        session.end_cycle()
    return session


def score_of(session: Session) -> int:
    from dojo.session.debrief import score_session

    return score_session(session).score


def mean_scores(seeds: range, strategies: dict[str, Coach] | None = None) -> dict[str, dict[str, float]]:
    """Mean score per strategy and scenario (and ``all``) over ``seeds``."""
    out: dict[str, dict[str, float]] = {}
    scenarios = [load_scenario(info.id) for info in list_scenarios()]
    for name, coach in (strategies or STRATEGIES).items():
        per: dict[str, float] = {}
        for scenario in scenarios:
            per[scenario.id] = mean(score_of(play(scenario, coach, seed)) for seed in seeds)
        per["all"] = mean(per.values())
        out[name] = per
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seeds = range(1, 1 + (int(args[0]) if args else 10))
    table = mean_scores(seeds)
    ids = [k for k in next(iter(table.values())) if k != "all"]
    print(f"{'strategy':<28}" + "".join(f"{i:>15}" for i in ids) + f"{'mean':>8}")
    for name, per in table.items():
        print(f"{name:<28}" + "".join(f"{per[i]:15.1f}" for i in ids) + f"{per['all']:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
