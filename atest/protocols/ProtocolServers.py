"""Real protocol servers for the acceptance tests: python-socketio and strawberry's graphql-ws.

One aiohttp application on a free port of 127.0.0.1, in a thread of the
Robot process with its own event loop, serves:

- ``/``: the test pages of ``atest/protocols/pages``;
- ``/vendor/``: the npm packages ``make js-clients`` installed
  (``socket.io-client``, ``graphql-ws``), so the pages run the real clients;
- ``/socket.io/``: a ``socketio.AsyncServer`` (both transports);
- ``/graphql``: strawberry's GraphQL view speaking ``graphql-transport-ws``.

Socket.IO events (default namespace): ``chat message`` is sent back to the
sender as ``chat message`` with ``echo: `` before the text; ``add`` with an
ack returns the sum of its arguments; ``upload`` (binary) is answered with
``uploaded`` carrying the byte count and the bytes reversed; ``welcome`` is
emitted on connect. Namespace ``/admin``: ``status`` with an ack returns
``{"ok": true, "users": N}``. Everything the server saw is recorded.

GraphQL: ``countdown(start: Int!)`` yields start, start-1, ... 1 then ends;
``sendMessage(text: String!)`` returns ``"sent: " + text``; ``hello`` is a query.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator
from pathlib import Path

import socketio
import strawberry
from aiohttp import web
from robot.api.deco import keyword, library
from strawberry.aiohttp.views import GraphQLView
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
VENDOR = ROOT / "tools" / "js-clients" / "node_modules"


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"


@strawberry.type
class Mutation:
    @strawberry.mutation
    def send_message(self, text: str) -> str:
        return f"sent: {text}"


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def countdown(self, start: int) -> AsyncGenerator[int, None]:
        for number in range(start, 0, -1):
            yield number
            await asyncio.sleep(0.01)


SCHEMA = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription)


@library(scope="SUITE")
class ProtocolServers:
    def __init__(self):
        self.seen: list[tuple] = []  # (namespace, event, data)
        self.disconnects: list[str] = []  # why each session of / ended, as the server says
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @keyword
    def start_protocol_servers(self, pages: str | None = None) -> dict:
        """Starts the servers; returns ``http``, ``ws`` base URLs."""
        if not (VENDOR / "socket.io-client").is_dir() or not (VENDOR / "graphql-ws").is_dir():
            raise RuntimeError("The browser clients are not installed: run 'make js-clients'.")
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        future = asyncio.run_coroutine_threadsafe(self._start(Path(pages) if pages else None),
                                                  self._loop)
        self.port = future.result(10)
        return {"http": f"http://127.0.0.1:{self.port}", "ws": f"ws://127.0.0.1:{self.port}"}

    async def _start(self, pages: Path | None) -> int:
        app = web.Application()
        self.sio = socketio.AsyncServer(async_mode="aiohttp", ping_interval=1, ping_timeout=2)
        self.sio.attach(app)
        self._socketio_handlers()
        view = GraphQLView(schema=SCHEMA, subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
                           keep_alive=True, keep_alive_interval=0.5)
        app.router.add_route("*", "/graphql", view)
        app.router.add_static("/vendor/", VENDOR)
        app.router.add_static("/", pages or HERE / "pages")
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return site._server.sockets[0].getsockname()[1]

    def _socketio_handlers(self) -> None:
        sio = self.sio

        @sio.event
        async def connect(sid, environ, auth=None):
            self.seen.append(("/", "connect", auth))
            await sio.emit("welcome", {"sid": sid}, to=sid)

        @sio.event
        async def disconnect(sid, reason=None):
            self.disconnects.append(str(reason))

        @sio.on("chat message")
        async def chat(sid, text):
            self.seen.append(("/", "chat message", text))
            await sio.emit("chat message", f"echo: {text}", to=sid)

        @sio.on("add")
        async def add(sid, *numbers):
            self.seen.append(("/", "add", list(numbers)))
            return sum(numbers)

        @sio.on("upload")
        async def upload(sid, name, data):
            self.seen.append(("/", "upload", [name, data]))
            await sio.emit("uploaded", (len(data), bytes(reversed(data))), to=sid)

        @sio.on("*")
        async def other(event, sid, *args):
            self.seen.append(("/", event, list(args)))

        @sio.on("connect", namespace="/admin")
        async def admin_connect(sid, environ, auth=None):
            self.seen.append(("/admin", "connect", auth))

        @sio.on("status", namespace="/admin")
        async def status(sid, *args):
            self.seen.append(("/admin", "status", list(args)))
            return {"ok": True, "users": 1}

    @keyword
    def socketio_server_events(self, event: str | None = None, namespace: str = "/") -> list:
        """The data of what the Socket.IO server saw, optionally of one event."""
        return [data for ns, name, data in self.seen
                if ns == namespace and (event is None or name == event)]

    @keyword
    def wait_for_socketio_server_event(self, event: str, namespace: str = "/",
                                       timeout: float = 5) -> list:
        """Waits until the Socket.IO server saw ``event``; returns the data of each."""
        deadline = time.monotonic() + float(timeout)
        while time.monotonic() < deadline:
            found = self.socketio_server_events(event, namespace)
            if found:
                return found
            time.sleep(0.02)
        raise AssertionError(f"Socket.IO server saw no {event!r} in {namespace} in {timeout} s: "
                             f"{self.seen}")

    @keyword
    def clear_socketio_server_events(self) -> None:
        self.seen.clear()
        self.disconnects.clear()

    @keyword
    def socketio_server_disconnects(self) -> list:
        """Why each session of the Socket.IO server's ``/`` ended, as the server says
        (``client disconnect``, ``ping timeout``...)."""
        return list(self.disconnects)

    async def _stop(self) -> None:
        await self.sio.shutdown()
        await self._runner.cleanup()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    @keyword
    def stop_protocol_servers(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._runner = None
