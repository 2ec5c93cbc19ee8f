"""The labelled corpus and its deterministic train / held-out split.

The corpus is the written files (:data:`CORPUS_FILES`, ``label<TAB>text``) and the lines quoted
from public sources for training (:data:`QUOTED_FILES`); the evaluation sets (``external.tsv``,
``public.tsv``) and the development set (``public_dev.tsv``) are not part of it. Lines are grouped
before splitting:

1. exact duplicates after :func:`dojo.coaching.features.dedup_key` (case, punctuation,
   contractions and leading fillers ignored) are one utterance; the first line wins,
   and a duplicate with a different label is reported and dropped;
2. near-duplicates *with the same label* (character-trigram Jaccard ≥ 0.8, e.g. the same
   question with a typo or one word more) are joined into one group.

A group goes to the held-out part when a stable hash (BLAKE2b) of its smallest key falls
in the lowest 20 % (:data:`HELD_OUT_PERCENT`). So the split does not depend on line
order or on Python's hash seed, a line never changes side when other lines are added
(unless it joins a group), and no near-identical utterance sits on both sides.
Lines that differ in label (the hard pairs: "what do you expect" / "what did you
expect") may sit on both sides on purpose.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from dojo.coaching.features import dedup_key
from dojo.coaching.labels import Label

CORPUS_DIR = Path(__file__).with_name("corpus")
#: The written training corpus files (``label<TAB>text[<TAB>learner's reply]``);
#: ``external.tsv`` is deliberately not among them.
CORPUS_FILES: tuple[str, ...] = (
    "card_steps.tsv", "moves.tsv", "hard_pairs.tsv",
    "natural_leadins.tsv", "natural_followups.tsv", "natural_traditions.tsv", "natural_effects.tsv",
)
#: Training lines quoted from public sources (``label<TAB>text<TAB>source[<TAB>learner's
#: reply]``), from sources disjoint from ``public.tsv``'s and ``public_dev.tsv``'s and with no
#: line repeating or nearly repeating theirs; they go through the same split as the corpus.
QUOTED_FILES: tuple[str, ...] = ("public_train_a.tsv", "public_train_b.tsv", "public_train_c.tsv", "public_train_d.tsv", "public_train_e.tsv", "public_train_f.tsv")
EXTERNAL_FILE = "external.tsv"
#: Coach lines quoted from public transcripts and question lists, each with its source;
#: like ``external.tsv``, never trained or tuned on.
PUBLIC_FILE = "public.tsv"
#: A second set quoted from other public sources (disjoint from ``public.tsv``'s), for tuning
#: and choosing; never trained on, and never the reported external figure.
PUBLIC_DEV_FILE = "public_dev.tsv"
HELD_OUT_PERCENT = 20
NEAR_DUPLICATE_JACCARD = 0.8


@dataclass(frozen=True, slots=True)
class Example:
    label: Label
    text: str
    key: str
    source: str  # "file:line"
    context: str = ""  # the learner's reply before the coach's line, where the label depends on it
    origin: str = ""  # where a public line is quoted from


@dataclass(frozen=True, slots=True)
class Split:
    train: list[Example]
    held_out: list[Example]
    conflicts: list[tuple[Example, Example]]  # (kept, dropped): same key, different label
    duplicates: int  # exact duplicates dropped


def read_tsv(path: Path, third: str = "context") -> list[Example]:
    """Examples of one ``label<TAB>text[<TAB>third]`` file; '#' lines and blank lines are
    skipped. ``third`` says what an optional third column holds: the learner's reply before
    the line (``context``, part of the key) or where it is quoted from (``origin``)."""
    out: list[Example] = []
    valid = {label.value for label in Label}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, rest = line.partition("\t")
        label = label.strip()
        if not sep or label not in valid:
            raise ValueError(f"{path.name}:{n}: expected 'label<TAB>text' with a known label, got {line[:60]!r}")
        text, _, extra = rest.partition("\t")
        text, extra = text.strip(), extra.strip()
        if not text:
            continue
        if third == "context" and extra:
            key = dedup_key(text) + " || " + dedup_key(extra)
            out.append(Example(Label(label), text, key, f"{path.name}:{n}", context=extra))
        else:
            out.append(Example(Label(label), text, dedup_key(text), f"{path.name}:{n}", origin=extra))
    return out


def read_corpus(corpus_dir: Path = CORPUS_DIR) -> list[Example]:
    out: list[Example] = []
    for name in CORPUS_FILES:
        path = corpus_dir / name
        if path.exists():
            out.extend(read_tsv(path))
    for name in QUOTED_FILES:
        out.extend(read_quoted(corpus_dir / name))
    return out


def read_external(corpus_dir: Path = CORPUS_DIR) -> list[Example]:
    return read_tsv(corpus_dir / EXTERNAL_FILE)


def read_public(corpus_dir: Path = CORPUS_DIR) -> list[Example]:
    path = corpus_dir / PUBLIC_FILE
    return read_tsv(path, third="origin") if path.exists() else []


def read_public_dev(corpus_dir: Path = CORPUS_DIR) -> list[Example]:
    return read_quoted(corpus_dir / PUBLIC_DEV_FILE)


def read_quoted(path: Path) -> list[Example]:
    """Lines of a file quoted from public sources: ``label<TAB>text<TAB>source[<TAB>learner's
    reply]``; the reply, where there is one, is the line's context and part of its key."""
    out: list[Example] = []
    for ex in read_tsv(path, third="origin") if path.exists() else []:
        origin, _, reply = ex.origin.partition("\t")
        reply = reply.strip()
        key = ex.key + " || " + dedup_key(reply) if reply else ex.key
        out.append(replace(ex, origin=origin.strip(), context=reply, key=key))
    return out


def _hash_percent(key: str) -> int:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 100


def trigrams(key: str) -> frozenset[str]:
    s = f"  {key} "
    return frozenset(s[i : i + 3] for i in range(len(s) - 2))


def near_duplicates(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two keys' :func:`trigrams` overlap by a Jaccard of at least :data:`NEAR_DUPLICATE_JACCARD`."""
    inter = len(a & b)
    return inter >= NEAR_DUPLICATE_JACCARD * (len(a) + len(b) - inter)


def split_corpus(examples: list[Example] | None = None) -> Split:
    """The deterministic train / held-out split of the corpus (see the module docstring)."""
    if examples is None:
        examples = read_corpus()
    by_key: dict[str, Example] = {}
    conflicts: list[tuple[Example, Example]] = []
    duplicates = 0
    for ex in examples:
        if not ex.key:
            continue
        kept = by_key.get(ex.key)
        if kept is None:
            by_key[ex.key] = ex
        elif kept.label != ex.label:
            conflicts.append((kept, ex))
        else:
            duplicates += 1
    unique = list(by_key.values())
    # Near-duplicate groups within each label: union-find over trigram Jaccard.
    parent = list(range(len(unique)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grams = [trigrams(ex.key) for ex in unique]
    by_label: dict[Label, list[int]] = {}
    for i, ex in enumerate(unique):
        by_label.setdefault(ex.label, []).append(i)
    for idx in by_label.values():
        for a_pos, a in enumerate(idx):
            ga = grams[a]
            la = len(ga)
            for b in idx[a_pos + 1 :]:
                gb = grams[b]
                lb = len(gb)
                if min(la, lb) < NEAR_DUPLICATE_JACCARD * max(la, lb):
                    continue
                if near_duplicates(ga, gb):
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    group_key: dict[int, str] = {}
    for i, ex in enumerate(unique):
        r = find(i)
        if r not in group_key or ex.key < group_key[r]:
            group_key[r] = ex.key
    train: list[Example] = []
    held_out: list[Example] = []
    for i, ex in enumerate(unique):
        (held_out if _hash_percent(group_key[find(i)]) < HELD_OUT_PERCENT else train).append(ex)
    return Split(train, held_out, conflicts, duplicates)


def counts(examples: list[Example]) -> dict[str, int]:
    out = {label.value: 0 for label in Label}
    for ex in examples:
        out[ex.label.value] += 1
    return out
