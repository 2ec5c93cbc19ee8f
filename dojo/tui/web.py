"""The game in a web browser: textual-serve's server, with the dojo's start-up line, a page that
connects back to where it was loaded from, a cap on games at once, and (unless told otherwise)
the fork server that starts every tab's game warm (:class:`ForkServerProcess`). ``dojo serve``
(:mod:`dojo.cli.serve`) checks the arguments and calls :func:`make_server`; importing this
module needs the ``web`` extra (textual-serve, aiohttp)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from dojo.tui import forkserver_launcher

log = logging.getLogger("dojo.serve")

#: How long the web server waits for the fork server to be warm before it opens its port anyway
#: (tabs that come meanwhile wait in the fork server's queue).
READY_TIMEOUT_S = 60.0
#: A fork server that ran at least this long before it stopped is started again; one that stops sooner
#: would likely stop again, so tabs then start their games on their own (each launcher says so).
RESTART_AFTER_S = 30.0


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


class ForkServerProcess:
    """The fork server (:mod:`dojo.tui.forkserver`) as the web server runs it: its socket in a
    private temporary directory, started with the environment textual-serve gives a tab (Textual
    reads some of it when imported), started again if it stops after a good while, stopped with
    the web server. Each tab runs :meth:`command`, the launcher, instead of a fresh game."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="dojo-serve-"))  # 0700: only this user reaches the socket
        self.socket = self.directory / "fork.sock"
        self.process: asyncio.subprocess.Process | None = None
        self.started_at = 0.0
        self.stopping = False
        self._watch: asyncio.Task[None] | None = None

    def command(self, game_args: list[str]) -> str:
        """The shell command for one tab: the launcher (the standard library only: ``-I -S``)."""
        launcher = Path(forkserver_launcher.__file__).resolve()
        argv = [sys.executable, "-I", "-S", str(launcher), str(self.socket), "--", *game_args]
        return "exec " + shlex.join(argv)

    async def start(self, env: dict[str, str]) -> None:
        """Start it and wait until it is warm (its READY line), so the first players do not wait for it."""
        from dojo.tui.forkserver import READY

        self.process = process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "dojo.tui.forkserver", str(self.socket), env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        )
        self.started_at = time.monotonic()
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), READY_TIMEOUT_S)
        except TimeoutError:
            log.warning("the fork server is not ready after %.0f s; the first tabs wait for it", READY_TIMEOUT_S)
        else:
            if line.decode(errors="replace").strip() != READY:
                log.warning("the fork server did not start; every tab starts its game on its own")
        self._watch = asyncio.create_task(self._watch_over(env))

    async def _watch_over(self, env: dict[str, str]) -> None:
        assert self.process is not None
        code = await self.process.wait()
        if self.stopping:
            return
        if time.monotonic() - self.started_at >= RESTART_AFTER_S:
            log.warning("the fork server stopped (exit status %s); starting it again", code)
            await self.start(env)
        else:
            log.warning("the fork server stopped (exit status %s); every tab now starts its game on its own", code)

    async def stop(self) -> None:
        self.stopping = True
        if self._watch is not None:
            self._watch.cancel()
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
        self.remove()

    def remove(self) -> None:
        """The socket's directory (also when the loop never ran ``stop``)."""
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)


def game_command(game_args: list[str]) -> str:
    """The shell command textual-serve runs for each tab without the fork server: a fresh interpreter."""
    return shlex.join([sys.executable, "-m", "dojo", *game_args])


def make_server(
    game_args: list[str], host: str, port: int, public_url: str | None, max_players: int, *, title: str,
    fork_server: bool = True,
) -> Any:
    """textual-serve's Server, with the dojo's own start-up line, a page that connects back to
    the address it was loaded from (unless ``--public-url`` says where), at most
    ``max_players`` games at once (a tab past that gets one line on its screen, and no process),
    and each tab's game forked from the warm fork server unless ``fork_server`` is False."""
    playing = 0
    forks = ForkServerProcess() if fork_server else None
    command = forks.command(game_args) if forks is not None else game_command(game_args)

    class DojoServer(Server):
        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="dojo serve: %(message)s", stream=sys.stderr)

        def serve(self, debug: bool = False) -> None:
            try:
                super().serve(debug)
            finally:
                if forks is not None:
                    forks.remove()

        async def on_startup(self, app: Any) -> None:
            if forks is not None:
                await forks.start(self._tab_environment())
            where = public_url or self.public_url
            if public_url is None and _unspecified(host):
                where = f"port {port} of every address of this machine (http://ADDRESS:{port})"
            print(f"dojo: serving the game on {where} (each tab plays its own game; ctrl+c stops)", flush=True)

        async def on_shutdown(self, app: Any) -> None:
            if forks is not None:
                await forks.stop()

        def _tab_environment(self) -> dict[str, str]:
            """The environment textual-serve gives a tab's process (its terminal size aside)."""
            service = AppService(
                command, write_bytes=_nothing, write_str=_nothing, close=_nothing,
                download_manager=self.download_manager, debug=self.debug,
            )
            return dict(service._build_environment())

        async def handle_index(self, request: Any) -> Any:
            if public_url is None:
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: Any) -> Any:
            nonlocal playing
            if playing >= max_players:
                ws = web.WebSocketResponse()
                await ws.prepare(request)
                await ws.send_bytes(f"\r\nThe dojo is full (at most {max_players} games at once). Try again later.\r\n".encode())
                await ws.close()
                return ws
            playing += 1
            try:
                return await super().handle_websocket(request)
            finally:
                playing -= 1

    listen = f"[{host}]" if ":" in host else host
    return DojoServer(command, host=host, port=port, title=title, public_url=public_url or f"http://{listen}:{port}")


async def _nothing(*_args: Any) -> None:
    """A tab's callbacks, for an AppService made only to read its environment."""
