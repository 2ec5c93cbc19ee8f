"""A small rule-based coach that follows the Coaching Kata card and listens to the answers.

It plays ``dojo play --headless --interactive`` as a subprocess: it writes one coach
line, reads the learner's reply (one JSON line per event, up to ``ready``), and decides
what to say next from what the learner actually said. It asks the card's questions in
order and follows up before moving on:

- an opinion given as fact, or an answer with no data  -> asks for evidence;
- "it didn't work" with no learning                     -> goes back to the prediction;
- several obstacles and no choice                       -> "which one are you addressing now?";
- a step with no prediction, or a vague one             -> "what do you expect? how much, by when?";
- "I don't know yet"                                    -> "how could you find out?";
- "what should I do?"                                   -> gives the thinking back;
- something already said, said again                    -> paraphrases it instead of re-asking;
- and, once a step is agreed, asks when to go and see.

Standard library only. Usage::

    python examples/listening_coach.py --scenario assembly-cell --seed 7 [--dojo PATH] [--no-save]

prints the transcript and the final score. :func:`coach` takes a ``send``/``receive``
pair, so a test or a benchmark can drive it in-process too.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Send = Callable[[str], None]
Receive = Callable[[], "dict | None"]

#: The card's questions, in the card's order, by card step.
CARD = {
    "target": "What is the target condition?",
    "actual": "What is the actual condition now?",
    "last_step": "What did you plan as your last step?",
    "expected": "What did you expect?",
    "happened": "What actually happened?",
    "learned": "What did you learn?",
    "obstacles": "What obstacles do you think are preventing you from reaching the target condition now?",
    "next_step": "What is your next step?",
    "expect_next": "What do you expect?",
    "go_see": "When can we go and see what we have learned from taking that step?",
}
REFLECTION = ("last_step", "expected", "happened", "learned")

#: Steps whose answer is meant to repeat what was said before: the step planned, the prediction made.
RETOLD = ("last_step", "expected")

#: An "it didn't work" shorter than this, with no reason given, is not yet a learning.
SHORT_ANSWER_WORDS = 20

#: Follow-ups by what they follow up; a few phrasings each, so the coach does not sound like a recording.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "evidence": ("How do you know?", "What did you see?", "Can you show me on the run chart?",
                 "What data tells you that?"),
    "back_to_prediction": ("What did you expect, and what happened instead?",
                           "What did you predict, and how does that compare with what happened?",
                           "What does the difference between what you expected and what happened tell you?"),
    "which_one": ("Which one are you addressing now?", "Which of those are you working on now?",
                  "Which one are you taking on first?"),
    "why_that_one": ("Why that one?", "What makes that one the one to work on now?"),
    "prediction": ("What do you expect? How much, by when?", "What do you expect will happen, and by when?",
                   "What result do you expect from that step, and by how much?"),
    "how_much": ("How much do you expect it to change, and by when?", "What number do you expect to see, and by when?",
                 "How will you know it worked? What number do you expect?"),
    "find_out": ("How could you find out?", "That's the edge of what we know. How could you find out?",
                 "What could you do to find out?"),
    "thinking_back": ("What do you think you could try?", "What do you think? What would your next step be?",
                      "What ideas do you have yourself?"),
    "measure_target": ("What will it look like when you're there? How will you measure it?",),
    "next_step_again": ("So what is your next step?", "What step will you take next, then?"),
}

_NUMBER = re.compile(r"\d")
_OPINION = re.compile(
    r"\b(i think|i believe|i reckon|i guess|i'?m sure|obviously|clearly|must be|it'?s the|it is the|"
    r"the problem is|everyone knows|feels? like|seems?|probably|not the people|flat out)\b",
    re.I,
)
_DIDNT_WORK = re.compile(
    r"\b(didn'?t work|did not work|no better|not better|didn'?t help|did not help|no change|nothing changed|"
    r"hardly moved|got worse|worse|failed|same as before|did what it did)\b",
    re.I,
)
_LEARNING = re.compile(
    r"\b(learn\w*|because|so the|turns? out|it wasn'?t|the cause|we found|now we know|only|instead|moved to)\b", re.I
)
_DONT_KNOW = re.compile(r"\b((don'?t|do not) know yet|no idea|not sure (what|how|why))\b", re.I)
_ASKS_COACH = re.compile(r"\b(what (do|would) you (think|suggest)|what should (i|we) do|tell me what)\b", re.I)
_SEVERAL = re.compile(r"(;|\b(a few|several|a couple|two things|three things|there are (some|a few|several))\b)", re.I)
_CHOSEN = re.compile(r"\b(taking|this one|focus\w*|addressing|working on|start with|first)\b", re.I)
_EXPECTS = re.compile(r"\b(expect\w*|predict\w*|i'?d guess|should (drop|fall|rise|go)|will (drop|fall|rise|go))\b",
                      re.I)
_HEDGE = re.compile(r"\b(a bit|somewhat|hopefully|maybe|better|some|a little|should help|we'?ll see)\b", re.I)
_AS_SAID = re.compile(r"\b(as i said|like i said|i already said|as i told you)\b", re.I)
_NO_STEP = re.compile(r"\b(see what|which (step|one of what)|what step)\b", re.I)


@dataclass
class Reply:
    text: str
    situation: str = ""
    yeti: bool = False


@dataclass
class Conversation:
    """The coach's side of the pipe: says a line, reads what it caused, remembers what was said."""

    send: Send
    receive: Receive
    rng: random.Random
    show: Callable[[str], None] = lambda line: None
    cycle: int = 1
    cycles: int = 1
    has_last_step: bool = False
    debrief: dict | None = None
    replies: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    used: dict[str, int] = field(default_factory=dict)  # follow-up kind -> times used
    starts: dict[str, int] = field(default_factory=dict)  # follow-up kind -> the phrasing this session starts at
    closed: bool = False  # the dojo stopped writing

    def start(self) -> None:
        for event in self._read():
            self._note(event)

    @property
    def ended(self) -> bool:
        return self.debrief is not None or self.closed

    def ask(self, line: str) -> Reply:
        self.send(line)
        self.said.append(line)
        self.show(f"coach: {line}")
        reply = Reply("")
        for event in self._read():
            if event["type"] == "reply":
                reply = Reply(event["text"], event.get("situation", ""), bool(event.get("yeti")))
                self.show(f"learner: {reply.text}")
            self._note(event)
        self.replies.append(reply.text)
        return reply

    def end_cycle(self) -> None:
        self.send("---")
        for event in self._read():
            self._note(event)

    def follow_up(self, kind: str) -> str:
        """A phrasing of this follow-up: each session starts somewhere at random and goes round."""
        options = FOLLOW_UPS[kind]
        start = self.starts.setdefault(kind, self.rng.randrange(len(options)))
        count = self.used.get(kind, 0)
        self.used[kind] = count + 1
        return options[(start + count) % len(options)]

    def _read(self) -> list[dict]:
        events = []
        while True:
            event = self.receive()
            if event is None:
                self.closed = True
                return events
            events.append(event)
            if event["type"] in ("ready", "debrief"):
                return events

    def _note(self, event: dict) -> None:
        kind = event["type"]
        if kind == "session":
            self.cycles = event["cycles"]
        elif kind == "storyboard":
            self.has_last_step = event.get("last_record") is not None
        elif kind == "experiment":
            self.show(f"  (the learner runs: {event['step']} -> {event['statistic']} {event['before']:g} -> "
                      f"{event['value']:g} {event['unit']}, target {event['target']:g})")
        elif kind == "event":
            self.show(f"  (on the line: {event['title']})")
        elif kind == "cycle_started":
            self.cycle = event["cycle"]
            self.show(f"--- cycle {self.cycle} ---")
        elif kind == "debrief":
            self.debrief = event["debrief"]


PARAPHRASES = ("Let me play that back: {gist}. What did I miss?", "I hear: {gist}. What else?",
               "So, in your words: {gist}. What else?")

#: Follow-ups that come first even when the learner is repeating themselves.
URGENT = ("find_out", "thinking_back")

#: "On the board:", "My prediction was:" - a lead-in this short before a colon is not what was said.
LEAD_IN_WORDS = 8


def gist(text: str, *, max_words: int = 14) -> str:
    """The first clause that says something, in the learner's words, without a lead-in like "On the board:"."""
    clauses = []
    for clause in re.split(r"(?<=[.!?;])\s+", text.strip()):
        head, colon, rest = clause.partition(":")
        if colon and len(head.split()) <= LEAD_IN_WORDS and rest.strip():
            clause = rest
        if clause.strip(" .!?;:"):
            clauses.append(clause.strip(" .!?;:").split())
    if not clauses:
        return text.strip()
    words = next((c for c in clauses if len(c) >= 4), clauses[0])
    said = " ".join(words[:max_words]) + (" ..." if len(words) > max_words else "")
    return said if said[:2].isupper() else said[0].lower() + said[1:]  # "The p90" -> "the p90"; "ED" stays


def paraphrase(text: str, rng: random.Random) -> str:
    """A check of what the learner said, instead of asking again."""
    return rng.choice(PARAPHRASES).format(gist=gist(text))


def _explains(text: str) -> bool:
    """Does a reply say why, not only what? A learning gives a reason and takes more than a line."""
    return _LEARNING.search(text) is not None or len(text.split()) >= SHORT_ANSWER_WORDS


def _follow_up_kind(step: str, reply: Reply, done: set[str], talk: Conversation) -> str | None:
    """What this reply calls for before moving on, or None. ``done``: follow-ups already made on this step."""
    text = reply.text
    candidates: list[str] = []
    if reply.yeti or (_DONT_KNOW.search(text) and step in ("next_step", "expect_next")):
        candidates.append("find_out")
    if _ASKS_COACH.search(text):
        candidates.append("thinking_back")
    if step == "target" and not _NUMBER.search(text):
        candidates.append("measure_target")
    if step in ("happened", "learned") and _DIDNT_WORK.search(text) and not _explains(text):
        candidates.append("back_to_prediction")
    if step == "obstacles" and _SEVERAL.search(text):
        candidates.append("why_that_one" if _CHOSEN.search(text) else "which_one")
    if step in ("actual", "happened", "obstacles") and (not _NUMBER.search(text) or _OPINION.search(text)):
        candidates.append("evidence")
    if step in ("learned", "which_one") and _OPINION.search(text) and not _NUMBER.search(text):
        candidates.append("evidence")
    if step == "next_step" and not reply.yeti and not _NO_STEP.search(text):
        if not _EXPECTS.search(text):
            candidates.append("prediction")
        elif not _NUMBER.search(text) or _HEDGE.search(text):
            candidates.append("how_much")
    if step == "expect_next" and not reply.yeti and (not _NUMBER.search(text) or _HEDGE.search(text)):
        candidates.append("how_much")
    return next((c for c in candidates if c not in done), None)


def _listen(talk: Conversation, step: str, reply: Reply, *, max_follow_ups: int = 3) -> Reply:
    """Follow up on ``reply`` until it calls for nothing more (or enough has been asked on this step)."""
    done: set[str] = set()
    for _ in range(max_follow_ups):
        if talk.ended or _AS_SAID.search(reply.text):  # "As I said, ...": asked again already; move on
            break
        kind = _follow_up_kind(step, reply, done, talk)
        if reply.text in talk.replies[:-1] and step not in RETOLD and kind not in URGENT:
            # Said before, word for word: check the gist back instead of asking again.
            talk.ask(paraphrase(reply.text, talk.rng))
            break
        if kind is None:
            break
        done.add(kind)
        if kind == "find_out":
            step = "next_step"  # the answer is the step to find out
        elif kind in ("which_one", "why_that_one"):
            step = "which_one"
        elif kind in ("prediction", "how_much"):
            step = "expect_next"
        reply = talk.ask(talk.follow_up(kind))
    return reply


def agree_next_step(talk: Conversation) -> None:
    """The next step, with a prediction the learner states (asked for only if they have not given one)."""
    mark = len(talk.said)
    reply = _listen(talk, "next_step", talk.ask(CARD["next_step"]))
    if not talk.ended and (_NO_STEP.search(reply.text) or reply.yeti):
        _listen(talk, "next_step", talk.ask(talk.follow_up("next_step_again")))
    asked = any("expect" in line.lower() for line in talk.said[mark:])
    predicted = any(_EXPECTS.search(r) and _NUMBER.search(r) for r in talk.replies[mark:])
    if not talk.ended and not asked and not predicted:
        _listen(talk, "expect_next", talk.ask(CARD["expect_next"]))


def coach_cycle(talk: Conversation) -> None:
    steps = ["target", "actual"]
    if talk.has_last_step:
        steps += list(REFLECTION)
    steps.append("obstacles")
    for step in steps:
        if talk.ended:
            return
        _listen(talk, step, talk.ask(CARD[step]))
    if not talk.ended:
        agree_next_step(talk)
    if not talk.ended:
        reply = talk.ask(CARD["go_see"])
        if _NO_STEP.search(reply.text):  # "See what, though?": no step agreed yet
            agree_next_step(talk)
            talk.ask(CARD["go_see"])
    if not talk.ended:
        talk.end_cycle()


def coach(
    send: Send, receive: Receive, *, seed: int = 0, show: Callable[[str], None] = lambda line: None
) -> dict | None:
    """Coach a whole session over ``send``/``receive``; returns the debrief (None: the dojo stopped first)."""
    talk = Conversation(send, receive, random.Random(seed), show=show)
    talk.start()
    while not talk.ended:
        coach_cycle(talk)
    return talk.debrief


def dojo_command(path: str | None) -> list[str]:
    """The dojo to run: ``--dojo PATH``, else ``dojo`` on PATH, else this checkout's .venv, else ``python -m dojo``."""
    if path:
        return [path]
    found = shutil.which("dojo")
    if found:
        return [found]
    venv = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "dojo"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "dojo"]


def play(scenario: str, seed: int, *, dojo: list[str], no_save: bool = False,
         show: Callable[[str], None] = print) -> dict | None:
    """Start ``dojo play --headless --interactive`` and coach it; returns the debrief (None: the dojo failed)."""
    args = [*dojo, "play", "--headless", "--interactive", "--scenario", scenario, "--seed", str(seed)]
    if no_save:
        args.append("--no-save")
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
                            bufsize=1)
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def send(line: str) -> None:
        stdin.write(line + "\n")
        stdin.flush()

    def receive() -> dict | None:
        line = stdout.readline()
        return json.loads(line) if line else None

    try:
        debrief = coach(send, receive, seed=seed, show=show)
    except BrokenPipeError:
        debrief = None
    finally:
        try:
            stdin.close()
        except BrokenPipeError:
            pass
    code = proc.wait(timeout=60)
    return debrief if code == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A rule-based coach that listens, playing the dojo interactively.")
    parser.add_argument("--scenario", required=True, metavar="ID")
    parser.add_argument("--seed", type=int, default=1, metavar="N")
    parser.add_argument("--dojo", metavar="PATH", help="the dojo command to run (default: dojo on PATH)")
    parser.add_argument("--no-save", action="store_true", help="do not keep the session in the dojo's history")
    args = parser.parse_args(argv)
    debrief = play(args.scenario, args.seed, dojo=dojo_command(args.dojo), no_save=args.no_save)
    if debrief is None:
        print("listening_coach: the dojo stopped before the debrief (its message is above)", file=sys.stderr)
        return 1
    outcome = debrief["outcome"]
    print(f"\nscore: {debrief['score']['score']}/100; {outcome['metric']} {outcome['baseline']:g} -> "
          f"{outcome['final']:g} {outcome['unit']} (target {outcome['target']:g}, "
          f"{'met' if outcome['target_met'] else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
