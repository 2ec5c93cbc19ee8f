"""``dojo serve`` under a group: reply latency and memory per player, one game process per player.

Targets (issue 10): 20 players at once, each asking a question every few seconds, every reply
on screen within 300 ms at the 95th percentile; resident memory ≤ 70 MB per player.

Players are websocket clients speaking textual-serve's protocol (what the page's script sends:
``["stdin", keys]``), not browser tabs: twenty Chromiums would measure Chromium on this 2-core
machine, not the dojo. Every player starts straight into the same scenario and seed
(``dojo serve --scenario … --seed …``), so the learner's replies are known beforehand from
``dojo play --headless --interactive`` with the same lines; a reply counts as on screen when
its first characters arrive in the terminal output the server sends to the player's page.
The reference is one player alone, measured in the same run.

Each player's first question loads the classifier's model in its game process; the figures are
given with it and without it ("later").

Memory: each game process's VmRSS, and its PSS (its share of pages it shares with the other
game processes: the interpreter, Textual, the model), from /proc, after every player asked.

``python -m bench serve [N ...]`` runs with those player counts (default: 1, 5, 10, 20).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "assembly-cell"
SEED = 11
QUESTIONS = [
    "What is the target condition?",
    "What is the actual condition now?",
    "What was your last step?",
    "What did you expect?",
    "What actually happened?",
    "What did you learn?",
    "What obstacles do you think are preventing you from reaching the target condition?",
    "Which one are you addressing now?",
]
PAUSE_S = (2.0, 4.0)  # each player asks again after a pause drawn from this range
P95_MS = 300.0
RSS_MB = 70.0
PLAYERS = (1, 5, 10, 20)
READY_TIMEOUT_S = 180.0
REPLY_TIMEOUT_S = 15.0
PREFIX = 18  # characters of a reply that must have arrived

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


def expected_replies() -> list[str]:
    """The learner's replies to QUESTIONS for SCENARIO and SEED, from the headless interactive play."""
    r = subprocess.run(
        [sys.executable, "-m", "dojo", "play", "--headless", "--interactive", "--scenario", SCENARIO,
         "--seed", str(SEED), "--no-save"],
        input="\n".join(QUESTIONS) + "\n", capture_output=True, text=True, cwd=ROOT, timeout=120, check=True,
    )
    replies = [e["text"] for e in map(json.loads, r.stdout.splitlines()) if e.get("type") == "reply"]
    return replies[: len(QUESTIONS)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Player:
    """One page's websocket: keys out, the terminal's text (escape sequences stripped) in."""

    def __init__(self, ws) -> None:  # type: ignore[no-untyped-def]
        self.ws = ws
        self.text = ""
        self.changed = asyncio.Event()

    async def read(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.text += ANSI.sub("", message.data.decode("utf-8", "replace"))
            elif message.type == aiohttp.WSMsgType.TEXT:
                continue
            else:
                break
            self.changed.set()

    async def wait_for(self, needle: str, start: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while needle not in self.text[start:]:
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                return False
        return True


async def play_group(url: str, n: int, replies: list[str]) -> tuple[list[float], int]:
    """N players connect, wait for their game, then ask QUESTIONS with pauses; reply latencies in ms."""
    import aiohttp

    latencies: list[float] = []
    later: list[float] = []  # each player's questions after its first (the first loads the classifier's model)
    misses = 0
    async with aiohttp.ClientSession() as http:
        sockets = [await http.ws_connect(f"{url}ws?width=100&height=32", max_msg_size=0) for _ in range(n)]
        players = [Player(ws) for ws in sockets]
        readers = [asyncio.create_task(p.read()) for p in players]
        t_connect = time.perf_counter()
        ready = await asyncio.gather(*(p.wait_for("Cycle 1", 0, READY_TIMEOUT_S) for p in players))
        play_group.start_s = time.perf_counter() - t_connect  # type: ignore[attr-defined]
        if not all(ready):
            raise RuntimeError(f"{ready.count(False)} of {n} games did not start within {READY_TIMEOUT_S:.0f} s")

        async def ask_all(player: Player, rng: random.Random) -> None:
            nonlocal misses
            await asyncio.sleep(rng.uniform(*PAUSE_S))
            for index, (question, reply) in enumerate(zip(QUESTIONS, replies)):
                await player.ws.send_str(json.dumps(["stdin", question]))
                await asyncio.sleep(0.05)  # typed, then Enter
                start = len(player.text)
                t0 = time.perf_counter()
                await player.ws.send_str(json.dumps(["stdin", "\r"]))
                if await player.wait_for(reply[:PREFIX], start, REPLY_TIMEOUT_S):
                    latencies.append((time.perf_counter() - t0) * 1000)
                    if index:
                        later.append(latencies[-1])
                else:
                    misses += 1
                await asyncio.sleep(rng.uniform(*PAUSE_S))

        await asyncio.gather(*(ask_all(p, random.Random(i)) for i, p in enumerate(players)))
        memory = game_memory()
        play_group.server_mb = _kb(Path(f"/proc/{os.environ['DOJO_BENCH_SERVER']}/status").read_text(), "VmRSS") / 1024  # type: ignore[attr-defined]
        for ws in sockets:
            await ws.close()
        for task in readers:
            task.cancel()
    play_group.memory = memory  # type: ignore[attr-defined]
    play_group.later = later  # type: ignore[attr-defined]
    return latencies, misses


def game_memory() -> list[tuple[float, float]]:
    """(RSS, PSS) in MB of every running ``dojo … play`` game process started by a server of this bench."""
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"dojo" not in cmdline or b"play" not in cmdline or os.environ["DOJO_BENCH_TAG"].encode() not in cmdline:
                continue
            rss = _kb(Path(f"/proc/{pid}/status").read_text(), "VmRSS")
            pss = _kb(Path(f"/proc/{pid}/smaps_rollup").read_text(), "Pss")
        except (OSError, KeyError):
            continue
        out.append((rss / 1024, pss / 1024))
    return out


def _kb(text: str, field: str) -> float:
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    if not match:
        raise KeyError(field)
    return float(match.group(1))


def run_group(n: int, replies: list[str]) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="dojo-bench-serve-"))
    tag = str(data)  # the data dir is on every game's command line: it tells this run's games apart
    os.environ["DOJO_BENCH_TAG"] = tag
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dojo", "--data-dir", tag, "serve", "--port", str(port), "--scenario", SCENARIO,
         "--seed", str(SEED)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    os.environ["DOJO_BENCH_SERVER"] = str(server.pid)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        latencies, misses = asyncio.run(play_group(f"http://127.0.0.1:{port}/", n, replies))
        memory = play_group.memory  # type: ignore[attr-defined]
        later = sorted(play_group.later)  # type: ignore[attr-defined]
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    latencies.sort()
    p95 = _p95(latencies)
    rss = [m[0] for m in memory]
    pss = [m[1] for m in memory]
    return {
        "players": n, "replies": len(latencies), "misses": misses,
        "p50": statistics.median(latencies) if latencies else float("inf"), "p95": p95,
        "worst": latencies[-1] if latencies else float("inf"),
        "processes": len(memory), "rss": statistics.mean(rss) if rss else 0.0, "rss_max": max(rss, default=0.0),
        "pss": statistics.mean(pss) if pss else 0.0,
        "p95_later": _p95(later), "start_s": play_group.start_s, "server": play_group.server_mb,  # type: ignore[attr-defined]
    }


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(0.95 * len(values)))] if values else float("inf")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[2:] if argv is None else argv  # `python -m bench serve 20`: the numbers after the name
    counts = tuple(int(a) for a in args if a.isdigit()) or PLAYERS
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        print("bench serve needs the web extra (make serve, or pip install -e '.[web]')")
        return 1
    replies = expected_replies()
    print(f"{len(QUESTIONS)} questions per player, a pause of {PAUSE_S[0]:.0f}–{PAUSE_S[1]:.0f} s between them; "
          f"{os.cpu_count()} cores")
    results = [run_group(n, replies) for n in counts]
    print("p95 later: without each player's first question; start: until every game showed its first screen")
    print(f"{'players':>7} {'replies':>7} {'missed':>6} {'p50 ms':>7} {'p95 ms':>7} {'later':>6} {'worst':>7} "
          f"{'start s':>7} {'RSS MB':>7} {'max':>6} {'PSS MB':>7} {'server':>6}")
    for r in results:
        print(f"{r['players']:>7} {r['replies']:>7} {r['misses']:>6} {r['p50']:>7.0f} {r['p95']:>7.0f} "
              f"{r['p95_later']:>6.0f} {r['worst']:>7.0f} {r['start_s']:>7.1f} {r['rss']:>7.1f} {r['rss_max']:>6.1f} "
              f"{r['pss']:>7.1f} {r['server']:>6.1f}")
    alone = results[0]
    for r in results[1:]:
        print(f"{r['players']} players: p95 {r['p95'] / alone['p95']:.1f} × one player alone")
    ok = True
    for r in results:
        if r["players"] >= 20:
            latency_ok = r["p95"] <= P95_MS and r["misses"] == 0
            memory_ok = r["rss"] <= RSS_MB
            print(f"{r['players']} players: p95 {r['p95']:.0f} ms (target ≤ {P95_MS:.0f}): {'met' if latency_ok else 'MISSED'}; "
                  f"RSS per player {r['rss']:.1f} MB (target ≤ {RSS_MB:.0f}): {'met' if memory_ok else 'MISSED'} "
                  f"(PSS {r['pss']:.1f} MB)")
            ok = ok and latency_ok and memory_ok
    fit = [r["players"] for r in results if r["p95"] <= P95_MS and r["misses"] == 0]
    print(f"most players measured within p95 ≤ {P95_MS:.0f} ms: {max(fit) if fit else 'none'}")
    fit = [r["players"] for r in results if r["p95_later"] <= P95_MS and r["misses"] == 0]
    print(f"... counting each player's questions after the first: {max(fit) if fit else 'none'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
