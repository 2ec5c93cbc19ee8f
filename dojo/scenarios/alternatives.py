"""The concrete scenario a seed plays: the scenario's ``alternatives`` drawn and applied.

A scenario file may say what varies from one seed to the next (:class:`Alternatives`):
which hidden cause is behind the spread, which obstacle the learner starts focused on,
how big each step's effect is, and before which cycle each event happens. A session
plays ``realise(scenario, seed)``, so the same coaching plays out differently across
seeds while a saved session (scenario + seed + actions) still replays exactly.

Each thing drawn has its own named seeded stream (``alternatives/cause``,
``alternatives/effect/<experiment>``...), as the simulation gives each source of noise
its own: adding an alternative to a scenario does not change what the others draw.
The realised scenario has no alternatives left, so realising it again changes nothing.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from dojo.scenarios.models import Alternatives, Cause, Event, Experiment, Scenario
from dojo.sim.changes import apply_changes
from dojo.sim.engine import stream
from dojo.sim.model import ParamChange, ProcessModel

#: Past this many combinations, :func:`corners` varies one alternative at a time.
MAX_CORNERS = 256


@dataclass(frozen=True)
class Draw:
    """What one seed drew; :func:`apply` turns it into a concrete scenario."""

    cause: str | None = None
    focus: str | None = None
    variants: dict[str, int] = field(default_factory=dict)  # experiment id -> index into its variants
    strengths: dict[str, float] = field(default_factory=dict)  # experiment id -> effect factor k
    cycles: dict[str, int] = field(default_factory=dict)  # event id -> cycle

    def describe(self) -> str:
        """The draw in words, for a problem found in it ("cause 'x', flow-rack variant 2, ...")."""
        parts = [f"cause {self.cause!r}"] if self.cause else []
        parts += [f"focus {self.focus!r}"] if self.focus else []
        parts += [f"{e} variant {i + 1}" for e, i in self.variants.items()]
        parts += [f"{e} strength {k:g}" for e, k in self.strengths.items()]
        parts += [f"event {e!r} on cycle {c}" for e, c in self.cycles.items()]
        return ", ".join(parts) or "no alternatives"


def _weighted(rng: random.Random, causes: list[Cause]) -> Cause:
    r = rng.random() * sum(c.weight for c in causes)
    for cause in causes:
        r -= cause.weight
        if r < 0:
            return cause
    return causes[-1]


def draw(scenario: Scenario, seed: int) -> Draw:
    """What ``seed`` draws from the scenario's alternatives (an empty draw when it has none)."""
    alt = scenario.alternatives
    if alt is None:
        return Draw()
    cause = _weighted(stream(seed, "alternatives/cause"), alt.causes).id if alt.causes else None
    focus = None
    if alt.focus_obstacle:
        focus = alt.focus_obstacle[stream(seed, "alternatives/focus").randrange(len(alt.focus_obstacle))]
    variants, strengths = {}, {}
    for effect in alt.effects:
        rng = stream(seed, f"alternatives/effect/{effect.experiment}")
        if effect.variants:
            variants[effect.experiment] = rng.randrange(len(effect.variants))
        if effect.strength is not None:
            low, high = effect.strength
            strengths[effect.experiment] = round(low + (high - low) * rng.random(), 3)
    cycles = {
        t.event: t.cycles[stream(seed, f"alternatives/event/{t.event}").randrange(len(t.cycles))] for t in alt.events
    }
    return Draw(cause=cause, focus=focus, variants=variants, strengths=strengths, cycles=cycles)


def realise(scenario: Scenario, seed: int) -> Scenario:
    """The concrete scenario a session with ``seed`` plays. Pure: the same seed, the same scenario."""
    if scenario.alternatives is None:
        return scenario
    return apply(scenario, draw(scenario, seed))


def apply(scenario: Scenario, drawn: Draw) -> Scenario:
    """The scenario with ``drawn`` applied and no alternatives left.

    Raises pydantic's ``ValidationError`` (or ``KeyError``) when the draw makes a process
    out of range; the loader checks every draw of a file (:func:`corners`) so a valid
    scenario never does.
    """
    alt = scenario.alternatives or Alternatives()
    cause = next((c for c in alt.causes if c.id == drawn.cause), None)
    process = apply_changes(scenario.process, cause.process) if cause and cause.process else scenario.process
    variants = {e.experiment: e.variants for e in alt.effects}
    experiments = [
        _experiment(e, process, cause, variants.get(e.id, []), drawn.variants.get(e.id), drawn.strengths.get(e.id))
        for e in scenario.experiments
    ]
    events = [_event(ev, drawn.cycles) for ev in scenario.events]
    storyboard = scenario.storyboard
    if drawn.focus is not None:
        storyboard = storyboard.model_copy(update={"focus_obstacle": drawn.focus})
    if cause is not None and cause.current_condition is not None:
        storyboard = storyboard.model_copy(update={"current_condition": cause.current_condition})
    return scenario.model_copy(
        update={
            "process": process, "experiments": experiments, "events": events, "storyboard": storyboard,
            "alternatives": None,
        }
    )


def _experiment(
    e: Experiment,
    process: ProcessModel,
    cause: Cause | None,
    variants: list[list[ParamChange]],
    variant: int | None,
    strength: float | None,
) -> Experiment:
    update: dict[str, object] = {}
    changes = variants[variant] if variant is not None else e.changes
    if strength is not None:
        changes = [_stronger(c, process, strength) for c in changes]
    if changes is not e.changes:
        update["changes"] = list(changes)
    if cause is not None:
        if e.id in cause.reveals:
            update["reveals"] = list(cause.reveals[e.id])
        if e.id in cause.learned:
            update["learned"] = cause.learned[e.id]
    return e.model_copy(update=update) if update else e


def _event(ev: Event, cycles: dict[str, int]) -> Event:
    if ev.id is None or ev.id not in cycles or cycles[ev.id] == ev.cycle:
        return ev
    return ev.model_copy(update={"cycle": cycles[ev.id]})


def _stronger(change: ParamChange, process: ProcessModel, k: float) -> ParamChange:
    """``change`` with its effect scaled by ``k``: a scale becomes scale**k, a set moves k of the
    way from the value as written (a set on a value the process lacks stays as it is)."""
    if change.scale is not None:
        return change.model_copy(update={"scale": round(change.scale**k, 6)})
    current = _current(process, change)
    if current is None or change.set is None:
        return change
    return change.model_copy(update={"set": round(current + k * (change.set - current), 6)})


def _current(process: ProcessModel, change: ParamChange) -> float | None:
    data = process.model_dump()
    if change.station is None:
        if change.field.startswith("arrivals."):
            return data["arrivals"][change.field.split(".", 1)[1]]
        return data.get(change.field)
    station = next((s for s in data["stations"] if s["id"] == change.station), None)
    if station is None:
        return None
    if change.field in ("mtbf", "mttr"):
        return station["breakdowns"][change.field] if station.get("breakdowns") else None
    return station.get(change.field)


def corners(scenario: Scenario) -> Iterator[Draw]:
    """Draws that together cover what any seed can make of the process: every cause, every
    variant and both ends of every strength range, in combination (one alternative at a time
    beyond :data:`MAX_CORNERS` combinations). Focus and event timing change no parameter."""
    alt = scenario.alternatives
    if alt is None:
        return
    axes: list[list[tuple[str, str, object]]] = []
    if alt.causes:
        axes.append([("cause", c.id, None) for c in alt.causes])
    for effect in alt.effects:
        if effect.variants:
            axes.append([("variant", effect.experiment, i) for i in range(len(effect.variants))])
        if effect.strength is not None:
            axes.append([("strength", effect.experiment, k) for k in sorted(set(effect.strength))])
    total = 1
    for axis in axes:
        total *= len(axis)
    if total <= MAX_CORNERS:
        combos: Iterator[tuple] = itertools.product(*axes)
    else:
        base = [axis[0] for axis in axes]
        combos = (tuple(base[:i] + [choice] + base[i + 1 :]) for i, axis in enumerate(axes) for choice in axis)
    for combo in combos:
        cause = next((ident for kind, ident, _ in combo if kind == "cause"), None)
        yield Draw(
            cause=cause,
            variants={ident: v for kind, ident, v in combo if kind == "variant"},
            strengths={ident: v for kind, ident, v in combo if kind == "strength"},
        )
