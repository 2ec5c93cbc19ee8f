"""Stock follow-ups: the same question fired whatever the learner said.

A follow-up is listening when it fits what the learner just said: it answers what their
reply called for (``listening.follows_up``), or it picks up their own words (a content word
or a number of theirs that the card's questions do not already hold). "How do you know?"
right after "It's the tester, I think" fits. The same line after a target with a date,
after a list of obstacles and after "I don't know yet" is a reflex: the coach would have
asked it whatever was said, and when it lands on an opinion it does so by chance.

Every coach turn that answers a learner reply and is not a card question (a clarifying,
yes/no or other line) is a :class:`Probe`. Over a session, a wording (the asking sentence,
lead-ins like "OK." dropped) is a *reflex* when the coach said it after at least
``MIN_USES`` replies it did not fit, of at least two kinds (the card step they answered and
what they called for), and those outnumber the replies it fitted. Reflexes are *stock* — the
coach's answer to whatever was said — when together they missed at least ``STOCK_SHARE`` of
the learner's answers to the card's questions: a pet question asked a few times too many is
a habit, not a routine that replaces listening. Only misses count towards all three, so a
use that fits can never make a wording stock. None of a stock wording's uses counts as a
follow-up unless it picks up the learner's words, and each use after a reply it did not fit
is a listening miss. A short follow-up used where it fits is never stock, however often it
is used; the card's own questions are never probes ("the card's words are never marked down").
Rotating a few stock lines does not hide them: each is a reflex, and their share is counted
together.

Counting wordings is not enough: the same line after every third answer only, a pool of
thirty generic lines each said twice, or a template that echoes one of the learner's words
("You said pallets — tell me more about pallets.") never repeat a wording often enough. So
the coach's follow-ups are also judged together, against chance (:func:`chance`): of those
said where the learner's replies had called for something, how many fitted what was called
for, against how many the same lines would have fitted had each been said after such a reply
picked at random from the session. A coach who listens asks what the reply calls for: far
more fit than chance (a question of their own after a precise answer is not counted
against them). Follow-ups fired on a schedule fit about as often as chance, whichever words
they pick up. When at least ``MIN_USES`` of them fitted nothing, of two kinds of reply or
more, and at least ``MIN_USES`` answered a call and fit less than ``SELECTIVE_MIN`` of the
way from chance to every one, every
wording the coach followed up with is stock *by chance* (:attr:`Stock.by_chance`): none of
its uses counts as a follow-up, and each use after a reply it did not fit is a listening
miss — unless it picks up the reply's own words in a wording of its own ("That 1072 one
stands out. What was going on there?"). A template filled with their words each time ("You
said pallets — tell me more about pallets.", "What do you mean by <their last word>?": the
same skeleton after ``MIN_USES`` replies or more) is an echo, not listening. A line that plays the reply back
(most of its words: "So: 58 s, from the run chart?") is a check of what was heard, the
paraphrase the card's coaches use, and is never judged so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dojo.coaching.card import QUESTIONS, WHICH_ONE
from dojo.coaching.labels import Label

#: A wording used after fewer replies than this is not judged: two uses are a habit at most.
MIN_USES = 3
#: Reflexes are stock when they missed at least this share of the answers to card questions:
#: after every second answer is a routine; a pet question after a few of many is a habit.
STOCK_SHARE = 1 / 3
#: The coach's follow-ups are stock by chance when they fit less than this far from chance
#: (0) to every one fitting (1): a listening coach is near 1, a schedule near 0, and a coach
#: whose follow-ups the scorer hears only half the time as fitting still clears it.
SELECTIVE_MIN = 0.5
#: A line plays the learner's reply back when it picks up at least this many of its words (and half of them).
RESTATE_WORDS = 2

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
#: A leading sentence this short before the question is a lead-in ("OK.", "Thanks, Jo.").
_LEAD_IN_WORDS = 2

#: Words that carry no topic of the learner's: function words and the verbs and nouns any
#: follow-up uses ("say more", "how do you know", "tell me about that").
_FUNCTION = frozenset({
    "a", "an", "the", "to", "of", "for", "with", "at", "in", "on", "by", "and", "or", "but", "if", "so", "as",
    "than", "then", "when", "where", "what", "which", "who", "whom", "whose", "why", "how", "that", "this", "these",
    "those", "there", "here", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done",
    "don't", "doesn't", "didn't", "not", "no", "yes", "can", "could", "would", "will", "should", "might", "may",
    "must", "shall", "i", "you", "we", "they", "he", "she", "it", "me", "us", "them", "my", "your", "our", "their",
    "his", "her", "its", "i'm", "you're", "we're", "it's", "that's", "there's", "what's", "i'd", "you'd", "i'll",
    "you'll", "really", "just", "still", "even", "always", "also", "about", "more", "most", "some", "any", "all",
    "much", "many", "very", "too", "again", "now", "ever", "else", "other", "another", "one", "ones",
    "thing", "things", "know", "knew", "known", "think", "thought", "say", "said", "saying", "tell", "told", "see",
    "saw", "seen", "mean", "means", "meant", "go", "going", "get", "got", "make", "made", "take", "look", "show",
    "want", "like", "feel", "feels", "sure", "ok", "okay", "right", "well", "yeah", "thanks", "thank",
    "great", "good", "interesting", "example", "instance", "bit", "lot", "kind", "sort", "way",
})

#: Content words of the card's own questions: echoing "target condition" picks up the card, not the learner.
_CARD_WORDS = frozenset(w for q in (*QUESTIONS.values(), WHICH_ONE) for w in _WORD.findall(q.lower()))


def _norm(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def wording(text: str) -> str:
    """The asking sentence of a coach line (its last question, else what is left after short
    lead-ins), in lower case without punctuation: 'OK. How do you know?', 'Thanks for that. How
    do you know?' and 'How do you know' are one wording."""
    sentences = [s for s in _SENTENCE.split(_norm(text)) if _WORD.search(s)]
    questions = [s for s in sentences if s.rstrip().endswith("?")]
    if questions:
        sentences = questions[-1:]
    while len(sentences) > 1 and len(_WORD.findall(sentences[0])) <= _LEAD_IN_WORDS:
        sentences = sentences[1:]
    return " ".join(w for s in sentences for w in _WORD.findall(s))


def _stem(word: str) -> str:
    """A crude stem, enough to hear 'operators' in 'operator' and 'faulted' in 'faults'."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content(text: str) -> frozenset[str]:
    """The words of a line that could be the learner's own: no function words, no card words."""
    words = _WORD.findall(_norm(text))
    return frozenset(
        _stem(w) for w in words
        if w not in _FUNCTION and w not in _CARD_WORDS and (w.isdigit() or len(w) >= 3)
    )


def echoed(coach: str, reply: str) -> list[str]:
    """The reply's own words that the coach's line picks up, as the learner said them, in order, once each."""
    said = content(coach)
    return list(dict.fromkeys(w for w in _WORD.findall(_norm(reply)) if content(w) & said))


def restates(coach: str, reply: str) -> bool:
    """Does the coach's line play the reply back ("So: 58 s, from the run chart?"): at least
    ``RESTATE_WORDS`` of its content words (all, if it has fewer) and at least half? A check of what was heard,
    never a stock line; one word of theirs in a template is an echo, not a play-back."""
    words = content(reply)
    picked = words & content(coach)
    return bool(picked) and len(picked) >= min(RESTATE_WORDS, len(words)) and 2 * len(picked) >= len(words)


def refers(coach: str, reply: str) -> bool:
    """Does the coach's line pick up the learner's own words (a content word or number of theirs)?"""
    return bool(content(coach) & content(reply))


@dataclass(frozen=True, slots=True)
class Probe:
    """A coach line that answers a learner reply and is not a card question. Indexes are local
    to the cycle; ``kind`` is what the reply called for (a listening ``Call`` value, or None),
    ``step`` the card step the reply was given in."""

    turn: int
    reply: int
    text: str
    kind: str | None
    step: Label | None
    fits: bool  # answers what the reply (or the phase's replies before it) called for
    refers: bool  # picks up the learner's own words
    after_card: bool = False  # the reply answered a card question
    label: Label | None = None  # the coach move it was heard as
    restates: bool = False  # plays the reply back (see :func:`restates`): a check of what was heard
    called: bool = False  # the replies of its phase had called for something when it was said
    picked: frozenset[str] = frozenset()  # the reply's words it picks up (stems, see :func:`content`)

    @property
    def skeleton(self) -> str:
        """The wording without the learner's words it picks up: 'you said tell me more about' for
        'You said pallets — tell me more about pallets.'"""
        return skeleton(self.text, self.picked)

    @property
    def wording(self) -> str:
        return wording(self.text)

    @property
    def heard(self) -> bool:
        """Fits what the learner said: answers its call or picks up its words."""
        return self.fits or self.refers


@dataclass(frozen=True, slots=True)
class Chance:
    """A session's follow-ups against chance: how many fitted their reply, and how many the same
    lines would have fitted, each said after an answer picked at random from the session."""

    probes: int
    fitted: int
    expected: float

    @property
    def selectivity(self) -> float:
        """0: no better than chance; 1: every one fitted (also when chance cannot be told from it)."""
        room = self.probes - self.expected
        return 1.0 if room <= 1e-9 else (self.fitted - self.expected) / room


@dataclass(frozen=True, slots=True)
class Stock:
    """A wording fired whatever the learner said, with the session's evidence for it."""

    wording: str
    said: str  # the line as the coach first said it
    uses: int
    missed: int  # uses after a reply it did not fit
    steps: tuple[Label | None, ...]  # the card steps of the replies it did not fit, in order, once each
    kinds: tuple[str, ...]  # what those replies called for, in order, once each
    echoes: int = 0  # uses that named a word of the learner's and asked nothing their reply called for
    chance: Chance | None = None  # set when it is one of a coach's follow-ups that together fit no better than chance
    templated: bool = False  # its skeleton (without the learner's words) was said after MIN_USES replies or more

    @property
    def by_chance(self) -> bool:
        return self.chance is not None

    def listens(self, coach: str, reply: str) -> bool:
        """Is this use of the wording, after ``reply``, heard as listening although the wording is
        stock by chance? When it picks up the reply's words in a wording of its own: a template
        filled with their words ("What do you mean by <word>?") is not one."""
        return self.by_chance and not self.templated and refers(coach, reply)


#: What the replies of a phase called for when a reply was given: (call, rank of the card step) pairs.
Context = tuple[tuple[str, int], ...]
#: Does a coach line (its label and text) answer what a reply's context called for?
Fit = Callable[[Label | None, str, Context], bool]


def chance(probes: Sequence[Probe], contexts: Sequence[Context], fit: Fit) -> Chance:
    """Judge ``probes`` against the session's replies (``contexts``: what each called for)."""
    if not contexts:
        return Chance(len(probes), sum(p.fits for p in probes), 0.0)
    rate: dict[tuple[Label | None, str], float] = {}
    for p in probes:
        if (p.label, p.text) not in rate:
            rate[(p.label, p.text)] = sum(fit(p.label, p.text, c) for c in contexts) / len(contexts)
    return Chance(len(probes), sum(p.fits for p in probes), sum(rate[(p.label, p.text)] for p in probes))


def find_stock(
    probes: Iterable[Probe], answers: int, contexts: Sequence[Context] = (), fit: Fit | None = None
) -> dict[str, Stock]:
    """The wordings that were fired whatever the learner said, over all of a session's probes;
    ``answers``: how many learner replies answered a card question in the session; ``contexts``
    and ``fit``: what each of the session's replies called for, and the test of a follow-up
    against it (for the judgement against chance; without them, wordings are only counted)."""
    probes = list(probes)
    asked = [p for p in probes if not p.restates]  # a play-back checks what was heard, whatever it called for
    if fit is not None and by_chance(asked, contexts, fit):
        called = [p for p in asked if p.called]
        templates = _templates(asked)
        return _stock(_by_wording(asked), heard=lambda p: p.fits or (bool(p.picked) and p.skeleton not in templates),
                      chance=chance(called, [c for c in contexts if c], fit), templates=templates)
    by_wording = _by_wording(probes)
    reflexes = {key: uses for key, uses in by_wording.items() if _reflex(uses)}
    fired = sum(p.after_card and not p.heard for uses in reflexes.values() for p in uses)
    if not reflexes or fired < STOCK_SHARE * max(answers, 1):
        return {}
    return _stock(reflexes, heard=lambda p: p.heard, chance=None)


def by_chance(probes: Sequence[Probe], contexts: Sequence[Context], fit: Fit) -> bool:
    """Do the coach's follow-ups, taken together, fit what was said no better than chance?"""
    unfit = [p for p in probes if not p.fits]
    if len(unfit) < MIN_USES or len({(p.step, p.kind) for p in unfit}) < 2:
        return False
    called = [p for p in probes if p.called]
    return len(called) >= MIN_USES and chance(called, [c for c in contexts if c], fit).selectivity < SELECTIVE_MIN


def _by_wording(probes: Iterable[Probe]) -> dict[str, list[Probe]]:
    out: dict[str, list[Probe]] = {}
    for p in probes:
        if p.wording:
            out.setdefault(p.wording, []).append(p)
    return out


def _stock(by_wording: dict[str, list[Probe]], heard: Callable[[Probe], bool], chance: Chance | None,
           templates: frozenset[str] = frozenset()) -> dict[str, Stock]:
    out: dict[str, Stock] = {}
    for key, uses in by_wording.items():
        unfit = [p for p in uses if not heard(p)]
        out[key] = Stock(
            wording=key, said=" ".join(uses[0].text.split()), uses=len(uses), missed=len(unfit),
            steps=tuple(dict.fromkeys(p.step for p in unfit)),
            kinds=tuple(dict.fromkeys(p.kind for p in unfit if p.kind is not None)),
            echoes=sum(p.refers for p in unfit), chance=chance,
            templated=any(p.skeleton in templates for p in uses),
        )
    return out


def skeleton(text: str, picked: frozenset[str]) -> str:
    """:func:`wording` without the words whose stems are in ``picked``."""
    return " ".join(w for w in wording(text).split() if _stem(w) not in picked)


def _templates(probes: Iterable[Probe]) -> frozenset[str]:
    """Skeletons said after ``MIN_USES`` replies or more, filled with the learner's words each time."""
    uses: dict[str, int] = {}
    for p in probes:
        if p.picked:
            uses[p.skeleton] = uses.get(p.skeleton, 0) + 1
    return frozenset(k for k, n in uses.items() if n >= MIN_USES)


def _reflex(uses: list[Probe]) -> bool:
    """Said after enough replies of different kinds that it did not fit, and more of them than it fitted."""
    unfit = [p for p in uses if not p.heard]
    kinds = {(p.step, p.kind) for p in unfit}
    return len(unfit) >= MIN_USES and len(kinds) >= 2 and len(unfit) > len(uses) - len(unfit)
