"""Plans, a hand-set clock and stored sessions for the facilitator's tests."""

from __future__ import annotations

from dojo.plans.models import Plan, Round


def make_plan(minutes: tuple[int, ...] = (10, 15, 5), plan_id: str = "team-dojo") -> Plan:
    rounds = [
        Round(title=f"Round {i}: obstacles", scenario="assembly-cell", seed=40 + i, minutes=m,
              focus=f"listen for the learner's prediction ({i})")
        for i, m in enumerate(minutes, start=1)
    ]
    return Plan(id=plan_id, title="Team dojo", rounds=rounds)


class HandClock:
    """A clock that moves only when told to: tests never sleep."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds
