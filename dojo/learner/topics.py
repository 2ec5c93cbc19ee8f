"""What a coach's question is about: the things of the scenario and of the conversation.

The matcher maps the coach's words to metrics, stations, obstacles (visible or hidden),
experiments, events, the run chart, the last step, dates, the target and the learner's own
recent statements, and finds the words that belong to none of them. The vocabulary comes from
the scenario file plus the general coaching words of :mod:`dojo.learner.vocabulary`.

Scoring (chosen by measurement on ``tests/learner/topic_cases.tsv``, see :data:`RULES`): each
shared word stem counts by how specific it is among the things (an inverse document
frequency), general coaching words count a third, and a keyword phrase said in full adds a
bonus. A thing needs at least one specific word to be the topic.

Off-topic: a word nobody in the dojo has used (not in the corpus, the general words, the
scenario or what the learner said), or a concrete noun after "the", "your", "about"... that is
neither in the scenario nor in the conversation ("What about the printer?"). An abstract noun
("the criticism", "a bit of a mystery") or a figure of speech ("on the table") names no thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Protocol

from dojo.coaching.features import clean, split_turn
from dojo.learner import vocabulary as vocab
from dojo.scenarios.models import Metric, Scenario


class TopicKind(StrEnum):
    METRIC = "metric"
    STATION = "station"
    OBSTACLE = "obstacle"
    EXPERIMENT = "experiment"
    EVENT = "event"
    RUN_CHART = "run_chart"
    LAST_STEP = "last_step"
    DATE = "date"
    TARGET = "target"
    STATEMENT = "statement"  # something the learner said in this session


#: Phrases that name a general topic in any scenario; each is a run of words (stems compared).
GENERAL_TOPICS: dict[TopicKind, tuple[str, ...]] = {
    TopicKind.RUN_CHART: ("run chart", "chart", "graph", "plot", "points", "dots", "the data"),
    TopicKind.LAST_STEP: ("last step", "last experiment", "last time", "previous step", "step you took",
                          "what you tried", "last trial"),
    TopicKind.DATE: ("when", "date", "what date", "which day", "deadline", "by when", "what time", "how long until",
                     "tomorrow", "days left", "how many days"),
    TopicKind.TARGET: ("target", "target condition", "challenge", "goal", "aiming", "striving"),
    TopicKind.STATEMENT: ("you said", "you mentioned", "you told me", "you say", "you just said", "you called"),
}

#: How each metric is named in talk (the statistics name the scenario's target metric).
METRIC_PHRASES: dict[Metric, tuple[str, ...]] = {
    Metric.LEAD_TIME: ("lead time", "turnaround", "tat", "door to", "end to end"),
    Metric.CYCLE_TIME: ("cycle time", "cycle times", "pace"),
    Metric.WAIT_TIME: ("waiting time", "wait time"),
    Metric.THROUGHPUT: ("throughput", "per hour", "an hour", "output"),
    Metric.FIRST_PASS_YIELD: ("first pass yield", "first-pass yield", "yield", "rework", "redone"),
    Metric.WIP: ("wip", "work in process", "work in progress"),
}
STATISTIC_PHRASES: tuple[str, ...] = ("p90", "90th percentile", "percentile", "median", "nine in ten", "9 in 10")

#: Words after which a noun names a thing ("the printer", "your lunch", "about Bob").
_ORDINAL = re.compile(r"\d{1,2}(st|nd|rd|th)|\d{4}-\d\d-\d\d")

def _before_the_noun(word: str) -> bool:
    """An adverb, an -ing form or a superlative of an English word ("totally", "blocking",
    "quickest"): in a noun phrase it may come before the noun, but it names no thing. "Pudding"
    and "jelly" are nouns: "pudd" and "jel" are no words (a doubled consonant is not undone for
    -ing: "pud" is one; it is for -est: "biggest")."""
    for suffix in ("ing", "ly", "est"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base, words = word[: -len(suffix)], vocab.dictionary()
            undoubled = base[:-1] if suffix == "est" and base[-1] == base[-2] else base
            return base in words or base + "e" in words or undoubled in words
    return False


_SLOT_OPENERS = frozenset(
    ["the", "a", "an", "your", "our", "my", "his", "her", "their", "its", "this", "that", "these", "those", "another", "every", "each", "some", "any", "about", "for", "of", "with", "which", "what"]
)


@dataclass(frozen=True, slots=True)
class Thing:
    """One thing a question can be about."""

    kind: TopicKind
    ref: str  # id of the station, obstacle, experiment, event, metric; the kind's name for general topics
    name: str  # how it reads ("Housing & wiring")
    hidden: bool = False  # an obstacle not on the parking lot yet


@dataclass(frozen=True, slots=True)
class About:
    """What one question is about: matched things, best first, and the words nothing explains."""

    things: tuple[Thing, ...] = ()
    strange: tuple[str, ...] = ()  # made-up words or concrete things neither in the scenario nor the conversation

    @property
    def off_topic(self) -> bool:
        return bool(self.strange)

    @property
    def topic(self) -> Thing | None:
        return self.things[0] if self.things else None

    def kinds(self) -> set[TopicKind]:
        return {t.kind for t in self.things}

    def label(self) -> str:
        """``off_topic``, ``kind:ref`` of the best thing, or ``general`` (the form of the labelled cases)."""
        if self.off_topic:
            return "off_topic"
        t = self.topic
        if t is None:
            return "general"
        return t.kind.value if t.kind in GENERAL_TOPICS else f"{t.kind.value}:{t.ref}"


class TopicMatcher(Protocol):
    def about(self, text: str, said: Iterable[str] = (), *, small_talk: bool = False) -> About: ...


@dataclass(slots=True)
class _Entry:
    thing: Thing
    stems: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = ()


def _stems(words: Iterable[str]) -> list[str]:
    return [vocab.stem(w) for w in words if w not in vocab.FUNCTION_WORDS]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(vocab.stem(w) for w in vocab.tokens(text))


def _has_run(said: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(tuple(said[i : i + n]) == phrase for i in range(len(said) - n + 1))


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


#: Ways to score a thing against a question, measured on the labelled cases.
Rule = Callable[["KeywordMatcher", _Entry, set[str], list[str]], float]


def _rule_overlap(m: KeywordMatcher, e: _Entry, q: set[str], _: list[str]) -> float:
    return float(len(e.stems & q))


def _rule_idf(m: KeywordMatcher, e: _Entry, q: set[str], _: list[str]) -> float:
    return sum(m.weight(s) for s in e.stems & q)


def _names(e: _Entry, p: tuple[str, ...]) -> bool:
    """Does phrase ``p`` name ``e``? "when" names a date; a thing needs two words, one of them its own
    ("go and see" is every observation's keyword and names none of them)."""
    if e.thing.kind in GENERAL_TOPICS or e.thing.kind is TopicKind.METRIC:
        return True
    return len(p) > 1 and any(s not in vocab.general_stems() and s not in vocab.FUNCTION_WORDS for s in p)


def _phrase_bonus(e: _Entry, seq: list[str]) -> float:
    return sum(PHRASE_BONUS * len(p) for p in e.phrases if _names(e, p) and _has_run(seq, p))


def _rule_idf_phrase(m: KeywordMatcher, e: _Entry, q: set[str], seq: list[str]) -> float:
    return _rule_idf(m, e, q, seq) + _phrase_bonus(e, seq)


def _rule_cosine(m: KeywordMatcher, e: _Entry, q: set[str], seq: list[str]) -> float:
    return _rule_idf(m, e, q, seq) / math.sqrt(sum(m.weight(s) for s in e.stems) or 1.0)


def _rule_cosine_phrase(m: KeywordMatcher, e: _Entry, q: set[str], seq: list[str]) -> float:
    return _rule_cosine(m, e, q, seq) + _phrase_bonus(e, seq)


#: What each word of a keyword phrase said in full adds to a thing's score.
PHRASE_BONUS = 0.3

RULES: dict[str, Rule] = {
    "overlap": _rule_overlap,
    "idf": _rule_idf,
    "idf+phrase": _rule_idf_phrase,
    "cosine": _rule_cosine,
    "cosine+phrase": _rule_cosine_phrase,
}
DEFAULT_RULE = "cosine+phrase"


class KeywordMatcher:
    """The keyword matcher over one scenario's vocabulary (see the module docstring)."""

    def __init__(self, scenario: Scenario, rule: str = DEFAULT_RULE) -> None:
        self.scenario = scenario
        self.rule = RULES[rule]
        self.entries = self._entries(scenario)

    # -- the vocabulary -----------------------------------------------------------------

    @staticmethod
    def _entries(sc: Scenario) -> list[_Entry]:
        out: list[_Entry] = []

        def add(kind: TopicKind, ref: str, name: str, texts: Iterable[str], phrases: Iterable[str] = (),
                hidden: bool = False) -> None:
            words = [w for t in texts for w in vocab.tokens(t)]
            out.append(_Entry(Thing(kind, ref, name, hidden), frozenset(_stems(words)),
                              tuple(_phrase(p) for p in phrases)))

        tc = sc.target_condition
        for metric, phrases in METRIC_PHRASES.items():
            stats = STATISTIC_PHRASES if metric == tc.metric else ()
            add(TopicKind.METRIC, metric.value, phrases[0], [*phrases, *stats], [*phrases, *stats])
        for st in sc.process.stations:
            add(TopicKind.STATION, st.id, st.name, [st.name, st.id], [st.name])
        for o in sc.storyboard.obstacles:
            add(TopicKind.OBSTACLE, o.id, o.text, [o.text], hidden=o.hidden)
        for e in sc.experiments:
            add(TopicKind.EXPERIMENT, e.id, e.step, [e.step, *e.keywords], e.keywords)
        for ev in sc.events:
            add(TopicKind.EVENT, ev.title, ev.title, [ev.title, ev.note], [ev.title])
        dates = [tc.achieve_by.isoformat(), tc.achieve_by.strftime("%d %B").lstrip("0"), tc.achieve_by.strftime("%B")]
        for kind, phrases in GENERAL_TOPICS.items():
            extra = dates if kind is TopicKind.DATE else []
            add(kind, kind.value, kind.value.replace("_", " "), [*phrases, *extra], [*phrases, *extra])
        return out

    @cached_property
    def scenario_stems(self) -> frozenset[str]:
        words = [w for s in _strings(self.scenario.model_dump(mode="json")) for w in vocab.tokens(s)]
        return frozenset(vocab.stem(w) for w in words)

    @cached_property
    def _scenario_words(self) -> frozenset[str]:
        return frozenset(w for s in _strings(self.scenario.model_dump(mode="json")) for w in vocab.tokens(s))

    @cached_property
    def _df(self) -> dict[str, int]:
        df: dict[str, int] = {}
        for e in self.entries:
            for s in e.stems:
                df[s] = df.get(s, 0) + 1
        return df

    def weight(self, stem: str) -> float:
        """How specific a word is among the things; general coaching words count a third."""
        w = math.log(1 + len(self.entries) / self._df.get(stem, 1))
        return w / 3 if stem in vocab.general_stems() else w

    @cached_property
    def _typo_index(self) -> dict[str, set[str]]:
        """Deletion neighbourhoods of every word the dojo or the scenario knows (one typo away)."""
        index: dict[str, set[str]] = {}
        for w in self._words:
            if len(w) >= 4:
                for d in vocab.deletions(w):
                    index.setdefault(d, set()).add(w)
        return index

    @cached_property
    def _words(self) -> frozenset[str]:
        return vocab.corpus_words() | vocab.GENERAL | self._scenario_words

    def _near(self, word: str, stems: frozenset[str] | set[str]) -> bool:
        """Is ``word`` one typo from a word whose stem is in ``stems``: a letter more or less (four
        letters or more: "whre"), or two neighbouring letters swapped (three or more: "adn", "crad")?"""
        if len(word) < 3:
            return False
        found = {t for t in vocab.transpositions(word) if t in self._words}
        if len(word) >= 4:
            found |= self._typo_index.get(word, set()) | {d for d in vocab.deletions(word) if d in self._words}
        return any(vocab.stem(k) in stems for k in found)

    # -- matching -------------------------------------------------------------------------

    def about(self, text: str, said: Iterable[str] = (), *, small_talk: bool = False) -> About:
        words = ["date" if _ORDINAL.fullmatch(w) else w for w in vocab.tokens(text)]
        seq = [vocab.stem(w) for w in words]
        q = set(_stems(words))
        memory = frozenset(vocab.stem(w) for w in said)
        scored: list[tuple[float, int, Thing]] = []
        for i, e in enumerate(self.entries):
            score = self.rule(self, e, q, seq)
            specific = any(s not in vocab.general_stems() for s in e.stems & q) or any(
                _names(e, p) and _has_run(seq, p) for p in e.phrases
            )
            if score > 0 and specific:
                scored.append((score, -i, e.thing))
        mine = {s for s in q & memory if s not in vocab.general_stems()} - self.scenario_stems
        if mine:
            scored.append((sum(self.weight(s) for s in mine), -len(self.entries), _STATEMENT))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        # Only the asking part can name a thing the process lacks: a lead-in is social ("never mind
        # the dentist", "sorry, the standup ran over. What's the target?").
        _, ask = split_turn(clean(text))
        asked = ["date" if _ORDINAL.fullmatch(w) else w for w in vocab.tokens(ask)] if ask != text.strip() else words
        return About(things=tuple(t for _, _, t in scored), strange=self._strange(asked, memory, small_talk))

    def _strange(self, words: list[str], memory: frozenset[str], small_talk: bool) -> tuple[str, ...]:
        ours = self.scenario_stems | memory
        talk = vocab.general_stems() | ours
        if small_talk:
            talk = talk | {vocab.stem(w) for w in vocab.SMALL_TALK_WORDS}
        known = vocab.known_stems() | ours
        out: list[str] = []
        slot = 0  # how many more words after an opener ("the", "your", "about") may name a thing
        for w in words:
            plain = w.split("'")[0]
            possessive = w.endswith("'s") and plain not in vocab.FUNCTION_WORDS
            if any(c.isdigit() for c in w):
                slot = 0
                continue
            if plain in vocab.FUNCTION_WORDS and not possessive:
                # "what's", "that's": a predicate follows ("What's blocking you?"), not a thing.
                slot = 3 if plain in _SLOT_OPENERS and not w.endswith("'s") else 0
                continue
            s = vocab.stem(plain)
            if s not in known and not vocab.is_english(plain) and not self._near(plain, known):
                out.append(plain)  # a word nobody uses
                slot = 0
            elif slot and (plain in vocab.MODIFIERS or _before_the_noun(plain)):
                continue  # "the really new…", "a couple of…", "the waiting…": the noun may still come
            elif slot:
                if s not in talk and not vocab.is_abstract(plain) and not self._near(plain, talk):
                    out.append(plain)  # a thing this process and this conversation do not have
                slot = 0  # the noun phrase ends at its first noun
            if possessive:
                slot = 3
        return tuple(dict.fromkeys(out))


_STATEMENT = Thing(TopicKind.STATEMENT, TopicKind.STATEMENT.value, "what you said")
