"""Print tuning figures for the built-in scenarios (not a test; run it by hand).

    .venv/bin/python tests/scenarios_content/tune.py [scenario-id ...] [--seeds N]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from play_paths import PATHS, load, play, run_seed, scenario_files

from dojo.sim import simulate, summarize


def main(argv: list[str]) -> int:
    n = 20
    if "--seeds" in argv:
        i = argv.index("--seeds")
        n = int(argv[i + 1])
        del argv[i : i + 2]
    wanted = set(argv)
    for f in scenario_files():
        sc = load(f)
        if wanted and sc.id not in wanted:
            continue
        tc = sc.target_condition
        print(f"== {sc.id}: target {tc.statistic.value} {tc.metric.value} {tc.direction} {tc.value}")
        s = summarize(simulate(sc.process, run_seed(1, 0)))
        m = getattr(s, tc.metric.value, None)
        print(f"   baseline seed 1: {m}")
        print(f"   thr {s.throughput:.1f}/h fpy {s.first_pass_yield:.0f}% defects {s.defects} wip {s.wip:.1f} "
              f"bottleneck {s.bottleneck_id} util {', '.join(f'{k}={v:.2f}' for k, v in s.utilisation.items())}")
        seeds = range(1, n + 1)
        for path in PATHS:
            plays = [play(sc, path, seed) for seed in seeds]
            cols = list(zip(*(p.values for p in plays)))
            meds = " ".join(f"{statistics.median(c):6.1f}" for c in cols)
            last = sum(p.met_last for p in plays) / n
            ever = sum(p.met_ever for p in plays) / n
            print(f"   {path:9s} last {last:4.0%} ever {ever:4.0%} | median per cycle {meds}")
            if path == "coached":
                print(f"             steps {plays[0].steps}")
                print(f"             per-cycle met {[sum(p.met[i] for p in plays) for i in range(len(cols))]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
