"""Chat shorthand, read as the words meant: "where r we vs TC", "obs?", "how cd u find out",
"nxt step + when can we go see". A coach in a hurry types like this; the classifier and the
learner both read the line through :func:`expand`, and the transcript keeps what was typed.

Only whole words are replaced, and only forms that mean one thing in a coaching conversation
(no "exp": expected or experiment?).
"""

from __future__ import annotations

import re

#: Shorthand → the words meant (lower case; a capitalised form keeps its capital).
SHORTHAND: dict[str, str] = {
    # the card's own words
    "tc": "target condition", "ac": "actual condition", "obs": "obstacles", "obst": "obstacle",
    "nxt": "next", "pred": "prediction", "preds": "predictions", "expt": "experiment",
    # chat forms of common words
    "u": "you", "r": "are", "ur": "your", "wat": "what", "wot": "what",
    "wht": "what", "hw": "how", "cd": "could", "cud": "could", "wd": "would", "wud": "would",
    "shd": "should", "shud": "should", "abt": "about", "bc": "because", "cuz": "because",
    "coz": "because", "cos": "because", "b4": "before", "2day": "today", "tmrw": "tomorrow",
    "tmr": "tomorrow", "tmw": "tomorrow", "2morrow": "tomorrow", "pls": "please", "plz": "please",
    "thx": "thanks", "ty": "thank you", "idk": "I do not know", "dunno": "do not know",
    "wanna": "want to", "gotta": "got to", "lmk": "let me know", "imo": "in my opinion",
    "imho": "in my opinion", "btw": "by the way", "fyi": "for your information",
    "asap": "as soon as possible", "eod": "end of day", "k": "okay", "kk": "okay",
    "w/": "with", "w/o": "without", "nr": "number", "num": "number", "pic": "picture",
}

_WORD = re.compile(r"(?<![\w/'\u2019-])(w/o|w/|[A-Za-z0-9]+)(?![\w'\u2019/-])")
#: "which 1", "the 1": a digit one said as the word.
_ONE = re.compile(r"\b(which|that|this|the|each|every|any|no) 1\b", re.IGNORECASE)


def expand(text: str) -> str:
    """``text`` with each shorthand word replaced by the words it stands for."""
    if not _WORD.search(text):
        return text

    def sub(match: re.Match[str]) -> str:
        word = match.group(0)
        meant = SHORTHAND.get(word.lower())
        if meant is None:
            return word
        return meant[:1].upper() + meant[1:] if word[:1].isupper() else meant

    return _ONE.sub(r"\1 one", _WORD.sub(sub, text))
