"""Live data for the learner's answers: the values response templates may quote."""

from __future__ import annotations

import datetime as dt

from dojo.formatting import human_date, number, quantity, weekday
from dojo.scenarios.models import Metric, Scenario
from dojo.session.views import PdcaRow
from dojo.sim.metrics import RunSummary, statistic

METRIC_WORDS: dict[str, str] = {
    Metric.LEAD_TIME: "lead time",
    Metric.CYCLE_TIME: "cycle time",
    Metric.WAIT_TIME: "waiting time",
    Metric.THROUGHPUT: "throughput",
    Metric.FIRST_PASS_YIELD: "first-pass yield",
    Metric.WIP: "work in process",
}

PER_UNIT = {Metric.LEAD_TIME, Metric.CYCLE_TIME, Metric.WAIT_TIME}


def metric_unit(scenario: Scenario) -> str:
    metric = scenario.target_condition.metric
    if metric in PER_UNIT:
        return scenario.process.time_unit
    return {Metric.THROUGHPUT: "units/h", Metric.FIRST_PASS_YIELD: "%", Metric.WIP: "units"}[metric]


def _working_day(day: dt.date) -> dt.date:
    """``day``, or the Monday after when it falls on a weekend: nobody agrees to go and see on a Sunday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _to_go(scenario: Scenario, latest: float) -> str:
    """How far the latest value is from the target, said the right way round: "6.5 s to go" or,
    past the line, "6.5 s inside the target"."""
    tc = scenario.target_condition
    gap = abs(latest - tc.value)
    unit = metric_unit(scenario)
    met = latest <= tc.value if tc.direction == "at_most" else latest >= tc.value
    if not met:
        return f"{quantity(gap, unit)} to go"
    return f"{quantity(gap, unit)} inside the target" if number(gap) != "0" else "right on the target"


def target_value(scenario: Scenario, summary: RunSummary) -> float:
    tc = scenario.target_condition
    return statistic(summary, tc.metric.value, tc.statistic.value)


def live_values(
    scenario: Scenario,
    summary: RunSummary,
    *,
    day: int,
    date: dt.date,
    cycle: int,
    focus_obstacle: str,
    obstacles: list[str],
    last: PdcaRow | None,
    last_learned: str,
) -> dict[str, object]:
    tc = scenario.target_condition
    metric = tc.metric
    if metric in PER_UNIT:
        stats = getattr(summary, metric.value)
        spread = {"median": stats.median, "p90": stats.p90, "mean": stats.mean, "min": stats.min, "max": stats.max}
    else:
        value = statistic(summary, metric.value)
        spread = dict.fromkeys(("median", "p90", "mean", "min", "max"), value)
    latest = target_value(scenario, summary)
    go_see = _working_day(date + dt.timedelta(days=scenario.days_per_cycle))
    return {
        "learner": scenario.learner.name,
        "process": scenario.focus_process.name,
        "challenge": scenario.challenge.strip(),
        "target": tc.description.strip(),
        "target_value": tc.value,
        "metric": METRIC_WORDS[metric],
        "statistic": tc.statistic.value,
        "unit": metric_unit(scenario),
        "achieve_by": human_date(tc.achieve_by),
        "days_left": max(0, (tc.achieve_by - date).days),
        "latest": latest,
        **spread,
        "gap": abs(latest - tc.value),
        "to_go": _to_go(scenario, latest),
        "throughput": summary.throughput,
        "fpy": summary.first_pass_yield,
        "defects": summary.defects,
        "wip": summary.wip,
        "units_done": summary.units,
        "bottleneck": summary.bottleneck,
        "focus_obstacle": focus_obstacle,
        "obstacles": "; ".join(obstacles),
        "last_step": last.step if last else "",
        "last_expected": last.expected if last else "",
        "last_happened": last.happened if last else "",
        "last_learned": last_learned,
        "next_step": "",
        "next_expected": "",
        "day": day,
        "date": human_date(date),
        "go_see_date": human_date(go_see),
        "go_see_day": weekday(go_see),
        "cycle": cycle,
    }
