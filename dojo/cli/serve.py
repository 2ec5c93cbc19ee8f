"""``dojo serve [--host H] [--port P]``: the game in a web browser, through textual-serve.

Each browser tab that opens the page gets its own game process, with the same data directory
and play options. By default the game is forked from a warm fork server (:mod:`dojo.tui.forkserver`)
that has Textual, the dojo and the classifier's model loaded already; ``--no-fork-server`` makes
textual-serve start a fresh ``python -m dojo play`` per tab instead. The server binds to
loopback unless ``--host`` names another address, and then warns that there is no
authentication (put it behind a reverse proxy that has some: see the README).

textual-serve (and aiohttp) are the ``web`` extra; the server itself is :mod:`dojo.tui.web`
(Textual's side of the house), imported only inside :func:`run`,
so ``dojo --help`` and the headless commands stay free of them and of Textual.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dojo.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Past this many games at once, a new tab is told the dojo is full (see the README for the memory per player).
DEFAULT_MAX_PLAYERS = 30
PAGE_TITLE = "Kata Dojo"
WEB_EXTRA_HINT = "dojo serve needs textual-serve: run `make serve`, or pip install 'kata-dojo[web]'"


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "serve",
        help="serve the game in a web browser (one game process per tab)",
        description="Serve the game in a web browser with textual-serve: every tab that opens the page "
        "plays its own game, saved in the same data directory. Binds to loopback (127.0.0.1) unless --host "
        "names another address; there is no authentication, so anyone who can reach the port can play and "
        "read the sessions: put it behind a reverse proxy that authenticates (see the README).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, metavar="H", help=f"address to listen on (default: {DEFAULT_HOST})")
    parser.add_argument("--port", default=DEFAULT_PORT, metavar="P", help=f"port to listen on (default: {DEFAULT_PORT})")
    parser.add_argument(
        "--public-url", metavar="URL",
        help="the address players open, when it is not the one listened on (behind a reverse proxy: "
        "https://dojo.example.org); the page connects its websocket there",
    )
    parser.add_argument(
        "--max-players", default=DEFAULT_MAX_PLAYERS, metavar="N",
        help=f"games at once (default: {DEFAULT_MAX_PLAYERS}); a tab past that is told the dojo is full",
    )
    # passed through to every game process, as `dojo play` takes them
    parser.add_argument("--scenario", metavar="ID", help="every tab starts straight into this scenario")
    parser.add_argument("--seed", type=int, metavar="N", help="with --scenario: every tab gets the same learner and process")
    parser.add_argument("--mode", choices=("free", "guided"), default="free", help="free text or guided (pick one of four)")
    parser.add_argument("--no-save", action="store_true", help="keep no history of the sessions played")
    parser.add_argument(
        "--no-fork-server", action="store_true",
        help="start every tab's game in a fresh interpreter (slower to start and to answer the first question, "
        "more memory) instead of forking it from a warm fork server",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    port = parse_port(args.port)
    max_players = parse_max_players(args.max_players)
    addresses = resolve(args.host)
    public_url = parse_public_url(args.public_url) if args.public_url is not None else None
    game = game_args(args)
    if not args.no_save:
        _check_store()
    check_free(addresses, port, args.host)
    if not all(ipaddress.ip_address(a[4][0].split("%")[0]).is_loopback for a in addresses):
        print(
            f"dojo: warning: serving on {args.host}, reachable from other machines, with no authentication: "
            "anyone who reaches the port can play and read the sessions (see the README: reverse proxy)",
            file=sys.stderr,
        )
    try:
        from dojo.tui.web import make_server
    except ImportError:  # textual-serve (the web extra) is not installed
        raise UserError(WEB_EXTRA_HINT) from None
    server = make_server(game, args.host, port, public_url, max_players, title=PAGE_TITLE,
                         fork_server=not args.no_fork_server)
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port between the check and the bind
        raise UserError(bind_problem(exc, args.host, port)) from None
    return 0


def parse_port(text: str) -> int:
    try:
        port = int(str(text).strip())
    except ValueError:
        raise UserError(f"--port {text!r} is not a number; give a port between 1 and 65535") from None
    if not 1 <= port <= 65535:
        raise UserError(f"--port {port} is out of range; give a port between 1 and 65535")
    return port


def parse_max_players(text: str) -> int:
    try:
        n = int(str(text).strip())
    except ValueError:
        raise UserError(f"--max-players {text!r} is not a number; give how many games may run at once") from None
    if n < 1:
        raise UserError(f"--max-players {n} lets nobody play; give 1 or more")
    return n


def resolve(host: str) -> list[Any]:
    """The addresses ``host`` stands for (one line if none)."""
    if not host.strip():
        raise UserError("--host is empty; give an address such as 127.0.0.1")
    try:
        return socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.args[1] if isinstance(exc, socket.gaierror) and len(exc.args) > 1 else str(exc)
        raise UserError(f"--host {host!r} is not an address this machine can listen on ({reason})") from None


def parse_public_url(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UserError(f"--public-url {text!r} is not an http:// or https:// address such as https://dojo.example.org")
    return text.strip().rstrip("/")


def check_free(addresses: list[Any], port: int, host: str) -> None:
    """Bind each address as the server will (SO_REUSEADDR, as aiohttp does) and let go: one line if it cannot."""
    for family, kind, proto, _name, sockaddr in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind((sockaddr[0], port, *sockaddr[2:]))
            except OSError as exc:
                raise UserError(bind_problem(exc, host, port)) from None


def bind_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use; choose another with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host} is not an address of this machine"
    if exc.errno == errno.EACCES:
        return f"port {port} needs privileges this user lacks; choose one above 1023 with --port"
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"


def game_args(args: argparse.Namespace) -> list[str]:
    """What follows ``dojo`` for each tab's game: the same data directory and play options."""
    argv: list[str] = []
    data_dir = os.environ.get("DOJO_HOME")  # main() puts --data-dir there
    if data_dir:
        argv += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    argv.append("play")
    if args.scenario:
        from dojo.scenarios.registry import load_scenario

        load_scenario(args.scenario)  # a bad id is one line now, not a broken page per tab
        scenario = args.scenario
        if Path(scenario).is_file():
            scenario = str(Path(scenario).resolve())
        argv += ["--scenario", scenario]
    if args.seed is not None:
        from dojo.cli.play import SEED_RANGE

        if not args.scenario:
            raise UserError("--seed needs --scenario (the home screen picks a new seed per game)")
        if args.seed not in SEED_RANGE:
            raise UserError(f"--seed must be between {SEED_RANGE.start} and {SEED_RANGE.stop - 1}")
        argv += ["--seed", str(args.seed)]
    argv += ["--mode", args.mode]
    if args.no_save:
        argv.append("--no-save")
    return argv


def _check_store() -> None:
    """Open the data directory's store once, so a damaged or read-only one is one line here, not in every tab."""
    from dojo.storage.sqlite import open_store

    store = open_store()
    for warning in store.warnings:
        print(f"dojo: warning: {warning}", file=sys.stderr)
    store.close()
