"""A real web server and a real WebSocket server for the acceptance tests.

Both listen on free ports of 127.0.0.1 in threads of the Robot process, so
parallel pabot processes never share a port. The WebSocket server records
what it saw so tests can check the server's side of the conversation.

WebSocket paths:
- ``/echo``: sends every message back (binary as binary).
- ``/greet``: sends ``welcome`` on connect, then echoes.
- ``/close``: on any message ``CODE REASON`` closes with that code and reason.
- ``/reject``: refuses the handshake with HTTP 403.
- ``/proto``: accepts subprotocol ``chat.v2`` if offered, then echoes.
- ``/push``: sends ``tick 1`` .. ``tick N`` when asked with ``push N``.
- ``/slow``: answers the handshake after half a second, then echoes.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import threading
from pathlib import Path

from robot.api.deco import keyword, library
from TestKit import start_http_server, stop_http_server
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.http11 import Response

PAGES = Path(__file__).parent / "pages"


@library(scope="GLOBAL")
class TestServers:
    def __init__(self):
        self._http = None
        self._loop = None
        self._ws_server = None
        self.ws_port = None
        self.http_port = None
        self.seen: list[tuple] = []  # (path, event, data)
        self.connections = 0  # handlers running now

    @keyword
    def start_test_servers(self, pages: str | None = None) -> dict:
        """Starts the HTTP and WebSocket servers; returns their base URLs."""
        directory = str(Path(pages) if pages else PAGES)
        handler = functools.partial(_QuietHandler, directory=directory)
        self._http = start_http_server(handler)
        self.http_port = self._http.server_port
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        self._ws_server = asyncio.run_coroutine_threadsafe(self._start_ws(), self._loop).result(10)
        self.ws_port = self._ws_server.sockets[0].getsockname()[1]
        return {
            "http": f"http://127.0.0.1:{self.http_port}",
            "ws": f"ws://127.0.0.1:{self.ws_port}",
        }

    async def _start_ws(self):
        return await serve(
            self._handle, "127.0.0.1", 0,
            process_request=self._before_handshake,
            select_subprotocol=self._select_subprotocol,
        )

    def _process_request(self, connection, request):
        if request.path.startswith("/reject"):
            self.seen.append(("/reject", "rejected", ""))
            return Response(403, "Forbidden", Headers([("Content-Length", "9")]), b"forbidden")
        return None

    async def _before_handshake(self, connection, request):
        if request.path.startswith("/slow"):
            await asyncio.sleep(0.5)
        return self._process_request(connection, request)

    def _select_subprotocol(self, connection, subprotocols):
        return "chat.v2" if "chat.v2" in subprotocols else None

    async def _handle(self, ws):
        path = ws.request.path.split("?")[0]
        self.seen.append((path, "open", ws.subprotocol or ""))
        self.connections += 1
        try:
            if path == "/greet":
                await ws.send("welcome")
            async for message in ws:
                self.seen.append((path, "message", message))
                if path == "/close":
                    code, _, reason = message.partition(" ")
                    await ws.close(int(code), reason)
                elif path == "/push" and isinstance(message, str) and message.startswith("push "):
                    for number in range(1, int(message.split()[1]) + 1):
                        await ws.send(f"tick {number}")
                else:
                    await ws.send(message)
        finally:
            rcvd = ws.protocol.close_rcvd  # the asyncio Connection has no close_rcvd
            self.seen.append(
                (path, "close", f"{rcvd.code} {rcvd.reason}" if rcvd else "no close frame")
            )
            self.connections -= 1

    @keyword
    def server_events(self, path: str | None = None, event: str | None = None) -> list:
        """What the WebSocket server saw: data of events, optionally filtered."""
        return [
            data for p, e, data in self.seen
            if (path is None or p == path) and (event is None or e == event)
        ]

    @keyword
    def wait_for_server_event(self, path: str, event: str, timeout: float = 5) -> list:
        """Waits until the server saw at least one such event; returns their data."""
        import time

        deadline = time.monotonic() + float(timeout)
        while time.monotonic() < deadline:
            found = self.server_events(path, event)
            if found:
                return found
            time.sleep(0.02)
        raise AssertionError(f"Server saw no {event!r} on {path!r} in {timeout} s: {self.seen}")

    @keyword
    def wait_until_server_has_no_connections(self, timeout: float = 5) -> None:
        """Waits until every WebSocket connection of the server has ended."""
        import time

        deadline = time.monotonic() + float(timeout)
        while self.connections and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.connections:
            raise AssertionError(f"Server still has {self.connections} connection(s): {self.seen}")

    @keyword
    def clear_server_events(self) -> None:
        self.seen.clear()

    @keyword
    def stop_test_servers(self) -> None:
        stop_http_server(self._http)
        if self._ws_server:
            self._ws_server.close()
            asyncio.run_coroutine_threadsafe(self._ws_server.wait_closed(), self._loop).result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
