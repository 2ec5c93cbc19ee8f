"""Does the dojo reward listening? Coaching strategies over the built-in scenarios × 20 seeds.

Not a timing benchmark: it measures what issue 9 asks of the learner and the score. Each
strategy coaches every built-in scenario with seeds 1–20:

- card-shaped nonsense: the card's questions about someone's lunch, and the card's
  questions padded with made-up words;
- the card read word for word, with no follow-up;
- the card plus one leading question per cycle that names a fix ("Have you thought about
  <keyword>?", the keyword taken from the scenario's non-tempting experiments in turn);
- the next step agreed before the obstacles (the card with its last three questions
  moved before "What obstacles...");
- the card with one stock follow-up after every answer, whatever it said ("How do you
  know?"), and with four stock follow-ups taken in turn ("How do you know?", "Tell me
  more.", "Why?", "Can you say more about that?"): follow-ups that never pick up the
  learner's words and fit only by chance;
- stock follow-ups hidden from a count of wordings: the same line after every third answer
  only; a pool of 32 generic questions, each used at most twice in a session;
- follow-ups that echo the learner's words in a template, whatever their reply called for:
  "You said X — tell me more about X." (X a content word of the last reply, at random) and
  "What do you mean by X?" (X the reply's last word), after every answer to the card;
- ``examples/listening_coach.py``, which follows up on what the learner says.

The scripts are played as ``dojo play --headless --script`` plays them
(:func:`~dojo.session.headless.play_script`, in-process); the listening coach through the
interactive protocol (:class:`~dojo.session.interactive.LocalChannel`, the same code as
``dojo play --headless --interactive``). Printed per strategy: the mean score, how often
the target was met, how many distinct experiment sequences each scenario played over the
seeds, and the most word-for-word repeated learner replies in one session; each against
the issue's target, marked met or missed; then, for each strategy, the 2nd coach's first
feedback item on one session. Returns non-zero while any target is missed.
"""

from __future__ import annotations

import importlib.util
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dojo import transcript
from dojo.coaching import labels
from dojo.coaching.card import QUESTIONS, WHICH_ONE
from dojo.coaching.classifier import Classifier
from dojo.coaching.hearing import default_classifier
from dojo.scenarios.models import Scenario
from dojo.scenarios.registry import list_scenarios, load_scenario
from dojo.session.engine import Session
from dojo.session.headless import ScriptClock, play_script
from dojo.session.interactive import LocalChannel

SEEDS = range(1, 21)
ROOT = Path(__file__).resolve().parents[1]

#: The Coaching Kata card, word for word, by card step (the obstacles and next-step questions
#: each with their second question as a step of its own).
_NEXT, _EXPECT_NEXT = QUESTIONS[labels.Label.NEXT_STEP].split("? ")
CARD: dict[str, str] = {
    **{label.value: QUESTIONS[label] for label in labels.CARD_ORDER[:7]},  # target … obstacles
    "which_one": WHICH_ONE,
    "next_step": _NEXT + "?",
    "expect_next": _EXPECT_NEXT,
    "go_see": QUESTIONS[labels.Label.GO_SEE],
}
CARD_ORDER = list(CARD)
NEXT_STEP_FIRST = [*CARD_ORDER[:6], "next_step", "expect_next", "go_see", "obstacles", "which_one"]

#: The card's questions about someone's lunch.
LUNCH = [
    "What is the target condition for your lunch?",
    "What is the actual condition of your sandwich now?",
    "What did you plan as your last step with the soup?",
    "What did you expect from the salad?",
    "What actually happened to your lunch?",
    "What did you learn about the sandwich?",
    "What obstacles do you think are preventing you from reaching your lunch now?",
    "Which crisp are you addressing now?",
    "What is your next step with the pudding?",
    "What do you expect from the pudding?",
    "When can we go and see what we have learned from eating that lunch?",
]

#: The card's questions padded with made-up words.
PADDED = [
    "What is the florbish target condition of the zanty wobble?",
    "What is the actual condition now of the grimbly sprocket?",
    "What did you plan as your last step, the plonky vimble?",
    "What did you expect from the snarfed quibble?",
    "What actually happened to the drizzly frombats?",
    "What did you learn about the wuzzle of the glorp?",
    "What obstacles do you think are preventing you from reaching the target condition of the blimp fandango now?",
    "Which one of the squonks are you addressing now?",
    "What is your next step with the frobnicated gizzard?",
    "What do you expect from the plinth of zorb?",
    "When can we go and see what we have learned from taking that blorpy step?",
]


def _script(cycles: list[list[str]]) -> transcript.Transcript:
    return transcript.parse("\n---\n".join("\n".join(c) for c in cycles), "bench")


def nonsense_lunch(scenario: Scenario) -> transcript.Transcript:
    return _script([LUNCH] * scenario.cycles)


def nonsense_padded(scenario: Scenario) -> transcript.Transcript:
    return _script([PADDED] * scenario.cycles)


def card_word_for_word(scenario: Scenario) -> transcript.Transcript:
    return _script([[CARD[k] for k in CARD_ORDER]] * scenario.cycles)


def fixes(scenario: Scenario) -> list[str]:
    """A keyword naming each real fix (not a step to find out, not the tempting one), multi-word where there is one."""
    out = []
    for e in scenario.experiments:
        if e.kind != "observe" and not e.tempting and e.keywords:
            out.append(next((k for k in e.keywords if " " in k), e.keywords[0]))
    return out


def card_and_leading(scenario: Scenario) -> transcript.Transcript:
    named = fixes(scenario)
    cycles = []
    for i in range(scenario.cycles):
        lines = [CARD[k] for k in CARD_ORDER]
        lines.insert(CARD_ORDER.index("next_step"), f"Have you thought about {named[i % len(named)]}?")
        cycles.append(lines)
    return _script(cycles)


def next_step_first(scenario: Scenario) -> transcript.Transcript:
    return _script([[CARD[k] for k in NEXT_STEP_FIRST]] * scenario.cycles)


#: Stock follow-ups that fit any answer and pick up none of its words.
GENERIC = ["How do you know?", "Tell me more.", "Why?", "Can you say more about that?"]


def reflex(follow_ups: list[str]) -> Callable[[Scenario], transcript.Transcript]:
    """The card word for word, with one stock follow-up after every answer, whatever it said
    (the follow-ups taken in turn, one after another)."""
    def make(scenario: Scenario) -> transcript.Transcript:
        asked = 0
        cycles = []
        for _ in range(scenario.cycles):
            lines = []
            for k in CARD_ORDER:
                lines += [CARD[k], follow_ups[asked % len(follow_ups)]]
                asked += 1
            cycles.append(lines)
        return _script(cycles)

    return make


def every_third(line: str) -> Callable[[Scenario], transcript.Transcript]:
    """The card word for word, with the same stock line after every third answer (too few uses to be
    a third of the answers, so a count of wordings alone would let it pass)."""
    def make(scenario: Scenario) -> transcript.Transcript:
        asked = 0
        cycles = []
        for _ in range(scenario.cycles):
            lines = []
            for k in CARD_ORDER:
                lines.append(CARD[k])
                asked += 1
                if asked % 3 == 0:
                    lines.append(line)
            cycles.append(lines)
        return _script(cycles)

    return make


#: Generic follow-ups, 8 ways in × 4 ways to point at the answer: 32 wordings, none of them the learner's.
POOL = [f"{ask} {what}?" for ask in ("How do you know", "What makes you say", "Why do you say", "What is behind",
                                      "Can you say more about", "Could you expand on", "What do you mean by",
                                      "Can you give me an example of")
        for what in ("that", "this", "that, then", "that one")]


@dataclass
class Played:
    score: int
    target_met: bool
    steps: tuple[str, ...]
    repeated: int  # learner replies word for word the same as an earlier one in the session
    feedback: str = ""  # the 2nd coach's first point: its reason


def repeats(replies: list[str]) -> int:
    seen: set[str] = set()
    n = 0
    for r in replies:
        n += r in seen
        seen.add(r)
    return n


def play_scripted(make: Callable[[Scenario], transcript.Transcript]):
    def play(scenario: Scenario, seed: int, classifier: Classifier) -> Played:
        session = Session(scenario, seed=seed, classifier=classifier, clock=ScriptClock(0.0))
        result = play_script(scenario, make(scenario), seed=seed, session=session)
        return Played(
            score=result.debrief.score.score, target_met=result.debrief.outcome.target_met,
            steps=tuple(c.step for c in result.cycles),
            repeated=repeats([t.text for t in result.turns if t.speaker == "learner"]),
            feedback=next((f"{f.kind}: {f.why}" for f in result.debrief.score.feedback), ""),
        )

    return play


def _listening_coach():
    spec = importlib.util.spec_from_file_location("listening_coach", ROOT / "examples" / "listening_coach.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def play_listening(scenario: Scenario, seed: int, classifier: Classifier) -> Played:
    channel = LocalChannel(Session(scenario, seed=seed, classifier=classifier, clock=ScriptClock(0.0)))
    replies: list[str] = []
    steps: list[str] = []

    def receive() -> dict | None:
        event = channel.receive()
        if event is not None and event["type"] == "reply":
            replies.append(event["text"])
        elif event is not None and event["type"] == "experiment":
            steps.append(event["step"])
        return event

    debrief = _listening_coach().coach(channel.send, receive, seed=seed)
    assert debrief is not None
    first = next((f"{f['kind']}: {f['why']}" for f in debrief["score"]["feedback"]), "")
    return Played(debrief["score"]["score"], debrief["outcome"]["target_met"], tuple(steps), repeats(replies), first)


_STOP = frozenset({
    "the", "a", "an", "and", "or", "but", "that", "this", "these", "those", "there", "their", "they", "them", "then",
    "than", "with", "from", "into", "about", "have", "has", "had", "were", "was", "been", "being", "what", "when",
    "where", "which", "while", "would", "could", "should", "will", "your", "yours", "ours", "just", "also", "very",
    "really", "some", "much", "many", "more", "most", "only", "even", "still", "over", "under", "again", "here",
    "it's", "that's", "i'm", "we're", "don't", "didn't", "doesn't",
})


def content_words(text: str) -> list[str]:
    """The reply's words a template could echo: four letters or more, not a function word (the breaker's own
    guess, independent of the scorer's)."""
    words = [w.strip("'").lower() for w in re.findall(r"[A-Za-z][A-Za-z']+", text)]
    return [w for w in words if len(w) >= 4 and w not in _STOP]


def echo_random(reply: str, rng: random.Random) -> str:
    words = content_words(reply)
    word = rng.choice(words) if words else "that"
    return f"You said {word} — tell me more about {word}."


def echo_last(reply: str, rng: random.Random) -> str:
    words = content_words(reply)
    return f"What do you mean by {words[-1] if words else 'that'}?"


def play_echo(template: Callable[[str, random.Random], str]) -> Callable[[Scenario, int, Classifier], Played]:
    """The card word for word through the interactive protocol, and after every answer a follow-up built
    from the learner's words by ``template``, whatever the answer called for."""
    def play(scenario: Scenario, seed: int, classifier: Classifier) -> Played:
        channel = LocalChannel(Session(scenario, seed=seed, classifier=classifier, clock=ScriptClock(0.0)))
        steps: list[str] = []

        def receive() -> dict | None:
            event = channel.receive()
            if event is not None and event["type"] == "experiment":
                steps.append(event["step"])
            return event

        rng = random.Random(seed)
        talk = _listening_coach().Conversation(channel.send, receive, rng)
        talk.start()
        while not talk.ended:
            for k in CARD_ORDER:
                if talk.ended:
                    break
                reply = talk.ask(CARD[k])
                if not talk.ended:
                    talk.ask(template(reply.text, rng))
            if not talk.ended:
                talk.end_cycle()
        debrief = talk.debrief
        assert debrief is not None
        first = next((f"{f['kind']}: {f['why']}" for f in debrief["score"]["feedback"]), "")
        return Played(debrief["score"]["score"], debrief["outcome"]["target_met"], tuple(steps),
                      repeats(talk.replies), first)

    return play


@dataclass
class Strategy:
    name: str
    play: Callable[[Scenario, int, Classifier], Played]
    at_most: float | None = None  # the target for the mean score
    at_least: float | None = None
    below_card: bool = False  # also no better than the card read word for word
    scripted: bool = True
    results: dict[str, list[Played]] = field(default_factory=dict)

    def scores(self) -> list[int]:
        return [p.score for runs in self.results.values() for p in runs]

    def mean(self) -> float:
        return statistics.fmean(self.scores())


STRATEGIES = [
    Strategy("nonsense: lunch", play_scripted(nonsense_lunch), at_most=50),
    Strategy("nonsense: made-up words", play_scripted(nonsense_padded), at_most=50),
    Strategy("card word for word", play_scripted(card_word_for_word), at_most=85),
    Strategy("card + leading", play_scripted(card_and_leading), at_most=70),
    Strategy("next step first", play_scripted(next_step_first), at_most=85),
    Strategy("card + 'How do you know?'", play_scripted(reflex(GENERIC[:1])), at_most=85, below_card=True),
    Strategy("card + 4 stock follow-ups", play_scripted(reflex(GENERIC)), at_most=85, below_card=True),
    Strategy("card + stock every 3rd", play_scripted(every_third(GENERIC[0])), at_most=80, below_card=True),
    Strategy("card + 32 stock, ≤2 each", play_scripted(reflex(POOL)), at_most=80, below_card=True),
    Strategy("card + echo a word", play_echo(echo_random), at_most=80, below_card=True, scripted=False),
    Strategy("card + last word", play_echo(echo_last), at_most=80, below_card=True, scripted=False),
    Strategy("listening coach", play_listening, at_least=90, scripted=False),
]

#: The issue's other measures.
MIN_SEQUENCES = 2  # distinct experiment sequences per scenario over the seeds, for a fixed script
MAX_REPEATED = 1  # word-for-word repeated learner replies per session
LISTENING_MARGIN = 10  # the listening coach at least this much above the card word for word


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> int:
    t0 = time.perf_counter()
    classifier = default_classifier()
    scenarios = [load_scenario(info.id) for info in list_scenarios() if info.builtin]
    for strategy in STRATEGIES:
        for scenario in scenarios:
            strategy.results[scenario.id] = [strategy.play(scenario, seed, classifier) for seed in SEEDS]
    elapsed = time.perf_counter() - t0

    verdicts: list[bool] = []
    card = next(s for s in STRATEGIES if s.name == "card word for word")
    print(f"{len(scenarios)} scenarios × {len(SEEDS)} seeds per strategy; {elapsed:.0f} s")
    print(f"{'strategy':<26}{'mean':>6}  {'target':<16}{'':<7}{'target met':>11}{'sequences':>11}{'repeats':>9}")
    print(f"{'':<26}{'score':>6}  {'':<23}{'(rate)':>11}{'(fewest)':>11}{'(most)':>9}")
    for s in STRATEGIES:
        mean = s.mean()
        if s.at_most is not None and s.below_card:
            target, ok = f"≤ {s.at_most:g}, ≤ card", mean <= min(s.at_most, card.mean())
        elif s.at_most is not None:
            target, ok = f"≤ {s.at_most:g}", mean <= s.at_most
        else:
            assert s.at_least is not None
            floor = max(s.at_least, card.mean() + LISTENING_MARGIN)
            target, ok = f"≥ {s.at_least:g}, card+{LISTENING_MARGIN}", mean >= floor
        verdicts.append(ok)
        met_rate = statistics.fmean(p.target_met for runs in s.results.values() for p in runs)
        sequences = min(len({p.steps for p in runs}) for runs in s.results.values())
        worst_repeats = max(p.repeated for runs in s.results.values() for p in runs)
        print(f"{s.name:<26}{mean:6.1f}  {target:<16}{_mark(ok):<7}{met_rate:11.0%}{sequences:>11}{worst_repeats:>9}")

    print(f"\nper scenario: mean score / target met / distinct experiment sequences over {len(SEEDS)} seeds")
    print(f"{'strategy':<26}" + "".join(f"{sc.id:>24}" for sc in scenarios))
    for s in STRATEGIES:
        cells = []
        for sc in scenarios:
            runs = s.results[sc.id]
            cells.append(f"{statistics.fmean(p.score for p in runs):5.1f} / "
                         f"{statistics.fmean(p.target_met for p in runs):4.0%} / {len({p.steps for p in runs}):2d}")
        print(f"{s.name:<26}" + "".join(f"{c:>24}" for c in cells))

    print(f"\nthe 2nd coach's first point, {scenarios[0].id} seed {SEEDS[0]}:")
    for s in STRATEGIES:
        print(f"{s.name:<26}{s.results[scenarios[0].id][0].feedback}")

    scripted = [s for s in STRATEGIES if s.scripted]
    fewest = min(len({p.steps for p in runs}) for s in scripted for runs in s.results.values())
    ok = fewest >= MIN_SEQUENCES
    verdicts.append(ok)
    print(f"\nexperiment sequences per scenario, fewest for a fixed script: {fewest} "
          f"(target ≥ {MIN_SEQUENCES}) {_mark(ok)}")
    worst = max(p.repeated for s in STRATEGIES for runs in s.results.values() for p in runs)
    sessions = [p for s in STRATEGIES for runs in s.results.values() for p in runs]
    over = sum(p.repeated > MAX_REPEATED for p in sessions)
    ok = worst <= MAX_REPEATED
    verdicts.append(ok)
    print(f"word-for-word repeated learner replies: at most {worst} in a session, mean "
          f"{statistics.fmean(p.repeated for p in sessions):.1f}; {over} of {len(sessions)} sessions over "
          f"{MAX_REPEATED} (target ≤ {MAX_REPEATED} per session) {_mark(ok)}")
    missed = verdicts.count(False)
    print("all targets met" if not missed else f"TARGETS MISSED: {missed} of {len(verdicts)}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
