"""A fork server for the tests: the dojo's :class:`ForkServer` loop, with small games instead of the dojo.

``python tests/serve/forkserver_games.py SOCKET`` listens, writes ``ready`` and forks; each child runs the
game its first argument names (see GAMES) with the rest of its arguments.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

from dojo.tui.forkserver import ForkServer, listen


def echo(args: list[str]) -> int:
    """A line from stdin back on stdout, with what the game got: cwd, an env var, its argv; then exit ``args[0]``."""
    line = sys.stdin.readline().strip()
    print(f"line={line}")
    print(f"cwd={os.getcwd()}")
    print(f"value={os.environ.get('DOJO_TEST_VALUE', '<unset>')}")
    print(f"argv={sys.argv}")
    print(f"random={random.random()}")
    print("to stderr", file=sys.stderr)
    return int(args[0]) if args else 0


def until_signal(_args: list[str]) -> int:
    """Say its pid, then wait: SIGTERM (default action) ends it; end of stdin ends it with 0."""
    print(f"pid={os.getpid()}", flush=True)
    print(f"sigint={'default' if signal.getsignal(signal.SIGINT) is signal.default_int_handler else 'changed'}",
          flush=True)
    sys.stdin.read()
    return 0


def killed_by(args: list[str]) -> int:
    os.kill(os.getpid(), int(args[0]))
    time.sleep(5)
    return 0


GAMES = {"echo": echo, "until-signal": until_signal, "killed-by": killed_by}


def main() -> int:
    path = sys.argv[1]
    listener = listen(path)
    print("ready", flush=True)
    request = ForkServer(listener, path).serve()
    if request is None:
        return 0
    name, *args = request.args
    return GAMES[name](args)


if __name__ == "__main__":
    raise SystemExit(main())
