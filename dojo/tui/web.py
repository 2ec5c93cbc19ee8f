"""The game in a web browser: textual-serve's server, with the dojo's start-up line, a page that
connects back to where it was loaded from, and a cap on games at once. ``dojo serve``
(:mod:`dojo.cli.serve`) checks the arguments and calls :func:`make_server`; importing this
module needs the ``web`` extra (textual-serve, aiohttp)."""

from __future__ import annotations

import ipaddress
import logging
import sys
from typing import Any

from aiohttp import web
from textual_serve.server import Server


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def make_server(command: str, host: str, port: int, public_url: str | None, max_players: int, *, title: str) -> Any:
    """textual-serve's Server, with the dojo's own start-up line, a page that connects back to
    the address it was loaded from (unless ``--public-url`` says where), and at most
    ``max_players`` games at once (a tab past that gets one line on its screen, and no process)."""
    playing = 0

    class DojoServer(Server):
        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="dojo serve: %(message)s", stream=sys.stderr)

        async def on_startup(self, app: Any) -> None:
            where = public_url or self.public_url
            if public_url is None and _unspecified(host):
                where = f"port {port} of every address of this machine (http://ADDRESS:{port})"
            print(f"dojo: serving the game on {where} (each tab plays its own game; ctrl+c stops)", flush=True)

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
