"""Compare the keyword topic matcher with wordllama static embeddings on the labelled cases.

Run by hand (not collected by pytest; wordllama is not a dependency of the dojo):

    .venv/bin/pip install wordllama==0.4.0.post1
    HF_HUB_OFFLINE=1 .venv/bin/python -m tests.learner.compare_matchers

The embeddings are loaded from the package's own folder with downloads disabled. Off-topic
words are found the same way for every matcher (embeddings cannot tell a made-up word), so the
comparison is about which scenario thing a question is about. Figures on 2026-11-29 (81 cases):
keyword 0.901, embeddings alone 0.728 (best threshold), keyword re-ranked by embeddings 0.914;
the keyword matcher was kept: one case more is not worth ten dependencies and 0.8 s of loading.
"""

from __future__ import annotations

import pathlib
import time

import numpy as np

from dojo.learner import vocabulary as vocab
from dojo.learner.topics import About, KeywordMatcher
from dojo.scenarios.registry import load_scenario
from tests.learner.test_topics import load_cases


def load_model():
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=pathlib.Path(wordllama.__file__).parent, disable_download=True)


class EmbeddingMatcher:
    """Things ranked by cosine similarity to the question; ``rerank``: only re-rank the keyword matches."""

    def __init__(self, model, scenario, *, threshold: float = 0.2, rerank: float | None = None) -> None:
        self.model, self.kw, self.threshold, self.rerank = model, KeywordMatcher(scenario), threshold, rerank
        self.entries = self.kw.entries
        texts = [e.thing.name + ". " + " ".join(" ".join(p) for p in e.phrases) for e in self.entries]
        self.emb = model.embed(texts, norm=True)

    def about(self, text: str, said=(), *, small_talk: bool = False) -> About:
        a = self.kw.about(text, said, small_talk=small_talk)
        if a.off_topic:
            return a
        sims = self.emb @ self.model.embed([text], norm=True)[0]
        if self.rerank is None:
            order = np.argsort(-sims)
            return About(things=tuple(self.entries[i].thing for i in order if sims[i] >= self.threshold))
        index = {e.thing: i for i, e in enumerate(self.entries)}
        seq = [vocab.stem(w) for w in vocab.tokens(text)]

        def score(thing) -> float:
            i = index[thing]
            return self.kw.rule(self.kw, self.entries[i], set(seq), seq) + self.rerank * float(sims[i])

        return About(things=tuple(sorted((t for t in a.things if t in index), key=score, reverse=True)))


def accuracy(make) -> float:
    matchers: dict = {}
    cases = load_cases()
    ok = 0
    for question, sid, expected, said in cases:
        m = matchers.setdefault(sid, make(load_scenario(sid)))
        ok += m.about(question, vocab.tokens(said)).label() == expected
    return ok / len(cases)


def main() -> None:
    print(f"keyword: {accuracy(KeywordMatcher):.3f}")
    t = time.perf_counter()
    model = load_model()
    print(f"wordllama load: {time.perf_counter() - t:.2f} s")
    for threshold in (0.2, 0.3, 0.4):
        acc = accuracy(lambda sc, threshold=threshold: EmbeddingMatcher(model, sc, threshold=threshold))
        print(f"embeddings, threshold {threshold}: {acc:.3f}")
    for weight in (0.5, 1.0, 2.0):
        acc = accuracy(lambda sc, weight=weight: EmbeddingMatcher(model, sc, rerank=weight))
        print(f"keyword re-ranked by embeddings, weight {weight}: {acc:.3f}")


if __name__ == "__main__":
    main()
