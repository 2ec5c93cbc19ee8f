"""Playthroughs of a scenario on the simulation alone (no session engine, no coaching).

A *path* is how the learner picks the experiment that ends each coaching cycle:

* ``coached`` — well coached (obstacles asked, one in focus): for the obstacle in focus
  the first experiment not yet run, in file order, tempting ones last; a revealed hidden
  obstacle takes the focus. This mirrors ``dojo.learner.responder.Learner._focused_choice``.
* ``tempting`` — only the tempting fixes, in file order; nothing once they are used up.
* ``uncoached`` — the persona's choice (``Learner._persona_choice``): a learner who jumps to
  solutions takes the tempting fix while there is one, then (like everyone else) a random
  open experiment; never a step to find out, which nobody asked for.
* ``random`` — a random open experiment every cycle.

"Open" means: not run yet, and aimed at an obstacle that is on the parking lot (hidden
ones only after an experiment revealed them).

A seed plays the scenario as realised for it (:func:`dojo.scenarios.alternatives.realise`),
as a session does: its hidden cause, starting focus, step effects and event cycles.

Day 0 runs the process as given; cycle ``c`` applies the cycle's lasting events and the
chosen experiment's changes (both stay), then the other events for this run only, and
runs with a fresh seed (the order the session engine uses).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from dojo.scenarios.alternatives import realise
from dojo.scenarios.loader import load_file
from dojo.scenarios.models import Experiment, Scenario
from dojo.sim import apply_changes, simulate, statistic, summarize
from dojo.sim.engine import stream

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
PATHS = ("coached", "tempting", "uncoached", "random")


def scenario_files() -> list[Path]:
    return sorted(SCENARIO_DIR.glob("*.yaml"))


def load(path: Path) -> Scenario:
    return load_file(path, require_schema_line=True)


def run_seed(seed: int, cycle: int) -> int:
    """Seed of the run that ends ``cycle`` (0 is the baseline run) in a session of ``seed``:
    derived the way the session engine derives it, so a seed here is a seed in the game."""
    return stream(seed, f"run/{cycle}").getrandbits(31)


@dataclass
class Playthrough:
    path: str
    seed: int
    steps: list[str | None] = field(default_factory=list)  # experiment id per cycle
    values: list[float] = field(default_factory=list)  # target statistic: baseline, then per cycle
    met: list[bool] = field(default_factory=list)

    @property
    def met_last(self) -> bool:
        return self.met[-1]

    @property
    def met_ever(self) -> bool:
        return any(self.met[1:])


def target_met(scenario: Scenario, value: float) -> bool:
    tc = scenario.target_condition
    return value <= tc.value if tc.direction == "at_most" else value >= tc.value


_MEASURED: dict[tuple[str, int, str, str], float] = {}


def measure(scenario: Scenario, model, seed: int) -> float:
    """The target statistic of one run (cached: every path shares the baseline run)."""
    tc = scenario.target_condition
    key = (model.model_dump_json(), seed, tc.metric.value, tc.statistic.value)
    if key not in _MEASURED:
        _MEASURED[key] = statistic(simulate(model, seed), tc.metric.value, tc.statistic.value)
    return _MEASURED[key]


class _Chooser:
    def __init__(self, scenario: Scenario, path: str, rng: random.Random) -> None:
        self.s = scenario
        self.path = path
        self.rng = rng
        self.run: list[str] = []
        self.revealed: set[str] = set()
        self.focus = scenario.storyboard.focus_obstacle

    def open(self) -> list[Experiment]:
        visible = {o.id for o in self.s.storyboard.obstacles if not o.hidden or o.id in self.revealed}
        return [e for e in self.s.experiments if e.obstacle in visible and e.id not in self.run]

    def focused(self) -> Experiment | None:
        cands = [e for e in self.open() if not e.tempting] or self.open()
        if not cands:
            return None
        for e in cands:
            if e.obstacle == self.focus:
                return e
        return cands[0]

    def choose(self) -> Experiment | None:
        opened = self.open()
        if self.path == "coached":
            choice = self.focused()
            if choice is not None and (
                self.focus is None or not any(e.obstacle == self.focus and not e.tempting for e in opened)
            ):
                self.focus = choice.obstacle  # settle_focus
            choice = self.focused()
        elif self.path == "tempting":
            choice = next((e for e in opened if e.tempting), None)
        elif self.path == "uncoached":
            from dojo.scenarios.models import Trait

            changes = [e for e in opened if e.kind != "observe"]
            tempting = [e for e in changes if e.tempting]
            if Trait.JUMPS_TO_SOLUTIONS in self.s.learner.persona and tempting:
                choice = tempting[0]
            else:
                choice = self.rng.choice(changes) if changes else None
        elif self.path == "random":
            choice = self.rng.choice(opened) if opened else None
        else:
            raise ValueError(self.path)
        if choice is not None:
            self.run.append(choice.id)
            for ob in choice.reveals:
                if ob not in self.revealed:
                    self.revealed.add(ob)
                    self.focus = ob
            if self.path == "coached" and not choice.reveals:
                self.focus = choice.obstacle
        return choice


def play(scenario: Scenario, path: str, seed: int, *, steps: list[str] | None = None) -> Playthrough:
    """One session on the simulation: baseline, then one experiment per cycle.

    ``steps`` (experiment ids, one per cycle, None for no step) overrides ``path``. The
    scenario is played as realised for ``seed``.
    """
    scenario = realise(scenario, seed)
    by_id = {e.id: e for e in scenario.experiments}
    chooser = _Chooser(scenario, path, random.Random(f"{path}/{seed}"))
    out = Playthrough(path=path, seed=seed)
    model = scenario.process
    value = measure(scenario, model, run_seed(seed, 0))
    out.values.append(value)
    out.met.append(target_met(scenario, value))
    for cycle in range(1, scenario.cycles + 1):
        if steps is not None:
            sid = steps[cycle - 1] if cycle - 1 < len(steps) else None
            exp = by_id[sid] if sid else None
        else:
            exp = chooser.choose()
        out.steps.append(exp.id if exp else None)
        temporary = []
        for ev in scenario.events:
            if ev.cycle == cycle:
                if ev.lasting:
                    model = apply_changes(model, ev.changes)
                else:
                    temporary.extend(ev.changes)
        if exp is not None:
            model = apply_changes(model, exp.changes)
        run_model = apply_changes(model, temporary) if temporary else model
        value = measure(scenario, run_model, run_seed(seed, cycle))
        out.values.append(value)
        out.met.append(target_met(scenario, value))
    return out


def rates(scenario: Scenario, seeds: range) -> dict[str, dict[str, float]]:
    """Per path: share of seeds meeting the target on the last run, and on any run."""
    res: dict[str, dict[str, float]] = {}
    for path in PATHS:
        plays = [play(scenario, path, seed) for seed in seeds]
        res[path] = {
            "last": sum(p.met_last for p in plays) / len(plays),
            "ever": sum(p.met_ever for p in plays) / len(plays),
        }
    return res


def baseline_summary(scenario: Scenario, seed: int = 1):
    return summarize(simulate(scenario.process, run_seed(seed, 0)))
