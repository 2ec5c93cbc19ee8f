"""How far two people labelling the same lines agree: the ceiling a classifier is measured under.

``corpus/agreement/`` holds lines labelled a second time, blind, by a second labeller who
read only the labelling rules (never the first labels): all of ``public.tsv`` and a random
sample of the held-out part. Agreement is reported as the share of lines given the same
label and as Cohen's kappa (agreement corrected for what the two label mixes would give by
chance).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dojo.coaching import split as corpus_split

AGREEMENT_DIR = corpus_split.CORPUS_DIR / "agreement"
#: The second labeller's file for each evaluation part.
SECOND_FILES: dict[str, str] = {"public": "public_second.tsv", "held-out": "heldout_second.tsv"}


@dataclass(frozen=True)
class Agreement:
    n: int
    agreed: float  # share of lines with the same label
    kappa: float

    def line(self) -> str:
        return (
            f"two labellers, blind to each other, agree on {self.agreed:.1%} of {self.n} lines "
            f"(Cohen's kappa {self.kappa:.3f})"
        )


def kappa(first: list[str], second: list[str]) -> Agreement:
    """Observed agreement and Cohen's kappa of two equally long label lists."""
    n = len(first)
    if n == 0 or n != len(second):
        raise ValueError("two non-empty label lists of the same length are needed")
    observed = sum(a == b for a, b in zip(first, second)) / n
    ca, cb = Counter(first), Counter(second)
    chance = sum(ca[label] * cb[label] for label in ca) / (n * n)
    k = 1.0 if chance == 1.0 else (observed - chance) / (1.0 - chance)
    return Agreement(n, round(observed, 4), round(k, 4))


def agreement(part: str, first: list[corpus_split.Example], directory: Path = AGREEMENT_DIR) -> Agreement | None:
    """The two labellers' agreement on the lines of ``part`` that were labelled twice; None
    when there is no second labelling of that part."""
    name = SECOND_FILES.get(part)
    if name is None or not (directory / name).exists():
        return None
    second = {ex.key: ex.label.value for ex in corpus_split.read_tsv(directory / name)}
    pairs = [(ex.label.value, second[ex.key]) for ex in first if ex.key in second]
    if not pairs:
        return None
    return kappa([a for a, _ in pairs], [b for _, b in pairs])
