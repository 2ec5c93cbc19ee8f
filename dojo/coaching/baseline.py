"""A plain keyword classifier: the fallback behind the Classifier interface.

It is deliberately simple and transparent; the trained model replaces it when present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dojo.coaching.classifier import Classification, Context
from dojo.coaching.labels import Label

_WORD = re.compile(r"[a-z']+")

_TELLING = re.compile(
    r"^(you should|you need to|you must|you have to|just |try |add |write |put |make sure|"
    r"if i were you|i would|i'd |let's |go and |do |don't |stop |use )"
)
_LEADING = re.compile(
    r"\b(have you tried|have you considered|don't you think|do you not think|wouldn't it|"
    r"shouldn't you|why didn't you|why don't you|are you sure|is that really|what about (adding|using|trying)|"
    r"how about|could you not|isn't it|couldn't you)\b"
)
_CLOSED_START = re.compile(r"^(is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b")
_OPEN_START = re.compile(r"^(what|how|which|when|where|who|why|tell me|describe|explain|show me|walk me)\b")

# Ordered: the first matching rule wins among card steps; past/future tense splits expected/next_step.
_CARD_RULES: tuple[tuple[Label, re.Pattern[str]], ...] = (
    (Label.GO_SEE, re.compile(r"\b(go and see|go see|come and see|when can we|when will we (see|look)|check back|next time we meet)\b")),
    (Label.LEARNED, re.compile(r"\b(learn|learned|learnt|take ?away|lesson|insight)\b")),
    (Label.HAPPENED, re.compile(r"\b(actually happen(?:ed)?|what happened|result|turn(ed)? out|outcome)\b")),
    (Label.EXPECTED, re.compile(r"\b(did you expect|were you expecting|was your (prediction|expectation)|had you expected|did you predict)\b")),
    (Label.LAST_STEP, re.compile(r"\b(last step|previous step|last experiment|planned as|what did you (plan|try))\b")),
    (Label.OBSTACLES, re.compile(r"\b(obstacle|obstacles|in the way|preventing|blocking|holding you back|which one)\b")),
    (Label.NEXT_STEP, re.compile(r"\b(next step|next experiment|do you expect|will you try|going to try|plan next|what now)\b")),
    (Label.ACTUAL, re.compile(r"\b(actual condition|current condition|right now|currently|where are you now|today|now)\b")),
    (Label.TARGET, re.compile(r"\b(target|challenge|striving|aiming|goal|want to be)\b")),
)
_CLARIFY = re.compile(r"\b(how do you know|tell me more|what do you mean|show me|explain|for example|say more|elaborate|why is that)\b")


class KeywordClassifier:
    """Keyword rules with the label precedence telling > leading > card step > clarify > closed > other."""

    def classify(self, text: str, context: Context | None = None) -> Classification:
        """``context`` is accepted for the interface and not used: keywords only."""
        t = " ".join(_WORD.findall(text.lower()))
        question = text.rstrip().endswith("?") or bool(_OPEN_START.match(t) or _CLOSED_START.match(t))
        is_open = bool(_OPEN_START.match(t))
        if not question and _TELLING.match(t):
            return Classification(Label.TELLING, 0.6, False, Label.LEADING)
        if _LEADING.search(t):
            return Classification(Label.LEADING, 0.6, False, Label.CLOSED)
        for label, rule in _CARD_RULES:
            if rule.search(t):
                return Classification(label, 0.55, is_open, Label.CLARIFY)
        if _CLARIFY.search(t):
            return Classification(Label.CLARIFY, 0.5, True, Label.OTHER)
        if question and _CLOSED_START.match(t):
            return Classification(Label.CLOSED, 0.5, False, Label.OTHER)
        if question and is_open:
            return Classification(Label.CLARIFY, 0.35, True, Label.OTHER)
        return Classification(Label.OTHER, 0.4, False, Label.CLARIFY)

    def classify_many(self, texts: Iterable[str], contexts: Iterable[Context | None] | None = None) -> list[Classification]:
        return [self.classify(t) for t in texts]
