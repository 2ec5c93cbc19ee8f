"""Plans, a hand-set clock and stored sessions for the facilitator's tests."""

from __future__ import annotations

from dojo.plans.clock import state_path
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


def make_app(store, tmp_path, hand, *, report=None, plan=None):
    from dojo.tui.screens.facilitate_app import FacilitateApp

    plan = plan or make_plan()
    return FacilitateApp(
        plan, digest="d1", state_file=state_path(plan.id, tmp_path), store_factory=lambda: store,
        report=report or (lambda _store, number: f"Debrief of round {number}"), clock=hand, refresh_s=3600,
    )


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def settle(pilot) -> None:
    """Wait for the workers (an exclusive one superseded by a newer read is cancelled: wait for the newer)."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            await pilot.pause()
            continue
        break
    await pilot.pause()
