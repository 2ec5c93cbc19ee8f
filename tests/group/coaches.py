"""Three made-up coaches who play whole sessions through the real engine, for the group debrief's tests.

- :func:`listener` asks the card and follows up on what the learner actually says, in their words;
- :func:`reciter` reads the card word for word, every cycle, whatever the learner says;
- :func:`leader` asks a few card questions and then puts its own fixes to the learner.

Each drives a :class:`dojo.session.engine.Session` and reads the learner's replies from it,
as a player at the keyboard would. :func:`play_into` keeps a session in a store with its
player's name and the plan round it was played for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from dojo.coaching.report import ScoreReport
from dojo.scenarios.registry import load_scenario
from dojo.session.debrief import build_debrief
from dojo.session.engine import Session
from dojo.session.headless import ScriptClock
from dojo.session.record import PlanTag
from dojo.storage.api import SessionStore
from dojo.storage.recorder import SessionRecorder

Coach = Callable[[Session], None]

FRONT = ["What is the target condition?", "What is the actual condition now?"]
REFLECTION = ["What was your last step?", "What did you expect?", "What actually happened?", "What did you learn?"]
OBSTACLES = "What obstacles do you think are preventing you from reaching the target condition?"
WHICH = "Which one are you addressing now?"
NEXT = "What is your next step?"
EXPECT = "What do you expect?"
GO_SEE = "When can we go and see what we have learned from taking that step?"


def _first_cycle(s: Session) -> bool:
    return not s.cycles[-1].had_last_step


def _reply(s: Session) -> str:
    return next((t.text for t in reversed(s.turns) if t.speaker == "learner"), "")


def reciter(s: Session) -> None:
    """The card, word for word, every cycle; never a follow-up."""
    while not s.ended:
        for line in FRONT + ([] if _first_cycle(s) else REFLECTION) + [OBSTACLES, WHICH, NEXT, EXPECT, GO_SEE]:
            s.coach(line)
        s.end_cycle()


def leader(s: Session) -> None:
    """A few card questions, then the coach's own fix as questions (the one that looks right in this
    process: the scenario's tempting step); no prediction, no time to go and see."""
    ideas = [e.keywords[0] for e in s.scenario.experiments if e.tempting and e.keywords] or ["more people"]
    while not s.ended:
        for line in FRONT + ([] if _first_cycle(s) else ["What was your last step?", "Did it work?"]) + [OBSTACLES]:
            s.coach(line)
        for line in (f"Have you thought about the {ideas[0]}?", f"Don't you think the {ideas[-1]} would fix it?",
                     "So that's your next step, right?"):
            s.coach(line)
        s.end_cycle()


_DONT_KNOW = re.compile(r"\b(don'?t|do not) know yet\b", re.I)
_DIDNT_WORK = re.compile(r"didn'?t work|no better|not better|worse|did what it did|hard to say|a bit different", re.I)
_OPINION = re.compile(r"\b(i think|it'?s the|probably|flat out|i reckon|i feel|obviously)\b", re.I)
_SEVERAL = re.compile(r"\b(a few|several|parking lot)\b|;", re.I)
_CHOSEN = re.compile(r"\b(this one|the one i'?m|one at a time|working on now|taking)\b", re.I)
_NEW = re.compile(r"\b(something else|mind you|by the way|happened too)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_SMALL = frozenset({"that", "this", "with", "have", "from", "they", "there", "about", "what", "were", "when", "then",
                    "just", "still", "again", "like", "said", "once", "more", "really", "think", "team", "people"})


def _their_words(reply: str, n: int = 3) -> str:
    """A few of the learner's own content words, to say back."""
    words = [w for w in _WORD.findall(reply) if w.lower() not in _SMALL]
    return " ".join(words[:n]).lower()


def _follow_up(asked: str, reply: str) -> str | None:
    """What a listening coach asks next, from the learner's reply; None to move on."""
    if _DONT_KNOW.search(reply):
        return "That's the edge of what we know. How could you find out?"
    if _DIDNT_WORK.search(reply):
        return "What did you expect, and what happened instead?"
    if _NEW.search(reply):
        return f"Tell me more about the {_their_words(reply.split('.')[-2] if '.' in reply else reply, 2)}: what did it do?"
    if _OPINION.search(reply):
        return f"You said {_their_words(reply)}. How do you know? What did you see?"
    if asked == OBSTACLES and _SEVERAL.search(reply) and not _CHOSEN.search(reply):
        return WHICH
    if asked in (OBSTACLES, WHICH) and _CHOSEN.search(reply):
        chosen = [w for w in _WORD.findall(reply.rsplit(":", 1)[-1]) if w.lower() not in _SMALL]
        return f"Why that one first, the {max(chosen, key=len).lower()}?" if chosen else "Why that one first?"
    if asked == NEXT and not re.search(r"\d", reply):
        return "What do you expect from that? How much, by when?"
    return None


def listener(s: Session) -> None:
    """The card, with up to two follow-ups after each answer, on what the learner just said."""
    while not s.ended:
        for line in FRONT + ([] if _first_cycle(s) else REFLECTION) + [OBSTACLES, NEXT, EXPECT, GO_SEE]:
            if line == EXPECT and "expect" in _reply(s).lower():
                continue  # already said what they expect: do not ask again
            s.coach(line)
            asked = line
            for _ in range(2):
                follow = _follow_up(asked, _reply(s))
                if follow is None:
                    break
                s.coach(follow)
                asked = follow
        s.end_cycle()


COACHES: dict[str, Coach] = {"listener": listener, "reciter": reciter, "leader": leader}


def play(scenario: str, seed: int, coach: Coach, *, start: float = 1_700_000_000.0) -> Session:
    s = Session(load_scenario(scenario), seed=seed, clock=ScriptClock(start=start))
    coach(s)
    return s


@cache
def report(scenario: str, seed: int, coach: str) -> ScoreReport:
    """The 2nd coach's report on a coach's session (played once per test run)."""
    return build_debrief(play(scenario, seed, COACHES[coach])).score


def play_into(
    store: SessionStore, scenario: str, seed: int, coach: Coach, *, player: str, plan: str, round_: int,
    start: float = 1_700_000_000.0, finish: bool = True,
) -> str:
    """Play a session kept in ``store`` as the game keeps it, tagged with its player and plan round;
    ``finish=False`` stops after the first coach line (a session not finished). Returns its id."""
    s = Session(load_scenario(scenario), seed=seed, clock=ScriptClock(start=start))
    s.record = s.record.model_copy(update={"player": player, "plan": PlanTag(plan_id=plan, round=round_)})
    recorder = SessionRecorder.start(store, s, source="headless")
    if finish:
        coach(s)
    else:
        s.coach(FRONT[0])
    return recorder.session_id
