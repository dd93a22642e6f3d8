"""Traffic: each routed socket's page and server sides, forwarding, rules applied, closes.

Runs on the event loop. It needs from Playwright only the shape of a
``WebSocketRoute`` (``url``, ``send``, ``close``, ``on_message``,
``on_close``, ``connect_to_server``), so it is unit-tested with a fake one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from ..datatypes import Direction, EntryKind, RuleKind
from ..errors import quote
from ..model.closing import NO_STATUS, browser_close_code
from ..model.journal import Entry
from ..model.matching import Match, Message, TemplateError, render
from ..model.registry import Registry, Route, Rule
from .owners import Owners


class Tasks(Protocol):
    """Where traffic schedules work on the event loop."""

    def spawn(self, coroutine: Coroutine) -> None: ...

    def call_later(self, delay: float, function: Callable, *args: Any) -> Any: ...


class Socket:
    """One routed WebSocket: the page side ``ws``, and the server side once connected."""

    def __init__(self, number: int, route: Route, ws: Any, page: Any, tasks: Tasks):
        self.number = number
        self.route = route
        self.ws = ws
        self.url = ws.url
        self.page = page  # the page of a page route that took it over
        self.server = None
        self.closed = False  # its close is recorded
        self.page_done = False  # the page was told to close
        self.server_done = False  # the server side is closed or closing
        self._tasks = tasks

    def close_page(self, code: int | None, reason: str | None) -> None:
        """Tells the page the socket closed, once."""
        if not self.page_done:
            self.page_done = True
            self._tasks.spawn(self.ws.close(code=code, reason=reason))

    def close_server(self, code: int | None, reason: str | None) -> None:
        """Closes the server connection, if there is one, once."""
        if self.server is not None and not self.server_done:
            self.server_done = True
            self._tasks.spawn(self.server.close(code=browser_close_code(code), reason=reason))


class Traffic:
    """Takes routed sockets, moves their messages, applies rules and records it all."""

    def __init__(self, registry: Registry, owners: Owners, tasks: Tasks,
                 fail: Callable[[str], None]):
        self.registry = registry
        self.owners = owners
        self.tasks = tasks
        self.fail = fail
        self._numbers = itertools.count(1)

    def guard(self, function: Callable, *args: Any) -> None:
        """Runs a handler of Playwright's; an error in it fails the running test."""
        try:
            function(*args)
        except Exception as error:  # noqa: BLE001 - nothing may be lost
            self.fail(f"Unexpected error while handling WebSocket traffic: {error!r}")

    # ------------------------------------------------------------ sockets

    def on_socket(self, ws: Any, page: Any) -> None:
        """A socket a dispatcher caught: mocked or connected as its route says."""
        route = self.registry.route_for(ws.url, page)
        if route is None:  # removed since Playwright's filter matched
            ws.connect_to_server()
            return
        socket = Socket(next(self._numbers), route, ws, page, self.tasks)
        route.sockets.append(socket)
        ws.on_message(lambda message: self.guard(self._from_page, socket, message))
        ws.on_close(lambda code, reason: self.guard(self._page_closed, socket, code, reason))
        self.record(socket, EntryKind.open, None,
                    "connected to server" if route.connected else "mocked")
        if route.connected:
            self.connect(socket)
        for rule, message in route.on_open_messages():
            self.to_page(socket, message, rule.label)

    def connect(self, socket: Socket) -> None:
        server = socket.ws.connect_to_server()
        socket.server = server
        server.on_message(lambda message: self.guard(self._from_server, socket, message))
        server.on_close(
            lambda code, reason: self.guard(self._server_closed, socket, code, reason)
        )

    def connect_route(self, route: Route) -> None:
        route.connected = True
        for socket in route.open_sockets():
            if socket.server is None:
                self.connect(socket)

    def page_gone(self, page: Any) -> None:
        """A page closed: Playwright reports no close for its page-route sockets."""
        for route in self.registry.routes:
            for socket in route.open_sockets():
                if socket.page is page:
                    socket.page_done = socket.server_done = True
                    self.record_close(socket, None, None, "page closed")

    # ----------------------------------------------------------- messages

    def record(self, socket: Socket, kind: EntryKind, payload: Any, note: str) -> None:
        if socket.route.active:
            entry = Entry(socket.number, socket.url, kind, payload, note, self.owners.current)
            socket.route.journal.add(entry)

    def _from_page(self, socket: Socket, message: Message) -> None:
        route = socket.route
        rule, match = route.take_rule(Direction.sent, message) if route.active else (None, None)
        if rule is not None:
            self.record(socket, EntryKind.sent, message, rule.label)
            self._apply(rule, match, socket)
        elif socket.server is not None:
            self.record(socket, EntryKind.sent, message, "forwarded to server")
            socket.server.send(message)
        else:
            self.record(socket, EntryKind.sent, message, "no rule (mocked, not forwarded)")

    def _from_server(self, socket: Socket, message: Message) -> None:
        route = socket.route
        rule, match = (route.take_rule(Direction.received, message) if route.active
                       else (None, None))
        if rule is not None:
            self.record(socket, EntryKind.blocked, message, rule.label)
            self._apply(rule, match, socket)
        else:
            self.to_page(socket, message, "from server")

    def _apply(self, rule: Rule, match: Match, socket: Socket) -> None:
        if rule.kind is RuleKind.close:
            self.close(socket, rule.code, rule.reason, rule.label)
        elif rule.kind is RuleKind.reply:
            try:
                replies = [render(template, match) for template in rule.replies]
            except TemplateError as error:
                self.fail(f"{error} ({rule.label} on route {quote(socket.route.text)})")
                return
            if rule.delay:
                self.tasks.call_later(rule.delay, self.guard, self._send_replies, socket,
                                      replies, rule.label)
            else:
                self._send_replies(socket, replies, rule.label)

    def _send_replies(self, socket: Socket, replies: list, note: str) -> None:
        for reply in replies:
            self.to_page(socket, reply, note)

    def to_page(self, socket: Socket, message: Message, note: str) -> bool:
        if socket.closed:
            # A closing WebSocket delivers no more messages: record that.
            self.record(socket, EntryKind.blocked, message,
                        f"{note}; not delivered: socket closing")
            return False
        socket.ws.send(message)
        self.record(socket, EntryKind.received, message, note)
        return True

    def to_server(self, socket: Socket, message: Message, note: str) -> bool:
        if socket.server is None or socket.server_done:
            return False
        socket.server.send(message)
        self.record(socket, EntryKind.to_server, message, note)
        return True

    # -------------------------------------------------------------- closes

    def record_close(self, socket: Socket, code: int | None, reason: str | None,
                     note: str) -> None:
        if not socket.closed:
            socket.closed = True
            code = NO_STATUS if code is None else code
            self.record(socket, EntryKind.close, (code, reason or ""), note)

    def close(self, socket: Socket, code: int | None, reason: str | None, note: str) -> None:
        """The library closes the socket: the page sees code and reason, the server too."""
        self.record_close(socket, code, reason, note)
        socket.close_page(code, reason)
        socket.close_server(code, reason)

    def _page_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        self.record_close(socket, code, reason, "closed by page")
        if socket.server is not None:
            socket.close_server(code, reason)
        else:
            socket.close_page(code, reason)

    def _server_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        socket.server_done = True
        self.record_close(socket, code, reason, "closed by server")
        socket.close_page(code, reason)
