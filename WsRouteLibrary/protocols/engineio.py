"""Engine.IO's transports: HTTP long-polling, answered through Playwright's HTTP routing,
and the upgrade of a polling session to a WebSocket.

``socket.io-client`` starts every connection with HTTP requests to
``/socket.io/?EIO=4&transport=polling`` and upgrades to a WebSocket
(``...&transport=websocket&sid=SID``) once that works. For a route that
speaks Socket.IO, this module makes the polling requests one routed socket
of the journal: a :class:`PollingSocket` looks to ``Traffic`` like
Playwright's ``WebSocketRoute`` (``url``, ``send``, ``close``,
``on_message``, ``on_close``, ``connect_to_server``), so the codec, rules,
journal and forwarding work on it unchanged.

- Mocked: the handshake ``GET`` gets the codec's open packet (announcing
  the ``websocket`` upgrade), a ``POST`` hands the page's packets to the
  traffic, a ``GET`` waits for what the library sends the page.
- Connected: each request goes on to the real server (``route.fetch``); the
  packets of both bodies pass through the traffic, so rules drop or replace
  events there too, and the answer the page gets is what is left.

When the page opens the upgrade WebSocket (``sid`` in its URL), that
WebSocket takes over the same journal socket: it answers the probe, the
polling request that is waiting gets a ``noop`` (and, of a mocked session,
any poll while the probe is under way, within 100 ms), and on the ``upgrade``
packet the conversation goes on over the WebSocket. Nothing is lost over the
handover: what was on its way to the page over polling and not yet taken by
a poll goes over the WebSocket, first, in order; the page's packets still
arriving by ``POST`` go on to the same socket. The socket's URL becomes the
WebSocket's.

A session lives as a socket does (its page, its route, its test): when its
page navigates away or closes, ``end_page`` ends it and its close is
recorded at once; when the owner of its route ends, the shell closes it as
it closes a socket (``ends``): the page gets Engine.IO's close packet, even
after the route is gone. An upgrade under way ends with its session. The
session itself is polling.py's :class:`PollingSocket`.

The shell (engine/) hands this module the sockets it creates and is asked,
through a :class:`Shell`, to make a WebSocket take a socket's place.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Coroutine
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from ..errors import ProtocolError
from ..model.registry import Route
from .base import Frame
from .polling import CLOSE, PollingSocket
from .polling import socket_url as socket_url  # negotiate.py's too
from .socketio import NOOP, PING, PONG, UPGRADE, SocketIOCodec, decode_payload, encode_payload

# Playwright's HTTP route filter: every Engine.IO long-polling request.
POLLING = re.compile(r"[?&]transport=polling(&|$)")
_TEXT = "text/plain; charset=UTF-8"
_PROBE_WAIT = 0.1  # seconds a mocked poll waits while an upgrade is probed (engine.io's check)


class Shell(Protocol):
    """What the transport asks of the engine's shell."""

    def route_for(self, url: str, page: Any) -> Route | None:
        """The route that takes a socket of ``url`` on ``page`` (None: no route)."""

    def on_socket(self, ws: Any, page: Any) -> Coroutine[Any, Any, None] | None:
        """A new socket; returns the refusal to carry out, if the route refuses it."""

    def owns(self, route: Route, ws: Any) -> bool:
        """Whether a socket of ``route`` has ``ws`` as its page side."""

    def take_over(self, old: Any, ws: Any, server: Any) -> None:
        """The socket whose page side is ``old`` goes on over ``ws`` (and ``server``)."""

    def missed(self, url: str, page: Any) -> None:
        """A session (``url`` as a socket's) started that no route took."""

    def fail(self, message: str) -> None: ...

    def guard(self, function: Callable[..., Any], *args: Any) -> Any: ...

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None: ...


class EngineIO:
    """The long-polling sessions of every Socket.IO route, by sid, and their upgrades."""

    pattern = POLLING  # the HTTP requests it answers

    def __init__(self, shell: Shell):
        self.shell = shell
        self.sessions: dict[str, PollingSocket] = {}

    async def handle(self, route: Any) -> None:
        """Playwright's HTTP route handler for Engine.IO polling requests."""
        request = route.request
        url = socket_url(request.url)
        page = _page_of(request)
        try:
            routed = self.shell.route_for(url, page)
        except Exception:  # noqa: BLE001 - a pattern that failed was reported where it failed
            routed = None
        sid = parse_qs(urlsplit(url).query).get("sid", [None])[0]
        ending = self.sessions.get(sid) if sid else None
        if ending is not None and ending.ended:  # its route may be gone: its close is ours
            routed = None
        elif routed is None or routed.codec is not SocketIOCodec:
            if sid is None:  # a session no route took: a wait's hint names it
                self.shell.missed(url, page)
            await route.fallback()
            return
        try:
            await self._handle(route, request, url, page, routed, sid)
        except ProtocolError as error:
            self.shell.fail(f"The page sent an invalid Socket.IO long-polling body: {error}.")
            await _answer(route, status=400, content_type=_TEXT, body=str(error))
        except Exception:  # noqa: BLE001 - the page or the real server went away mid-request
            try:
                await route.abort()
            except Exception:  # noqa: BLE001 - nothing is left to answer
                pass

    async def _handle(self, route: Any, request: Any, url: str, page: Any,
                      routed: Route | None, sid: str | None) -> None:
        if sid is None and routed is not None:
            await self._handshake(route, url, page, routed)
        elif sid not in self.sessions:
            await _answer(route, status=400, content_type=_TEXT,
                          body='{"code":1,"message":"Session ID unknown"}')
        elif request.method == "POST":
            await self._post(route, self.sessions[sid])
        else:
            await self._get(route, self.sessions[sid])

    # ------------------------------------------------------------ lifetime

    def end_page(self, page: Any) -> None:
        """The page navigated away or closed: its sessions end, their close recorded
        now (the page is gone: nothing more is sent to it), their probes too."""
        for socket in [s for s in self.sessions.values() if s.page is page]:
            self._forget(socket)
            socket.page_left()
            self._end_probe(socket)
            self._tell_server(socket)

    def ends(self, ws: Any) -> bool:
        """Whether ``ws`` is a session of this transport's still going (the shell
        then closes it as it closes a socket: the page gets Engine.IO's close)."""
        return isinstance(ws, PollingSocket) and not ws.ended and not ws.upgraded

    def closed(self, ws: PollingSocket) -> None:
        """The shell closed the session ``ws``: an upgrade under way ends too."""
        self._end_probe(ws)
        self._tell_server(ws)

    def _tell_server(self, socket: PollingSocket) -> None:
        """A connected session's real server gets its close packet, as a client's close
        sends it (posted from the page's browser context: the page may be gone)."""
        if socket.server is None or socket.http_url is None or socket.page is None:
            return
        request = socket.page.context.request
        self.shell.spawn(_quietly(request.post(socket.http_url, data=CLOSE, timeout=5000,
                                               headers={"Content-Type": _TEXT})))

    def _end_probe(self, socket: PollingSocket) -> None:
        if socket.probe is None:
            return
        ws, server = socket.probe
        socket.probe = None
        self.shell.spawn(_quietly(ws.close()))
        if server is not None:
            self.shell.spawn(_quietly(server.close()))

    def _forget(self, socket: PollingSocket) -> None:
        if socket.sid is not None and self.sessions.get(socket.sid) is socket:
            del self.sessions[socket.sid]

    async def _handshake(self, route: Any, url: str, page: Any, routed: Route) -> None:
        socket = PollingSocket(url, SocketIOCodec.ping_interval / 1000, page)
        refusal = self.shell.on_socket(socket, page)
        if refusal is not None:
            # Refused as a refused connection is: the client's handshake request
            # fails at once (socket.io-client's connect_error), nothing waits.
            refusal.close()
            await route.abort("connectionrefused")
            return
        response = None
        if routed.connected and socket.server is not None:
            response = await route.fetch()
            socket.headers = response.headers
            socket.from_server(decode_payload(await response.text()))
        # What a latency or a hold keeps on its way to the page comes later: the
        # page's request waits for it, as it would on a slow network.
        body = await socket.take(socket.wait)
        # Known before the page can use it: its next request may come at once.
        socket.sid = _sid(body)
        if socket.sid:
            self.sessions[socket.sid] = socket
        if response is not None:
            await _answer(route, status=response.status, headers=response.headers, body=body)
        else:
            await _answer(route, status=200, content_type=_TEXT, body=body)

    # ------------------------------------------------------------- upgrade

    def adopt(self, ws: Any, route: Route) -> bool:
        """A WebSocket that upgrades a long-polling socket of the route: it probes,
        then takes that socket's place (Engine.IO's ``2probe``, ``3probe``, ``5``)."""
        sid = parse_qs(urlsplit(ws.url).query).get("sid", [None])[0]
        polling = self.sessions.get(sid) if sid else None
        if polling is None or polling.ended or not self.shell.owns(route, polling):
            return False
        shell = self.shell
        server = ws.connect_to_server() if polling.server is not None else None
        polling.probe = (ws, server)

        def probing(frame: Any) -> None:
            if polling.ended:
                return  # the session ended mid-upgrade: its probe with it
            if frame == UPGRADE:
                if server is not None:
                    server.send(frame)
                self._take_over(polling, ws, server, sid)
            elif server is not None:
                server.send(frame)
            elif isinstance(frame, str) and frame.startswith(PING):
                ws.send(PONG + frame[1:])
                polling.send(NOOP)  # the waiting poll returns, so the page can upgrade
            else:  # a packet of the session sent before the upgrade: never lost
                polling.from_page([frame])

        ws.on_message(lambda frame: shell.guard(probing, frame))
        if server is not None:
            server.on_message(lambda frame: shell.guard(ws.send, frame))
        return True

    def _take_over(self, polling: PollingSocket, ws: Any, server: Any, sid: str) -> None:
        self.sessions.pop(sid, None)
        polling.upgraded = True
        polling.probe = None
        waiting = polling.take_outbox()  # on its way to the page, not yet polled
        unsent: list[Frame] = []  # on its way to the server, waiting for the page's next POST
        if server is not None and polling.server is not None:
            unsent, polling.server.outbox = polling.server.outbox, []
        self.shell.take_over(polling, ws, server)
        for frame in waiting:
            ws.send(frame)
        for frame in unsent:
            server.send(frame)
        polling.send(NOOP)  # a poll still waiting returns

    async def _post(self, route: Any, socket: PollingSocket) -> None:
        socket.http_url = route.request.url
        frames = decode_payload(route.request.post_data or "")
        socket.from_page(frames)
        if socket.server is None:
            await _answer(route, status=200, content_type=_TEXT, body="ok")
            return
        forwarded, socket.server.outbox = socket.server.outbox, []
        if not forwarded:  # rules kept everything from the server
            await _answer(route, status=200, content_type=_TEXT, body="ok")
            return
        response = await route.fetch(post_data=encode_payload(forwarded))
        await _answer(route, response=response)

    async def _get(self, route: Any, socket: PollingSocket) -> None:
        socket.http_url = route.request.url
        if socket.ended:  # its close packet, or a noop for a page that is gone
            body = await socket.take(0)
            if socket.drained:
                self._forget(socket)
            await _answer(route, status=200, content_type=_TEXT, body=body)
            return
        if socket.server is None:
            # While the page probes its upgrade, a poll ends within _PROBE_WAIT, as an
            # Engine.IO server sends noops then: a poll made after the probe's noop
            # would hold the client's pause, and every packet it keeps for the new
            # transport (a binary event's attachment), for a whole ping interval.
            body = await socket.take(socket.wait if socket.probe is None else _PROBE_WAIT)
            if socket.drained:
                self._forget(socket)
            await _answer(route, status=200, content_type=_TEXT, body=body)
            return
        # The page's poll is answered by what reaches the page first: the server's
        # answer, or what a latency or a hold let go meanwhile. A server poll still
        # in flight then answers a later poll of the page.
        poll = socket.server_poll
        if poll is None or poll.done():
            poll = socket.server_poll = asyncio.ensure_future(_poll_server(route, socket))
            poll.add_done_callback(_retrieved)
        body = await socket.take(socket.wait, poll)
        status = 200
        if poll.done() and not poll.cancelled() and poll.exception() is None:
            status = poll.result().status
        elif poll.done() and not poll.cancelled():
            poll.result()  # the real server went away: the page's request is aborted
        if socket.drained:
            self._forget(socket)
        await _answer(route, status=status, headers=socket.headers or {}, body=body)


async def _poll_server(route: Any, socket: PollingSocket) -> Any:
    """One poll of the real server: what it sends goes through the traffic."""
    response = await route.fetch(timeout=0)
    socket.headers = response.headers
    socket.from_server(decode_payload(await response.text()))
    return response


def _retrieved(poll: asyncio.Future[Any]) -> None:
    """A server poll's error is the page request's (handle() aborts it), never
    an unretrieved one."""
    if not poll.cancelled():
        poll.exception()


async def _quietly(closing: Coroutine[Any, Any, Any]) -> None:
    """Closes a side of a probe that may be gone already (its page navigated)."""
    try:
        await closing
    except Exception:  # noqa: BLE001 - nothing is left to close
        pass


async def _answer(route: Any, **answer: Any) -> None:
    """Fulfills a polling request; one the page gave up on (it navigated, it
    closed) has nobody to answer, and that is no error."""
    try:
        await route.fulfill(**answer)
    except Exception:  # noqa: BLE001 - Playwright says the request or page is gone
        pass


def _sid(body: str) -> str | None:
    first = body.split("\x1e")[0] if body else ""
    if not first.startswith("0"):
        return None
    try:
        sid = json.loads(first[1:]).get("sid")
    except (ValueError, AttributeError):
        return None
    return sid if isinstance(sid, str) else None  # no session has another key


def _page_of(request: Any) -> Any:
    try:
        return request.frame.page
    except Exception:  # noqa: BLE001 - a service worker's request has no page
        return None
