"""Joining a round of a plan: which round, and what a player may not change about it.

A round fixes the scenario, the seed and the mode for everyone who plays it (so the group
debrief compares coaching, not luck); a player who names another one on the command line
is refused rather than silently overruled, and a plan of several rounds needs the round.
"""

from __future__ import annotations

from dataclasses import dataclass

from dojo.errors import UserError
from dojo.plans.loader import PlanFile
from dojo.plans.models import Round
from dojo.plans.registry import load_plan
from dojo.session.record import PlanTag


@dataclass(frozen=True)
class Joined:
    """Round ``number`` (1-based) of a loaded plan, as a player joins it."""

    found: PlanFile
    number: int

    @property
    def round(self) -> Round:
        return self.found.plan.round(self.number)

    @property
    def tag(self) -> PlanTag:
        """What the session's record carries: plan id, round, and the digest of the plan as played."""
        return self.found.tag(self.number)

    @property
    def heading(self) -> str:
        """``Listening dojo · round 2 of 3: The prediction``."""
        plan = self.found.plan
        return f"{plan.title} · round {self.number} of {len(plan.rounds)}: {self.round.title}"


def rounds_listed(found: PlanFile) -> str:
    """``1 Warm-up (assembly-cell, 20 min); 2 ...``: the rounds, for a message."""
    return "; ".join(f"{n}. {r.title} ({r.scenario}, {r.minutes} min)" for n, r in enumerate(found.plan.rounds, 1))


def pick_round(found: PlanFile, number: int | None) -> Joined:
    """Round ``number`` of ``found``; with None, the only round, or UserError listing them."""
    rounds = found.plan.rounds
    if number is None:
        if len(rounds) == 1:
            return Joined(found, 1)
        raise UserError(
            f"plan {found.plan.id!r} has {len(rounds)} rounds: choose one with --round N ({rounds_listed(found)})"
        )
    if not 1 <= number <= len(rounds):
        raise UserError(f"plan {found.plan.id!r} has rounds 1 to {len(rounds)}, not {number} ({rounds_listed(found)})")
    return Joined(found, number)


def refuse_contradictions(joined: Joined, *, same_scenario: bool, seed: int | None, mode: str | None, scenario: str | None) -> None:
    """UserError (one line) when an explicit scenario, seed or mode is not the round's.

    ``same_scenario``: whether ``scenario`` (as given) is the round's scenario; values equal
    to the round's are accepted, since they change nothing.
    """
    r = joined.round
    clashes = []
    if scenario is not None and not same_scenario:
        clashes.append(f"--scenario {scenario} (the round plays {r.scenario})")
    if seed is not None and seed != r.seed:
        clashes.append(f"--seed {seed} (the round's is {r.seed})")
    if mode is not None and mode != r.mode:
        clashes.append(f"--mode {mode} (the round's is {r.mode})")
    if clashes:
        raise UserError(
            f"round {joined.number} of plan {joined.found.plan.id!r} sets the scenario, seed and mode for everyone "
            f"who plays it: leave out {', '.join(clashes)}"
        )


def rejoin(tag: PlanTag) -> Joined | None:
    """The round a continued session was played for, when its plan is still on offer unchanged
    (the same digest), so its focus is shown again; None otherwise (the record keeps its tag)."""
    try:
        found = load_plan(tag.plan_id)
    except UserError:
        return None
    if found.digest != tag.plan_digest or not 1 <= tag.round <= len(found.plan.rounds):
        return None
    return Joined(found, tag.round)
