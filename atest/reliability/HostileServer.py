"""A WebSocket server that sends the frames a test gives it: hostile server frames.

It listens on a free port of 127.0.0.1 in a thread of the Robot process.
``Hostile Frames Url`` registers frames and returns a URL
``ws://127.0.0.1:PORT/hostile/N/<tail>``; a socket opened there gets those
frames, in order, as soon as it opens (text as text, bytes as binary), then
the server waits for the page to close. It accepts the graphql-ws
subprotocol when the page offers it.
"""

from __future__ import annotations

import asyncio
import threading

from robot.api.deco import keyword, library
from websockets.asyncio.server import serve


@library(scope="SUITE")
class HostileServer:
    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self.port: int | None = None
        self._frames: list[list] = []

    @keyword
    def start_hostile_server(self) -> str:
        """Starts the server; returns its ``ws://`` base URL."""
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        self._server = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{self.port}"

    @keyword
    def hostile_frames_url(self, *frames, tail: str = "") -> str:
        """Registers ``frames`` (text or bytes); returns the URL of a socket that gets them."""
        self._frames.append(list(frames))
        return f"ws://127.0.0.1:{self.port}/hostile/{len(self._frames) - 1}/{tail}"

    @keyword
    def stop_hostile_server(self) -> None:
        if self._server is not None:
            self._server.close()
            asyncio.run_coroutine_threadsafe(self._server.wait_closed(), self._loop).result(10)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)

    async def _start(self):
        return await serve(self._handle, "127.0.0.1", 0, max_size=None,
                           select_subprotocol=_select_subprotocol)

    async def _handle(self, ws) -> None:
        parts = ws.request.path.split("/")
        frames = self._frames[int(parts[2])] if len(parts) > 2 and parts[2].isdigit() else []
        for frame in frames:
            await ws.send(frame)
        async for _ in ws:
            pass


def _select_subprotocol(connection, subprotocols):
    return "graphql-transport-ws" if "graphql-transport-ws" in subprotocols else None
