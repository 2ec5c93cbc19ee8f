"""Keep what the learner says true to the run: a learning never contradicts the run chart.

An experiment's ``learned`` text is written before anyone knows the seed, the events or the
other steps run before it, so its claims about the target statistic ("the p90 hardly moved",
"went up, not down") can be wrong for this session. :func:`true_to_run` finds such a claim —
a movement phrase right after a word naming the statistic — and, when it disagrees with the
real direction and size of the change, says what really happened instead.
"""

from __future__ import annotations

import re
from enum import StrEnum

from dojo.formatting import number


class Move(StrEnum):
    FLAT = "flat"
    UP = "up"
    DOWN = "down"


#: Below this relative change the statistic "hardly moved".
FLAT_BELOW = 0.05

_PHRASES: dict[Move, tuple[str, ...]] = {
    Move.FLAT: (
        r"hardly moved", r"barely moved", r"didn'?t move", r"did not move", r"hardly changed", r"barely changed",
        r"didn'?t change", r"did not change", r"stayed (about |roughly )?the same", r"moves? the chart little",
        r"hardly any change", r"no change",
    ),
    Move.UP: (r"went up(, not down)?", r"rose", r"got worse", r"increased", r"grew"),
    Move.DOWN: (r"went down(, not up)?", r"came down", r"dropped", r"fell", r"got better", r"improved"),
}
_CLAIM = re.compile(
    "|".join(f"(?P<{move.value}>{'|'.join(p)})" for move, p in _PHRASES.items()),
    re.I,
)
#: How far back (in characters) the statistic's name may stand from the movement phrase.
_SUBJECT_SPAN = 40


def move_of(before: float, after: float) -> Move:
    if abs(after - before) < FLAT_BELOW * max(abs(before), 1e-9):
        return Move.FLAT
    return Move.UP if after > before else Move.DOWN


def said_move(move: Move, before: float, after: float, unit: str) -> str:
    if move is Move.FLAT:
        return f"hardly moved ({number(before)} to {number(after)} {unit})"
    verb = "went up" if move is Move.UP else "came down"
    return f"{verb}, from {number(before)} to {number(after)} {unit}"


def true_to_run(text: str, subjects: tuple[str, ...], before: float, after: float, unit: str) -> str:
    """``text`` with every claim about the statistic (named by one of ``subjects``) made true to the run."""
    real = move_of(before, after)
    names = re.compile("|".join(rf"\b{re.escape(s)}\b" for s in subjects), re.I) if subjects else None

    def fix(m: re.Match[str]) -> str:
        claimed = Move(next(k for k, v in m.groupdict().items() if v))
        lead = text[max(0, m.start() - _SUBJECT_SPAN) : m.start()]
        clause = re.split(r"[.;:!?]", lead)[-1]
        at_start = not clause.strip()  # "Hardly any change." opens a sentence about the run itself
        about_stat = at_start or (names is not None and names.search(clause) is not None)
        if not about_stat or claimed is real:
            return m.group(0)
        phrase = said_move(real, before, after, unit)
        return phrase[:1].upper() + phrase[1:] if m.group(0)[:1].isupper() else phrase

    return _CLAIM.sub(fix, text)


def missed_learning(statistic: str, before: float, after: float, unit: str, event: str = "") -> str:
    """What a change that did not move the statistic towards the target teaches, in the learner's words."""
    moved = said_move(move_of(before, after), before, after, unit)
    text = f"It didn't do what I expected: the {statistic} {moved}."
    if event:
        text += f" {event.rstrip('.')} hit the same run, so I can't tell yet what the step itself did."
    return text + " So that change on its own isn't the answer; I want to know why before I try more of the same."


#: "from 91 s to about 65 s": a prediction's starting point, written before the seed was known.
_FROM_TO = re.compile(r"\bfrom (\d+(?:\.\d+)?)( ?)(s|min|minutes|h|hours)?(?= to\b)")


def from_now(expects: str, latest: float) -> str:
    """A prediction said from where the run stands now: "comes down from 91 s to about 65 s" is
    said "from 85 s" when the chart says 85 (the figure it goes to is the learner's own)."""
    return _FROM_TO.sub(lambda m: f"from {number(latest)}{m.group(2)}{m.group(3) or ''}", expects)
