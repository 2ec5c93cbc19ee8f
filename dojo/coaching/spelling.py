"""Typos of the card's words, heard as the word meant: "whats the taget conditon", "what did you
lern", "what obstacels are in your way".

A word is read as a card word only when all of these hold: the model has never seen it, it is
one typo (a letter more, less or different, or two neighbouring letters swapped) from exactly
one card word, and it is not an English word ("lean" is not "learn"). The dictionary is the one
the learner uses (:mod:`dojo.english`), loaded only when a line has such a candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dojo import english

#: The words a coaching conversation cannot be heard without, with their common forms.
CARD_WORDS: frozenset[str] = frozenset({
    "target", "targets", "condition", "conditions", "actual", "actually", "current", "currently", "challenge",
    "expect", "expected", "expecting", "expectation", "expectations", "prediction", "predictions", "predict",
    "predicted", "happen", "happened", "happening", "learn", "learned", "learnt", "learning", "lesson",
    "obstacle", "obstacles", "problem", "problems", "blocking", "step", "steps", "next", "last", "experiment",
    "experiments", "result", "results", "outcome", "think", "know", "where", "what", "when", "which", "your",
    "about", "would", "could", "should", "there", "right", "because", "improve", "improvement", "better",
    "chart", "number", "numbers", "observe", "observed", "tried", "again", "going", "worked", "working",
    "process", "measure", "measured", "reflect", "reflection", "thought", "planned",
})

#: Words with their contractions ("wouldn't" is not a typo of "would"); only plain words are corrected.
_LONGEST = max(map(len, CARD_WORDS))

#: Words whose apostrophe is often dropped ("whatd", "wheres"): not a typo of the word itself.
_CONTRACTED = frozenset({"what", "where", "when", "there", "which", "that"})

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _transpositions(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[str]]:
    """Each card word and its one-letter deletions, pointing back at the card words."""
    index: dict[str, set[str]] = {}
    for w in CARD_WORDS:
        for key in {w} | _deletions(w):
            index.setdefault(key, set()).add(w)
    return {k: frozenset(v) for k, v in index.items()}


def _is_english(word: str) -> bool:
    d = english.words()
    if word in d or (word.endswith("ed") and word[:-1] in d):  # "challenged"
        return True
    return any(word.endswith(suffix) and word[: len(word) - len(suffix)] in d for suffix in ("s", "es", "ed", "ing"))


def _one_edit(a: str, b: str) -> bool:
    """Is ``a`` one letter more, less or different from ``b``? (Two deletions can meet at two edits.)"""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class Speller:
    """Reads typos of card words as the card word, for a model that knows ``known`` words."""

    def __init__(self, known: Iterable[str]) -> None:
        self._known = frozenset(known) | CARD_WORDS

    @lru_cache(maxsize=1 << 14)  # noqa: B019 - one speller per loaded model, for the process's life
    def meant(self, low: str) -> str:
        """The card word the lower-case word ``low`` is a typo of, or ``low`` itself."""
        if not 4 <= len(low) <= _LONGEST + 1 or low in self._known or not low.isalpha() or low[:-1] in _CONTRACTED:
            return low  # one typo changes the length by one at most: a long word is no card word
        index = _index()
        found = set(index.get(low, ()))
        for key in _deletions(low):
            found |= index.get(key, frozenset())
        found = {w for w in found if _one_edit(low, w)} | (_transpositions(low) & CARD_WORDS)
        if not found or _is_english(low):
            return low
        shortest = min(found, key=len)
        if len(found) > 1 and not all(w.startswith(shortest) for w in found):
            return low  # one typo from two different words: no guess
        return max(found, key=lambda w: (len(w), w))  # forms of one word ("happen", "happened"): the fuller

    def correct(self, text: str) -> str:
        """``text`` with each card-word typo replaced by the word meant."""
        # Most lines have no word the model does not know: one findall and a set difference.
        fixes = {w: m for w in set(_WORD.findall(text.lower())) - self._known if (m := self.meant(w)) != w}
        if not fixes:
            return text

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            meant = fixes.get(word.lower())
            if meant is None:
                return word
            return meant.capitalize() if word[:1].isupper() else meant

        return _WORD.sub(fix, text)
