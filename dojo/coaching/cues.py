"""Cheap text cues the scorer reads beside the labels.

The classifier decides the label; these few patterns look for things a label does not
carry: judgement ("Are you sure?"), a request for a prediction ("What do you expect?"),
asking which *one* obstacle, and a few learner answers a 2nd coach would follow up on.
They are deliberately narrow: a missed cue costs a note, a false one costs trust.
"""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def _norm(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).lower().split())


_JUDGEMENT = re.compile(
    r"\b(are you (really )?(sure|certain)|(is|was) (that|it|this) really (the case|true|so|right|correct|necessary)"
    r"|^really\b"
    r"|why (didn'?t|did ?n[o']t|haven'?t|hadn'?t|wouldn'?t|couldn'?t|weren'?t|aren'?t) you"
    r"|why did you not|why would you|how could you (not|have|let|forget|miss|possibly|do that)|what were you thinking"
    r"|you (really |honestly |clearly |surely |definitely |of all people )?should( have|'ve)|shouldn'?t you have"
    r"|stop (hedging|making excuses|stalling|waffling|dodging)|you (forgot|failed|were supposed to)|i (already |just )?told you (last time|before|already|to|so)|(was|is|that's|what) (a|such a|a total|a complete) waste of"
    r"|that'?s (wrong|not right|a bad|silly|nonsense)|obviously|surely you)"
)
_EXPECT = re.compile(
    r"\b(expect\w*|predict\w*|anticipat\w*|hypothes\w*|forecast|(think|guess|bet|reckon) (that )?(it |this |that |you |they |we )?will"
    r"|will happen|going to happen|hope to (see|learn|find)|what will (you see|happen|change)"
    # predictions in any words: "what do you think you'll see", "what will the chart show",
    # "what are you hoping it'll do", "where do you reckon it lands"
    r"|(you|it|that|this|they|we|the \w+)('ll| will| would| is going to| are going to) (see|show|do|happen|change|land|end up|look|be|get|go|drop|rise|fall|move|come)"
    r"|will (it|that|this|the \w+( \w+)?) (show|do|look|change|land|end up|move|drop|go)"
    r"|(hoping|hope|hopes) (it|that|this|they|to|for|the|you)"
    r"|(reckon|guess|think|bet)( that)? (it|the \w+|they|you|we)( \w+)? (lands?|ends? up|drops?|goes|comes out|moves?)"
    r"|how (much|many|far|big|low|high|fast)\b.*\b(will|would|'ll|going to|drop|change|move|improve))"
)
_FIND_OUT = re.compile(
    r"\b(find out|figure out|learn more|discover|get to know|understand (it|that|this|why|what|more)"
    r"|(would|could|do) you (need|want) to (know|see|learn|check)|how (could|can|would) you (know|tell|check|see)"
    r"|(go|come) and (look|see|watch)|what could you (try|do) to)\b"
)
_PAST = re.compile(r"\b(did|had|were|was) (you|your)\b")
_WHICH_ONE = re.compile(
    r"\b(which (one|obstacle)|(what|which) (is|are) you (addressing|working on|tackling)"
    r"|addressing now|working on now|focus(ing)? on now|in focus)\b"
)
_SEVERAL = re.compile(r",|;|\n|\band\b|\balso\b|\b(two|three|four|several|many|a few|a couple)\b|\b[1-9][.)]")
_SUPERFICIAL = re.compile(
    r"\b(didn'?t work|did not work|it failed|no luck|nothing (much|really)?|not much|no change|same as before)\b"
)
_NUMBER = re.compile(r"\d")
_REASSURANCE = re.compile(
    r"\b((it'?s|that'?s|it is|that is) (ok|okay|fine|all right|alright) (to be wrong|if (you'?re|you are|it'?s|it is) wrong|not to know)"
    r"|no (wrong|right|bad) answers?|(just|only) a guess|(best|rough) guess|don'?t worry|no one will blame"
    r"|(being|getting it) wrong is (fine|ok|okay|how we learn)|wrong is fine|we learn either way"
    r"|nobody expects you to be right)\b"
)


_YES_NO = re.compile(r"^(so |and |ok,? |okay,? |right,? |well,? )?(is|did|does|has|was|were|are|do|have|had|can|could)\b")
_EFFECT = re.compile(
    r"\b(better|worse|work(ed|s)?|help(ed|s)?(?! (you|me|us|them|him|her|facilitate|with))|faster|slower|any good|succe\w*"
    r"|differen\w*|effect|pay off|paid off)\b"
)
#: Words of change that are about the effect only when the coach does not ask what *you* did ("Did you change...?").
_MOVED = re.compile(r"\b(improv\w*|move[sd]?|drop(ped)?|go down|went down|come down|came down|go up|went up|change[sd]?)\b")
_YOU_DID = re.compile(r"^(so |and )?(did|have|do|can|could|will|would) you\b")
#: "Is it better to add a tester?", "Could it help if…?": a hypothetical, not the last step's effect.
_HYPOTHETICAL = re.compile(
    r"\b(if|would|might|will|should|going to|(better|worse|easier|faster) to|to help|feel(ing|s)? (better|worse)|, or)\b"
)


def asks_about_effect(text: str) -> bool:
    """A yes or no about the last step's effect ("Is it better now?", "Did the p90 come down?"), not
    about what the learner did ("Did you change…?") or a hypothetical ("Is it better to add…?")."""
    t = _norm(text).strip()
    effect = _EFFECT.search(t) or (_MOVED.search(t) and not _YOU_DID.search(t))
    return bool(_YES_NO.search(t) and effect and not _HYPOTHETICAL.search(t))


def is_judgemental(text: str) -> bool:
    """'Are you sure?', 'Why didn't you…?', 'You should have…' — questions that sound like mistrust."""
    return bool(_JUDGEMENT.search(_norm(text)))


def asks_expectation(text: str) -> bool:
    """Asks for a prediction about the coming step (future, not 'what did you expect')."""
    t = _norm(text)
    return bool(_EXPECT.search(t)) and not _PAST.search(t)


_HOW_MUCH = re.compile(r"\b(how much|by how much|by when|how many|what number|how far|how big)\b")


def asks_how_much(text: str) -> bool:
    """Asks to size a prediction: "How much, by when?"."""
    return bool(_HOW_MUCH.search(_norm(text)))


def reassures(text: str) -> bool:
    """'It's fine to be wrong', 'just a rough guess', 'don't worry' — words that make a guess safe."""
    return bool(_REASSURANCE.search(_norm(text)))


def asks_to_find_out(text: str) -> bool:
    """Asks for a way to learn what is not known yet ("What could you do to find out?"), broadly:
    said after "I don't know yet". :func:`asks_how_to_know` is the narrow form."""
    return bool(_FIND_OUT.search(_norm(text)))


_HOW_TO_KNOW = re.compile(
    r"\b(find out|figure out|learn more|discover|make sure|check (whether|if|that)|test (whether|if|that)"
    r"|how (could|can|would|will) (you|we) (know|tell|check|test|see) (whether|if|that|what|why))\b"
)


def asks_how_to_know(text: str) -> bool:
    """Asks how to find something out ("How could you find out whether that's the cause?"), not
    for a step to improve ("What could you do to cut the wait?")."""
    return bool(_HOW_TO_KNOW.search(_norm(text)))


def asks_which_one(text: str) -> bool:
    return bool(_WHICH_ONE.search(_norm(text)))


def lists_several(text: str) -> bool:
    return bool(_SEVERAL.search(_norm(text)))


def superficial_learning(text: str) -> bool:
    return bool(_SUPERFICIAL.search(_norm(text)))


def has_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


#: The card's nouns and verbs, for :func:`garbled`.
_CARD_NOUN = r"(?:target(?: condition)?|actual(?: condition)?|current condition|(?:next|last) step|obstacles?|step|prediction|learning|challenge)"
_CARD_ROLE = re.compile(
    # a card noun doing what only a person does: "did the next step expect", "can the target condition go and see"
    rf"\b(?:did|does|do|can|could|will|would|should|has|have|had) (?:the |your |our |this |that )?{_CARD_NOUN} "
    r"(?:expects?|expected|learn(?:s|ed|t)?|go and see)\b"
    rf"|\b{_CARD_NOUN} (?:go and see|goes and sees)\b"
    rf"|\b{_CARD_NOUN} happened to (?:the |your )?(?:expected |last |next )?{_CARD_NOUN}\b"
    # a card noun owning a card verb: "the target's go and see", "the obstacle's learned"
    rf"|\b{_CARD_NOUN}'s (?:go and see|learned|happened)\b"
    # a card verb used as a noun: "the actual learned", "the last step learned?"
    r"|\b(?:actual|last step|next step|target|obstacle|expected) (?:learned|happened)\b"
    r"(?! (?:when|with|after|in|at|on|since|from|because|that|during|before|by|this|last|next|yesterday|today|so|and|but)\b)"
)


def garbled(text: str) -> str:
    """The card's words in roles they cannot play ("What actual condition did the next step
    expect?", "When can the target condition go and see the obstacle?"): the words that show it,
    or "" for a line that makes sense. No line of the corpus or the evaluation sets (13,467) is
    garbled by this test."""
    m = _CARD_ROLE.search(_norm(text))
    return m.group(0) if m else ""
