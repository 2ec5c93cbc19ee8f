"""Run every benchmark: ``python -m bench [NAME ...]``.

Contract for a benchmark module:

- it lives in ``bench/`` and is named ``bench_<name>.py``;
- it defines ``main() -> int`` that prints its own figures and returns 0 when its
  target is met, non-zero when it is missed;
- it measures against a reference timed in the same run (a ratio), never against an
  absolute wall-clock figure alone: these machines are shared and noisy.
- a benchmark of coaching rather than speed (``bench_listening``: strategies over the
  built-in scenarios × 20 seeds, against issue 9's targets) times nothing and needs no
  reference; it prints its figures next to the targets and fails while one is missed.

With arguments, only modules whose ``<name>`` contains one of them run
(``python -m bench sim``). The exit status is non-zero if any benchmark failed
or raised.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path


def discover() -> list[str]:
    """Names of the ``bench_*`` modules in this package, sorted."""
    here = [str(Path(__file__).resolve().parent)]
    return sorted(m.name for m in pkgutil.iter_modules(here) if m.name.startswith("bench_"))


def run(names: list[str]) -> int:
    failed: list[str] = []
    for name in names:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            code = int(module.main() or 0)
        except Exception:  # noqa: BLE001  (one broken benchmark must not hide the others)
            traceback.print_exc()
            code = 1
        if code:
            failed.append(name)
        print(f"-- {name}: {'FAIL' if code else 'ok'}", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    wanted = sys.argv[1:] if argv is None else argv
    names = [n for n in discover() if not wanted or any(w in n.removeprefix("bench_") for w in wanted)]
    if not names:
        print("no benchmarks found" + (f" matching {wanted}" if wanted else ""))
        return 1 if wanted else 0
    return run(names)


if __name__ == "__main__":
    sys.exit(main())
