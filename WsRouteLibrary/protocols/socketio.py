"""Socket.IO: Engine.IO v4 framing and Socket.IO v5 packets, as events an app knows.

Wire format (Engine.IO protocol v4, Socket.IO protocol v5):

- An Engine.IO packet is one WebSocket frame: a text frame starts with its
  type digit (``0`` open, ``1`` close, ``2`` ping, ``3`` pong, ``4``
  message, ``5`` upgrade, ``6`` noop); a binary frame is a message's binary
  data. Over HTTP long-polling, packets are joined with the record
  separator ``\\x1e`` and binary ones are written ``b`` + base64.
- A Socket.IO packet travels in an Engine.IO message: its type digit
  (``0`` CONNECT, ``1`` DISCONNECT, ``2`` EVENT, ``3`` ACK, ``4``
  CONNECT_ERROR, ``5`` BINARY_EVENT, ``6`` BINARY_ACK), for binary ones the
  number of attachments and ``-``, the namespace and ``,`` unless it is
  ``/``, the acknowledgement id, then the JSON data. Each attachment
  follows as a binary frame; the data holds ``{"_placeholder": true,
  "num": N}`` where it goes.

Documents (the canonical text of each message is their JSON):

- event: ``{"event": "chat", "args": ["hi"], "namespace": "/"}``, plus
  ``"ack": 3`` when the sender waits for an acknowledgement;
- acknowledgement: ``{"ack": 3, "args": ["ok"], "namespace": "/"}``;
- namespace connect: ``{"connect": "/admin"}`` from the page (``"auth"``
  when the page sends some), ``{"connect": "/admin", "sid": "..."}`` to it;
- refused connect: ``{"connect_error": "/admin", "message": "not allowed"}``;
- disconnect: ``{"disconnect": "/admin"}``.

Binary arguments are ``{"$binary": "<base64>"}``.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..datatypes import Side
from ..errors import ProtocolError, quote
from .base import (
    TO_PAGE,
    TO_SERVER,
    Codec,
    Document,
    Frame,
    Invalid,
    Item,
    Memo,
    Plumbing,
    ProtocolMessage,
    clip,
    load_json,
    parse_json,
    shown,
)
from .socketio_packets import (
    BINARY,
    BINARY_EVENT,
    EXAMPLE,
    Packet,
    new_sid,
    parse_packet,
    to_document,
    to_packet,
)

# Engine.IO packet types.
OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP = "0123456"
ENGINE_NAMES = {OPEN: "open", CLOSE: "close", PING: "ping", PONG: "pong", UPGRADE: "upgrade",
                NOOP: "noop"}
RECORD_SEPARATOR = "\x1e"


# Frames and replies seen before: (frame, direction) -> (document, text) and
# (reply, direction, namespace, connect, ack) -> (document, frames, text).
_DECODED = Memo()
_WRITTEN = Memo()
MEMO_LIMIT = 4096  # characters: longer frames and replies are worked out each time


# --------------------------------------------------------------- codec


class SocketIOCodec(Codec):
    """One Socket.IO socket (Engine.IO v4 over WebSocket)."""

    name = "socket.io"
    ignored_unless_written = frozenset({"ack", "sid"})
    defaults = {"namespace": "/"}
    example = EXAMPLE
    handshake = "session id, namespaces"
    correlation = ("ack", "event")  # the page's: of its events, and of the acks answering them
    # What the library's mock announces in its open packet (milliseconds).
    ping_interval = 25000
    ping_timeout = 20000
    max_payload = 1000000

    @classmethod
    def recorded_decoded(cls, document: Any) -> bool:
        # A Socket.IO frame starts with a digit, a saved event with '{'.
        return isinstance(document, dict)

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        query = parse_qs(urlsplit(url).query)
        # A socket that upgrades a long-polling session carries its sid.
        self.sid = query.get("sid", [None])[0]
        self.upgrade = self.sid is not None
        self.sid = self.sid or new_sid()
        self._pending: dict[Side, tuple[Packet, list[Frame]]] = {}  # direction -> (packet, frames)

    # -------------------------------------------------------- the wire

    def opening(self) -> list[Frame]:
        if self.upgrade:  # the open packet went over long-polling
            return []
        # Long-polling offers the upgrade to a WebSocket; a WebSocket has none.
        polling = "polling" in parse_qs(urlsplit(self.url).query).get("transport", [])
        return [OPEN + self.open_data(upgrades=["websocket"] if polling else [])]

    def open_data(self, upgrades: list[str]) -> str:
        return json.dumps({
            "sid": self.sid, "upgrades": upgrades, "pingInterval": self.ping_interval,
            "pingTimeout": self.ping_timeout, "maxPayload": self.max_payload,
        }, separators=(",", ":"))

    def heartbeat(self) -> tuple[float, Frame] | None:
        return self.ping_interval / 1000, PING

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        if isinstance(frame, bytes):
            return self._attachment(frame, direction)
        # A text frame ends a binary packet still waiting for its attachments.
        items: list[Item] = ([self._incomplete(direction, "the next text frame")]
                             if direction in self._pending else [])
        try:
            if isinstance(frame, Undecodable):
                raise ProtocolError(frame.problem)
            items.extend(self._engine_packet(frame, direction))
        except ProtocolError as error:
            items.append(self._invalid(frame, error))
        return items

    def _invalid(self, frame: Frame, error: Exception, frames: tuple[Frame, ...] = ()
                 ) -> Invalid:
        return Invalid(frame, f"invalid Socket.IO frame {shown(frame)}: {error}", frames=frames)

    def _incomplete(self, direction: Side, before: str) -> Invalid:
        """The binary packet still waiting in ``direction``, as an Invalid with its frames."""
        packet, frames = self._pending.pop(direction)
        what = "binary event" if packet.type == BINARY_EVENT else "binary acknowledgement"
        came = frames[1:]
        error = (f"incomplete {what}: {len(came)} of {packet.expected} attachments arrived "
                 f"before {before}")
        if came:
            error += f" ({', '.join(shown(f) for f in came[:3])}{', ...' if len(came) > 3 else ''})"
        item = self._invalid(frames[0], ProtocolError(error), tuple(frames))
        item.direction = direction
        return item

    def unfinished(self) -> list[Item]:
        return [self._incomplete(direction, "the socket closed")
                for direction in list(self._pending)]

    def _engine_packet(self, frame: str, direction: Side) -> list[Item]:
        kind, data = frame[:1], frame[1:]
        if kind == MESSAGE:
            return self._socketio_packet(frame, data, direction)
        if kind == PING:
            # The answer is the library's when it plays the server (mocked).
            answer: list[Frame] = [PONG + data] if direction == TO_SERVER else []
            return [Plumbing([frame], answer, f"ping{' ' + data if data else ''}")]
        if kind in (PONG, UPGRADE, NOOP, CLOSE):
            return [Plumbing([frame], [], ENGINE_NAMES[kind])]
        if kind == OPEN and direction == TO_PAGE:
            handshake = load_json(data, "the open packet's data")
            if not isinstance(handshake, dict) or "sid" not in handshake:
                raise ProtocolError("the open packet must carry a sid")
            return [Plumbing([frame], [], "open")]
        if kind == OPEN:
            raise ProtocolError("only the server sends the open packet")
        raise ProtocolError(f"Engine.IO packet type {quote(kind)} is unknown (0-6 are)")

    def _socketio_packet(self, frame: str, text: str, direction: Side) -> list[Item]:
        known = _DECODED.get((frame, direction))
        if known is not None:
            return [ProtocolMessage(known[0], [frame], known[1])]
        packet = parse_packet(text)
        if packet.expected:
            self._pending[direction] = (packet, [frame])
            return []
        message = ProtocolMessage(to_document(packet, direction), [frame])
        if len(frame) <= MEMO_LIMIT:
            _DECODED.keep((frame, direction), (message.document, str(message)))
        return [message]

    def _attachment(self, frame: bytes, direction: Side) -> list[Item]:
        if direction not in self._pending:
            return [self._invalid(frame, ProtocolError(
                "a binary frame came, but no binary packet awaits an attachment"))]
        packet, frames = self._pending[direction]
        packet.attachments.append(frame)
        frames.append(frame)
        if len(packet.attachments) < packet.expected:
            return []
        del self._pending[direction]
        try:
            document = to_document(packet, direction)
        except ProtocolError as error:
            return [self._invalid(frames[0], error, tuple(frames))]
        return [ProtocolMessage(document, frames)]

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        packet = to_packet(message.document, direction)
        return [MESSAGE + packet.text(), *packet.attachments]

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        document = message.document
        if "connect" in document:
            return [ProtocolMessage({"connect": document["connect"], "sid": new_sid()})]
        return []

    def starts_session(self, message: ProtocolMessage) -> bool:
        return "connect" in message.document

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> Document:
        return _written_document(text)

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(
                f"A Socket.IO message is written as text, e.g. {EXAMPLE}; put binary "
                f'arguments in it as {{"{BINARY}": "<base64>"}}.'
            )
        asked = answering.document if answering is not None else {}
        key = (text, direction, asked.get("namespace"), asked.get("connect"), asked.get("ack"))
        known = _WRITTEN.get(key)
        if known is not None:
            return [ProtocolMessage(*known)]
        document = _written_document(text)
        if isinstance(document.get("ack"), list) and "args" not in document:
            # {"ack": [args]}: acknowledge the matched event.
            if "event" not in asked or "ack" not in asked:
                raise ProtocolError(
                    f"Reply {clip(text)} acknowledges, but "
                    + ("the matched message asked for no acknowledgement."
                       if answering is not None else "only a reply can acknowledge "
                       'without an id: write {"ack": ID, "args": [...]}.')
                )
            document = {"ack": asked["ack"], "args": document["ack"],
                        "namespace": asked.get("namespace", "/")}
        if ("event" in document or "ack" in document) and "namespace" not in document:
            document["namespace"] = asked.get("namespace") or asked.get("connect") or "/"
        packet = to_packet(document, direction)  # fails now for one that cannot be sent
        message = ProtocolMessage(document, [MESSAGE + packet.text(), *packet.attachments])
        if "connect" not in document and len(message) <= MEMO_LIMIT:  # a connect answer
            # gets a new sid each time; long messages are not worth keeping
            _WRITTEN.keep(key, (document, message.frames, str(message)))
        return [message]


def _written_document(text: str) -> Document:
    """A document from a tester's text: an array is an event, other text an event name.

    A reply's text is read once: the same text gives a fresh copy of that document.
    """
    return dict(_read_written(text))


@functools.lru_cache(maxsize=256)
def _read_written(text: str) -> Document:
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):
        value = parse_json(stripped, "Socket.IO message", EXAMPLE)
    else:
        try:
            value = load_json(stripped)
        except ProtocolError:
            value = stripped  # a bare event name
    if isinstance(value, str):
        if not value:
            raise ProtocolError(f"An empty Socket.IO message names no event. Write e.g. {EXAMPLE}.")
        return {"event": value, "args": []}
    if isinstance(value, list):
        if not value or not isinstance(value[0], str):
            raise ProtocolError(
                f"Socket.IO event {clip(text)} must start with the event name, e.g. {EXAMPLE}."
            )
        return {"event": value[0], "args": value[1:]}
    if isinstance(value, dict):
        return value
    raise ProtocolError(f"Socket.IO message {clip(text)} is no event. Write e.g. {EXAMPLE}.")


# ------------------------------------------------------- long-polling


class Undecodable(str):
    """A part of a long-polling body that is no packet (``b`` and no base64): kept as
    the text it was, so the codec records it as an invalid frame and nothing is lost."""

    problem: str


def decode_payload(body: str) -> list[Frame]:
    """Engine.IO packets of an HTTP long-polling body (binary ones as bytes).

    Never raises: a binary part that is not base64 comes back as an
    :class:`Undecodable` text, which the codec reports as an invalid frame.
    """
    frames: list[Frame] = []
    for part in body.split(RECORD_SEPARATOR) if body else []:
        if part.startswith("b"):
            try:
                frames.append(base64.b64decode(part[1:], validate=True))
            except ValueError:  # binascii.Error, or a character that is not ASCII
                bad = Undecodable(part)
                bad.problem = ("a long-polling binary packet is 'b' and base64, but its base64 "
                               "is not valid")
                frames.append(bad)
        else:
            frames.append(part)
    return frames


def encode_payload(frames: list[Frame]) -> str:
    """An HTTP long-polling body for Engine.IO packets."""
    return RECORD_SEPARATOR.join(
        "b" + base64.b64encode(f).decode("ascii") if isinstance(f, bytes) else f for f in frames
    )
