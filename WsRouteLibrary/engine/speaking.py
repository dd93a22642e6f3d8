"""Protocol traffic: a routed socket whose route speaks a protocol (``protocol=socket.io``).

``Traffic`` hands every frame of such a socket to :class:`Speaking`, which
asks the socket's codec what the frame carries. App messages then go
through the route's rules, the journal and forwarding exactly as raw
frames do, but as the messages an app knows (their canonical text);
plumbing is answered (mocked) or passed on (connected) and not recorded; a
frame the protocol does not allow is recorded as it came and fails the
running test. Runs on the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from ..datatypes import Direction, EntryKind
from ..errors import InvalidInputError, quote
from ..model.matching import Matcher, Message
from ..model.registry import Route
from ..protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage
from ..protocols.base import TO_PAGE, TO_SERVER, Frame
from ..protocols.graphqlws import GraphQLWsCodec
from ..protocols.matching import ProtocolMatcher
from ..protocols.socketio import NOOP, PING, PONG, UPGRADE
from . import replaying, waits
from .polling import Polling

if TYPE_CHECKING:
    from .traffic import Socket, Traffic


class Speaking:
    """The protocol side of ``Traffic``: decode, answer plumbing, encode."""

    def __init__(self, traffic: Traffic):
        self.traffic = traffic
        self.polling = Polling(
            traffic, traffic.registry.route_for,
            lambda ws, page: traffic.guard(traffic.on_socket, ws, page),
        )

    def adopt(self, ws: Any, route: Route) -> bool:
        """A WebSocket that upgrades a long-polling socket of the route: it probes,
        then takes that socket's place (Engine.IO's ``2probe``, ``3probe``, ``5``)."""
        sid = parse_qs(urlsplit(ws.url).query).get("sid", [None])[0]
        polling = self.polling.sessions.get(sid) if sid else None
        socket = next((s for s in route.sockets if s.ws is polling), None)
        if polling is None or socket is None:
            return False
        traffic = self.traffic
        server = ws.connect_to_server() if socket.server is not None else None

        def probing(frame: Message) -> None:
            if frame == UPGRADE:
                self._take_over(socket, ws, server, sid)
                if server is not None:
                    server.send(frame)
            elif server is not None:
                server.send(frame)
            elif isinstance(frame, str) and frame.startswith(PING):
                ws.send(PONG + frame[1:])
                polling.send(NOOP)  # the waiting poll returns, so the page can upgrade

        ws.on_message(lambda frame: traffic.guard(probing, frame))
        if server is not None:
            server.on_message(lambda frame: traffic.guard(ws.send, frame))
        return True

    def _take_over(self, socket: Socket, ws: Any, server: Any, sid: str) -> None:
        traffic = self.traffic
        self.polling.upgraded(sid)
        socket.ws = ws
        ws.on_message(lambda message: traffic.guard(traffic._from_page, socket, message))
        ws.on_close(lambda code, reason: traffic.guard(traffic._page_closed, socket, code,
                                                        reason))
        if server is not None:
            socket.server = server
            server.on_message(lambda message: traffic.guard(traffic._from_server, socket,
                                                            message))
            server.on_close(lambda code, reason: traffic.guard(traffic._server_closed, socket,
                                                               code, reason))

    # ------------------------------------------------------------- opening

    def opened(self, socket: Socket) -> None:
        """A socket opened: the mock's greeting and heartbeat; `Send On Open` waits
        until the protocol's session is up (a namespace connect, a connection_ack)."""
        socket.codec = socket.route.codec(socket.url, mocked=not socket.route.connected)
        socket.session_up = False
        if socket.route.connected:
            return
        for frame in socket.codec.opening():
            socket.ws.send(frame)
        if socket.route.replay is not None:  # the recording answers from the start
            replaying.on_open(self.traffic, socket)
        beat = socket.codec.heartbeat()
        if beat is not None:
            self._schedule_beat(socket, *beat)

    def _schedule_beat(self, socket: Socket, seconds: float, frame: Frame) -> None:
        self.traffic.tasks.call_later(seconds, self._beat, socket, seconds, frame)

    def _beat(self, socket: Socket, seconds: float, frame: Frame) -> None:
        if socket.closed or socket.page_done or socket.server is not None:
            return
        try:
            socket.ws.send(frame)
        except Exception:  # noqa: BLE001 - the page went away: the heartbeat ends
            return
        self._schedule_beat(socket, seconds, frame)

    def _session_up(self, socket: Socket, message: ProtocolMessage) -> None:
        if socket.session_up or not socket.codec.starts_session(message):
            return
        socket.session_up = True
        for rule, text in socket.route.on_open_messages():
            self.to_page(socket, text, rule.label)

    # ------------------------------------------------------------ incoming

    def from_page(self, socket: Socket, frame: Message) -> None:
        for item in socket.codec.from_page(frame):
            if isinstance(item, ProtocolMessage):
                self._page_message(socket, item)
            elif isinstance(item, Plumbing):
                self._page_plumbing(socket, item)
            else:
                self._invalid(socket, item, EntryKind.sent)

    def from_server(self, socket: Socket, frame: Message) -> None:
        for item in socket.codec.from_server(frame):
            if isinstance(item, ProtocolMessage):
                self._server_message(socket, item)
            elif isinstance(item, Plumbing):
                if not socket.closed:
                    for part in item.frames:
                        socket.ws.send(part)
            else:
                self._invalid(socket, item, EntryKind.received)

    def _page_message(self, socket: Socket, message: ProtocolMessage) -> None:
        traffic = self.traffic
        rule, match = traffic._take_rule(socket.route, Direction.sent, message)
        if rule is not None:
            note = ""
            if socket.route.replay is not None:  # the recording moves past it
                note = replaying.passed_over(socket, message)
            traffic.record(socket, EntryKind.sent, message, rule.label + note)
            traffic._apply(rule, match, socket)
        elif (socket.server is None and socket.route.replay is not None
              and replaying.on_page(traffic, socket, message)):
            pass  # answered from the route's recording, or not in it
        elif socket.server is not None and not socket.server_done:
            traffic.record(socket, EntryKind.sent, message, "forwarded to server")
            for part in message.frames:
                socket.server.send(part)
        elif socket.server is not None:
            traffic.record(socket, EntryKind.sent, message, "not forwarded: server side closing")
        else:
            answers = socket.codec.default_answer(message)
            traffic.record(socket, EntryKind.sent, message,
                           "answered by the library" if answers else
                           "no rule (mocked, not forwarded)")
            for answer in answers:
                self.to_page(socket, answer, f"{socket.codec.name} handshake (library)")

    def _page_plumbing(self, socket: Socket, item: Plumbing) -> None:
        if socket.server is not None:
            if not socket.server_done:
                for part in item.frames:
                    socket.server.send(part)
        elif not socket.closed:
            for part in item.answer:
                socket.ws.send(part)

    def _server_message(self, socket: Socket, message: ProtocolMessage) -> None:
        traffic = self.traffic
        rule, match = traffic._take_rule(socket.route, Direction.received, message)
        if rule is not None:
            traffic.record(socket, EntryKind.blocked, message, rule.label)
            traffic._apply(rule, match, socket)
        else:
            self.to_page(socket, message, "from server")

    def _invalid(self, socket: Socket, item: Invalid, kind: EntryKind) -> None:
        traffic = self.traffic
        forward = kind is EntryKind.sent and socket.server is not None and not socket.server_done
        traffic.record(socket, kind, item.frame,
                       f"{item.error}{'; forwarded to server' if forward else ''}")
        if forward:
            socket.server.send(item.frame)
        elif kind is EntryKind.received and not socket.closed:
            socket.ws.send(item.frame)
        who = "The page" if kind is EntryKind.sent else "The server"
        traffic.fail(f"{who} sent an {item.error} (route {quote(socket.route.text)}, "
                     f"protocol {socket.codec.name}).")

    # ------------------------------------------------------------ outgoing

    def replies(self, socket: Socket, replies: list[Message], answering: Message) -> list:
        """Rendered replies as protocol messages answering the matched message."""
        asked = answering if isinstance(answering, ProtocolMessage) else None
        direction = TO_PAGE
        messages: list[ProtocolMessage] = []
        for reply in replies:
            try:
                messages.extend(socket.codec.written(reply, direction, asked))
            except ProtocolError as error:
                raise ProtocolReplyError(
                    f"{error} (reply {quote(str(reply)[:80])} on route "
                    f"{quote(socket.route.text)}, protocol {socket.codec.name})"
                ) from None
        return messages

    def to_page(self, socket: Socket, message: Message, note: str) -> bool:
        if not isinstance(message, ProtocolMessage):
            try:
                written = socket.codec.written(message, TO_PAGE)
            except ProtocolError as error:
                self.traffic.fail(f"{error} (route {quote(socket.route.text)}, protocol "
                                  f"{socket.codec.name})")
                return False
            return all([self.to_page(socket, each, note) for each in written])
        if socket.closed:
            self.traffic.record(socket, EntryKind.blocked, message,
                                f"{note}; not delivered: socket closing")
            return False
        for frame in socket.codec.carry(message, TO_PAGE):
            socket.ws.send(frame)
        self.traffic.record(socket, EntryKind.received, message, note)
        self._session_up(socket, message)
        return True

    def to_server(self, socket: Socket, message: Message, note: str) -> bool:
        if socket.server is None or socket.server_done:
            return False
        messages = ([message] if isinstance(message, ProtocolMessage)
                    else socket.codec.written(message, TO_SERVER))
        for each in messages:
            for frame in socket.codec.carry(each, TO_SERVER):
                socket.server.send(frame)
            self.traffic.record(socket, EntryKind.to_server, each, note)
        return True


class ProtocolReplyError(ValueError):
    """A rule's reply is no message of the route's protocol."""


# ------------------------------------------------------- for the engine


def matcher(route: Route, plain: Matcher) -> Matcher | ProtocolMatcher:
    """The matcher a keyword built, read as the route's protocol reads messages."""
    if route.codec is None or isinstance(plain, ProtocolMatcher):
        return plain
    return ProtocolMatcher(plain, route.codec)


def check_written(route: Route, message: Message, direction: str) -> None:
    """Fails at once when ``message`` is no message of the route's protocol."""
    if route.codec is None or isinstance(message, ProtocolMessage):
        return
    try:
        route.codec().written(message, direction)
    except ProtocolError as error:
        raise InvalidInputError(f"{error} (route {quote(route.text)} speaks "
                                f"{route.codec.name})") from None


async def active_operations(route: Route, operation: str, timeout: float,
                            can_come: Callable[[], None] | None = None) -> list[tuple]:
    """(socket, codec, id) of the route's active GraphQL operations named
    ``operation`` (or with that id), waiting up to ``timeout`` for one."""

    def found() -> list[tuple] | None:
        targets = [(s, s.codec, identifier) for s in route.open_sockets()
                   if isinstance(s.codec, GraphQLWsCodec)
                   for identifier in s.codec.find(operation)]
        return targets or None

    def failure() -> str:
        active = sorted({d.get("operationName") or f"id {i}" for s in route.open_sockets()
                         if isinstance(s.codec, GraphQLWsCodec)
                         for i, d in s.codec.operations.items()})
        return (f"No GraphQL operation {quote(operation)} was active on route "
                f"{quote(route.text)} in {waits.secs(timeout)}. Active operations: "
                f"{', '.join(active) or 'none'}.")

    def subscribed(entry) -> bool:
        return entry.kind is EntryKind.sent and found() is not None

    await waits.wait_for(route, found, subscribed, timeout, failure, can_come)
    return found() or []
