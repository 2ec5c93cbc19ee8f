"""The game's speed: first frame, learner reply on screen, resident memory.

Targets (issue 4):

- first frame of ``dojo`` ≤ 1.5 × the first frame of a minimal Textual app, both started
  the same way in this run (a subprocess on a pseudo-terminal; each app writes the time of
  its first refresh to a file named by ``DOJO_FIRST_FRAME_FILE`` and exits), median of
  several interleaved runs;
- the learner's reply mounted ≤ 100 ms after Enter (pilot, median and worst over a whole
  cycle of questions; the time from the Input's submit to the reply bubble's Mount event);
- resident memory ≤ 120 MB during a session (VmRSS / VmHWM from /proc/self/status after a
  complete session played through the UI).
"""

from __future__ import annotations

import asyncio
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
FRAME_RATIO = 1.5
REPLY_MS = 100.0
RSS_MB = 120.0

MINIMAL_APP = textwrap.dedent(
    """
    import os, time
    from textual.app import App
    from textual.widgets import Footer, Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(self.first_frame)

        def first_frame(self):
            with open(os.environ["DOJO_FIRST_FRAME_FILE"], "w") as fh:
                fh.write(f"{time.time():.6f}\\n")
            self.exit()

    Minimal().run()
    """
)


def _first_frame(argv: list[str], tmp: Path, variable: str = "DOJO_FIRST_FRAME_FILE") -> float:
    """Seconds from process start to the first frame (or what ``variable`` marks), on a pseudo-terminal."""
    out = tmp / "frame.txt"
    out.unlink(missing_ok=True)
    env = dict(os.environ, DOJO_HOME=str(tmp / "home"), TERM="xterm-256color", COLUMNS="100", LINES="32")
    env[variable] = str(out)
    leader, follower = pty.openpty()
    try:
        start = time.time()
        proc = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        os.close(follower)
        # drain the terminal output so the app never blocks on a full pty
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                os.read(leader, 65536)
            except OSError:
                break
        proc.wait(timeout=10)
    finally:
        os.close(leader)
    if not out.exists():
        raise RuntimeError(f"{argv[-1]} wrote no first frame: {proc.stderr.read().decode()[-500:]}")
    return float(out.read_text()) - start


def bench_first_frame() -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        minimal = tmp / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        base, dojo, listed = [], [], []
        _first_frame([sys.executable, str(minimal)], tmp)  # warm the file cache for both
        _first_frame([sys.executable, "-m", "dojo"], tmp)
        for _ in range(RUNS):
            base.append(_first_frame([sys.executable, str(minimal)], tmp))
            dojo.append(_first_frame([sys.executable, "-m", "dojo"], tmp))
            listed.append(_first_frame([sys.executable, "-m", "dojo"], tmp, "DOJO_LISTED_FILE"))
    return statistics.median(base), statistics.median(dojo), statistics.median(listed)


async def _play(fixture: Path) -> tuple[list[float], int, int]:
    from dojo.coaching.hearing import default_classifier
    from dojo.tui.app import DojoApp
    from dojo.tui.widgets.dialogue import Bubble

    mounted: list[float] = []

    def on_mount(self) -> None:  # installed on Bubble for the run: the reply's Mount event
        if "learner" in self.classes:
            mounted.append(time.perf_counter())

    Bubble.on_mount = on_mount  # type: ignore[attr-defined]  # patched for this benchmark only

    questions = [
        "What is the target condition?",
        "What is the actual condition now?",
        "How do you know? Can you show me on the run chart?",
        "What obstacles are in your way? Which one are you addressing now?",
        "What is your next step?",
        "What do you expect will happen?",
        "When can we go and see what we have learned?",
    ]
    latencies: list[float] = []
    app = DojoApp(scenario=str(fixture), seed=3, classifier=default_classifier(), live=False)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(100):
            if type(app.screen).__name__ == "SessionScreen":
                break
            await app.workers.wait_for_complete()
            await pilot.pause()
        session = app.session
        for _cycle in range(session.scenario.cycles):
            for q in questions:
                question = app.screen.query_one("#question")
                question.value = q
                before = len(mounted)
                start = time.perf_counter()
                await question.action_submit()
                while len(mounted) == before:
                    await asyncio.sleep(0)
                latencies.append((mounted[-1] - start) * 1000)
                await pilot.pause()
            await pilot.press("ctrl+n")
            for _ in range(100):
                if type(app.screen).__name__ == "BetweenCycles":
                    break
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press("space")
            await app.workers.wait_for_complete()
            await pilot.pause()
        rss, hwm = _memory()
    return latencies, rss, hwm


def _memory() -> tuple[int, int]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) // 1024
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def main() -> int:
    failed = False
    base, dojo, listed = bench_first_frame()
    ratio = dojo / base
    ok = ratio <= FRAME_RATIO
    failed |= not ok
    print(f"first frame: dojo {dojo * 1000:.0f} ms, minimal Textual app {base * 1000:.0f} ms, "
          f"ratio {ratio:.2f} (target ≤ {FRAME_RATIO}) {'ok' if ok else 'MISSED'}")
    print(f"  (for information: the scenario list is on screen after {listed * 1000:.0f} ms, "
          f"{listed / base:.2f} × the minimal app; scenarios are parsed after the first frame)")

    fixture = ROOT / "tests" / "tui" / "fixtures" / "sandwich.yaml"
    os.environ.setdefault("DOJO_HOME", tempfile.mkdtemp(prefix="dojo-bench-"))
    latencies, rss, hwm = asyncio.run(_play(fixture))
    median, worst = statistics.median(latencies), max(latencies)
    ok = worst <= REPLY_MS
    failed |= not ok
    print(f"reply mounted after Enter: median {median:.1f} ms, worst {worst:.1f} ms over {len(latencies)} "
          f"questions (target ≤ {REPLY_MS:.0f} ms) {'ok' if ok else 'MISSED'}")
    ok = max(rss, hwm) <= RSS_MB
    failed |= not ok
    print(f"memory after a whole session: VmRSS {rss} MB, peak VmHWM {hwm} MB (target ≤ {RSS_MB:.0f} MB) "
          f"{'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
