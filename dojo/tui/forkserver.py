"""``dojo serve``'s fork server: one warm process that forks every browser tab's game.

With textual-serve alone every tab starts a fresh interpreter that imports Textual, pydantic
and the dojo, loads the classifier's model and builds the learner's vocabulary: about a
second of processor time per tab, paid again by the first question, and some 60 MB per tab.
Here ``dojo serve`` starts this process once (``python -m dojo.tui.forkserver SOCKET``, with
the environment textual-serve gives a tab). It listens on a Unix socket in the server's
private (0700) directory, then does all of that once (:func:`warm_up`), plays a short session
on every scenario so the first question's code paths have run, collects and freezes the
heap (``gc.freeze``: the collector then never writes to these objects, so their pages stay
shared between the games) and waits.

Each tab's command is the launcher (:mod:`dojo.tui.forkserver_launcher`), which sends its
pipes, environment, working directory and ``dojo`` arguments. The fork server checks that
the peer runs as the same user, forks, and in the child takes over the pipes, the
environment and the directory, reseeds ``random``, restores the default signal handlers and
runs ``dojo ARGS`` (:func:`run_game`): the SQLite store is opened there, by the game, never
here. The fork server answers the launcher with the child's pid, passes on the signals the
launcher forwards, reaps the child and sends its exit status.

Nothing here may start a thread: a fork copies only the calling thread, and a lock another
thread held would stay locked in every game. :meth:`ForkServer.serve` refuses to fork when
there is more than one thread (the launcher then runs the game on its own).

The fork server stops on SIGTERM or SIGHUP, or when its parent (the web server) is gone,
after asking its games to end (SIGTERM, which a Textual app takes as "quit").
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import select
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from dataclasses import dataclass

from dojo.tui.forkserver_launcher import (
    EXITED,
    FRAME,
    HEADER,
    MAGIC,
    MAX_BODY,
    SIGNAL,
    STARTED,
    STDIO,
    ProtocolError,
    decode_request,
    read_frame,
)

#: A launcher has this long to send its whole request (the fork server waits on nobody else meanwhile).
HANDSHAKE_TIMEOUT_S = 5.0
#: On stopping, how long the games have to end after SIGTERM before the fork server leaves anyway.
STOP_GRACE_S = 5.0
#: Connections waiting while the fork server warms up or forks (a tab's launcher waits in this queue).
BACKLOG = 128
_PEERCRED = struct.Struct("3i")  # pid, uid, gid
#: The line the fork server writes on its standard output once it is warm.
READY = "ready"


@dataclass(frozen=True)
class Request:
    """What a launcher asked for: its working directory, ``dojo`` arguments and environment."""

    cwd: bytes
    args: list[str]
    env: dict[bytes, bytes]


def listen(path: str) -> socket.socket:
    """A Unix socket at ``path`` (a stale one there is replaced), only its owner may connect."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(old)
    listener.listen(BACKLOG)
    return listener


def log(message: str) -> None:
    print(f"dojo serve: fork server: {message}", file=sys.stderr, flush=True)


class ForkServer:
    """The accept-fork-reap loop. :meth:`serve` returns None in this process when it stops, and
    the :class:`Request` in each child it forks (the child then runs the game and exits)."""

    def __init__(self, listener: socket.socket, path: str | None = None, parent: int | None = None) -> None:
        self.listener = listener
        self.path = path  # removed when stopping
        self.parent = os.getppid() if parent is None else parent
        self.games: dict[int, socket.socket | None] = {}  # pid -> its launcher's connection (None: gone)
        self.stopping = False
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    # -- the loop ------------------------------------------------------------------------------------

    def serve(self) -> Request | None:
        signal.set_wakeup_fd(self._wake_w)
        signal.signal(signal.SIGCHLD, _wake_only)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGHUP, self._stop)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # ^C in the terminal is the web server's to handle
        while not self.stopping:
            launchers = {conn.fileno(): (pid, conn) for pid, conn in self.games.items() if conn is not None}
            readable, _, _ = select.select([self.listener.fileno(), self._wake_r, *launchers], [], [], 1.0)
            self._drain_wake()
            self._reap()
            for fd in readable:
                if fd in launchers:
                    self._from_launcher(*launchers[fd])
            if self.listener.fileno() in readable:
                request = self._accept()
                if request is not None:
                    return request  # in the child
            if os.getppid() != self.parent:
                log("the web server is gone; stopping")
                self.stopping = True
        self._wind_down()
        return None

    def _stop(self, _sig: int, _frame: object) -> None:
        self.stopping = True

    def _drain_wake(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self._wake_r, 512):
                pass

    def _reap(self) -> None:
        """Collect every ended game and tell its launcher how it ended."""
        while self.games:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.games.pop(pid, None)
            if conn is not None:
                with contextlib.suppress(OSError):
                    conn.sendall(FRAME.pack(EXITED, os.waitstatus_to_exitcode(status)))
                conn.close()

    def _from_launcher(self, pid: int, conn: socket.socket) -> None:
        if self.games.get(pid) is not conn:  # reaped (and its connection closed) in this same turn
            return
        try:
            kind, value = read_frame(conn)
        except (OSError, ProtocolError):
            # The launcher is gone (killed): the game textual-serve started is gone for it, so this one goes too.
            conn.close()
            self.games[pid] = None
            _signal_game(pid, signal.SIGHUP)
            return
        if kind == SIGNAL and value in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            _signal_game(pid, value)

    # -- one tab -------------------------------------------------------------------------------------

    def _accept(self) -> Request | None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return None
        fds: list[int] = []
        try:
            conn.settimeout(HANDSHAKE_TIMEOUT_S)
            _check_peer(conn)
            request, fds = _receive(conn)
            if threading.active_count() != 1:
                raise ProtocolError(f"{threading.active_count()} threads are running here; a fork would copy one")
            sys.stdout.flush()
            sys.stderr.flush()
            gc.freeze()  # what this loop allocated since: untouched by the games' collectors too
            pid = os.fork()
        except (OSError, ProtocolError) as exc:
            log(f"a tab's request was refused ({exc}); its launcher runs the game on its own")
            for fd in fds:
                os.close(fd)
            conn.close()
            return None
        if pid == 0:
            self._become_game(request, fds, conn)
            return request
        for fd in fds:
            os.close(fd)
        self.games[pid] = conn
        try:
            conn.sendall(FRAME.pack(STARTED, pid))
        except OSError:  # the launcher went away meanwhile: so does its game
            conn.close()
            self.games[pid] = None
            _signal_game(pid, signal.SIGHUP)
        return None

    def _become_game(self, request: Request, fds: list[int], conn: socket.socket) -> None:
        """In the child: this tab's pipes, environment and directory; none of the server's sockets."""
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        for other in self.games.values():
            if other is not None:
                other.close()
        self.games.clear()
        conn.close()
        self.listener.close()
        os.close(self._wake_r)
        os.close(self._wake_w)
        for target, fd in zip(STDIO, fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd not in STDIO:
                os.close(fd)
        os.chdir(request.cwd)
        os.environb.clear()
        os.environb.update(request.env)
        random.seed()  # (also done by random's own fork hook) each game its own stream
        sys.argv = ["dojo", *request.args]

    def _wind_down(self) -> None:
        """Ask every game to end, relay their statuses for a while, and leave."""
        signal.signal(signal.SIGCHLD, _wake_only)
        for pid in list(self.games):
            _signal_game(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        while self.games and time.monotonic() < deadline:
            select.select([self._wake_r], [], [], 0.1)
            self._drain_wake()
            self._reap()
        self.listener.close()
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def _wake_only(_sig: int, _frame: object) -> None:
    """A SIGCHLD only has to wake the loop's select (through the wake-up pipe)."""


def _signal_game(pid: int, sig: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, sig)


def _check_peer(conn: socket.socket) -> None:
    _pid, uid, _gid = _PEERCRED.unpack(conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEERCRED.size))
    if uid != os.getuid():
        raise ProtocolError(f"a process of user {uid} connected")


def _receive(conn: socket.socket) -> tuple[Request, list[int]]:
    """The request and its three descriptors (closed again if the request is not whole)."""
    data, fds, flags, _ = socket.recv_fds(conn, HEADER.size, len(STDIO))
    try:
        if flags & socket.MSG_CTRUNC or len(fds) != len(STDIO):
            raise ProtocolError(f"the request came with {len(fds)} descriptors, not {len(STDIO)}")
        data += _exactly(conn, HEADER.size - len(data))
        magic, size = HEADER.unpack(data)
        if magic != MAGIC or size > MAX_BODY:
            raise ProtocolError("not a launcher's request")
        cwd, args, env = decode_request(_exactly(conn, size))
        return Request(cwd, [os.fsdecode(a) for a in args], env), fds
    except (OSError, ProtocolError):
        for fd in fds:
            os.close(fd)
        raise


def _exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ProtocolError("the request ended early")
        data += chunk
    return data


# -- the dojo's game -------------------------------------------------------------------------------


#: The screens every game goes through (home, a session, between cycles, the debrief, the card's
#: help and the questions it asks). The others (progress, replay, export) are imported by the games
#: that open them: loaded here, their few MB would be resident in every game.
PLAY_PATH = (
    "dojo.tui.app", "dojo.tui.storing", "dojo.tui.screens.home", "dojo.tui.screens.session",
    "dojo.tui.screens.between", "dojo.tui.screens.debrief", "dojo.tui.screens.help", "dojo.tui.screens.confirm",
    "dojo.storage.sqlite", "dojo.storage.recorder",
)


def warm_up() -> None:
    """Load what every game loads on its way to its first reply, once, before any fork."""
    import importlib

    from dojo.cli.main import build_parser
    from dojo.coaching.card import QUESTIONS
    from dojo.coaching.hearing import default_classifier
    from dojo.learner.vocabulary import known_stems
    from dojo.scenarios.registry import load_scenario, scenario_dirs, scenario_files
    from dojo.session.engine import Session
    from dojo.session.headless import ScriptClock

    build_parser()  # every command module, as each game's main() does
    for name in PLAY_PATH:
        importlib.import_module(name)
    classifier = default_classifier()
    known_stems()
    for directory, _builtin in scenario_dirs():
        for path in scenario_files(directory):
            try:
                scenario = load_scenario(path)
            except Exception:  # noqa: BLE001 - a broken file is the home screen's to report, per tab
                continue
            session = Session(scenario, seed=1, classifier=classifier, clock=ScriptClock())
            for question in QUESTIONS.values():
                session.coach(question)
            session.end_cycle()


def give_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``), so they are not
    resident in every game forked from here; a no-op where there is no glibc."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        return


def run_game(args: list[str]) -> int:
    """In a forked child: ``dojo ARGS``, with Textual's settings read again from this tab's environment."""
    import importlib

    import textual.constants

    importlib.reload(textual.constants)  # read once at import, from the fork server's environment
    from dojo.cli.main import main

    return main(args)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        log("usage: python -m dojo.tui.forkserver SOCKET")
        return 2
    path = argv[0]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ^C in the terminal is the web server's to handle
    listener = listen(path)  # at once: tabs that open meanwhile wait in its queue, not start on their own
    started = time.perf_counter()
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - one message; every tab's launcher then runs its game on its own
        traceback.print_exc()
        log("could not warm up; every tab starts its game on its own")
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
        return 1
    gc.collect()
    give_back_free_memory()
    gc.freeze()
    log(f"ready in {time.perf_counter() - started:.1f} s")
    print(READY, flush=True)  # to the web server, which opens its port now
    request = ForkServer(listener, path).serve()
    if request is None:
        return 0
    return run_game(request.args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
