"""Listening: did the coach follow up on what the learner just said?

A learner reply *calls for a follow-up* (a :class:`Moment` of kind :class:`Call`) when it
holds an opinion instead of data, a superficial learning, several obstacles and no
choice, "I don't know yet", a step or prediction with no number, a new fact or event, or
asks the coach for the answer. It is read from the learner turn's situation key when the
engine gave one (``KEY_CALLS``) and from its words (the cue functions below) — never from
the coach's question before it, so a coach turn inserted or relabelled elsewhere cannot
create or hide one.

The coach *followed it up* when a coach turn before moving on answers the call (the
table ``_ACCEPTS``): a clarifying question, a "which one", an expectation question, a
question about finding out, or the same card step (or an earlier one) asked again.
Moving on means opening a later card step *and* the learner answering it: a follow-up
asked in the same breath as the next card question still counts. Leading, telling and
judgemental turns never count as a follow-up.

Some coach turns *cost* (kind :class:`Cost`): a question the learner could not place
("The printer? We don't have one."), re-asking what was already answered ("As I said…"),
a card question asked before its answer could exist ("Which one of what?"), and a
leading or telling turn whose idea the learner took on — then the coach followed their
own idea, not the learner's thinking.

A follow-up must fit what the learner said: the same line fired after every answer ("How
do you know?" after a target with a date, a list of obstacles, "I don't know yet") is a
reflex, not listening. Such *stock* wordings are found over the whole session
(:mod:`~dojo.coaching.reflex`, passed in as ``stock``): their uses count as a follow-up
only where they pick up the learner's own words, and each use after a reply it did not
fit costs (kind :attr:`Cost.STOCK`). When the coach's follow-ups as a whole fit no better
than chance (stock *by chance*), picking up the learner's words saves none of them: a
word of theirs echoed in a template, asking nothing their reply called for, is not listening.

The cycle's listening is the share of moments that went well (calls followed up) among
all moments (calls and costs); a cycle with no moment is not judged (``None``), nor is a
transcript without learner lines. The card's own words are never marked down: the card's
"Which one are you addressing now?" and "What do you expect?" are follow-ups like any
other when they answer a call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from dojo.coaching import cues
from dojo.coaching.labels import ANTI_PATTERNS, CARD_ORDER, CARD_STEPS, Label
from dojo.coaching.reflex import Context, Probe, Stock, content, refers, restates, wording

if TYPE_CHECKING:
    from dojo.coaching.turns import TurnIn


class Call(StrEnum):
    """What a learner reply calls for."""

    EVIDENCE = "evidence"  # an opinion or impression given instead of data
    LEARNING = "learning"  # "it didn't work": a result with no learning yet
    WHICH_ONE = "which_one"  # several obstacles and no choice
    REASONING = "reasoning"  # a choice made, and no reason given for it
    FIND_OUT = "find_out"  # "I don't know yet"
    PREDICTION = "prediction"  # a step with no prediction, or a prediction with no number
    NEW_FACT = "new_fact"  # something new: an event, a finding
    HAND_BACK = "hand_back"  # "What do you think I should do?"


class Cost(StrEnum):
    """A coach turn that shows the coach was not following the learner."""

    OFF_TOPIC = "off_topic"  # about something neither in the work nor in the conversation
    REPEATED = "repeated"  # re-asks what was already answered
    NOT_YET = "not_yet"  # a card question asked before its answer could exist
    COACH_IDEA = "coach_idea"  # the learner took on the coach's own idea
    STOCK = "stock"  # a stock follow-up fired at a reply it did not fit (see ``reflex``)


#: Learner situation keys (the engine's ``ResponseKey`` values) that call for a follow-up.
KEY_CALLS: dict[str, Call] = {
    "actual_vague": Call.EVIDENCE,
    "learned_shallow": Call.LEARNING,
    "dont_know": Call.FIND_OUT,
    "next_step": Call.PREDICTION,
    "hedged_prediction": Call.PREDICTION,
    "ask_coach": Call.HAND_BACK,
}

#: Keys whose call depends on the words: an obstacle list with or without a choice, a
#: prediction with or without a number.
KEY_TEXT_CALLS: dict[str, Call] = {
    "obstacles": Call.WHICH_ONE,
    "next_step_prediction": Call.PREDICTION,
}

#: Keys that say the learner could not answer the coach's turn as asked.
KEY_COSTS: dict[str, Cost] = {
    "off_topic": Cost.OFF_TOPIC,
    "repeated": Cost.REPEATED,
    "not_yet": Cost.NOT_YET,
    "go_see_no_step": Cost.NOT_YET,
}

#: Keys that show the learner took on the coach's idea.
ADOPT_KEYS: frozenset[str] = frozenset({"leading_adopt", "telling_comply"})

#: Keys that show the learner turned the coach's idea down ("We tried that before").
PUSHBACK_KEYS: frozenset[str] = frozenset({"leading_pushback", "telling_pushback"})

#: Keys of replies to the card questions themselves, where the words may still hold an
#: opinion or a new fact (other keys answer a follow-up, or are covered by the tables above).
_OPEN_TO_WORDS: frozenset[str] = frozenset(
    {"actual_data", "happened", "learned_deep", "clarify", "closed", "closed_better", "closed_worse", "target"}
)

# --------------------------------------------------------------------------- cues

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def _norm(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).lower().split())


_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty"
    r"|hundred|half|halve|halves|quarter|third|double|twice|dozen|percent"
)
_QUANTITY = re.compile(rf"\d|\b({_NUMBER_WORDS})\b")
_HEDGE = re.compile(
    r"\b(i think|i'd say|i guess|i suppose|i reckon|i believe|i feel|i'm (pretty |fairly )?sure it'?s|probably|maybe"
    r"|perhaps|might be|must be|seems?|looks like|from what|not sure|honestly|i hope|sort of|kind of|gut"
    r"|it'?s (the|all|just|because)|it feels|feels (like|slow|fast|better|worse))\b"
)
_VAGUE_JUDGEMENT = re.compile(
    r"\b(not (great|good|bad|too bad)|pretty (good|bad|slow|quick|fast|well)|(a bit|a little|much|way|quite|bit) "
    r"(better|worse|slower|faster)|(better|worse|slower|faster) than (before|usual|last))\b"
)
_SHALLOW = re.compile(
    r"\b(hard to say|did what it did|bad luck|just (a bit )?different|no idea|who knows|can'?t (really )?say"
    r"|we'?ll (just )?keep it|on to the next|not sure (what|why))\b"
)
_DONT_KNOW = re.compile(
    r"\b(i )?(don'?t|do not) know( yet)?\b|\bno idea\b|\bnot sure yet\b|\bi'?d have to (look|go|check|find|watch|stand|follow)"
)
_OBSTACLE_WORDS = re.compile(r"\b(obstacles?|problems?|issues?|things|on the (board|parking lot)|there are (a few|several|many|some))\b")
_LIST_SEPARATORS = re.compile(r";|,|\band\b|\balso\b|\b[1-9][.)]")
_CHOICE = re.compile(
    r"\b(working on|addressing|tackling|focus(ing)? on|in focus|one at a time|this one|the one (i'?m|we'?re|to)"
    r"|start(ing)? with|i'?ll (pick|take)|i (chose|choose|picked)|going for|for now)\b"
)
_REASON = re.compile(r"\b(because|since|so that|as it|as that|that'?s where|biggest|most|the reason|which is why)\b")
_PREDICTS = re.compile(
    r"\b(i expect|my prediction|i predict|i'?d guess|i think (it|this|that|we|they|she|he)('ll| will)"
    r"|(it|this|that|we|they|she|he)('ll| will) (drop|fall|go|get|improve|be|show|halve|disappear)"
    r"|should (drop|fall|go|get|improve|be))\b"
)
_PROPOSES = re.compile(
    r"\b(next step|i want to try|i'?ll try|let'?s try|i'?m going to|we'?ll try|i plan to|i'd like to try|what i want to do)\b"
)
_NEW_FACT = re.compile(
    r"\b(by the way|turns out|it turned out|(we|i) (just )?(noticed|found|discovered|heard)|something (new|odd|strange|happened)"
    r"|(this morning|yesterday|last night|this week),? (we|the|a|an|there)|out of the blue|to my surprise|surprisingly"
    r"|for the first time|broke down|new (operator|starter|supplier|version|lot|variant|machine|rule|person)"
    r"|agency|incident|off sick|on holiday|training course)\b"
)
_HANDS_BACK = re.compile(
    r"\bwhat (do|would) you (think i should|suggest|do)\b|\byou tell me\b|\bwhat should (i|we) do\b|\bjust tell me\b"
)
_OFF_TOPIC = re.compile(
    r"^(the|a|an|your|our) [\w' -]{1,30}\?\s+(we|i|there)\b|\bwe don'?t have (a|an|any)\b|\bnever heard of\b"
    r"|\bwhat do you mean by\b|\bi'?m not sure what you mean\b|\bwhat does that have to do with\b"
    r"|\bno idea what you'?re (talking|asking) about\b"
)
_ASKS_WHY = re.compile(r"\b(why|how come|what makes|reason|reasoning)\b")
_REPEATED = re.compile(r"^(as|like) i (said|told you|mentioned)|\bi (already|just) (said|told you|mentioned)|\bas i just said\b")
_NOT_YET = re.compile(
    r"\bwhich one of what\b|^(see|go and see|go see) what,? though\b"
    r"|\bwe haven'?t (agreed|picked|chosen|decided)( on)? (a|any|what|the|which)\b"
)
_ADOPTS = re.compile(
    r"\b(good idea|great idea|i'?ll (do|try) (that|it)|we'?ll try (that|it)|i can try (that|it)|if you (say|think) so"
    r"|consider it done|will do|sounds good|let'?s do (that|it)|ok,? (sure|i'?ll|if)|right,? i'?ll)\b"
)
#: A coach's idea in so many words: "Have you tried…?", "What about…?", "You should…".
_NAMES_FIX = re.compile(
    r"\b(have you (tried|thought about|thought of|considered)|what about|how about|why don'?t you|why not"
    r"|you (should|could|need to|must|might want to|ought to)|wouldn'?t it be better|don'?t you think"
    r"|could you (try|add|move|use|put|change)|what if you|just (add|move|use|put|change|do|try|fix)|try (a|an|the|to|adding|moving|using))\b"
)

# Follow-up cues: what a coach turn asks for.
_EVIDENCE_Q = re.compile(
    r"\b(how do you know|how would you know|what did you see|what have you seen|show me|run chart|the chart|data|measure\w*"
    r"|numbers?|what makes you|evidence|where does|where did|how (often|many|much|long)|what tells you|what did .{1,40} (show|say)"
    r"|what do you see|for example|tell me more|what happens (at|when|in))\b"
)
_LEARNING_Q = re.compile(
    r"\b(what (did|does|do) (that|this|it|the difference|the result) (tell|teach|show)|what did you learn|what have you learned"
    r"|what did you expect|what happened instead|what actually happened|the difference|compare\w*|what surprised)\b"
)
_WHY_Q = re.compile(
    r"\bwhy\b|\bwhat makes\b|\bhow do you know\b|\bhow did you (choose|pick|decide)\b|\breason\b|\bwhat tells you\b"
    r"|\bwhat (data|evidence)\b|\bshow me\b"
)
_WHICH_Q = re.compile(r"\bwhich\b|\bwhy that one\b|\bmost important\b|\bbiggest\b|\bfocus\w*\b")
_FIND_OUT_Q = re.compile(
    r"\bhow (could|can|would|might|will) (you|we) (find|learn|see|check|tell|test|know|get)\b"
    r"|\bwhat (could|would|might|can) you (do|try|look at|check|observe|measure|watch|count|time)\b"
    r"|\bwhat would (you need|it take)\b|\b(go|come) (and )?(look|see|watch)\b|\bexperiment\w*\b|\bobserv\w*\b"
    r"|\bsmallest step\b|\bwho could (tell|help)\b"
)
_FIND_OUT_STRICT = re.compile(r"\b(find out|figure out|discover)\b")
_QUANTITY_Q = re.compile(
    r"\b(how much|how many|by how much|what number|in numbers|by when|how far|how will you know|what will (you see|change|happen|the)"
    r"|what result|how big)\b"
)
_OPEN_START = re.compile(r"^(what|how|why|which|where|when|who|tell me|can you (show|tell|say)|could you (show|tell))\b")


def has_quantity(text: str) -> bool:
    """A number, in digits or words ("20 s", "about ten minutes", "half")."""
    return bool(_QUANTITY.search(_norm(text)))


def opinion_without_data(text: str) -> bool:
    """'It's the tester', 'not great, I think', 'pretty slow': an impression, and no number."""
    t = _norm(text)
    return bool(_HEDGE.search(t) or _VAGUE_JUDGEMENT.search(t)) and not has_quantity(t)


def superficial(text: str) -> bool:
    """'It didn't work', 'hard to say', 'we'll keep it': a result with no learning in it."""
    t = _norm(text)
    return (cues.superficial_learning(t) or bool(_SHALLOW.search(t))) and not has_quantity(t)


def dont_know(text: str) -> bool:
    """'I don't know yet', 'I'd have to go and look': the edge of the learner's knowledge."""
    return bool(_DONT_KNOW.search(_norm(text)))


def several_without_choice(text: str, *, listed: bool = False) -> bool:
    """Two or more obstacles listed, none of them chosen. ``listed``: the text is known to be
    an answer about obstacles, so it need not say the word."""
    t = _norm(text)
    about = listed or bool(_OBSTACLE_WORDS.search(t))
    return about and len(_LIST_SEPARATORS.findall(t)) >= 2 and not _CHOICE.search(t)


def choice_without_reason(text: str) -> bool:
    """'This one, for now: the wiring.': an obstacle chosen, with no reason for choosing it."""
    t = _norm(text)
    if not _CHOICE.search(t):
        return False
    chosen = _CHOICE.split(t, maxsplit=1)[-1]  # the reason, if any, comes with the choice
    return not _REASON.search(chosen)


def states_choice(text: str) -> bool:
    """The learner has said which obstacle they are working on."""
    return bool(_CHOICE.search(_norm(text)))


def states_prediction(text: str) -> bool:
    """The learner has said what they expect, with a number."""
    t = _norm(text)
    return bool(_PREDICTS.search(t)) and has_quantity(t)


def hands_back(text: str) -> bool:
    """'What do you think I should do?': the learner waits for the coach's answer."""
    return bool(_HANDS_BACK.search(_norm(text)))


def vague_prediction(text: str) -> bool:
    """A step with no prediction, or a prediction with no number in it."""
    t = _norm(text)
    if has_quantity(t):
        return False
    return bool(_PREDICTS.search(t) or _PROPOSES.search(t))


def new_fact(text: str) -> bool:
    """'By the way, …', 'We noticed…', an event: something the coach has not heard yet."""
    return bool(_NEW_FACT.search(_norm(text)))


def off_topic(text: str) -> bool:
    """The learner could not place the question: 'The printer? We don't have one.'"""
    return bool(_OFF_TOPIC.search(_norm(text)))


def repeated(text: str) -> bool:
    """'As I said, …': the question had been answered already."""
    return bool(_REPEATED.search(_norm(text)))


def not_yet(text: str) -> bool:
    """'Which one of what?': a card question asked before its answer could exist."""
    return bool(_NOT_YET.search(_norm(text)))


def adopts(text: str) -> bool:
    """'Good idea, I'll do that': the learner takes on what the coach said."""
    return bool(_ADOPTS.search(_norm(text)))


def names_fix(text: str) -> bool:
    """The coach's line carries an idea of their own ('Have you tried…?', 'You should…')."""
    return bool(_NAMES_FIX.search(_norm(text)))


# --------------------------------------------------------------------------- calls and follow-ups


def calls_for(text: str, key: str | None = None, step: Label | None = None) -> Call | None:
    """What a learner turn calls for, from its situation key (when given) or its words.
    ``step``: the card step this turn is the first answer to, if it is one."""
    if key is not None:
        if key in KEY_CALLS:
            return KEY_CALLS[key]
        if key in KEY_TEXT_CALLS:
            call = KEY_TEXT_CALLS[key]
            if call is Call.WHICH_ONE:
                if several_without_choice(text, listed=True):
                    return call
                return Call.REASONING if choice_without_reason(text) else None
            return call if vague_prediction(text) else None
        if key not in _OPEN_TO_WORDS:
            return None
        if new_fact(text):
            return Call.NEW_FACT
        return Call.EVIDENCE if opinion_without_data(text) else None
    if not text.strip():
        return None
    for call, test in _BY_WORDS:
        if test(text):
            return call
    # The card step in progress says what the answer should have held.
    if step in (Label.ACTUAL, Label.HAPPENED) and not has_quantity(text):
        return Call.EVIDENCE  # a condition or a result with no data
    if step is Label.OBSTACLES and several_without_choice(text, listed=True):
        return Call.WHICH_ONE
    if step is Label.OBSTACLES and choice_without_reason(text):
        return Call.REASONING
    if step is Label.NEXT_STEP and not has_quantity(text):
        return Call.PREDICTION  # a step, and nothing yet to compare its result with
    return None


#: Calls read from the words alone, in order of precedence.
_BY_WORDS: tuple[tuple[Call, Callable[[str], bool]], ...] = (
    (Call.HAND_BACK, hands_back),
    (Call.FIND_OUT, dont_know),
    (Call.WHICH_ONE, several_without_choice),
    (Call.LEARNING, superficial),
    (Call.PREDICTION, vague_prediction),
    (Call.NEW_FACT, new_fact),
    (Call.EVIDENCE, opinion_without_data),
)


def cost_of(text: str, key: str | None = None) -> Cost | None:
    """Does this learner turn show that the coach's turn before it missed the learner?"""
    if key is not None and key in KEY_COSTS:
        return KEY_COSTS[key]
    t = _norm(text)
    for cost, needs, pattern in _COST_PATTERNS:
        if any(word in t for word in needs) and pattern.search(t):
            return cost
    return None


#: Each cost pattern, with words one of which it cannot match without (a cheap test first).
_COST_PATTERNS: tuple[tuple[Cost, tuple[str, ...], re.Pattern[str]], ...] = (
    (Cost.REPEATED, ("said", "told", "mentioned"), _REPEATED),
    (Cost.NOT_YET, ("what", "haven"), _NOT_YET),
    (Cost.OFF_TOPIC, ("?", "have", "heard", "mean", "to do with"), _OFF_TOPIC),
)


def _asks_open(text: str) -> bool:
    t = _norm(text)
    return t.endswith("?") or bool(_OPEN_START.search(t))


#: A request that asks without a question mark: "Show me on the run chart.", "Say more.", "You said X — tell
#: me more about X."
_ASKING = re.compile(r"^(show me|walk me|describe|explain|say more|give me an example)\b"
                     r"|\b(tell me (more|about)|say (a bit )?more|walk me through|give me an example)\b")


def _asks(text: str) -> bool:
    """Does a coach line ask the learner something (a question, or a request to show or say more)?"""
    return any(_asks_open(s) or _ASKING.search(s) for s in re.split(r"(?<=[.!?])\s+", _norm(text)))


def _is_card_again(label: Label | None, step: int) -> bool:
    """The same card step as the one in progress, or an earlier one: staying with the answer."""
    return label in CARD_STEPS and CARD_ORDER.index(label) <= step


#: What counts as following up each call: (label, text, rank of the step in progress) -> bool.
_ACCEPTS: dict[Call, Callable[[Label | None, str, int], bool]] = {
    Call.EVIDENCE: lambda label, text, step: (
        label is Label.CLARIFY or _is_card_again(label, step) or bool(_EVIDENCE_Q.search(_norm(text)))
    ),
    Call.LEARNING: lambda label, text, step: (
        label is Label.CLARIFY or _is_card_again(label, step) or bool(_LEARNING_Q.search(_norm(text)))
    ),
    Call.WHICH_ONE: lambda label, text, step: cues.asks_which_one(text) or bool(_WHICH_Q.search(_norm(text))),
    Call.REASONING: lambda label, text, step: label is Label.CLARIFY or bool(_WHY_Q.search(_norm(text))),
    Call.FIND_OUT: lambda label, text, step: (
        bool(_FIND_OUT_STRICT.search(_norm(text))) if label is Label.GO_SEE  # the card's "go and see" is a date
        else cues.asks_to_find_out(text) or bool(_FIND_OUT_Q.search(_norm(text)))
    ),
    Call.PREDICTION: lambda label, text, step: cues.asks_expectation(text) or bool(_QUANTITY_Q.search(_norm(text))),
    Call.NEW_FACT: lambda label, text, step: (
        label is Label.CLARIFY or bool(_EVIDENCE_Q.search(_norm(text)) or _LEARNING_Q.search(_norm(text)))
    ),
    Call.HAND_BACK: lambda label, text, step: (
        label is Label.CLARIFY or label in CARD_STEPS or (label is not Label.CLOSED and _asks_open(text))
    ),
}


def follows_up(call: Call, label: Label | None, text: str, step: int) -> bool:
    """Does a coach turn (not leading, telling or judgemental) answer ``call``?"""
    return _ACCEPTS[call](label, text, step)


def fits(label: Label | None, text: str, context: Context) -> bool:
    """Does a coach line answer any of what the replies of a phase called for (``context``)?"""
    return any(follows_up(Call(call), label, text, rank) for call, rank in context)


@dataclass(frozen=True, slots=True)
class Moment:
    """A listening moment in a cycle. Indexes are local to the cycle.

    For a call, ``turn`` is the learner turn and ``by`` the coach turn that followed it up
    (None: missed); ``stock``: missed, and the coach's next line was a stock follow-up. For a
    cost, ``turn`` is the coach turn that cost (the learner turn when no coach turn came
    before it) and ``by`` the learner turn that showed it (for a stock follow-up, the reply
    it was fired at).
    """

    kind: Call | Cost
    turn: int
    by: int | None
    stock: bool = False

    @property
    def good(self) -> bool:
        return isinstance(self.kind, Call) and self.by is not None


@dataclass(frozen=True, slots=True)
class Listening:
    moments: tuple[Moment, ...]
    heard_learner: bool  # the cycle has learner turns: listening can be judged
    followers: frozenset[int] = frozenset()  # every coach turn that answers a call (not only the first)
    probes: tuple[Probe, ...] = ()  # coach lines (not card questions) that answer a learner reply
    answers: int = 0  # learner replies to card questions
    stock: tuple[Stock, ...] = ()  # the session's stock wordings, as given to :func:`listen`
    rote: frozenset[int] = frozenset()  # coach turns that said a stock wording without the learner's words
    contexts: tuple[Context, ...] = ()  # what the phase had called for at each reply to a card question

    @property
    def score(self) -> float | None:
        """Share of moments that went well, 0..1; None when it cannot be judged."""
        if not self.heard_learner or not self.moments:
            return None
        return sum(m.good for m in self.moments) / len(self.moments)

    @property
    def missed(self) -> list[Moment]:
        return [m for m in self.moments if not m.good]


def listen(
    turns: Sequence[TurnIn], anti: set[int], took_over: Sequence[int] = (), stock: Mapping[str, Stock] | None = None
) -> Listening:
    """Find the listening moments of one cycle. ``anti``: local indexes of coach turns that are
    judgemental (never a follow-up, whatever their label); ``took_over``: leading or telling
    turns whose idea the learner took on (see :func:`coach_took_over`); ``stock``: the
    session's stock wordings (:func:`~dojo.coaching.reflex.find_stock`), by wording."""
    stock = stock or {}
    # A stock wording that does not pick up the learner's words answers no call.
    probe_turns = _probe_turns(turns, anti)
    reflexes = {j for j, reply in probe_turns.items() if _rote(stock.get(wording(turns[j].text)), turns[j].text,
                                                              turns[reply].text)}
    calls: dict[int, tuple[Call | None, int]] = {}  # learner turn -> (its call, rank of the step in progress)
    steps: dict[int, Label | None] = {}  # learner turn -> the card step in progress
    moments: list[Moment] = []
    followers: set[int] = set()
    step: Label | None = None  # the card step in progress
    answering = False  # the next learner turn is the first answer to a card question
    took = set(took_over)
    said: list[TurnIn] = []  # what the learner has said since the card step in progress was asked
    # The card asks each step once a cycle: its first ask in the cycle is never a re-ask,
    # whatever the learner remembers from an earlier cycle.
    first_asks = {next(i for i, t in enumerate(turns) if t.speaker == "coach" and t.label is step)
                  for step in {t.label for t in turns if t.speaker == "coach" and t.label in CARD_STEPS}}
    for i, t in enumerate(turns):
        if t.speaker == "coach":
            if said and i not in anti:
                # "Which one?" once the learner named it re-asks, unless it asks why that one.
                which = cues.asks_which_one(t.text) and not _ASKS_WHY.search(_norm(t.text))
                expect = cues.asks_expectation(t.text)
                if (which or expect) and any(_answered(which, expect, u.text, u.key, step) for u in said):
                    moments.append(Moment(Cost.REPEATED, i, None))
            if t.label in CARD_STEPS:
                if t.label != step:
                    said = []
                step, answering = t.label, True
            continue
        said.append(t)
        before = _previous_coach(turns, i)
        cost = cost_of(t.text, t.key)
        if cost is Cost.REPEATED and before in first_asks:
            cost = None
        if cost is not None:
            turn = i if before is None else before
            known = next((k for k, m in enumerate(moments) if m.kind is cost and m.turn == turn and m.by is None), None)
            if known is not None:
                moments[known] = Moment(cost, turn, i)  # the learner said so too
            else:
                moments.append(Moment(cost, turn, i))
        elif before is not None and before == i - 1 and before in took:
            moments.append(Moment(Cost.COACH_IDEA, before, i))
        call = calls_for(t.text, t.key, step if answering else None)
        answering = False
        rank = CARD_ORDER.index(step) if step is not None else -1
        calls[i], steps[i] = (call, rank), step
        if call is not None:
            answers = _follow_ups(turns, i, call, rank, anti | reflexes)
            rote = not answers and any(j in reflexes for j in _coach_after(turns, i))
            followers.update(answers)
            moments.append(Moment(call, i, answers[0] if answers else None, stock=rote))
    probes = tuple(_probe(turns, j, reply, calls, steps, anti) for j, reply in probe_turns.items())
    moments.extend(Moment(Cost.STOCK, p.turn, p.reply) for p in probes
                   if p.wording in stock and not (p.fits or p.restates or stock[p.wording].listens(p.text, turns[p.reply].text)
                                                  if stock[p.wording].by_chance else p.heard))
    answered = [i for i, t in enumerate(turns) if t.speaker == "learner" and _answers_card(turns, i, anti)]
    return Listening(tuple(moments), any(t.speaker == "learner" for t in turns), frozenset(followers), probes,
                     len(answered), tuple(stock.values()), frozenset(reflexes),
                     tuple(_context(turns, i, calls) for i in answered))


def _rote(stock: Stock | None, coach: str, reply: str) -> bool:
    """A stock line said by rote: a use of a coach's follow-ups that fit no better than chance
    (unless it picks up the reply's words in a wording of its own), else a use that does not pick
    up the learner's words."""
    if stock is None:
        return False
    if stock.by_chance:
        return not restates(coach, reply) and not stock.listens(coach, reply)
    return not refers(coach, reply)


def _context(turns: Sequence[TurnIn], reply: int, calls: Mapping[int, tuple[Call | None, int]]) -> Context:
    """What the replies of the phase called for, up to learner turn ``reply`` (since the last card question)."""
    out = []
    for k in range(reply, -1, -1):
        if turns[k].speaker == "coach" and turns[k].label in CARD_STEPS:
            break
        if k in calls and calls[k][0] is not None:
            call, rank = calls[k]
            out.append((str(call), rank))
    return tuple(out)


def _coach_after(turns: Sequence[TurnIn], i: int) -> list[int]:
    """The coach turns between learner turn ``i`` and the learner's next turn."""
    out = []
    for j in range(i + 1, len(turns)):
        if turns[j].speaker == "learner":
            break
        out.append(j)
    return out


def _aside(turns: Sequence[TurnIn], j: int, anti: set[int]) -> bool:
    """A leading, telling or judgemental coach turn: skipped when reading which line answers which reply, so
    that slipping one in between cannot change what the coach's other lines were answering."""
    return j in anti or turns[j].label in ANTI_PATTERNS


def _before(turns: Sequence[TurnIn], i: int, anti: set[int]) -> int | None:
    """The turn before turn ``i``, leading, telling and judgemental coach turns skipped."""
    return next((k for k in range(i - 1, -1, -1) if not (turns[k].speaker == "coach" and _aside(turns, k, anti))), None)


def _probe_turns(turns: Sequence[TurnIn], anti: set[int]) -> dict[int, int]:
    """Coach turns that ask something about a learner reply and are not card questions, leading,
    telling or judgemental, each with the reply they answer: the learner's last turn before them,
    whatever the coach said in between ("Thank you." asks nothing: an acknowledgement after every
    answer is manners, not a reflex; "Thanks. | How do you know?" in two turns still answers the
    reply). Inserting a coach turn anywhere changes no other turn's reply."""
    out: dict[int, int] = {}
    reply: int | None = None
    for j, t in enumerate(turns):
        if t.speaker == "learner":
            reply = j
        elif reply is not None and t.label not in CARD_STEPS and not _aside(turns, j, anti) and _asks(t.text):
            out[j] = reply
    return out


def _probe(turns: Sequence[TurnIn], j: int, reply: int, calls: Mapping[int, tuple[Call | None, int]],
           steps: Mapping[int, Label | None], anti: set[int]) -> Probe:
    """Coach turn ``j`` against the reply it answers: does it answer what the replies of this
    phase called for (since the last card question), does it pick up the reply's words?"""
    t = turns[j]
    context = _context(turns, reply, calls)
    return Probe(turn=j, reply=reply, text=t.text, kind=calls[reply][0], step=steps[reply],
                 fits=fits(t.label, t.text, context), refers=refers(t.text, turns[reply].text),
                 after_card=_answers_card(turns, reply, anti), label=t.label,
                 restates=restates(t.text, turns[reply].text), called=bool(context),
                 picked=content(t.text) & content(turns[reply].text))


def _answers_card(turns: Sequence[TurnIn], i: int, anti: set[int]) -> bool:
    """Learner turn ``i`` answers a card question (the coach's turn before it is one)."""
    k = _before(turns, i, anti)
    return k is not None and turns[k].speaker == "coach" and turns[k].label in CARD_STEPS


def asks_again(coach: str, said: str, key: str | None, step: Label | None) -> bool:
    """Does the coach's line ask for what a learner turn in the phase of ``step`` already said:
    which obstacle, once one was named; what they expect, once a prediction was given?"""
    return _answered(cues.asks_which_one(coach), cues.asks_expectation(coach), said, key, step)


def _answered(which: bool, expect: bool, said: str, key: str | None, step: Label | None) -> bool:
    if which:
        return (step is Label.OBSTACLES or key == "obstacles") and states_choice(said)
    if expect:
        return (key == "next_step_prediction" and has_quantity(said)) or (step is Label.NEXT_STEP and states_prediction(said))
    return False


def _previous_coach(turns: Sequence[TurnIn], i: int) -> int | None:
    return next((j for j in range(i - 1, -1, -1) if turns[j].speaker == "coach"), None)


def _follow_ups(turns: Sequence[TurnIn], i: int, call: Call, step: int, anti: set[int]) -> list[int]:
    """The coach turns after learner turn ``i`` that follow up ``call`` before moving on."""
    out: list[int] = []
    moved_on = False
    for j in range(i + 1, len(turns)):
        t = turns[j]
        if t.speaker == "learner":
            if moved_on:
                break
            continue
        if j not in anti and t.label not in ANTI_PATTERNS and follows_up(call, t.label, t.text, step):
            out.append(j)
        if t.label in CARD_STEPS and CARD_ORDER.index(t.label) > step:
            moved_on = True
    return out


def coach_pushed_a_fix(turns: Sequence[TurnIn], judgemental: set[int]) -> list[int]:
    """Leading or telling turns that name a fix the learner turned down: the coach's solution was
    on the table all the same, and the learner's thinking went into defending against it."""
    out = []
    for i, t in enumerate(turns):
        if t.speaker != "coach" or t.label not in ANTI_PATTERNS or i in judgemental or not names_fix(t.text):
            continue
        if any(u.speaker == "learner" and u.key in PUSHBACK_KEYS for u in turns[i + 1:i + 2]):
            out.append(i)
    return out


def coach_took_over(turns: Sequence[TurnIn], judgemental: set[int]) -> list[int]:
    """Leading or telling turns (not merely judgemental) whose idea became the learner's step:
    the learner's reply adopts it; in a cycle without learner turns, a line that names a fix."""
    heard = any(t.speaker == "learner" for t in turns)
    out = []
    for i, t in enumerate(turns):
        if t.speaker != "coach" or t.label not in ANTI_PATTERNS or i in judgemental:
            continue
        reply = [u for u in turns[i + 1:i + 2] if u.speaker == "learner"]
        if reply:
            u = reply[0]
            if (u.key in ADOPT_KEYS) if u.key is not None else adopts(u.text):
                out.append(i)
        elif not heard and names_fix(t.text):
            out.append(i)
    return out
