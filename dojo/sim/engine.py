"""A small event-driven simulation of stations in sequence, on ``heapq``.

Randomness: each source has its own ``random.Random`` seeded from (seed, source name)
through SHA-256, so an experiment's effect is read against the same noise (common random
numbers): arrivals, and per station id its service, defects and breakdowns. Service and
defect draws are made per unit id with a fixed count of ``random()`` calls each, so a
change at one station leaves every other stream, and the pairing of draws with units,
as it was. Samplers use only ``random()``, which Python keeps stable across versions.

Rules of the line:
- Units arrive (lognormal interarrival, cv 0 is a fixed takt; the first at time 0) and
  are released at once, or wait outside while the WIP limit is reached.
- A station serves FIFO with ``operators`` parallel servers. A unit's time there is
  service (lognormal, mean and cv) + rework if defective (one rework per station, of
  mean ``rework_mean``) + ``changeover`` if it opens a new batch.
- Finished units wait at the station until ``batch_size`` of them are done, then move
  on together; the last partial batch moves when every unit has passed. If a WIP limit
  starves a batch that can never fill (nothing in service or queued anywhere, release
  blocked), the most upstream partial batch moves on, as a team lead would send it.
- Breakdowns: exponential operating time between failures (the clock runs while the
  station has a unit in service) and exponential repair; a failure stops the whole
  station: units in service pause, nothing starts until the repair ends.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import deque
from heapq import heappop, heappush

from dojo.sim.metrics import RunResult, UnitRecord
from dojo.sim.model import ProcessModel

_END, _FAIL, _REPAIR = 0, 1, 2
_TWO_PI = 2.0 * math.pi


def stream(seed: int, source: str) -> random.Random:
    """The generator for one source of randomness, stable across runs and versions."""
    digest = hashlib.sha256(f"kata-dojo/{seed}/{source}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def lognormal_factors(rng: random.Random, n: int, cv: float) -> list[float]:
    """``n`` lognormal multipliers with mean 1 and the given cv; two ``random()`` each.

    Box-Muller with a fixed number of draws keeps a stream aligned with unit ids.
    """
    if cv <= 0:
        return [1.0] * n
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = -0.5 * sigma * sigma
    r, log, sqrt, cos, exp = rng.random, math.log, math.sqrt, math.cos, math.exp
    out = []
    for _ in range(n):
        z = sqrt(-2.0 * log(1.0 - r())) * cos(_TWO_PI * r())
        out.append(exp(mu + sigma * z))
    return out


def _defect_draws(rng: random.Random, n: int, rate: float, cv: float) -> list[float | None]:
    """Per unit: None (good first time) or the rework time's multiplier (mean 1).

    Always three ``random()`` calls per unit, so changing the rate or cv keeps each
    unit's draws."""
    r = rng.random
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = -0.5 * sigma * sigma
    out: list[float | None] = []
    for _ in range(n):
        hit = r() < rate
        z = math.sqrt(-2.0 * math.log(1.0 - r())) * math.cos(_TWO_PI * r())
        out.append(math.exp(mu + sigma * z) if hit else None)
    return out


def _exponential(rng: random.Random, mean: float) -> float:
    return -mean * math.log(1.0 - rng.random())


def simulate(model: ProcessModel, seed: int, *, units: int | None = None) -> RunResult:
    """Run ``units`` (default ``model.units``) through the line; same seed, same result."""
    n = model.units if units is None else int(units)
    if n < 1:
        raise ValueError(f"units must be at least 1, got {n}")
    stations = model.stations
    ns = len(stations)
    last = ns - 1
    limit = model.wip_limit

    # --- draws, made up front per unit id -------------------------------------------
    arr = model.arrivals
    gaps = lognormal_factors(stream(seed, "arrivals"), n - 1, arr.cv)
    arrival = [0.0] * n
    t = 0.0
    for i, g in enumerate(gaps, 1):
        t += arr.mean * g
        arrival[i] = t

    work: list[list[float]] = []
    reworked: list[bytearray] = []
    for st in stations:
        w = [st.mean * f for f in lognormal_factors(stream(seed, f"service/{st.id}"), n, st.cv)]
        flags = bytearray(n)
        if st.defect_rate > 0:
            for i, extra in enumerate(_defect_draws(stream(seed, f"defects/{st.id}"), n, st.defect_rate, st.cv)):
                if extra is not None:
                    flags[i] = 1
                    w[i] += st.rework_mean * extra
        work.append(w)
        reworked.append(flags)

    # --- state ----------------------------------------------------------------------
    cap = [st.operators for st in stations]
    batch = [st.batch_size for st in stations]
    changeover = [st.changeover for st in stations]
    queue: list[deque[int]] = [deque() for _ in stations]
    busy = [0] * ns
    up = [True] * ns
    waiting: list[list[int]] = [[] for _ in stations]  # done here, waiting for the batch
    started = [0] * ns
    completed = [0] * ns
    busy_time = [0.0] * ns
    down_time = [0.0] * ns
    failures = [0] * ns

    has_bd = [st.breakdowns is not None for st in stations]
    bd_rng = [stream(seed, f"breakdowns/{st.id}") if st.breakdowns else None for st in stations]
    mtbf = [st.breakdowns.mtbf if st.breakdowns else 0.0 for st in stations]
    mttr = [st.breakdowns.mttr if st.breakdowns else 0.0 for st in stations]
    ttf = [_exponential(rng, mtbf[s]) if (rng := bd_rng[s]) is not None else 0.0 for s in range(ns)]
    running = [False] * ns  # failure clock running
    since = [0.0] * ns
    version = [0] * ns  # invalidates a scheduled failure when the clock stops
    in_service: list[dict[int, float]] = [{} for _ in stations]  # unit -> scheduled end

    starts = [[0.0] * n for _ in stations]
    ends = [[0.0] * n for _ in stations]
    release = [0.0] * n
    done = [0.0] * n
    token = [0] * n  # invalidates a unit's end event when a failure postpones it
    outside: deque[int] = deque()
    wip_steps: list[tuple[float, int]] = []

    heap: list[tuple[float, int, int, int, int, int]] = []
    seq = 0
    wip = 0
    released = 0
    active = 0  # units queued or in service at some station
    finished = 0

    def clock_on(s: int, now: float) -> None:
        nonlocal seq
        running[s] = True
        since[s] = now
        version[s] += 1
        seq += 1
        heappush(heap, (now + ttf[s], seq, _FAIL, s, version[s], 0))

    def start(s: int, u: int, now: float) -> None:
        nonlocal seq
        d = work[s][u]
        if started[s] % batch[s] == 0:
            d += changeover[s]
        started[s] += 1
        busy[s] += 1
        starts[s][u] = now
        end = now + d
        seq += 1
        heappush(heap, (end, seq, _END, s, u, token[u]))
        if has_bd[s]:
            in_service[s][u] = end
            if not running[s]:
                clock_on(s, now)

    def enter(s: int, u: int, now: float) -> None:
        nonlocal active
        active += 1
        if up[s] and busy[s] < cap[s]:
            start(s, u, now)
        else:
            queue[s].append(u)

    def note_wip(now: float) -> None:
        if wip_steps and wip_steps[-1][0] == now:
            wip_steps[-1] = (now, wip)
        else:
            wip_steps.append((now, wip))

    def do_release(u: int, now: float) -> None:
        nonlocal wip, released
        wip += 1
        released += 1
        release[u] = now
        note_wip(now)
        enter(0, u, now)

    def move_on(s: int, group: list[int], now: float) -> None:
        nonlocal wip, finished
        if s == last:
            for u in group:
                done[u] = now
            finished += len(group)
            wip -= len(group)
            note_wip(now)
            if limit is not None:
                while outside and wip < limit:
                    do_release(outside.popleft(), now)
        else:
            for u in group:
                enter(s + 1, u, now)

    next_arrival = 0
    now = 0.0
    while True:
        if next_arrival < n and (not heap or arrival[next_arrival] <= heap[0][0]):
            u = next_arrival
            next_arrival += 1
            now = arrival[u]
            if limit is None or wip < limit:
                do_release(u, now)
            else:
                outside.append(u)
        elif heap:
            now, _, kind, s, a, b = heappop(heap)
            if kind == _END:
                u = a
                if b != token[u]:
                    continue  # postponed by a failure
                busy[s] -= 1
                active -= 1
                ends[s][u] = now
                busy_time[s] += now - starts[s][u]
                completed[s] += 1
                if has_bd[s]:
                    del in_service[s][u]
                q = queue[s]
                if q and up[s]:
                    start(s, q.popleft(), now)
                elif has_bd[s] and busy[s] == 0 and running[s]:
                    ttf[s] -= now - since[s]
                    running[s] = False
                    version[s] += 1
                group = waiting[s]
                group.append(u)
                if len(group) >= batch[s] or completed[s] == n:
                    waiting[s] = []
                    move_on(s, group, now)
            elif kind == _FAIL:
                if a != version[s]:
                    continue  # the clock stopped since this was scheduled
                rng = bd_rng[s]
                assert rng is not None  # only a station with breakdowns schedules a failure
                repair = _exponential(rng, mttr[s])
                ttf[s] = _exponential(rng, mtbf[s])
                up[s] = False
                running[s] = False
                failures[s] += 1
                down_time[s] += repair
                pending = in_service[s]
                for u, end in pending.items():
                    delayed = end + repair
                    pending[u] = delayed
                    token[u] += 1
                    seq += 1
                    heappush(heap, (delayed, seq, _END, s, u, token[u]))
                seq += 1
                heappush(heap, (now + repair, seq, _REPAIR, s, 0, 0))
            else:  # _REPAIR
                up[s] = True
                q = queue[s]
                while q and busy[s] < cap[s]:
                    start(s, q.popleft(), now)
                if busy[s] and not running[s]:
                    clock_on(s, now)
        else:
            break
        if limit is not None and active == 0 and wip >= limit and released < n:
            # Starved by the WIP limit: send the most upstream partial batch on.
            for s in range(ns):
                if waiting[s]:
                    group, waiting[s] = waiting[s], []
                    move_on(s, group, now)
                    break

    if finished != n:  # pragma: no cover - would be an engine bug
        raise RuntimeError(f"simulation stalled with {n - finished} of {n} units unfinished")

    records = tuple(
        UnitRecord(
            id=u,
            arrival=arrival[u],
            release=release[u],
            starts=tuple(starts[s][u] for s in range(ns)),
            ends=tuple(ends[s][u] for s in range(ns)),
            reworks=sum(reworked[s][u] for s in range(ns)),
            done=done[u],
        )
        for u in range(n)
    )
    return RunResult(
        model=model,
        seed=seed,
        units=records,
        end_time=max(done),
        wip_steps=tuple(wip_steps),
        busy_time=tuple(busy_time),
        down_time=tuple(down_time),
        failures=tuple(failures),
    )
