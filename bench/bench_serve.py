"""``dojo serve`` under a group: reply latency and memory per player, with the fork server and without.

Targets (issue 10): 20 players at once, each asking a question every few seconds, every reply
on screen within 300 ms at the 95th percentile; resident memory ≤ 70 MB per player.

Players are websocket clients speaking textual-serve's protocol (what the page's script sends:
``["stdin", keys]``), not browser tabs: twenty Chromiums would measure Chromium on this 2-core
machine, not the dojo. Every player starts straight into the same scenario and seed
(``dojo serve --scenario … --seed …``), so the learner's replies are known beforehand from
``dojo play --headless --interactive`` with the same lines; a reply counts as on screen when
its first characters arrive in the terminal output the server sends to the player's page.

Each player count runs twice in the same run: ``fresh`` (``--no-fork-server``: textual-serve
starts a new interpreter per tab, the reference) and ``fork`` (the default: each tab's launcher
hands its pipes to the warm fork server, which forks the game). The figures are compared as
ratios, fork against fresh at the same player count, and against one player alone.

Latency: p95 over every reply, over each player's first question (the one a fresh game paid
for loading the classifier's model and the learner's vocabulary) and over the later ones.

Memory, from /proc after every player asked, per process: RSS (every page the process maps,
shared ones counted in full in every process: what ``top`` shows), PSS (each shared page
split between the processes sharing it: the fair share) and USS (pages only this process
holds: what ending it gives back). Per player: the game's, and the launcher's with the fork
server; "PSS per player" is the sum of PSS over every game, launcher and the fork server itself,
divided by the players: what the machine spends per player (the web server is listed apart).

``python -m bench serve [N ...]`` runs with those player counts (default: 1, 10, 20).
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
PLAYERS = (1, 10, 20)
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

    async def join(self, name: str) -> bool:
        """Type ``name`` in the game's "Who is playing?" dialog; True once the session shows."""
        start = len(self.text)
        await self.ws.send_str(json.dumps(["stdin", name]))
        await asyncio.sleep(0.05)
        await self.ws.send_str(json.dumps(["stdin", "\r"]))
        return await self.wait_for("Cycle 1", start, READY_TIMEOUT_S)

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


NAME_PROMPT = "Who is playing?"
MODES = tuple(os.environ.get("BENCH_SERVE_MODES", "fresh,fork").split(","))  # fresh first: the reference


async def play_group(url: str, n: int, replies: list[str], server_pid: int) -> dict[str, object]:
    """N players connect, wait for their game, then ask QUESTIONS with pauses: latencies in ms, memory."""
    import aiohttp

    first: list[float] = []  # each player's first question
    later: list[float] = []
    misses = 0
    async with aiohttp.ClientSession() as http:
        sockets = [await http.ws_connect(f"{url}ws?width=100&height=32", max_msg_size=0) for _ in range(n)]
        players = [Player(ws) for ws in sockets]
        readers = [asyncio.create_task(p.read()) for p in players]
        t_connect = time.perf_counter()
        # A browser tab asks who is playing before its session starts (players, issue 10): the game is
        # up when it asks; each player then types a name and waits for the session.
        ready = await asyncio.gather(*(p.wait_for(NAME_PROMPT, 0, READY_TIMEOUT_S) for p in players))
        start_s = time.perf_counter() - t_connect
        if not all(ready):
            raise RuntimeError(f"{ready.count(False)} of {n} games did not start within {READY_TIMEOUT_S:.0f} s")
        ready = await asyncio.gather(*(p.join(f"Player {i + 1}") for i, p in enumerate(players)))
        if not all(ready):
            raise RuntimeError(f"{ready.count(False)} of {n} sessions did not start after the name was typed")
        at_start = memory_by_role(server_pid)  # the processor time each game took to start

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
                    (later if index else first).append((time.perf_counter() - t0) * 1000)
                else:
                    misses += 1
                await asyncio.sleep(rng.uniform(*PAUSE_S))

        await asyncio.gather(*(ask_all(p, random.Random(i)) for i, p in enumerate(players)))
        memory = memory_by_role(server_pid)
        for ws in sockets:
            await ws.close()
        for task in readers:
            task.cancel()
    return {"first": first, "later": later, "misses": misses, "start_s": start_s, "memory": memory, "at_start": at_start}


def memory_by_role(server_pid: int) -> dict[str, list[tuple[float, float, float, float]]]:
    """(RSS, PSS, USS in MB, processor time in s) of every process under the web server, by role: ``game``,
    ``launcher``, ``forkserver``, ``server``, ``other`` (a shell, if textual-serve's command left one)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    under = {server_pid}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in under} - under
        under |= more
        grew = bool(more)
    out: dict[str, list[tuple[float, float, float, float]]] = {}
    zygote = None
    for pid in sorted(under):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"dojo.tui.forkserver" in cmdline and parents.get(pid) == server_pid:
                zygote = pid
        except OSError:
            continue
    for pid in sorted(under):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            rss = _kb(Path(f"/proc/{pid}/status").read_text(), "VmRSS")
            pss = _kb(rollup, "Pss")
            uss = _kb(rollup, "Private_Clean") + _kb(rollup, "Private_Dirty")
        except (OSError, KeyError):
            continue
        if pid == server_pid:
            role = "server"
        elif pid == zygote:
            role = "forkserver"
        elif zygote is not None and parents.get(pid) == zygote:
            role = "game"
        elif any(part.endswith(b"forkserver_launcher.py") for part in cmdline):
            role = "launcher"
        elif b"dojo" in cmdline and b"play" in cmdline:
            role = "game"
        else:
            role = "other"
        out.setdefault(role, []).append((rss / 1024, pss / 1024, uss / 1024, cpu.get(pid, 0.0)))
    return out


def _kb(text: str, field: str) -> float:
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    if not match:
        raise KeyError(field)
    return float(match.group(1))


def run_group(n: int, replies: list[str], mode: str) -> dict[str, object]:
    data = Path(tempfile.mkdtemp(prefix="dojo-bench-serve-"))
    port = free_port()
    flags = ["--no-fork-server"] if mode == "fresh" else []
    load_before = os.getloadavg()[0]
    server = subprocess.Popen(
        [sys.executable, "-m", "dojo", "--data-dir", str(data), "serve", "--port", str(port), "--scenario", SCENARIO,
         "--seed", str(SEED), *flags],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        played = asyncio.run(play_group(f"http://127.0.0.1:{port}/", n, replies, server.pid))
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
        err = server.stderr.read().decode("utf-8", "replace") if server.stderr else ""
        shutil.rmtree(data, ignore_errors=True)
    first, later = sorted(played["first"]), sorted(played["later"])  # type: ignore[call-overload]
    every = sorted(first + later)
    memory: dict[str, list[tuple[float, float, float, float]]] = played["memory"]  # type: ignore[assignment]
    games, launchers = memory.get("game", []), memory.get("launcher", [])
    spent = sum(m[1] for role in ("game", "launcher", "forkserver", "other") for m in memory.get(role, []))
    return {
        "mode": mode, "players": n, "replies": len(every), "misses": played["misses"],
        "p50": statistics.median(every) if every else float("inf"), "p95": _p95(every),
        "p95_first": _p95(first), "p95_later": _p95(later), "worst": every[-1] if every else float("inf"),
        "start_s": played["start_s"], "games": len(games),
        "rss": _mean(games, 0), "rss_max": max((m[0] for m in games), default=0.0),
        "pss": _mean(games, 1), "uss": _mean(games, 2),
        "launcher_rss": _mean(launchers, 0), "launcher_pss": _mean(launchers, 1), "launcher_uss": _mean(launchers, 2),
        "forkserver_rss": _mean(memory.get("forkserver", []), 0),
        "pss_player": spent / n, "uss_player": _mean(games, 2) + _mean(launchers, 2),
        "server": _mean(memory.get("server", []), 0), "others": len(memory.get("other", [])),
        "cpu_player": _cpu(memory) / n, "cpu_start": _cpu(played["at_start"]) / n,  # type: ignore[arg-type]
        "cpu_reply_ms": (_cpu(memory) - _cpu(played["at_start"])) / max(1, len(every)) * 1000,  # type: ignore[arg-type]
        "cpu_forkserver": _mean(memory.get("forkserver", []), 3), "cpu_server": _mean(memory.get("server", []), 3),
        "fallbacks": err.count("starts on its own"), "load": (load_before, os.getloadavg()[0]),
    }


def _cpu(memory: dict[str, list[tuple[float, float, float, float]]]) -> float:
    """Processor seconds of the players' processes (games, launchers, shells), not the servers'."""
    return sum(m[3] for role in ("game", "launcher", "other") for m in memory.get(role, []))


def _mean(rows: list[tuple[float, float, float, float]], column: int) -> float:
    return statistics.mean(r[column] for r in rows) if rows else 0.0


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
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
    results = []
    for n in counts:
        for mode in MODES:
            results.append(run_group(n, replies, mode))
            r = results[-1]
            print(f"  {mode} {n}: done (load {r['load'][0]:.1f} → {r['load'][1]:.1f})", flush=True)  # type: ignore[index]
    print("p95 first: each player's first question; later: the others; start: until every game showed its first "
          "screen. Per game: RSS, PSS, USS; launcher: the fork server's per-tab launcher (RSS/PSS/USS); "
          "PSS/pl: every dojo process's PSS (games, launchers, fork server) over the players; CPU/pl: processor "
          "seconds of each player's game and launcher, start and 8 questions (the fork server's warm-up is apart), "
          "of which 'start' until the first screen, and per reply in ms ('reply': the machine's cost of one question)")
    print(f"{'mode':>5} {'players':>7} {'replies':>7} {'missed':>6} {'p50':>5} {'p95':>5} {'first':>5} {'later':>5} "
          f"{'worst':>6} {'start s':>7} {'RSS':>5} {'PSS':>5} {'USS':>5} {'launcher':>14} {'PSS/pl':>6} "
          f"{'zygote':>6} {'server':>6} {'CPU/pl':>6} {'start':>5} {'reply':>5} {'load':>9}")
    for r in results:
        launcher = f"{r['launcher_rss']:.0f}/{r['launcher_pss']:.1f}/{r['launcher_uss']:.1f}" if r["launcher_rss"] else "-"
        print(f"{r['mode']:>5} {r['players']:>7} {r['replies']:>7} {r['misses']:>6} {r['p50']:>5.0f} {r['p95']:>5.0f} "
              f"{r['p95_first']:>5.0f} {r['p95_later']:>5.0f} {r['worst']:>6.0f} {r['start_s']:>7.1f} {r['rss']:>5.1f} "
              f"{r['pss']:>5.1f} {r['uss']:>5.1f} {launcher:>14} {r['pss_player']:>6.1f} {r['forkserver_rss']:>6.1f} "
              f"{r['server']:>6.1f} {r['cpu_player']:>6.2f} {r['cpu_start']:>5.2f} {r['cpu_reply_ms']:>5.0f} {r['load'][0]:>4.1f}→{r['load'][1]:<4.1f}")  # type: ignore[index]
        if r["fallbacks"] or r["others"] or r["games"] != r["players"]:
            print(f"      note: {r['fallbacks']} tabs fell back to a fresh game, {r['others']} other processes, "
                  f"{r['games']} games for {r['players']} players")
    by = {(r["mode"], r["players"]): r for r in results}
    for n in counts:
        fresh, fork = by[("fresh", n)], by[("fork", n)]
        print(f"{n} players, fork ÷ fresh: p95 {_ratio(fork['p95'], fresh['p95'])}, first {_ratio(fork['p95_first'], fresh['p95_first'])}, "
              f"later {_ratio(fork['p95_later'], fresh['p95_later'])}, start {_ratio(fork['start_s'], fresh['start_s'])}, "
              f"PSS per player {_ratio(fork['pss_player'], fresh['pss_player'])}, RSS per game {_ratio(fork['rss'], fresh['rss'])}, "
              f"CPU per player {_ratio(fork['cpu_player'], fresh['cpu_player'])} (fork server's own: {fork['cpu_forkserver']:.1f} s), "
              f"CPU to start {_ratio(fork['cpu_start'], fresh['cpu_start'])}, CPU per reply {_ratio(fork['cpu_reply_ms'], fresh['cpu_reply_ms'])}")
    if counts[0] != counts[-1]:
        for mode in MODES:
            alone, most = by[(mode, counts[0])], by[(mode, counts[-1])]
            print(f"{mode}: {counts[-1]} players' p95 is {_ratio(most['p95'], alone['p95'])} {counts[0]} player's")
    ok = True
    for r in results:
        if r["players"] >= 20 and r["mode"] == "fork":
            latency_ok = r["p95"] <= P95_MS and r["misses"] == 0
            memory_ok = r["rss"] + r["launcher_uss"] <= RSS_MB
            print(f"{r['players']} players, {r['mode']}: p95 {r['p95']:.0f} ms (target ≤ {P95_MS:.0f}): "
                  f"{'met' if latency_ok else 'MISSED'}; RSS per game {r['rss']:.1f} MB + the launcher's own "
                  f"{r['launcher_uss']:.1f} MB (target ≤ {RSS_MB:.0f}): {'met' if memory_ok else 'MISSED'}; "
                  f"PSS per player {r['pss_player']:.1f} MB, USS {r['uss_player']:.1f} MB")
            ok = ok and latency_ok and memory_ok
    return 0 if ok else 1


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f} ×" if b else "-"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
