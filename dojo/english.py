"""English words, once per process: Webster's Second International (the public-domain ``web2``
list shipped by the ``english-words`` package), in lower case. The learner tells made-up words
from real ones with it, the classifier tells a typo from a real word."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """Every web2 word in lower case (base forms). 0.3 s: loaded on first use only."""
    from english_words import get_english_words_set  # noqa: PLC0415 - heavy: not at import

    return frozenset(get_english_words_set(["web2"], lower=True))
