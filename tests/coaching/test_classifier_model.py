"""The corpus split and the shipped model file: deterministic, disjoint, reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dojo.coaching import split as corpus_split
from dojo.coaching.features import dedup_key
from dojo.coaching.labels import Label
from dojo.coaching.model import MODEL_PATH, load_model_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data() -> corpus_split.Split:
    return corpus_split.split_corpus()


def test_split_is_deterministic_and_independent_of_line_order(data):
    examples = corpus_split.read_corpus()
    again = corpus_split.split_corpus(list(reversed(examples)))
    assert sorted(ex.key for ex in again.held_out) == sorted(ex.key for ex in data.held_out)
    assert sorted(ex.key for ex in again.train) == sorted(ex.key for ex in data.train)


def test_no_utterance_sits_on_both_sides(data):
    train_keys = {ex.key for ex in data.train}
    assert not train_keys & {ex.key for ex in data.held_out}
    assert len(train_keys) == len(data.train)  # exact duplicates were dropped


def test_near_duplicates_with_the_same_label_are_on_one_side(data):
    def grams(key: str) -> set[str]:
        s = f"  {key} "
        return {s[i : i + 3] for i in range(len(s) - 2)}

    train_by_label: dict[Label, list[set[str]]] = {}
    for ex in data.train:
        train_by_label.setdefault(ex.label, []).append(grams(ex.key))
    for ex in data.held_out:
        g = grams(ex.key)
        for t in train_by_label.get(ex.label, []):
            inter = len(g & t)
            assert inter < corpus_split.NEAR_DUPLICATE_JACCARD * (len(g) + len(t) - inter), ex.text


def test_held_out_is_about_a_fifth_and_covers_every_label(data):
    total = len(data.train) + len(data.held_out)
    assert 0.15 < len(data.held_out) / total < 0.25
    held = corpus_split.counts(data.held_out)
    train = corpus_split.counts(data.train)
    for label in Label:
        assert held[label.value] >= 20, label
        assert train[label.value] >= 80, label


def test_the_corpus_meets_the_issue_minimums():
    """Issue 8: at least 7,000 lines, at least 250 per label."""
    examples = corpus_split.read_corpus()
    assert len(examples) >= 7000
    counts = corpus_split.counts(examples)
    assert min(counts.values()) >= 250, counts


def test_the_public_set_is_apart_quoted_and_never_trained_on():
    public = corpus_split.read_public()
    assert len(public) >= 300
    assert all(ex.origin for ex in public), "every public line names its source"
    assert corpus_split.PUBLIC_FILE not in corpus_split.CORPUS_FILES
    assert {ex.label for ex in public} == set(Label)


def test_the_public_dev_set_is_apart_from_the_corpus_and_from_the_public_set():
    dev, public = corpus_split.read_public_dev(), corpus_split.read_public()
    assert len(dev) >= 400
    assert all(ex.origin.startswith("http") for ex in dev), "every line names its source"
    assert corpus_split.PUBLIC_DEV_FILE not in corpus_split.CORPUS_FILES
    assert {ex.label for ex in dev} == set(Label)
    assert not {ex.origin for ex in dev} & {ex.origin for ex in public}, "sources are disjoint"
    assert not {ex.text.lower() for ex in dev} & {ex.text.lower() for ex in public}
    assert any(ex.context for ex in dev), "a learner reply in the 4th column becomes the context"


def _site(origin: str) -> str:
    """A source address without scheme, ``www.`` or trailing slash."""
    return origin.split("://", 1)[-1].removeprefix("www.").rstrip("/").lower()


@pytest.mark.parametrize("name", corpus_split.QUOTED_FILES)
def test_quoted_training_lines_are_apart_from_the_evaluation_sets(name):
    """Lines quoted to train on come from other pages than public.tsv's, and none repeats or
    nearly repeats a line of public.tsv or public_dev.tsv (the split's near-duplicate measure)."""
    quoted = corpus_split.read_quoted(corpus_split.CORPUS_DIR / name)
    public, dev = corpus_split.read_public(), corpus_split.read_public_dev()
    assert len(quoted) >= 400
    assert all(ex.origin.startswith("http") for ex in quoted), "every line names its source"
    assert not {_site(ex.origin) for ex in quoted} & {_site(ex.origin) for ex in public}
    held_apart = [corpus_split.trigrams(dedup_key(ex.text)) for ex in public + dev]
    for ex in quoted:
        mine = corpus_split.trigrams(dedup_key(ex.text))
        assert not any(corpus_split.near_duplicates(mine, theirs) for theirs in held_apart), ex.text
    assert all(ex in corpus_split.read_corpus() for ex in quoted[:20]), "they are part of the corpus"


def test_context_lines_keep_their_context_and_differ_by_it():
    examples = [ex for ex in corpus_split.read_corpus() if ex.context]
    assert len(examples) >= 300
    by_text: dict[str, set[Label]] = {}
    for ex in examples:
        by_text.setdefault(ex.text, set()).add(ex.label)
    assert any(len(labels) > 1 for labels in by_text.values()), "some lines are labelled by the reply before them"


def test_external_set_is_separate_from_the_corpus():
    external = corpus_split.read_external()
    assert 60 <= len(external) <= 120
    assert {ex.label for ex in external} == set(Label)
    assert corpus_split.EXTERNAL_FILE not in corpus_split.CORPUS_FILES


def test_dedup_key_ignores_case_punctuation_contractions_and_fillers():
    assert dedup_key("So, what's the TARGET condition?") == dedup_key("what is the target condition")
    assert dedup_key("What did you expect?") != dedup_key("What do you expect?")


def test_model_file_is_small_and_well_formed():
    # 1.4 MB with the quoted talk's vocabulary; the bound keeps start-up (bench) in check.
    assert MODEL_PATH.stat().st_size < 1_500_000
    model = load_model_data()
    assert model is not None
    assert model["labels"] == [label.value for label in Label]
    assert len(model["bias"]) == len(Label)
    assert model["vocab"] == sorted(model["vocab"])


def test_the_shipped_model_is_reproducible_from_the_corpus():
    """Retrain on the training part with the shipped hyperparameters (as
    ``python -m dojo.coaching.train --check`` does) and compare with the shipped file."""
    pytest.importorskip("numpy", reason="numpy is a development dependency (pip install -e '.[dev]')")
    from dojo.coaching import train

    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    retrained = train.retrain_final(train.hyper_of(shipped))
    # The calibration is fitted on cross-validation (``--check`` redoes it); here the fit alone.
    retrained["temperature"], retrained["guess_below"] = shipped["temperature"], shipped["guess_below"]
    assert train.compare(retrained, shipped) == []
    from dojo.coaching.model import TrainedClassifier

    held = [ex.text for ex in corpus_split.split_corpus().held_out]
    a = [c.label for c in TrainedClassifier(retrained).classify_many(held)]
    b = [c.label for c in TrainedClassifier(shipped).classify_many(held)]
    assert sum(x == y for x, y in zip(a, b)) >= 0.995 * len(held)


def test_calibration_is_fitted_and_the_guess_line_chosen_on_out_of_fold_figures():
    pytest.importorskip("numpy", reason="numpy is a development dependency (pip install -e '.[dev]')")
    import math

    from dojo.coaching import train

    # Over-confident log-probabilities (right only 60 % of the time at 0.99): a temperature above 1.
    logp = [[math.log(0.99), math.log(0.01)] for _ in range(100)]
    gold = [0 if i % 5 < 3 else 1 for i in range(100)]
    assert train.fit_temperature(logp, gold) > 1.5
    # Right below 0.5 half the time, right above it: the line is 0.5 (not 0.55, with nothing
    # between 0.5 and 0.55 to justify it).
    confidences = [0.35] * 20 + [0.45] * 20 + [0.55] * 20 + [0.9] * 40
    correct = [i % 2 == 0 for i in range(40)] + [True] * 60
    assert train.choose_guess_line(confidences, correct) == 0.5


def test_choosing_on_the_development_set_picks_the_point_that_hears_it_best(monkeypatch, data):
    """``--choose dev``: each grid point is fitted on the training part and judged on the
    development set; a point that cannot learn (an L2 so strong every weight is ~0) loses."""
    pytest.importorskip("numpy", reason="numpy is a development dependency (pip install -e '.[dev]')")
    from dojo.coaching import train

    crippled = (10.0, 1.0, 1.0, 0.25, 0.0, 0.1)
    sensible = (3e-6, 1.0, 1.0, 0.25, 0.0, 0.1)
    small = data.train[::10]  # a tenth of the training part: quick, and still far better than nothing
    monkeypatch.setattr(train, "GRID", (crippled, sensible))
    assert train.choose_on_dev(small) == train.Hyper(*sensible)
    monkeypatch.setattr(train, "GRID", (sensible, crippled))
    assert train.choose_on_dev(small) == train.Hyper(*sensible)


def test_runtime_model_does_not_need_numpy():
    code = (
        "import sys; sys.modules['numpy'] = None\n"  # any import of numpy now fails
        "from dojo.coaching.model import load_trained\n"
        "print(load_trained().classify('What did you learn?').label)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "learned"


def test_phrase_gates_never_skip_a_match():
    """The run-time shortcut (skip a phrase pattern when none of its words is a token) must
    give the same features as searching every pattern."""
    from dojo.coaching import features

    texts = [ex.text for ex in corpus_split.read_corpus()] + [ex.text for ex in corpus_split.read_external()]
    for text in texts:
        toks = features.tokens(features.clean(text))
        joined, tokset = " ".join(toks), set(toks)
        for name, pattern, gate in features._phrases():
            if pattern.search(joined):
                assert not gate.isdisjoint(tokset), (name, text)


def test_packed_integer_scoring_matches_a_plain_computation():
    """The run-time trick (each feature's regression and naive Bayes weights packed into
    one integer, summed in lanes) gives exactly the probabilities of the textbook formula:
    per group, the regression weights times the group's scale, plus the naive Bayes
    log-probabilities times their scale, plus the biases."""
    import math

    from dojo.coaching.features import extract
    from dojo.coaching.model import TrainedClassifier, unpack

    model = load_model_data()
    assert model is not None
    k = len(model["labels"])
    raw = unpack(model, model["weights"])
    lr = {
        f: [int.from_bytes(raw[2 * (i * k + j) : 2 * (i * k + j) + 2], "little") - 32768 for j in range(k)]
        for i, f in enumerate(model["vocab"])
    }
    nb = model.get("nb")
    nbw = {}
    if nb is not None:
        nraw = unpack(model, nb["weights"])
        nbw = {f: [nraw[i * k + j] - 128 for j in range(k)] for i, f in enumerate(model["vocab"])}
    q = model["quantum"]
    groups = model["groups"]
    clf = TrainedClassifier(model)
    texts = [ex.text for ex in corpus_split.read_external()] + ["", "What is the target condition?", "x" * 50]
    for text in texts:
        _, words, chars, eng = extract(text, ordered=False)
        z = list(model["bias"])
        if nb is not None:
            z = [b + nb["scale"] * p for b, p in zip(z, nb["prior"])]
        for feats, scale in (
            (words, groups["word"] / math.sqrt(len(words)) if words else 0.0),
            (chars, groups["char"] / math.sqrt(len(chars)) if chars else 0.0),
            (eng, groups["eng"]),
        ):
            for f in feats:
                if f in lr:
                    z = [v + scale * q * w for v, w in zip(z, lr[f])]
                    if nb is not None:
                        z = [v + nb["scale"] * nb["quantum"] * w for v, w in zip(z, nbw[f])]
        z = [v / model.get("temperature", 1.0) for v in z]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        expected = [v / sum(e) for v in e]
        got, _, _ = clf.probabilities(text)
        assert got == pytest.approx(expected, abs=1e-9), text
