"""What to say instead: a rewrite of a coach's line, built from the move and the line's words.

A 2nd coach does not hand out a fixed list of good questions; they take the line that was
said and turn it round: a leading or telling line becomes an open question about the same
thing ("Have you thought about checking the tester more often?" → "What have you seen at
the tester?"), a yes/no question becomes a what or how question, a missed follow-up
becomes the question the learner's words called for. The topic is read from the line:
a place ("at the tester", "in reception"), else the object of the idea, unless the idea
is to add something (a second operator, more racks): then the open question asks for the
learner's options instead of naming the coach's.
"""

from __future__ import annotations

import re

from dojo.coaching.card import QUESTIONS
from dojo.coaching.labels import CARD_STEPS, Label
from dojo.coaching.listening import Call

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

_LEAD_INS = re.compile(
    r"^(so,? |ok(ay)?,? |right,? |well,? |and |but )*"
    r"(have you (tried|thought about|thought of|considered)|what about|how about|why don'?t you|why not|don'?t you think"
    r"|wouldn'?t it be better (if|to)|isn'?t it|could you (not )?|you (should|could|need to|must|might want to|ought to)"
    r"|what if you|just|try|let'?s|maybe|i'?d|i would|shouldn'?t you|can'?t you|did you (try|think about|consider))\b\s*",
)
_PLACE = re.compile(r"\b(?:at|in|on|near|by|around|from) (the |your |our )?([a-z][a-z&' -]{1,40}?)(?=[,.?!;]| (?:more|less|again|first|now|then|today|this|every|before|after|instead|so|and|to|for|with)\b|$)")
_OBJECT = re.compile(r"\b(?:the|your|our) ([a-z][a-z&' -]{1,40}?)(?=[,.?!;]| (?:more|less|again|first|now|then|today|this|every|before|after|instead|so|and|to|for|with|at|in|on|is|are|was|were|would|will|could|might|that)\b|$)")
_ADDITIVE = re.compile(r"\b(a second|another|an extra|extra|more|a bigger|bigger|a new|new|a spare|spare|two|an additional|additional)\b")
_PRONOUNS = frozenset({"it", "that", "this", "them", "they", "one", "ones", "thing", "things", "way", "problem", "idea",
                       "issue", "answer", "obstacle", "cause", "reason"})
#: Words that end a noun phrase: function words and the common verbs that follow a subject.
_STOP = frozenset(
    ["a", "an", "the", "to", "of", "for", "with", "at", "in", "on", "by", "and", "or", "but", "if", "so", "as", "than", "then", "when", "where", "what", "which", "who", "that", "this", "these", "those", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "don't", "doesn't", "didn't", "not", "no", "can", "could", "would", "will", "should", "might", "may", "must", "i", "you", "we", "they", "he", "she", "it", "me", "us", "them", "my", "your", "our", "their", "his", "her", "its", "really", "just", "still", "even", "always", "nearly", "show", "shows", "look", "looks", "need", "needs", "feel", "feels", "think", "like", "get", "gets", "go", "goes", "work", "works", "seem", "seems", "take", "takes", "make", "makes", "say", "says", "tell", "tells", "want", "wants", "sort", "drop", "drops", "instead", "there", "here"]
)
#: Dates, times and diary words: when something happens, not a thing to look at ("the april",
#: "the calendar" make no question).
_WHEN_WORDS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "week",
     "weeks", "day", "days", "month", "months", "year", "morning", "afternoon", "evening", "time", "times",
     "calendar", "diary", "meeting", "meetings", "room", "date", "deadline", "minute", "minutes", "hour", "hours",
     "moment", "end", "start", "beginning", "rest", "same", "next", "last", "first"]
)
_DETERMINERS = frozenset({"a", "an", "the", "your", "our", "this", "that", "these", "those", "some"})
_ADDS = frozenset({"second", "another", "extra", "more", "bigger", "new", "spare", "two", "additional", "other"})


def _norm(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def topic(text: str) -> str | None:
    """The thing a coach's line is about: a place it names, else the object of the idea.
    None when the line only adds something new (then the learner's options are the topic)."""
    t = _LEAD_INS.sub("", _norm(text).rstrip("?.! "))
    for pattern in (_PLACE, _OBJECT):
        m = pattern.search(t)
        if m:
            words = _noun_phrase(m.group(m.lastindex or 1))
            if words is not None:
                return words
    return None


def _noun_phrase(text: str) -> str | None:
    """The head of a phrase: up to three words, from after its determiner to the first stop word."""
    words = [w.strip("'\"-") for w in text.split()]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if not words or words[0] in _ADDS:
        return None  # "a second operator": an idea that adds something, not a place to look
    out: list[str] = []
    for w in words:
        if w in _STOP or not w or len(out) == 3:
            break
        out.append(w)
    if not out or out[-1] in _PRONOUNS or out[-1] in _WHEN_WORDS or out[-1].isdigit():
        return None
    return " ".join(out)


def _open_about(text: str, ask: str, fallback: str) -> str:
    about = topic(text)
    return ask.format(about) if about else fallback


def instead_of_leading(text: str) -> str:
    """A leading question → an open question about what the learner has seen there."""
    return _open_about(text, "What have you seen at the {}?", "What options do you see?")


def instead_of_telling(text: str) -> str:
    """Advice → a question that gives the thinking back."""
    return _open_about(text, "What have you noticed about the {}?", "What could you try next, and why?")


def instead_of_judgement(text: str) -> str:
    """'Are you sure?' → a kind request for the evidence."""
    return _open_about(text, "How do you know? What did you see at the {}?", "How do you know? What did you see?")


_CLOSED = (
    (re.compile(r"^(did|does|do) (it|that|this|the step|the change) (work|help)"), lambda m: "What happened?"),
    (re.compile(r"^(is|was|are|were) (it|that|this|things?) (any )?(better|worse|faster|slower|ok|good)"),
     lambda m: "What does the run chart show now?"),
    (re.compile(r"^did you (.+)$"), lambda m: _open_about(m.group(1), "What did you find at the {}?", "What happened?")),
    (re.compile(r"^(do|don'?t) you think (that )?(.+)$"),
     lambda m: _open_about(m.group(3), "What do you think about the {}?", "What do you think?")),
    (re.compile(r"^(can|could) you (.+)$"), lambda m: f"How could you {m.group(2)}?"),
    (re.compile(r"^(is|are|was|were|does|do|did) (?!(?:you|it|that|this|they|we|i|he|she|there)\b)(.+)$"),
     lambda m: _open_about(m.group(2), "What can you tell me about the {}?", "What do you see?")),
)


def instead_of_closed(text: str, label: Label | None) -> str:
    """A yes/no question → the same question opened with what or how."""
    if label in CARD_STEPS:
        return QUESTIONS[label]
    t = _norm(text).rstrip("?.! ")
    for pattern, make in _CLOSED:
        m = pattern.match(t)
        if m:
            return make(m)
    return "What do you see?"


_IT_IS = re.compile(r"\bit'?s (the|a|an|all|just) ([a-z][a-z&' -]{1,30}?)(?=[,.?!;]|$| (?:not|and|but|that|again)\b)")


def follow_up(call: Call, learner: str) -> str:
    """The question a learner's words called for, with their words where they help."""
    said = _norm(learner)
    if call is Call.EVIDENCE:
        m = _IT_IS.search(said)
        return f"How do you know it's {m.group(1)} {m.group(2)}?" if m else "How do you know? Can you show me on the run chart?"
    return _FOLLOW_UPS[call]


_FOLLOW_UPS: dict[Call, str] = {
    Call.LEARNING: "What did you expect, and what happened instead? What does the difference tell you?",
    Call.WHICH_ONE: "Which one are you addressing now?",
    Call.REASONING: "Why that one?",
    Call.FIND_OUT: "How could you find out?",
    Call.PREDICTION: "What do you expect? How much, by when?",
    Call.NEW_FACT: "Tell me more: what did that do to the run?",
    Call.HAND_BACK: "What options do you see?",
}
