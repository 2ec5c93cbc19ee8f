"""A whole headless session: 5 coaching cycles, 60 coach lines, against a 300 ms target.

Measured in process (interpreter start excluded): a new Session on a built-in scenario,
every line classified and answered, five experiments simulated, the debrief scored. The
scenario and the classifier are loaded once beforehand, as the game does at start-up;
their one-off cost is printed too. As in ``bench_sim``, the verdict is a ratio against
the plain-Python heap reference timed in the same run, scaled to the calibration machine.
"""

from __future__ import annotations

import statistics
import time

from bench.bench_sim import REFERENCE_MS, reference, timings
from dojo import transcript
from dojo.coaching.hearing import default_classifier
from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session
from dojo.session.headless import ScriptClock, play_script

TARGET_MS = 300.0
TARGET_RATIO = TARGET_MS / REFERENCE_MS
REPEATS = 12

CYCLE = """\
What is the target condition?
What is the actual condition now?
How do you know?
What did you plan as your last step?
What did you expect?
What actually happened?
What did you learn?
What obstacles do you think are preventing you from reaching the target condition?
Which one are you addressing now?
What is your next step?
What do you expect?
When can we go and see what we have learned from taking that step?
"""
SCRIPT = transcript.parse("---\n".join([CYCLE] * 5), "bench")


def main() -> int:
    t0 = time.perf_counter()
    scenario = load_scenario("assembly-cell")
    t1 = time.perf_counter()
    classifier = default_classifier()
    classifier.classify("warm up")
    t2 = time.perf_counter()
    assert sum(len(c) for c in SCRIPT.cycles) == 60
    seeds = iter(range(10**6))

    def play() -> None:
        seed = next(seeds)
        session = Session(scenario, seed=seed, classifier=classifier, clock=ScriptClock(0.0))
        play_script(scenario, SCRIPT, seed=seed, session=session)

    play()
    runs: list[float] = []
    refs: list[float] = []
    for _ in range(REPEATS):
        runs += timings(play, 1)
        refs += timings(reference, 1)
    ratio = statistics.median(a / b for a, b in zip(runs, refs))
    print(f"one-off: scenario load {1e3 * (t1 - t0):.0f} ms, classifier load {1e3 * (t2 - t1):.0f} ms")
    print(f"session    min {1e3 * min(runs):6.1f} ms  median {1e3 * statistics.median(runs):6.1f} ms  ({REPEATS} runs)")
    print(f"reference  min {1e3 * min(refs):6.2f} ms  median {1e3 * statistics.median(refs):6.2f} ms")
    print(f"ratio      {ratio:5.1f}; target <= {TARGET_RATIO:.1f} (= {TARGET_MS:.0f} ms on the calibration machine); "
          f"scaled to calibration: {ratio * REFERENCE_MS:.0f} ms")
    ok = ratio <= TARGET_RATIO
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
