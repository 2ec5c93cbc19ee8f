"""Turns worth discussing as a group, picked by a rule over the 2nd coach's annotations.

Each kind of example (:class:`~dojo.group.models.ExampleKind`) is a rule in :data:`RULES`:
which coach turns qualify (by the scorer's turn flags, never by what the words say) and how
the candidates rank. A turn is shown with the learner's line before it, the learner's
reply after it, and the scorer's note. The ranking never looks at who played or how they
scored, and ties are broken by the text, so the same sessions in any order give the same picks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from dojo.coaching.card import label_name
from dojo.coaching.labels import CARD_STEPS
from dojo.coaching.listening import names_fix
from dojo.coaching.reflex import refers
from dojo.coaching.report import AnnotatedTurn, ScoreReport, TurnFlag
from dojo.group.models import ExampleKind, ExampleTurn

#: A quoted line is cut here: a discussion needs the gist, not a 3,000-character paste.
QUOTE_CHARS = 280

#: Flags that disqualify a turn as an example of a good follow-up.
_NOT_GOOD: frozenset[TurnFlag] = frozenset({
    TurnFlag.LEADING, TurnFlag.TELLING, TurnFlag.JUDGEMENTAL, TurnFlag.CLOSED, TurnFlag.GUESS, TurnFlag.STOCK,
    TurnFlag.REPEATED, TurnFlag.OFF_TOPIC, TurnFlag.NOT_YET, TurnFlag.COACH_IDEA,
})

#: How many examples a report shows: at most MAX, and at least MIN when the sessions hold that many.
MAX_EXAMPLES = 3
MIN_EXAMPLES = 2


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters: a long one keeps its start and its end
    (where a learner's list ends with the one they chose) around an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = (limit - 3) * 2 // 5
    tail = limit - 3 - head
    return f"{text[:head].rstrip()} … {text[-tail:].lstrip()}"


def moved_on_what(note: str) -> str:
    """What the learner said that was not followed up, from the scorer's note on the turn that
    moved on ("Moves on: the learner says 'I don't know yet'; follow that up first" → "the
    learner says 'I don't know yet'"); the note as it is when it is worded otherwise."""
    head, sep, rest = note.partition(": ")
    what = rest.rsplit("; ", 1)[0] if sep and head.lower() == "moves on" else note
    return what.strip() or note


@dataclass(frozen=True, slots=True)
class Moment:
    """A coach turn in its place: the learner's line before it and the reply after it."""

    session: str
    player: str
    turn: AnnotatedTurn
    before: AnnotatedTurn | None
    after: AnnotatedTurn | None


def moments(session: str, player: str, report: ScoreReport) -> list[Moment]:
    turns = report.turns
    out = []
    for i, t in enumerate(turns):
        if t.speaker != "coach":
            continue
        before = turns[i - 1] if i > 0 and turns[i - 1].speaker == "learner" and turns[i - 1].cycle == t.cycle else None
        after = (turns[i + 1] if i + 1 < len(turns) and turns[i + 1].speaker == "learner"
                 and turns[i + 1].cycle == t.cycle else None)
        out.append(Moment(session, player, t, before, after))
    return out


Rank = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    kind: ExampleKind
    qualifies: Callable[[Moment], bool]
    rank: Callable[[Moment, Mapping[str, int]], Rank]  # smaller first; the mapping: moved-on wording -> players
    title: Callable[[Moment], str]


def _follow_up(m: Moment) -> bool:
    """A follow-up right after the reply it followed up (the learner's turn before it called for one and got one)."""
    flags = set(m.turn.flags)
    return (TurnFlag.FOLLOW_UP in flags and not flags & _NOT_GOOD
            and m.before is not None and TurnFlag.FOLLOWED_UP in m.before.flags)


def _picks_up(m: Moment) -> bool:
    return m.before is not None and refers(m.turn.text, m.before.text)


def _coach_idea(m: Moment) -> bool:
    flags = set(m.turn.flags)
    return bool(flags & {TurnFlag.LEADING, TurnFlag.TELLING}) and TurnFlag.GUESS not in flags


def _moved_on(m: Moment) -> bool:
    return (TurnFlag.MOVED_ON in m.turn.flags and m.before is not None
            and TurnFlag.FOLLOW_UP_MISSED in m.before.flags)


def _when(m: Moment) -> tuple[int, int]:
    """The earlier in the session the better, among equals: where a habit first shows."""
    return m.turn.cycle, m.turn.index


def _text(m: Moment) -> tuple[str, str]:
    return m.turn.text, m.before.text if m.before is not None else ""


#: The kinds of example, in the order a debrief discusses them.
RULES: tuple[Rule, ...] = (
    Rule(
        ExampleKind.FOLLOW_UP, _follow_up,
        # In the learner's own words first, then a question of the coach's own over a card question.
        lambda m, _: (not _picks_up(m), m.turn.label in CARD_STEPS, len(m.turn.text), *_when(m), *_text(m)),
        lambda m: "A follow-up in the learner's own words" if _picks_up(m) else "A follow-up on what the learner just said",
    ),
    Rule(
        ExampleKind.COACH_IDEA, _coach_idea,
        # The idea the learner took on first (that is where the thinking changed hands), then a line
        # that carries the coach's own fix, over a bare "…, right?".
        lambda m, _: (TurnFlag.COACH_IDEA not in m.turn.flags, not names_fix(m.turn.text), m.before is None,
                      *_when(m), *_text(m)),
        lambda m: ("The coach's idea, taken on by the learner" if TurnFlag.COACH_IDEA in m.turn.flags
                   else "Telling" if TurnFlag.TELLING in m.turn.flags else "A leading question"),
    ),
    Rule(
        ExampleKind.MOVED_ON, _moved_on,
        # The kind of reply most players moved on from first: the group's common miss.
        lambda m, common: (-common.get(moved_on_what(m.turn.note), 0), moved_on_what(m.turn.note), *_when(m),
                           *_text(m)),
        lambda m: "Moved on from a reply that called for a follow-up",
    ),
)


def _example(rule: Rule, m: Moment, *, names: bool) -> ExampleTurn:
    t = m.turn
    heard = label_name(t.label) if t.label is not None else ""
    if heard and t.open is False and heard != "closed":
        heard += ", closed"
    return ExampleTurn(
        kind=rule.kind, title=rule.title(m), cycle=t.cycle + 1,
        before=quote(m.before.text) if m.before is not None else "", said=quote(t.text), heard_as=heard,
        after=quote(m.after.text) if m.after is not None else "", note=t.note,
        player=m.player if names else "",
    )


def pick(found: Sequence[Moment], common: Mapping[str, int], *, names: bool = False) -> list[ExampleTurn]:
    """Up to :data:`MAX_EXAMPLES` examples: the best of each rule, from different sessions where
    there is a choice; topped up to :data:`MIN_EXAMPLES` from the runners-up when a rule found none."""
    def ranked_by(rule: Rule) -> list[Moment]:
        return sorted((m for m in found if rule.qualifies(m)), key=lambda m: (rule.rank(m, common), m.session))

    ranked = [(rule, ranked_by(rule)) for rule in RULES]
    chosen: list[tuple[Rule, Moment]] = []
    used: set[str] = set()

    def take(rule: Rule, options: Sequence[Moment]) -> bool:
        left = [m for m in options if all(m is not c for _, c in chosen)]
        if not left:
            return False
        m = next((m for m in left if m.session not in used), left[0])
        chosen.append((rule, m))
        used.add(m.session)
        return True

    for rule, options in ranked:
        take(rule, options)
    for rule, options in ranked:
        while len(chosen) < MIN_EXAMPLES and take(rule, options):
            pass
    order = {rule.kind: k for k, rule in enumerate(RULES)}
    chosen.sort(key=lambda rm: order[rm[0].kind])
    return [_example(rule, m, names=names) for rule, m in chosen[:MAX_EXAMPLES]]
