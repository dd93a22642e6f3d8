"""Traffic: the Playwright shell around the road. It moves frames and decides nothing.

Each routed socket's page side (Playwright's ``WebSocketRoute``) and server
side feed the socket's road (``road/``) and do what its stages ask through
this module's :class:`Traffic`, which is their :class:`~..road.Port`:
record, send to a side, close a side, run later, fail the test. Runs on
the event loop. It needs from Playwright only the shape of a
``WebSocketRoute`` (``url``, ``send``, ``close``, ``on_message``,
``on_close``, ``connect_to_server``), so it is unit-tested with a fake one.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, Protocol

from playwright.async_api import WebSocketRoute

from ..datatypes import EntryKind, Fate, Side
from ..errors import PatternTimeoutError, WsRouteError
from ..model.closing import ABNORMAL, NO_STATUS, browser_close_code
from ..model.frames import well_formed
from ..model.journal import Entry
from ..model.matching import Message
from ..model.registry import Registry, Route, RoutedSocket
from ..road import Road
from ..road.codec import PageCodec, ServerCodec, Speech
from ..road.contract import ContractStage
from ..road.ends import PageEnd, ServerEnd
from ..road.faults import FaultStage
from ..road.passage import RoadSocket
from ..road.replay import ReplayStage
from ..road.replay import end_owner as end_replays
from ..road.rules import Later, RuleStage
from .owners import Owner, Owners
from .transports import Transports, close_abnormally

# How long before the browser's disconnect a code-less page close counts as
# part of the same crash (Playwright reports the pages first).
_CRASH_WINDOW = 2.0
_PAGE, _SERVER = Side.page, Side.server


class Tasks(Protocol):
    """Where traffic schedules work on the event loop."""

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None: ...

    def call_later(self, delay: float, function: Callable[..., object], *args: Any) -> Any: ...

    def call_soon(self, function: Callable[..., object], *args: Any) -> Any: ...


class Socket:
    """One routed WebSocket: its road, the page side ``ws`` and, once connected, the
    server side; and whether each side is closed."""

    def __init__(self, number: int, route: Route, ws: Any, page: Any, road: Road):
        self.number = number
        self.route = route
        self.road = road
        self.ws = ws
        self.url = ws.url
        self.opener = getattr(ws, "opener", "")  # the worker that opened it ("": the page)
        self.page = page  # the page of a page route that took it over
        self.server: Any = None  # the server side, once connected
        self.closed = False  # its close is recorded
        self.page_done = False  # the page was told to close
        self.server_done = False  # the server side is closed or closing
        self.close_entry: Entry | None = None  # the journal entry of its close
        self.plan: Any = None  # which stages act on its messages: the road's (road.py)

    def __repr__(self) -> str:
        return f"Socket(#{self.number} {self.url})"


def own(sockets: Iterable[RoutedSocket]) -> list[Socket]:
    """The routed sockets among a route's: a watch's are the browser's (watching.py)."""
    return [socket for socket in sockets if isinstance(socket, Socket)]


class Traffic:
    """Takes routed sockets, feeds their roads and does what the stages ask."""

    def __init__(self, registry: Registry, owners: Owners, tasks: Tasks,
                 fail: Callable[[str], None]):
        self.registry = registry
        self.owners = owners
        self.tasks = tasks
        self.fail = fail
        self.numbers = itertools.count(1)
        self.faults = FaultStage(self)
        self.later_work = Later(self)
        self.speech = Speech(self)
        self.contracts = ContractStage(self, self.speech.of)
        ends = PageEnd(self), ServerEnd(self)
        rules, replay = RuleStage(self, self.later_work), ReplayStage(self, self.later_work)
        self.raw_road = Road(self, [ends[0], self.faults, self.contracts, rules, replay, ends[1]])
        self.protocol_road = Road(self, [ends[0], self.faults, PageCodec(self.speech),
                                         self.contracts, rules, replay, ServerCodec(self.speech),
                                         ends[1]], speaks=True)
        self.transports = Transports(self)

    # ------------------------------------------------------------ the port

    def record(self, socket: RoadSocket, kind: EntryKind, payload: Any, note: str,
               sender: Side | None = None, receiver: Side | None = None,
               fate: Fate = Fate.delivered) -> Entry | None:
        route = socket.route
        if route.active:
            return route.journal.record(socket.number, socket.url, kind, payload, note,
                                        self.owners.current, sender, receiver, fate,
                                        socket.opener)
        return None

    def send(self, socket: RoadSocket, side: Side, frame: Message) -> None:
        target = socket.ws if side is _PAGE else socket.server
        if isinstance(target, WebSocketRoute):
            # From a callback of its own, not from deep in the road: Playwright walks the
            # caller's stack on every call (up to 50 frames, reading each frame's locals),
            # which cost a protocol round trip a tenth of its time. Sends and closes keep
            # their order: both run in the order they were scheduled.
            self.tasks.call_soon(self.guard, target.send, frame)
        else:  # the library's own sides (polling sessions, workers' relay): where they read
            target.send(frame)  # what was sent right after the road returns

    def close_side(self, socket: RoadSocket, side: Side, code: int | None, reason: str | None,
                   abnormal: bool = False) -> None:
        if side is _PAGE:
            self.tasks.spawn(close_abnormally(socket.ws) if abnormal
                             else socket.ws.close(code=code, reason=reason))
        else:
            self.tasks.spawn(socket.server.close(code=browser_close_code(code), reason=reason))

    def later(self, delay: float, function: Callable[..., object], *args: Any) -> Any:
        return self.tasks.call_later(delay, function, *args)

    def owner(self) -> Owner:
        return self.owners.current

    def guard(self, function: Callable[..., Any], *args: Any) -> Any:
        """Runs a handler of Playwright's, returning its result; an error in it fails the
        running test."""
        try:
            return function(*args)
        except WsRouteError as error:  # the library's own: its message says it all
            self.fail(str(error))
        except Exception as error:  # noqa: BLE001 - nothing may be lost
            self.fail(f"Unexpected error while handling WebSocket traffic: {error!r}")

    # ------------------------------------------------------------ sockets

    def road_for(self, route: Route) -> Road:
        return self.raw_road if route.codec is None else self.protocol_road

    def on_socket(self, ws: Any, page: Any) -> Coroutine[Any, Any, None] | None:
        """A socket a dispatcher caught: mocked or connected as its route says.

        Returns what Playwright's routing handler must await before it lets the
        page's socket open: a refusal (``Reject WebSocket Connections``), or None.
        """
        try:
            route = self.registry.route_for(ws.url, page)
        except PatternTimeoutError as error:
            self.fail(str(error))
            route = None
        if route is None:  # removed since Playwright's filter matched
            ws.connect_to_server()
            return None
        if route.codec is not None and self.transports.adopt(ws, route):
            return None  # a WebSocket taking over a socket of another transport
        road = self.road_for(route)
        socket = Socket(next(self.numbers), route, ws, page, road)
        route.sockets.append(socket)
        self.share_counts(route, socket)
        if road.open(socket, "connected to server" if route.connected else "mocked"):
            socket.page_done = socket.server_done = True  # refused: it never opens
            ws.on_message(lambda message: None)  # a closed page sends nothing
            ws.on_close(lambda code, reason: None)  # the close is the library's own
            return close_abnormally(ws)
        self.listen(socket, ws)
        if route.connected:
            self.connect(socket)
        road.opened(socket)
        return None

    @staticmethod
    def share_counts(route: Route, joining: Socket) -> None:
        """A page answering by itself with a rule's ``times`` count held it as the route's
        only socket: it is offered its plan without the count now, before the new
        socket's open reaches its page (road/inpage.py)."""
        for other in route.open_sockets():
            if other is not joining and getattr(other.ws, "holds_counts", False):
                other.ws.offer()

    def listen(self, socket: Socket, ws: Any) -> None:
        """The page side ``ws`` (the socket's own, or one taking over) feeds the road."""
        socket.ws = ws
        ws.on_message(lambda message, decided=None: self.guard(socket.road.from_page, socket,
                                                               message, decided))
        bind = getattr(ws, "bind", None)  # the relay's: it offers the page its plan
        if bind is not None:
            bind(socket)
        ws.on_close(lambda code, reason: self.guard(self._page_closed, socket, code, reason))

    def connect(self, socket: Socket, server: Any = None) -> None:
        """Connects the socket to its server (or takes ``server``, already connected)."""
        server = socket.ws.connect_to_server() if server is None else server
        socket.server = server
        server.on_message(lambda message: self.guard(socket.road.from_server, socket, message))
        server.on_close(
            lambda code, reason: self.guard(socket.road.server_closed, socket, code, reason))

    def connect_route(self, route: Route) -> None:
        route.connected = True
        for socket in own(route.open_sockets()):
            if socket.server is None:
                self.connect(socket)

    def codec_of(self, socket: Socket) -> Any:
        """The protocol state of a socket on a protocol road (None: raw frames)."""
        return self.speech.of(socket)

    def page_gone(self, page: Any) -> None:
        """A page closed: Playwright reports no close for its page-route sockets."""
        for route in self.registry.routes:
            for socket in own(route.open_sockets()):  # a watch's are the watcher's
                if socket.page is page:
                    socket.page_done = socket.server_done = True
                    socket.road.record_close(socket, None, None, "page closed", _PAGE,
                                             _SERVER if socket.server is not None
                                             else Side.library)

    def _page_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        socket.road.page_closed(socket, code, reason if reason is None else well_formed(reason))

    # ------------------------------------------------------- the keywords'

    def to_page(self, socket: Socket, message: Message, note: str) -> bool:
        """Sends the page a message (`Send To Page` and the protocol keywords)."""
        return socket.road.to_page(socket, message, note)

    def to_server(self, socket: Socket, message: Message, note: str) -> bool:
        """Sends the server a message (`Send To Server`); False when it has none."""
        return socket.road.to_server(socket, message, note)

    def close(self, socket: Socket, code: int | None, reason: str | None, note: str) -> None:
        socket.road.close(socket, code, reason, note)

    def record_close(self, socket: Socket, code: int | None, reason: str | None,
                     note: str) -> None:
        socket.road.record_close(socket, code, reason, note)

    def drop(self, socket: Socket) -> None:
        """The network under the socket fails: the page sees 1006, nothing on its way arrives."""
        self.faults.drop(socket)

    def cancel_pending(self, route: Route, why: str, owner: Owner | None = None) -> None:
        """Cancels the route's delayed work (only ``owner``'s, if given) and records it."""
        self.later_work.cancel(route, why, owner)

    def route_gone(self, route: Route, why: str) -> None:
        """A route was removed or replaced: its delayed work is cancelled, and what its
        sockets had on their way arrives now."""
        self.later_work.cancel(route, why)
        self.faults.route_gone(route, why)

    def end_owner(self, owner: Owner, parent: Owner, remove: bool) -> list[str]:
        """A test or suite ends: its replays, faults, contracts and delayed work go, or
        pass to ``parent``. Returns what its log says of the contracts' coverage."""
        routes = [*self.registry.routes, *self.registry.retired]
        notes = self.contracts.take_notes()
        self.contracts.end_owner(routes, owner, parent, remove)
        end_replays(routes, owner, parent, remove)
        self.faults.end_owner(routes, owner, parent, remove)
        self.later_work.end_owner(routes, owner, parent, remove)
        return notes

    def browser_gone(self, why: str) -> None:
        """The browser went away: its sockets ended without a close handshake.

        Playwright reports the page sides closing (with no code) just before
        the browser's disconnect: such a close is corrected to 1006.
        """
        now = time.monotonic()
        for route in self.registry.routes:
            for socket in own(route.sockets):  # a watch's are the watcher's
                entry = socket.close_entry
                if (not socket.closed or entry is None or entry.payload[0] != NO_STATUS
                        or entry.sender is not _PAGE or now - entry.time > _CRASH_WINDOW):
                    continue
                entry.payload, entry.note = (ABNORMAL, ""), why
                entry.sender = entry.receiver = Side.library
            for socket in own(route.open_sockets()):
                socket.page_done = socket.server_done = True
                socket.road.record_close(socket, ABNORMAL, "", why)
