"""The trained coach-move classifier at run time: plain Python, no numpy.

The model (``model.json``, written by ``python -m dojo.coaching.train``) is a multinomial
logistic regression over the features of :mod:`dojo.coaching.features`, with 16-bit
integer weights, plus (optionally) a naive Bayes complement over the same features, with
8-bit log-probabilities, whose scaled sum is added to the regression's logits. At load
time each feature's 14 (or 28) weights are packed into one Python integer, 32 bits per
lane (offset so every lane is non-negative), so that the score of an utterance is a
single ``sum()`` of a few hundred integers per feature group, done in C, and the label
scores are read back out of the lanes with shifts. This is exact integer
arithmetic: the same input gives the same output on every machine.

``open`` is decided by form (:func:`dojo.coaching.features.is_open`), not by the model.
"""

from __future__ import annotations

import base64
import json
import math
import re
import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dojo import shorthand
from dojo.coaching.classifier import Classification, Classifier
from dojo.coaching.context import Context, fix_put_forward, in_context, new_ideas, told_ideas
from dojo.coaching.cues import asks_about_effect
from dojo.coaching.features import asks_openly, clean, content_start, extract, is_open, questions, split_turn
from dojo.coaching.labels import ANTI_PATTERNS, CARD_STEPS, Label
from dojo.coaching.spelling import Speller

MODEL_PATH = Path(__file__).with_name("model.json")
_LANE = 32
_MASK = (1 << _LANE) - 1
_OFFSET = 32768
_NB_OFFSET = 128
_BIG_ENDIAN = sys.byteorder == "big"
#: An array type code for unsigned 32-bit integers ("I" on every common platform).
_U32 = next(code for code in "ILH" if array(code).itemsize == 4)


#: Confidence given to a label decided by a rule rather than by the model.
RULE_CONFIDENCE = 0.8
#: Openings that make a statement advice whatever follows (the issue's "If I were you…").
_TELLING_OPENINGS = (
    "if i were you", "if i was you", "if it were me", "if it was me", "if i were in your shoes",
    "if i was in your shoes", "my advice", "my suggestion",
)


#: A turn that is one question and nothing else (no sentence before or after it).
_ONE_QUESTION = re.compile(r"[^.!?]+\?")


def _rule(toks: list[str], text: str) -> Label | None:
    """The few labels fixed by rule, after the model: the precedence telling > … for
    an utterance that opens as advice and is not a question."""
    if not toks or text.rstrip().endswith("?"):
        return None
    start = " ".join(toks[content_start(toks) :][:7])
    for opening in _TELLING_OPENINGS:
        if start.startswith(opening) and (len(start) == len(opening) or start[len(opening)] == " "):
            return Label.TELLING
    return None


def unpack(model: dict[str, Any], text: str) -> bytes:
    """A weight array of the file: base64, zlib-compressed from format 2 on."""
    raw = base64.b64decode(text)
    return zlib.decompress(raw) if int(model.get("format", 1)) >= 2 else raw


class TrainedClassifier:
    """Classifies coach utterances with the shipped model; any string gets a valid label."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.labels: tuple[Label, ...] = tuple(Label(name) for name in model["labels"])
        k = len(self.labels)
        self._k = k
        self._quantum = float(model["quantum"])
        groups = model["groups"]
        self._gw = float(groups["word"]) * self._quantum
        self._gc = float(groups["char"]) * self._quantum
        self._ge = float(groups["eng"]) * self._quantum
        self._bias = [float(b) for b in model["bias"]]
        vocab: list[str] = model["vocab"]
        raw = unpack(model, model["weights"])
        if len(raw) != 2 * k * len(vocab):
            raise ValueError("model weights do not match its vocabulary")
        nb = model.get("nb")
        # Widen each little-endian uint16 to a 32-bit lane: bytes b0 b1 -> b0 b1 0 0; the
        # naive Bayes complement's uint8 (offset 128) goes into 14 more lanes after them.
        lanes = 2 * k if nb is not None else k
        padded = bytearray(4 * lanes * len(vocab))
        row = 4 * lanes
        for lab in range(k):
            padded[4 * lab :: row] = raw[2 * lab :: 2 * k]
            padded[4 * lab + 1 :: row] = raw[2 * lab + 1 :: 2 * k]
        self._nb_scale = 0.0
        if nb is not None:
            nraw = unpack(model, nb["weights"])
            if len(nraw) != k * len(vocab):
                raise ValueError("model naive Bayes weights do not match its vocabulary")
            for lab in range(k):
                padded[4 * (k + lab) :: row] = nraw[lab::k]
            self._nb_scale = float(nb["scale"]) * float(nb["quantum"])
            self._bias = [b + float(nb["scale"]) * float(p) for b, p in zip(self._bias, nb["prior"], strict=True)]
        from_bytes = int.from_bytes
        self._packed: dict[str, int] = {
            f: from_bytes(padded[i * row : (i + 1) * row], "little") for i, f in enumerate(vocab)
        }
        self._first_k = (1 << (_LANE * k)) - 1
        self._speller = Speller(f[2:] for f in vocab if f.startswith("w:"))
        self._other = self.labels.index(Label.OTHER)
        self._clarify = self.labels.index(Label.CLARIFY)
        #: Temperature scaling, chosen by cross-validation on the training part (1: none).
        self.temperature = float(model.get("temperature", 1.0))
        #: Below this confidence a reading is a guess (chosen on the training part).
        self.guess_below = float(model.get("guess_below", 0.0))

    # -- scoring -------------------------------------------------------------------------

    def _lanes(self, feats: list[str]) -> tuple[list[int], int, int]:
        """The summed weights of these features per label, their packed total and their number."""
        get = self._packed.get
        hits = [v for v in map(get, feats) if v is not None]
        if not hits:
            return [0] * self._k, 0, 0
        total = sum(hits)
        base = len(hits) * _OFFSET
        # The first k lanes, read out in C: little-endian uint32s of the packed total.
        lanes = array(_U32, (total & self._first_k).to_bytes(4 * self._k, "little"))
        if _BIG_ENDIAN:
            lanes.byteswap()
        return [v - base for v in lanes], total, len(hits)

    def probabilities(self, text: str) -> tuple[list[float], list[str], bool]:
        """(probability per label, tokens, whether any word or character n-gram was known)."""
        toks, words, chars, eng = extract(text, ordered=False)
        lw, tw, nw = self._lanes(words)
        lc, tc, nc = self._lanes(chars)
        le, te, ne = self._lanes(eng)
        sw = self._gw / math.sqrt(len(words)) if words else 0.0
        sc = self._gc / math.sqrt(len(chars)) if chars else 0.0
        ge = self._ge
        z = [b + sw * a + sc * c + ge * e for b, a, c, e in zip(self._bias, lw, lc, le)]
        if self._nb_scale:
            # The naive Bayes lanes (after the 14 regression lanes) of all features at once.
            total = (tw + tc + te) >> (_LANE * self._k)
            base = (nw + nc + ne) * _NB_OFFSET
            scale = self._nb_scale
            nb = array(_U32, (total & self._first_k).to_bytes(4 * self._k, "little"))
            if _BIG_ENDIAN:
                nb.byteswap()
            z = [v + scale * (n - base) for v, n in zip(z, nb)]
        if self.temperature != 1.0:
            z = [v / self.temperature for v in z]
        top = max(z)
        ez = [math.exp(v - top) for v in z]
        s = sum(ez)
        known = bool(nw or nc)
        return [v / s for v in ez], toks, known

    def read(self, text: str) -> str:
        """The line as meant: chat shorthand spelled out ("obs?", "how cd u…") and typos of the
        card's words corrected."""
        return self._speller.correct(shorthand.expand(text))

    def classify(self, text: str, context: Context | None = None) -> Classification:
        if not isinstance(text, str):
            text = str(text)
        text = self.read(text)
        probs, toks, known = self.probabilities(text)
        if not toks or not known:
            # Nothing a coach says in English: no move to score.
            confidence = 1.0 if not toks else round(max(probs[self._other], 0.5), 4)
            return Classification(Label.OTHER, confidence, False, Label.CLARIFY, (Label.OTHER, Label.CLARIFY))
        order = sorted(range(self._k), key=lambda i: (-probs[i], i))
        top = tuple(self.labels[i] for i in order[:3])
        label, runner_up, confidence = top[0], top[1], probs[order[0]]
        ruled = _rule(toks, text)
        if ruled is not None and ruled != label:
            runner_up, label = label, ruled
            confidence = max(probs[self.labels.index(ruled)], RULE_CONFIDENCE)
        told = told_ideas(text, context) if label is not Label.TELLING else []
        if told:
            # Precedence: advice before the question ("You should set up a rota. What do you
            # expect?") makes the turn telling, when the advice brings the coach's own idea.
            runner_up, label = label, Label.TELLING
            confidence = max(probs[self.labels.index(Label.TELLING)], RULE_CONFIDENCE)
        open_ = label is not Label.TELLING and (is_open(toks, text) or asks_openly(split_turn(clean(text))[1]))
        why = "advice before the question: " + " ".join(told[:4]) if told else ""
        if context is not None and not told:
            by_label = dict(zip(self.labels, probs))
            heard, why = in_context(label, by_label, text, context, open_)
            if heard is not label:
                runner_up, label = label, heard
                confidence = max(by_label[heard], RULE_CONFIDENCE)
                open_ = open_ and label not in (Label.CLOSED, Label.OTHER)
        if label in ANTI_PATTERNS and not why and (put := fix_put_forward(text, context)):
            # A fix of the coach's own, put forward as a question ("Shouldn't you split the big
            # PRs?"): leading, however unsure the words alone left the model.
            if label is not Label.LEADING and _ONE_QUESTION.fullmatch(clean(text).strip()):
                runner_up, label = label, Label.LEADING
            confidence = max(probs[self.labels.index(label)], RULE_CONFIDENCE)
            why = "puts a fix forward: " + " ".join(put[:4])
        if not why and (label in (Label.OTHER, Label.CLOSED) or (confidence < self.guess_below and label is Label.CLARIFY)) \
                and asks_about_effect(text):
            # "Is it better now?": a yes or no about the effect, whatever the words alone suggested.
            if label is not Label.CLOSED:
                runner_up, label = label, Label.CLOSED
            confidence = max(probs[self.labels.index(Label.CLOSED)], RULE_CONFIDENCE)
            why, open_ = "a yes or no about the last step's effect", False
        also: tuple[Label, ...] = ()
        if label not in ANTI_PATTERNS and not why:
            parts = self._parts(text)
            first = parts[0] if parts else None
            if first is not None and first[0] in CARD_STEPS:
                # A compound ask takes the label of its first question, when that is a card step,
                # as sure as that question alone (the whole line mixes two steps' words).
                if first[0] is not label:
                    runner_up, label = label, first[0]
                confidence = max(confidence, first[1])
            also = tuple(dict.fromkeys(p[0] for p in parts if p is not None and p[0] in CARD_STEPS and p[0] is not label))
        guess = confidence < self.guess_below
        return Classification(label, round(confidence, 4), open_, runner_up, top, guess=guess, why=why, also=also)

    def _parts(self, text: str) -> list[tuple[Label, float] | None]:
        """Each question of a compound ask heard on its own: (label, confidence) when heard surely,
        else None; empty for a single question."""
        parts = questions(text)[1]
        if len(parts) < 2:
            return []
        out: list[tuple[Label, float] | None] = []
        for part in parts:
            probs, toks, known = self.probabilities(part)
            best = max(range(self._k), key=lambda i: (probs[i], -i))
            out.append((self.labels[best], probs[best]) if toks and known and probs[best] >= self.guess_below else None)
        return out

    def classify_many(
        self, texts: Iterable[str], contexts: Iterable[Context | None] | None = None
    ) -> list[Classification]:
        if contexts is None:
            return [self.classify(t) for t in texts]
        return [self.classify(t, c) for t, c in zip(texts, contexts, strict=True)]

    # -- why -------------------------------------------------------------------------------

    def contribution(self, feature: str, scale: float) -> list[float] | None:
        """What one present feature adds to each label's logit, its group's ``scale``
        (1/sqrt of the group's size) applied as :meth:`probabilities` does."""
        packed = self._packed.get(feature)
        if packed is None:
            return None
        group = self._ge if feature.startswith("e:") else self._gw if feature[1:2] == ":" else self._gc
        out = [(((packed >> (_LANE * i)) & _MASK) - _OFFSET) * group * scale for i in range(self._k)]
        if self._nb_scale:
            nb = self._nb_scale
            out = [v + nb * (((packed >> (_LANE * (self._k + i))) & _MASK) - _NB_OFFSET) for i, v in enumerate(out)]
        return out

    def explain(self, text: str, context: Context | None = None, n: int = 3) -> Explanation:
        """The words that decided the reading: the features that most raised the chosen label
        over the runner-up, turned back into the words of the line."""
        c = self.classify(text, context)
        toks, words, chars, eng = extract(self.read(text), ordered=True)
        idea = tuple(new_ideas(text, context)[:4]) if c.label is Label.LEADING else ()
        if c.why or c.runner_up is None or not toks:
            return Explanation(c.label, c.runner_up, (), c.why, idea)
        a, b = self.labels.index(c.label), self.labels.index(c.runner_up)
        sw = 1 / math.sqrt(len(words)) if words else 0.0
        sc = 1 / math.sqrt(len(chars)) if chars else 0.0
        score: dict[str, float] = {}
        for group, scale in ((words, sw), (chars, sc), (eng, 1.0)):
            for f in group:
                w = self.contribution(f, scale)
                if w is None:
                    continue
                gain = w[a] - w[b]
                for piece in _pieces(f, toks):
                    score[piece] = score.get(piece, 0.0) + gain
        # A lone function word ("the", "you") says little to a player: it ranks behind the rest.
        ranked = {p: g * (0.4 if all(w in _FUNCTION for w in p.split()) else 1.0) for p, g in score.items() if g > 0}
        best = sorted(ranked, key=lambda p: (-ranked[p], p))
        chosen: list[str] = []
        for p in best:
            if any(p in q or q in p for q in chosen):
                continue
            chosen.append(p)
            if len(chosen) == n:
                break
        return Explanation(c.label, c.runner_up, tuple(chosen), "", idea)


@dataclass(frozen=True, slots=True)
class Explanation:
    label: Label
    runner_up: Label | None
    words: tuple[str, ...]  # the words or cues that decided it, strongest first
    why: str  # set when the conversation decided it
    idea: tuple[str, ...] = ()  # leading: the words of the coach's own idea (not raised by the learner)

    def reason(self) -> str:
        """Why, without the label: "brings an idea: 'second operator'; decided by 'have you thought'"."""
        if self.why:
            return self.why
        parts = []
        if self.idea:
            parts.append("brings an idea: " + " ".join(self.idea))
        if self.words:
            parts.append("decided by " + ", ".join(w if w.startswith("'") else f"'{w}'" for w in self.words))
        return "; ".join(parts)

    def line(self) -> str:
        """One line: "leading (rather than closed) — brings an idea: second operator; decided by 'have you'"."""
        vs = f" (rather than {self.runner_up.value})" if self.runner_up and not self.why else ""
        reason = self.reason()
        return f"{self.label.value}{vs} — {reason}" if reason else self.label.value


_FUNCTION = frozenset(
    ["a", "an", "the", "is", "are", "was", "were", "be", "to", "of", "in", "on", "at", "it", "its", "that", "this", "you", "your", "i", "we", "do", "does", "did", "what", "how", "which", "when", "about", "and", "or", "so", "for", "with", "can", "could", "would", "will", "me", "my", "us", "our"]
)
#: Engineered features named in words, for an explanation.
_CUE_WORDS = {
    "e:open": "an open question", "e:qmark": "the question mark", "e:past": "the past tense",
    "e:future": "the future tense", "e:past_only": "the past tense", "e:future_only": "the future tense",
    "e:yesno_start": "a yes/no opening", "e:wh_start": "a wh- opening", "e:statement": "no question",
    "e:tag_question": "a tag question", "e:advice_statement": "advice", "e:should": "'should'",
    "e:have_you_tried": "'have you tried'", "e:what_if": "'what if'", "e:what_about": "'what about'",
    "e:are_you_sure": "doubt", "e:why_didnt": "'why didn't'", "e:lead=advice": "advice before the question",
    "e:lead=echo": "the learner's words said back", "e:lead=social": "a greeting or acknowledgement first",
}


def _pieces(feature: str, toks: list[str]) -> list[str]:
    """The words of the line a feature stands for."""
    kind, _, body = feature.partition(":")
    if kind == "w" or kind == "l":
        return [] if body == "<num>" else [body]
    if kind in ("b", "t"):
        parts = [p for p in body.split("_") if p not in ("<s>", "</s>", "<num>")]
        return [" ".join(parts)] if parts else []
    if kind == "e":
        cue = _CUE_WORDS.get(feature)
        return [cue] if cue else []
    # a character n-gram: the word(s) it sits in
    gram = feature.strip("<>")
    return [t for t in toks if gram in "<" + t + ">"][:1]


def load_model_data(path: Path = MODEL_PATH) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


_CACHE: dict[Path, TrainedClassifier] = {}


def load_trained(path: Path | None = None) -> Classifier | None:
    """The shipped trained classifier, or None when its data file is absent (loaded once)."""
    path = MODEL_PATH if path is None else path
    cached = _CACHE.get(path)
    if cached is not None:
        return cached
    data = load_model_data(path)
    if data is None:
        return None
    clf = TrainedClassifier(data)
    _CACHE[path] = clf
    return clf
