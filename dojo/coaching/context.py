"""Hearing a coach's line in the conversation it belongs to.

The model labels a line on its own words. Some moves can only be told apart by what the
learner said just before:

- a question that picks up the learner's own cause or idea ("what makes you think it's
  the centrifuge?" after "I think it's the centrifuge") is a follow-up, not a leading
  question: a question carries the coach's idea only when it brings a cause or fix the
  learner has not raised;
- "which of those…?" / "which one…?" after the learner listed several obstacles (or once
  the obstacles are on the table this cycle) asks for the obstacle in focus.

:func:`in_context` applies these to the model's reading and says why it changed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dojo.coaching import cues
from dojo.coaching.features import LEADIN_WORDS, clean, lead_kind, split_turn, tokens
from dojo.coaching.features import PLAIN_WORDS as _PLAIN
from dojo.coaching.labels import Label


@dataclass(frozen=True, slots=True)
class Context:
    """What was said before a coach's line.

    ``previous``: the learner's reply just before it; ``said``: everything the learner said
    in this cycle (the causes and ideas they have raised); ``asked``: the card steps heard
    so far in this cycle, in order; ``board``: the learner's own words from earlier cycles (their
    last :data:`EARLIER_LINES` lines, and what the storyboard holds of theirs).
    """

    previous: str = ""
    said: str = ""
    asked: tuple[Label, ...] = ()
    board: str = ""

    @property
    def empty(self) -> bool:
        return not (self.previous or self.said or self.asked or self.board)


#: How many of the learner's lines from earlier cycles a coach line is heard against: an idea
#: they voiced two cycles ago is still theirs, and the context must not grow with the session.
EARLIER_LINES = 12


_WHICH = re.compile(r"\bwhich (one|ones|of (those|these|them|the|all)|obstacle|problem|issue|barrier|thing)s?\b")
#: What a look, a count or a timing found: "what did you see when you timed them?", "what did
#: the stopwatch show?". In the reflection, after the last step was asked, that is what happened.
_FOUND = re.compile(
    r"\bwhat did you (see|find|notice|spot|observe|count|find out)\b.*\b(when|while|as|once) you\b"
    r"|\bwhat did (the|your) (\w+ )?(stopwatch|timings?|timestamps?|observation|count|tally|log|sheet|data|notes)\w* (show|say|tell)"
    r"|\bwhat did you (see|find|notice|observe|count) (there|at|on|in|beside|next to|with)\b"
)
#: Readings a "what did it find?" may have been given on its own words.
_FOUND_FROM = frozenset({Label.CLARIFY, Label.OTHER, Label.CLOSED, Label.ACTUAL, Label.LEARNED})
#: The card's first steps, and the steps after which going back to them is a step backwards.
_EARLY = frozenset({Label.TARGET, Label.ACTUAL})
_LATER = (Label.OBSTACLES, Label.NEXT_STEP)
#: Readings a "which one…?" may have been given on its own words.
_WHICH_FROM = frozenset({Label.CLARIFY, Label.CLOSED, Label.OTHER, Label.NEXT_STEP, Label.ACTUAL})
_STEM = re.compile(r"(ing|ed|es|s)$")


def _stem(word: str) -> str:
    return _STEM.sub("", word) if len(word) > 4 else word


#: Who does it ("follow some tubes yourself" after "I'd follow some tubes myself"): no idea of its own.
_SELVES = frozenset({"myself", "yourself", "yourselves", "ourselves", "himself", "herself", "themselves", "oneself"})


def _could_be_idea(word: str) -> bool:
    return word not in _PLAIN and word not in _SELVES and not word.isdigit() and len(word) > 2


def idea_words(text: str) -> list[str]:
    """The words of a coach's line that could name a cause or a fix, in order."""
    _, ask = split_turn(clean(text))
    return list(dict.fromkeys(t for t in tokens(ask or text) if _could_be_idea(t)))


def _unraised(words: list[str], context: Context | None) -> list[str]:
    if context is None or context.empty:
        return words
    said = {_stem(t) for t in tokens(clean(f"{context.previous} {context.said} {context.board}"))}
    return [w for w in words if _stem(w) not in said]


def new_ideas(text: str, context: Context | None) -> list[str]:
    """The line's idea words the learner has not raised (all of them without context)."""
    return _unraised(idea_words(text), context)


#: A question that puts a fix forward, whatever words it is made of.
_SUGGESTS = re.compile(
    r"\b(have you (tried|thought|considered)|did you (try|think|consider)|what about|how about|what if|why not|why don't you"
    r"|could you (just )?(try|add|use|move|put)|should(n't)? you|would(n't)? it (be|help))\b"
)
#: A fix put forward as a question, the suggesting words above or a fix said to do the job
#: ("wouldn't a two-hour review rule sort it out?").
_PUTS_FORWARD = re.compile(
    r"\b(?<!what )(?<!which )(have you (tried|considered)|did you (try|consider))\b"
    r"|\b(how about|why not|why don't you|could you (just )?(try|add|use|move|put)|would(n't)? it (be|help))\b"
    r"|\b(?<!what )(?<!how )(?<!when )should(n't| not)? you\b"
    r"|\bwhat about (a|an|adding|using|moving|putting|trying|getting|just|switching|changing)\b"
    r"|\bwould(n't| not)? (a|an|the|some|more|fewer|less|one|just)\b.*\b(sort|fix|solve|cure|do the trick|take care of)"
)


def fix_put_forward(text: str, context: Context | None) -> list[str]:
    """The coach's own cause or fix, put forward as a question ("Shouldn't you split the big
    PRs?"), in words the learner has not used; empty when the line puts nothing forward."""
    _, ask = split_turn(clean(text))
    if not _PUTS_FORWARD.search((ask or clean(text)).lower()):
        return []
    return new_ideas(text, context)


#: Sentence ends and dashes inside a lead-in.
_SENTENCES = re.compile(r"(?<=[.!?;:])\s+|\s+[\u2014\u2013-]+\s+")
#: Words about the conversation itself ("Let's look at the chart together."): no cause or fix.
_TALK = frozenset({
    "together", "quickly", "briefly", "moment", "minute", "second", "chat", "talk", "review", "recap",
    "summary", "summarise", "summarize", "closer", "closely", "detail", "details", "reflect", "reflection",
    "sheet", "record", "records", "graph", "figures", "question", "questions", "answer", "answers", "start",
    "begin", "flip", "turn", "over", "move", "slow", "back", "pause", "stop", "there", "point", "focus",
    "ask", "asking", "hear", "understand", "curious", "wonder", "wondering", "listen", "explain", "show",
    "walk", "through", "continue", "carry", "honest", "open", "careful", "clear", "clearer", "precise",
    # how to answer, not what to do about the work: "Stop hedging.", "Give me your best guess."
    "hedging", "hedge", "guess", "guessing", "best", "give", "specific", "exact", "exactly", "rough", "roughly",
    "ballpark", "estimate", "figure", "brave", "bold", "commit", "wrong", "safe", "worry", "relax", "come",
    "straight", "stalling", "waffling", "vague", "promise", "pin", "shot", "sure",
})


#: A sentence that gives the learner's words back to them.
_QUOTES_THEM = re.compile(
    r"\byou (just |already |earlier |also |once |first )?(said|say|mentioned|told (me|us)|were saying|wrote|called|described|put it)\b"
    r"|\bas you (said|say|put it|mentioned)\b|\byour (words|own words)\b"
)


def told_ideas(text: str, context: Context | None) -> list[str]:
    """The coach's own cause or fix, given as advice before the question ("You should set up a
    review rota. What do you expect?"), that the learner has not raised; empty when the turn
    does not open with advice."""
    lead, ask = split_turn(clean(text))
    if not lead:
        # "I'd move the printer. What do you expect?": a statement the model's split reads as
        # "would…?" (its fillers include "I"); a first sentence without a question mark before one with.
        first, _, rest = clean(text).partition(". ")
        lead, ask = (first, rest) if "?" not in first and "?" in rest else ("", ask)
    if not lead or not ask:
        return []
    # Only the sentences that advise: "Nice that you can show it so clearly. Let's look back:"
    # praises, then turns to the card; neither brings an idea. Nor does a sentence that gives
    # the learner's own words back ("A minute ago you said you want to know why first.") or
    # judges ("You should have known that by now."): judgement is flagged on its own.
    words = [
        t for sentence in _SENTENCES.split(lead)
        if lead_kind(sentence) == "advice" and not _QUOTES_THEM.search(sentence.lower())
        and not cues.is_judgemental(sentence)
        for t in tokens(sentence)
        if _could_be_idea(t) and t not in _TALK and t not in LEADIN_WORDS
    ]
    return _unraised(list(dict.fromkeys(words)), context)


def in_context(
    label: Label, probs: dict[Label, float], text: str, context: Context | None, is_open: bool
) -> tuple[Label, str]:
    """The label given the conversation, and a short reason when the context changed it."""
    if context is None or context.empty:
        return label, ""
    if label is Label.LEADING and not cues.is_judgemental(text) and not told_ideas(text, context):
        ideas = idea_words(text)
        unraised = new_ideas(text, context)
        # An open question mostly in the learner's words ("Why that one rather than cover &
        # torque, since you said pumps wait there?") follows them up, one word of its own aside.
        mostly_theirs = is_open and len(unraised) == 1 and len(ideas) >= 4 and not _SUGGESTS.search(clean(text).lower())
        if not unraised or mostly_theirs:
            # The learner's own cause or idea, asked about: a follow-up. Take the best reading
            # that is not an anti-pattern.
            better = max(
                (lab for lab in probs if lab not in (Label.LEADING, Label.TELLING)), key=lambda lab: probs[lab]
            )
            if better in (Label.OTHER, Label.CLOSED) and is_open:
                better = Label.CLARIFY
            if not ideas:
                return better, "brings no cause or fix of the coach's own"
            words = ", ".join(ideas)
            return better, f"picks up the learner's own words ({words})"
    if label in _EARLY and any(step in context.asked for step in _LATER) and context.previous:
        # "What would following some tubes look like?" after the learner proposed following tubes:
        # a question about what they just said, not the card gone back to its first steps.
        ideas = idea_words(text)
        theirs = {_stem(t) for t in tokens(clean(context.previous))}
        if ideas and all(_stem(w) in theirs for w in ideas):
            return Label.CLARIFY, f"asks about what the learner just said ({', '.join(ideas[:4])})"
    if label in _FOUND_FROM and Label.LAST_STEP in context.asked and Label.HAPPENED not in context.asked:
        _, ask = split_turn(clean(text))
        if _FOUND.search((ask or clean(text)).lower()):
            return Label.HAPPENED, "asks what the last step found, after the last step was asked"
    if label in _WHICH_FROM and "which" in text.lower() and _WHICH.search(" ".join(tokens(clean(text)))):
        listed = bool(context.previous.strip()) and cues.lists_several(context.previous)
        if listed or Label.OBSTACLES in context.asked:
            return Label.OBSTACLES, "asks which one, after the learner named several"
    return label, ""
