"""One Engine.IO long-polling session in the shape of Playwright's ``WebSocketRoute``.

A :class:`PollingSocket` is what ``Traffic`` takes for a socket (``url``,
``send``, ``close``, ``on_message``, ``on_close``, ``connect_to_server``):
what goes to the page waits for its next poll, what the page posts goes to
the traffic. It lives as a socket does: it ends when its page leaves
(``page_left``: the page's close, recorded at once) or when the library
closes it (Engine.IO's close packet, in a poll of its own); an ended session
takes nothing more. engineio.py answers the HTTP requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .base import Frame
from .socketio import NOOP, SocketIOCodec, encode_payload

CLOSE = "1"  # Engine.IO's close packet
GOING_AWAY = 1001  # what a browser's WebSocket closes with when its page goes


def socket_url(http_url: str) -> str:
    """The URL a route pattern sees for a polling request: ws(s), no cache buster."""
    parts = urlsplit(http_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    query = "&".join(p for p in parts.query.split("&") if not p.startswith("t="))
    return urlunsplit((scheme, parts.netloc, parts.path, query, ""))


class PollingServer:
    """The server side of a polling socket: what the traffic forwards is collected."""

    def __init__(self, url: str):
        self.url = url
        self.outbox: list[Frame] = []
        self._on_message: Callable[[Frame], object] | None = None
        self._on_close: Callable[[int | None, str | None], object] | None = None

    def send(self, frame: Frame) -> None:
        self.outbox.append(frame)

    def on_message(self, handler: Callable[[Frame], object]) -> None:
        self._on_message = handler

    def on_close(self, handler: Callable[[int | None, str | None], object]) -> None:
        self._on_close = handler

    def receive(self, frame: Frame) -> None:
        """A frame the real server sent (in a polling response): to the traffic."""
        if self._on_message is not None:
            self._on_message(frame)

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        pass


class PollingSocket:
    """One Engine.IO long-polling session, in the shape of a ``WebSocketRoute``."""

    def __init__(self, url: str, wait: float, page: Any = None):
        self.url = url
        self.page = page  # the page whose requests are the session's (None: a worker's)
        self.sid: str | None = None
        # Ended: by its page (gone, nothing more is sent) or by the library (its close
        # packet waits for the page's next poll); it takes nothing from the page then.
        self.ended = False
        # The HTTP URL of its last request (connected: where its close is posted).
        self.http_url: str | None = None
        # The upgrade WebSocket probing the session, and its server side (connected).
        self.probe: tuple[Any, Any] | None = None
        self.server: PollingServer | None = None
        self.upgraded = False
        self.wait = wait  # longest a mocked GET waits for something to send
        self.last_poll = time.monotonic()
        self._outbox: list[Frame] = []
        self._ready = asyncio.Event()
        # Connected: the one poll of the real server in flight (Engine.IO allows one),
        # and the headers of the server's last answer, which the page's answers carry.
        self.server_poll: asyncio.Future[Any] | None = None
        self.headers: dict[str, str] | None = None
        self._on_message: Callable[[Frame], object] | None = None
        self._on_close: Callable[[int | None, str | None], object] | None = None

    # The WebSocketRoute surface Traffic uses.

    def send(self, frame: Frame) -> None:
        if self._gone():
            return
        self._outbox.append(frame)
        self._ready.set()

    def _gone(self) -> bool:
        """Whether the session ended, or the page stopped polling (as an Engine.IO
        server decides it: no request for a ping interval and a ping timeout); it then
        closes, once."""
        if self.ended:
            return True
        stopped = time.monotonic() - self.last_poll > self.wait + SocketIOCodec.ping_timeout / 1000
        if stopped and self._on_close is not None and not self.upgraded:
            handler, self._on_close = self._on_close, None
            handler(None, "the page stopped polling")
        return stopped

    def on_message(self, handler: Callable[[Frame], object]) -> None:
        self._on_message = handler

    def on_close(self, handler: Callable[[int | None, str | None], object]) -> None:
        self._on_close = handler

    def connect_to_server(self) -> PollingServer:
        self.server = PollingServer(self.url)
        return self.server

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        """Engine.IO's close packet goes to the page with its next poll; the session
        takes nothing more."""
        if not self._gone():
            self.send(CLOSE)
            self.end()

    def end(self) -> None:
        """The session ends: nothing more reaches the traffic, a poll waiting returns."""
        self.ended = True
        self._on_message = self._on_close = None
        self._ready.set()
        if self.server_poll is not None:
            self.server_poll.cancel()  # nothing the real server says is heard any more

    def page_left(self) -> None:
        """Its page navigated away or closed: the page's side of it closed as a
        WebSocket's does then (1001, going away), recorded at once."""
        handler = self._on_close
        self.end()
        if handler is not None and not self.upgraded:
            handler(GOING_AWAY, "")

    # Polling.

    async def take(self, wait: float, until: asyncio.Future[Any] | None = None) -> str:
        """The packets waiting for the page (a noop when none came in ``wait``, or
        before ``until`` is done)."""
        self.last_poll = time.monotonic()
        if not self._outbox:
            ready = asyncio.ensure_future(self._ready.wait())
            waits = {ready} if until is None else {ready, until}
            await asyncio.wait(waits, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            ready.cancel()
            if not self._outbox:
                return NOOP
        frames, self._outbox = self._outbox, []
        self._ready.clear()
        if CLOSE in frames[1:]:
            # The close packet answers a poll of its own: a client handles a payload's
            # close at once, before the messages ahead of it reach the app.
            cut = frames.index(CLOSE)
            frames, self._outbox = frames[:cut], frames[cut:]
            self._ready.set()
        return encode_payload(frames) if frames else NOOP

    @property
    def drained(self) -> bool:
        """Whether an ended session has nothing left for the page (it can be forgotten)."""
        return self.ended and not self._outbox

    def take_outbox(self) -> list[Frame]:
        """What waits for the page's next poll, taken away (for the upgrade WebSocket)."""
        frames, self._outbox = self._outbox, []
        self._ready.clear()
        return [frame for frame in frames if frame != NOOP]

    def from_page(self, frames: list[Frame]) -> None:
        for frame in frames:
            handler = self._on_message
            if handler is None:  # ended: the session takes nothing more
                return
            handler(frame)

    def from_server(self, frames: list[Frame]) -> None:
        for frame in frames:
            assert self.server is not None  # only a connected socket hears its server
            self.server.receive(frame)
