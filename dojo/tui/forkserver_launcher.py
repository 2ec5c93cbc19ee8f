"""The per-tab launcher of ``dojo serve``'s fork server: hands this process's pipes to a warm game.

textual-serve runs a command for every browser tab; with the fork server that command is
``python -I -S .../forkserver_launcher.py SOCKET -- DOJO_ARGS``. This file imports no
site-packages, not even the ``dojo`` package, and of the standard library only C modules and
``struct``: it starts in about 30 ms and holds about 3 MB of its own (the ``_socket`` and
``_signal`` C modules rather than ``socket`` and ``signal``, whose ``enum`` and ``selectors``
would add 1 MB to every player).
It connects to the fork server (:mod:`dojo.tui.forkserver`) and sends it its standard input,
output and error (``socket.send_fds``) with its working directory, environment (textual-serve
puts the terminal size and Textual's driver there) and the ``dojo`` arguments. The fork server
forks a game that has Textual, the dojo and the classifier's model in memory already, and
answers with the game's pid, later with its exit status. Meanwhile this process passes SIGTERM
and SIGHUP on to the game (textual-serve's way of ending it; SIGINT from a terminal reaches the
game directly, as it is in the same process group, so it is ignored here), and at the end it
exits as the game did.

When the fork server cannot be reached, or drops the request before a game started, this says
so in one line on standard error (textual-serve copies it to its log) and runs the game itself,
``python -m dojo DOJO_ARGS``, as every tab does with ``dojo serve --no-fork-server``.

The wire protocol is defined here, once; the fork server imports it.
"""

from __future__ import annotations

import _signal as signal  # type: ignore[import-not-found]  # signal without enum; typeshed has no stub
import _socket as socket
import os
import select
import struct
import sys

#: A request: the header (magic, body length), then the body, NUL-separated:
#: working directory, number of arguments, the arguments, then ``KEY=VALUE`` environment entries.
MAGIC = b"DOJOFORK1"
HEADER = struct.Struct("!9sI")
MAX_BODY = 1 << 20
#: The three descriptors sent with the request's first byte (SCM_RIGHTS): stdin, stdout, stderr.
STDIO = (0, 1, 2)
#: A frame either way after the request: a kind and a 32-bit signed value.
FRAME = struct.Struct("!ci")
STARTED = b"P"  # server -> launcher: the game's pid
EXITED = b"S"  # server -> launcher: its exit code, or minus the signal that ended it
SIGNAL = b"K"  # launcher -> server: send this signal to the game
#: What the launcher passes on to its game.
FORWARDED = (signal.SIGTERM, signal.SIGHUP)


class ProtocolError(Exception):
    """The other side broke the protocol or went away mid-way."""


def encode_request(cwd: bytes, args: list[bytes], env: dict[bytes, bytes]) -> bytes:
    body = b"\0".join([cwd, b"%d" % len(args), *args, *(key + b"=" + value for key, value in env.items())])
    if len(body) > MAX_BODY:
        raise ProtocolError(f"the request is {len(body)} bytes, more than {MAX_BODY}")
    return HEADER.pack(MAGIC, len(body)) + body


def decode_request(body: bytes) -> tuple[bytes, list[bytes], dict[bytes, bytes]]:
    """(working directory, arguments, environment) from a request body."""
    fields = body.split(b"\0")
    try:
        count = int(fields[1])
    except (IndexError, ValueError):
        raise ProtocolError("the request has no argument count") from None
    if count < 0 or len(fields) < 2 + count:
        raise ProtocolError("the request has fewer arguments than it says")
    env = {}
    for entry in fields[2 + count:]:
        key, sep, value = entry.partition(b"=")
        if not sep or not key:
            raise ProtocolError("an environment entry is not KEY=VALUE")
        env[key] = value
    return fields[0], fields[2:2 + count], env


def read_frame(conn: socket.socket) -> tuple[bytes, int]:
    """One frame; ProtocolError when the other side closed before a whole one came."""
    data = b""
    while len(data) < FRAME.size:
        chunk = conn.recv(FRAME.size - len(data))
        if not chunk:
            raise ProtocolError("the connection closed")
        data += chunk
    kind, value = FRAME.unpack(data)
    return kind, value


def log(message: str) -> None:
    os.write(2, f"dojo serve: {message}\n".encode("utf-8", "replace"))


class Launcher:
    """One tab's hand-over to the fork server, then the wait for its game."""

    def __init__(self, path: str, args: list[str]) -> None:
        self.path = path
        self.args = args
        self.conn: socket.socket | None = None
        self.pid: int | None = None
        self.signals: list[int] = []  # received before the game's pid came
        self.sent = False  # the request is out: signals may follow it

    def run(self) -> int:
        for sig in FORWARDED:
            signal.signal(sig, self._on_signal)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self.pid = self._hand_over()
        except (OSError, ProtocolError) as exc:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            if self.signals:  # told to stop before any game started: stop
                return _die_by(self.signals[0])
            return self.run_alone(f"the fork server did not start this tab's game ({exc})")
        for fd in (0, 1):  # the game holds the pipes now: its exit alone closes them for textual-serve
            _to_devnull(fd)
        try:
            kind, value = read_frame(self.conn)  # type: ignore[arg-type]
            if kind != EXITED:
                raise ProtocolError(f"unexpected frame {kind!r}")
        except (OSError, ProtocolError):
            self.conn = None
            log(f"the fork server stopped while game {self.pid} ran; its exit status is lost")
            _wait_gone(self.pid)
            return 1
        return value if value >= 0 else _die_by(-value)

    def _hand_over(self) -> int:
        conn = self.conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(self.path)
        request = encode_request(os.fsencode(os.getcwd()), [os.fsencode(a) for a in self.args], dict(os.environb))
        fds = struct.pack(f"{len(STDIO)}i", *STDIO)  # as socket.send_fds sends them
        sent = conn.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
        if sent < len(request):
            conn.sendall(request[sent:])
        self.sent = True
        for sig in self.signals:  # the fork server reads them once the game has started
            self._forward(sig)
        kind, pid = read_frame(conn)
        if kind != STARTED or pid <= 0:
            raise ProtocolError(f"unexpected frame {kind!r}")
        return pid

    def _on_signal(self, sig: int, _frame: object) -> None:
        if self.pid is None:
            self.signals.append(sig)
        if self.sent:
            self._forward(sig)

    def _forward(self, sig: int) -> None:
        """Through the fork server (it knows whether the game is still its child), else directly."""
        if self.conn is not None:
            try:
                self.conn.sendall(FRAME.pack(SIGNAL, sig))
                return
            except OSError:
                pass  # the fork server is gone: the game, if it started, is told directly
        if self.pid is not None:
            _kill(self.pid, sig)

    def run_alone(self, why: str) -> int:
        """The game in this process, the slow way (``exec python -m dojo ARGS``)."""
        log(f"{why}; it starts on its own (slower)")
        for sig in (*FORWARDED, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL if sig != signal.SIGINT else signal.default_int_handler)
        os.execv(sys.executable, [sys.executable, "-m", "dojo", *self.args])
        return 1  # not reached: execv replaces this process or raises


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:  # already gone
        return


def _to_devnull(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, fd)
    os.close(null)


def _wait_gone(pid: int | None) -> None:
    """Until process ``pid`` (not our child: the fork server's) has ended."""
    if pid is None:
        return
    try:
        handle = os.pidfd_open(pid)
    except OSError:  # already gone
        return
    try:
        select.select([handle], [], [])
    finally:
        os.close(handle)


def _die_by(sig: int) -> int:
    """End as the game ended: by the same signal (or 128 + it, if that signal does not end us)."""
    signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
    os.kill(os.getpid(), sig)
    return 128 + sig


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] != "--":
        log("usage: forkserver_launcher.py SOCKET -- DOJO_ARGS")
        return 2
    return Launcher(argv[0], argv[2:]).run()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
