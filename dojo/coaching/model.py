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
import zlib
from pathlib import Path
from typing import Any, Iterable

from dojo.coaching.classifier import Classification, Classifier
from dojo.coaching.features import content_start, extract, is_open
from dojo.coaching.labels import Label

MODEL_PATH = Path(__file__).with_name("model.json")
_LANE = 32
_MASK = (1 << _LANE) - 1
_OFFSET = 32768
_NB_OFFSET = 128


#: Confidence given to a label decided by a rule rather than by the model.
RULE_CONFIDENCE = 0.8
#: Openings that make a statement advice whatever follows (the issue's "If I were you…").
_TELLING_OPENINGS = (
    "if i were you", "if i was you", "if it were me", "if it was me", "if i were in your shoes",
    "if i was in your shoes", "my advice", "my suggestion",
)


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
        self._other = self.labels.index(Label.OTHER)
        self._clarify = self.labels.index(Label.CLARIFY)

    # -- scoring -------------------------------------------------------------------------

    def _lanes(self, feats: list[str]) -> tuple[list[int], int, int]:
        """The summed weights of these features per label, their packed total and their number."""
        get = self._packed.get
        hits = [v for v in map(get, feats) if v is not None]
        if not hits:
            return [0] * self._k, 0, 0
        total = sum(hits)
        base = len(hits) * _OFFSET
        return [((total >> (_LANE * i)) & _MASK) - base for i in range(self._k)], total, len(hits)

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
            z = [v + scale * (((total >> (_LANE * i)) & _MASK) - base) for i, v in enumerate(z)]
        top = max(z)
        ez = [math.exp(v - top) for v in z]
        s = sum(ez)
        known = bool(nw or nc)
        return [v / s for v in ez], toks, known

    def classify(self, text: str) -> Classification:
        if not isinstance(text, str):
            text = str(text)
        probs, toks, known = self.probabilities(text)
        if not toks or not known:
            # Nothing a coach says in English: no move to score.
            return Classification(Label.OTHER, 1.0 if not toks else round(max(probs[self._other], 0.5), 4), False, Label.CLARIFY)
        order = sorted(range(self._k), key=lambda i: (-probs[i], i))
        best, second = order[0], order[1]
        label = self.labels[best]
        confidence = probs[best]
        runner_up = self.labels[second]
        ruled = _rule(toks, text)
        if ruled is not None and ruled != label:
            runner_up, label = label, ruled
            confidence = max(probs[self.labels.index(ruled)], RULE_CONFIDENCE)
        open_ = label is not Label.TELLING and is_open(toks, text)
        return Classification(label, round(confidence, 4), open_, runner_up)

    def classify_many(self, texts: Iterable[str]) -> list[Classification]:
        return [self.classify(t) for t in texts]


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
