"""The group debrief of one round: :func:`build_group_report` over the players' sessions.

Each player counts once: their last finished session for the round (or, when none is
finished, their last one, as played and not finished). A session with no player name
counts as a player of its own; names that differ only in case are one player. Everything is a count of players or a spread; the order in
which the sessions are given changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from dojo.coaching.card import STEP_NAMES
from dojo.coaching.labels import CARD_ORDER
from dojo.coaching.report import CRITERIA, CRITERION_NAMES, PATTERN_NAMES, Pattern, ScoreReport, TurnFlag
from dojo.group.examples import moments, moved_on_what, pick
from dojo.group.models import (
    FeedbackCount,
    GroupReport,
    GroupSession,
    MissedCount,
    PatternCount,
    PlayerFigures,
)
from dojo.group.spread import spread
from dojo.plans.models import Plan
from dojo.players import NO_PLAYER as NO_NAME
from dojo.players import key as player_key
from dojo.storage.summary import patterns as session_patterns

#: How many rows the lists of anti-patterns, missed follow-ups and recurring feedback show.
TOP = 6

def _order(s: GroupSession) -> tuple[float, str]:
    return (s.started_at, s.id)


def players_sessions(sessions: Iterable[GroupSession]) -> tuple[list[GroupSession], int]:
    """One session per player (see the module docstring), and how many players played more than once."""
    by_id = {s.id: s for s in sorted(sessions, key=_order, reverse=True)}  # the same id twice: one of them
    by_player: dict[str, list[GroupSession]] = defaultdict(list)
    for s in sorted(by_id.values(), key=_order):
        by_player[player_key(s.player) or f"\0{s.id}"].append(s)
    chosen = []
    for played in by_player.values():
        finished = [s for s in played if s.report is not None]
        chosen.append((finished or played)[-1])
    return sorted(chosen, key=_order), sum(1 for played in by_player.values() if len(played) > 1)


def _top(times: Counter[str], players: Counter[str], order: dict[str, int] | None = None) -> list[tuple[str, int, int]]:
    """(key, players, times), most players first, then most times, then ``order`` (else the key)."""
    rank = order or {}
    rows = sorted(((k, players[k], times[k]) for k in players), key=lambda x: (-x[1], -x[2], rank.get(x[0], 0), x[0]))
    return rows[:TOP]


def _usual(texts: Counter[str]) -> str:
    """The wording most often given (the first in order among equals)."""
    return min(texts, key=lambda text: (-texts[text], text))


def _figures(s: GroupSession) -> PlayerFigures:
    r = s.report
    name = s.player or NO_NAME
    if r is None:
        return PlayerFigures(player=name, finished=False)
    due = sum(c.follow_ups_due for c in r.cycles)
    missed = sum(c.follow_ups_missed for c in r.cycles)
    return PlayerFigures(
        player=name, finished=True, score=r.score,
        criteria={CRITERION_NAMES[c]: getattr(r.criteria, c.value) for c in CRITERIA},
        follow_ups=f"{due - missed} of {due}" if due else "",
        patterns=[PATTERN_NAMES[p] for p in session_patterns(r)],
    )


def _notes(plan: Plan, number: int, chosen: list[GroupSession], repeats: int) -> list[str]:
    rnd = plan.round(number)
    notes = []
    other = sorted({f"{s.scenario} (seed {s.seed})" for s in chosen if (s.scenario, s.seed) != (rnd.scenario, rnd.seed)})
    if other:
        n = sum(1 for s in chosen if (s.scenario, s.seed) != (rnd.scenario, rnd.seed))
        notes.append(f"{n} of the sessions {'was' if n == 1 else 'were'} played on {', '.join(other)}, not on "
                     f"{rnd.scenario} (seed {rnd.seed}) as the round says: the plan changed, or they joined another way")
    if repeats:
        who = "player" if repeats == 1 else "players"
        notes.append(f"{repeats} {who} played the round more than once: each player's last finished session counts")
    return notes


def build_group_report(
    sessions: Iterable[GroupSession], *, plan: Plan, round: int, names: bool = False
) -> GroupReport:
    """What round ``round`` (1-based) of ``plan`` showed across the players of ``sessions``.

    ``names``: also list each player's own figures, alphabetically, and say whose session each
    example comes from (the facilitator asked for it); otherwise no player name is in the report.
    ValueError when the plan has no such round.
    """
    rnd = plan.round(round)
    chosen, repeats = players_sessions(sessions)
    played: list[tuple[GroupSession, ScoreReport]] = [(s, s.report) for s in chosen if s.report is not None]
    reports = [r for _, r in played]

    pattern_times: Counter[str] = Counter()
    pattern_players: Counter[str] = Counter()
    missed_times: Counter[str] = Counter()
    missed_players: Counter[str] = Counter()
    feedback_players: Counter[str] = Counter()
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reports:
        for p, times in session_patterns(r).items():
            pattern_times[p.value] += times
            pattern_players[p.value] += 1
        misses = Counter(moved_on_what(t.note) for t in r.turns if t.speaker == "coach" and TurnFlag.MOVED_ON in t.flags)
        missed_times.update(misses)
        missed_players.update(misses.keys())
        for kind in {f.kind for f in r.feedback}:
            feedback_players[kind] += 1
        for f in r.feedback:
            wordings[f.kind][f.text] += 1

    found = [m for s, r in played for m in moments(s.id, s.player or NO_NAME, r)]
    return GroupReport(
        plan_id=plan.id, plan_title=plan.title, round=round, round_title=rnd.title, focus=rnd.focus,
        scenario=rnd.scenario, seed=rnd.seed, players=len(chosen), finished=len(reports),
        score=spread("score", "overall score", (r.score for r in reports)),
        steps=[
            spread(step.value, STEP_NAMES[step],
                   (st.score for r in reports for st in r.steps if st.step == step and st.due))
            for step in CARD_ORDER
        ],
        criteria=[spread(c.value, CRITERION_NAMES[c], (getattr(r.criteria, c.value) for r in reports)) for c in CRITERIA],
        follow_ups_due=sum(c.follow_ups_due for r in reports for c in r.cycles),
        follow_ups_missed=sum(c.follow_ups_missed for r in reports for c in r.cycles),
        patterns=[
            PatternCount(pattern=Pattern(k), name=PATTERN_NAMES[Pattern(k)], players=n, times=t)
            for k, n, t in _top(pattern_times, pattern_players, {p.value: i for i, p in enumerate(PATTERN_NAMES)})
        ],
        missed=[MissedCount(what=k, players=n, times=t) for k, n, t in _top(missed_times, missed_players)],
        feedback=[
            FeedbackCount(kind=k, text=_usual(wordings[k]), players=n)
            for k, n, _ in _top(feedback_players, feedback_players)
        ],
        examples=pick(found, missed_players, names=names),
        notes=_notes(plan, round, chosen, repeats),
        named=sorted((_figures(s) for s in chosen), key=lambda f: (f.player.casefold(), f.player)) if names else [],
    )
