"""Traffic: each routed socket's page and server sides, forwarding, rules applied, closes.

Runs on the event loop. It needs from Playwright only the shape of a
``WebSocketRoute`` (``url``, ``send``, ``close``, ``on_message``,
``on_close``, ``connect_to_server``), so it is unit-tested with a fake one.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from ..datatypes import Direction, EntryKind, RuleKind
from ..errors import PatternTimeoutError, WsRouteError, quote
from ..model.closing import ABNORMAL, NO_STATUS, browser_close_code
from ..model.frames import lone_surrogate, well_formed
from ..model.journal import Entry
from ..model.matching import Match, Message, TemplateError, render
from ..model.registry import Registry, Route, Rule
from . import replaying
from .faulting import Faults, record_lost
from .owners import Owner, Owners
from .speaking import ProtocolReplyError, Speaking

# How long before the browser's disconnect a code-less page close counts as
# part of the same crash (Playwright reports the pages first).
_CRASH_WINDOW = 2.0


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
        self.close_entry = None  # the journal entry of its close
        self.lanes = None  # messages delayed or held on their way (faulting.py)
        self.codec = None  # the protocol state of a route that speaks one (speaking.py)
        self._tasks = tasks

    def close_page(self, code: int | None, reason: str | None, late: bool = False) -> None:
        """Tells the page the socket closed, once, behind messages still on their way."""
        if not self.page_done:
            if not late and self.lanes is not None and self.lanes.close_later(
                    Direction.received, lambda: self.close_page(code, reason, True)):
                return
            self.page_done = True
            self._tasks.spawn(self.ws.close(code=code, reason=reason))

    def close_server(self, code: int | None, reason: str | None, late: bool = False) -> None:
        """Closes the server connection, if there is one, once, behind messages on their way."""
        if self.server is not None and not self.server_done:
            if not late and self.lanes is not None and self.lanes.close_later(
                    Direction.sent, lambda: self.close_server(code, reason, True)):
                return
            self.server_done = True
            self._tasks.spawn(self.server.close(code=browser_close_code(code), reason=reason))


class Delayed:
    """Replies a rule sends later: owned by the test that was running, cancelled with it."""

    __slots__ = ("route", "socket", "replies", "note", "owner", "handle")

    def __init__(self, route: Route, socket: Socket, replies: list, note: str, owner: Owner):
        self.route = route
        self.socket = socket
        self.replies = replies
        self.note = note
        self.owner = owner
        self.handle = None


class Traffic:
    """Takes routed sockets, moves their messages, applies rules and records it all."""

    def __init__(self, registry: Registry, owners: Owners, tasks: Tasks,
                 fail: Callable[[str], None]):
        self.registry = registry
        self.owners = owners
        self.tasks = tasks
        self.fail = fail
        self._numbers = itertools.count(1)
        self.faults = Faults(self)
        self.speaking = Speaking(self)

    def guard(self, function: Callable, *args: Any) -> Any:
        """Runs a handler of Playwright's, returning its result; an error in it fails the
        running test."""
        try:
            return function(*args)
        except WsRouteError as error:  # the library's own: its message says it all
            self.fail(str(error))
        except Exception as error:  # noqa: BLE001 - nothing may be lost
            self.fail(f"Unexpected error while handling WebSocket traffic: {error!r}")

    # ------------------------------------------------------------ sockets

    def on_socket(self, ws: Any, page: Any) -> Coroutine | None:
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
            return
        if route.codec is not None and self.speaking.adopt(ws, route):
            return  # a WebSocket upgrading a long-polling socket of the route
        socket = Socket(next(self._numbers), route, ws, page, self.tasks)
        route.sockets.append(socket)
        refusal = self.faults.admit(socket)
        if refusal is not None:  # refused: it never opens
            return refusal
        ws.on_message(lambda message: self.guard(self._from_page, socket, message))
        ws.on_close(lambda code, reason: self.guard(self._page_closed, socket, code, reason))
        self.record(socket, EntryKind.open, None,
                    "connected to server" if route.connected else "mocked")
        if route.connected:
            self.connect(socket)
        if route.codec is not None:  # on open: once the protocol's session is up
            self.speaking.opened(socket)
            return
        for rule, message in route.on_open_messages():
            self.to_page(socket, message, rule.label)
        if route.replay is not None:
            replaying.on_open(self, socket)

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

    def record(self, socket: Socket, kind: EntryKind, payload: Any, note: str
               ) -> Entry | None:
        if socket.route.active:
            entry = Entry(socket.number, socket.url, kind, payload, note, self.owners.current)
            socket.route.journal.add(entry)
            return entry
        return None

    def _take_rule(self, route: Route, direction: Direction, message: Message
                   ) -> tuple[Rule | None, Match | None]:
        while route.active:
            try:
                return route.take_rule(direction, message)
            except PatternTimeoutError as error:  # that rule is gone: try the others
                self.fail(str(error))
        return None, None

    def _from_page(self, socket: Socket, message: Message, late: str | None = None) -> None:
        if late is None and socket.lanes is not None and socket.lanes.busy(Direction.sent):
            socket.lanes.push(Direction.sent, lambda late: self._from_page(socket, message, late),
                              record_lost(self, socket, EntryKind.sent, message, "sent"))
            return
        if socket.codec is not None:
            self.speaking.from_page(socket, message)
            return
        note = late or ""  # how long a latency or a hold kept it
        if isinstance(message, str) and not message.isascii() and lone_surrogate(message) >= 0:
            # A browser sends U+FFFD for a lone surrogate; Playwright's
            # routing hands the page's string over as it was.
            index = lone_surrogate(message)
            note += (f" (the page's text had a lone surrogate \\u{ord(message[index]):04x} "
                     f"at index {index}; sent as U+FFFD, as a browser sends it)")
            message = well_formed(message)
        route = socket.route
        rule, match = self._take_rule(route, Direction.sent, message)
        if rule is not None:
            if route.replay is not None:  # the recording moves past what the rule answered
                note = replaying.passed_over(socket, message) + note
            self.record(socket, EntryKind.sent, message, rule.label + note)
            self._apply(rule, match, socket)
        elif route.replay is not None and replaying.on_page(self, socket, message, note):
            pass  # answered from the route's recording, or not in it
        elif socket.server is not None and not socket.server_done:
            self.record(socket, EntryKind.sent, message, "forwarded to server" + note)
            socket.server.send(message)
        elif socket.server is not None:
            self.record(socket, EntryKind.sent, message,
                        "not forwarded: server side closing" + note)
        else:
            self.record(socket, EntryKind.sent, message, "no rule (mocked, not forwarded)" + note)

    def _from_server(self, socket: Socket, message: Message) -> None:
        if socket.codec is not None:
            self.speaking.from_server(socket, message)
            return
        rule, match = self._take_rule(socket.route, Direction.received, message)
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
                if socket.codec is not None:
                    replies = self.speaking.replies(socket, replies, match.message)
            except (TemplateError, ProtocolReplyError) as error:
                self.fail(f"{error} ({rule.label} on route {quote(socket.route.text)})")
                return
            if rule.delay:
                self.later(rule.delay, socket, replies, rule.label)
            else:
                self._send_replies(socket, replies, rule.label)

    def _send_replies(self, socket: Socket, replies: list, note: str) -> None:
        for reply in replies:
            self.to_page(socket, reply, note)

    # --------------------------------------------------------- delayed work

    def later(self, delay: float, socket: Socket, replies: list, note: str) -> Delayed:
        """Sends ``replies`` to the page after ``delay`` seconds, unless cancelled first."""
        delayed = Delayed(socket.route, socket, replies, note, self.owners.current)
        delayed.handle = self.tasks.call_later(delay, self.guard, self._fire, delayed)
        socket.route.pending.append(delayed)
        return delayed

    def _fire(self, delayed: Delayed) -> None:
        if delayed in delayed.route.pending:
            delayed.route.pending.remove(delayed)
            self._send_replies(delayed.socket, delayed.replies, delayed.note)

    def cancel_pending(self, route: Route, why: str, owner: Owner | None = None) -> None:
        """Cancels the route's delayed work (only ``owner``'s, if given) and records it."""
        for delayed in [d for d in route.pending if owner is None or d.owner is owner]:
            route.pending.remove(delayed)
            delayed.handle.cancel()
            for reply in delayed.replies:
                self.record(delayed.socket, EntryKind.blocked, reply,
                            f"{delayed.note}; not delivered: cancelled, {why}")

    def end_owner(self, owner: Owner, parent: Owner, remove: bool) -> None:
        """A test or suite ends: its delayed work is cancelled, or passes to ``parent``;
        its faults end, or pass to ``parent``."""
        self.faults.end_owner([*self.registry.routes, *self.registry.retired], owner, parent,
                              remove)
        for route in [*self.registry.routes, *self.registry.retired]:
            if remove:
                self.cancel_pending(route, f"the {owner.name.split()[0]} ended", owner)
            else:
                for delayed in route.pending:
                    if delayed.owner is owner:
                        delayed.owner = parent

    def to_page(self, socket: Socket, message: Message, note: str,
                late: str | None = None) -> bool:
        """Sends a message to the page, or queues it while a latency or hold applies;
        ``late`` (how long it waited) when it comes out of the queue."""
        if late is None and socket.lanes is not None and not socket.closed \
                and socket.lanes.busy(Direction.received):
            socket.lanes.push(Direction.received,
                              lambda late: self.to_page(socket, message, note, late),
                              record_lost(self, socket, EntryKind.blocked, message, note))
            return True
        note += late or ""
        if socket.codec is not None:
            return self.speaking.to_page(socket, message, note)
        if socket.page_done or (socket.closed and late is None):
            # A closing WebSocket delivers no more messages: record that.
            self.record(socket, EntryKind.blocked, message,
                        f"{note}; not delivered: socket closing")
            return False
        if isinstance(message, str) and not message.isascii():
            message = well_formed(message)  # e.g. a template filled from JSON's \ud800
        socket.ws.send(message)
        self.record(socket, EntryKind.received, message, note)
        return True

    def to_server(self, socket: Socket, message: Message, note: str,
                  late: str | None = None) -> bool:
        if late is None and socket.lanes is not None and socket.server is not None \
                and not socket.server_done and socket.lanes.busy(Direction.sent):
            socket.lanes.push(Direction.sent,
                              lambda late: self.to_server(socket, message, note, late),
                              record_lost(self, socket, EntryKind.to_server, message, note))
            return True
        if late is not None and (socket.server is None or socket.server_done):
            self.record(socket, EntryKind.to_server, message,
                        f"{note}{late}; not delivered: server side closing")
            return False
        note += late or ""
        if socket.codec is not None:
            return self.speaking.to_server(socket, message, note)
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
            socket.close_entry = self.record(socket, EntryKind.close, (code, reason or ""), note)

    def close(self, socket: Socket, code: int | None, reason: str | None, note: str) -> None:
        """The library closes the socket: the page sees code and reason, the server too."""
        self.record_close(socket, code, reason, note)
        socket.close_page(code, reason)
        socket.close_server(code, reason)

    def drop(self, socket: Socket) -> None:
        """The network under the socket fails: the page sees 1006, nothing on its way arrives."""
        self.faults.drop(socket)

    def browser_gone(self, why: str) -> None:
        """The browser went away: its sockets ended without a close handshake.

        Playwright reports the page sides closing (with no code) just before
        the browser's disconnect: such a close is corrected to 1006.
        """
        now = time.monotonic()
        for route in self.registry.routes:
            for socket in route.sockets:
                entry = socket.close_entry
                if (not socket.closed or entry is None or entry.payload[0] != NO_STATUS
                        or entry.note != "closed by page" or now - entry.time > _CRASH_WINDOW):
                    continue
                entry.payload, entry.note = (ABNORMAL, ""), why
            for socket in route.open_sockets():
                socket.page_done = socket.server_done = True
                self.record_close(socket, ABNORMAL, "", why)

    def _page_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        reason = reason if reason is None else well_formed(reason)
        if socket.lanes is not None:  # what was on its way to the page is lost
            socket.lanes.page_closed()
        self.record_close(socket, code, reason, "closed by page")
        if socket.server is not None:
            socket.close_server(code, reason)
        else:
            socket.close_page(code, reason)

    def _server_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        socket.server_done = True
        self.record_close(socket, code, reason, "closed by server")
        socket.close_page(code, reason)
