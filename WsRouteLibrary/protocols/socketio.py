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
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .base import (
    TO_PAGE,
    TO_SERVER,
    Codec,
    Frame,
    Invalid,
    Item,
    Memo,
    Plumbing,
    ProtocolError,
    ProtocolMessage,
    compact,
    parse_json,
    shown,
)

# Engine.IO packet types.
OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP = "0123456"
ENGINE_NAMES = {OPEN: "open", CLOSE: "close", PING: "ping", PONG: "pong", UPGRADE: "upgrade",
                NOOP: "noop"}
# Socket.IO packet types.
CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK = range(7)
RECORD_SEPARATOR = "\x1e"
BINARY = "$binary"
EXAMPLE = '["chat message", "hello"] or {"event": "chat message", "args": ["hello"], ' \
          '"namespace": "/"}'


# Frames and replies seen before: (frame, direction) -> (document, text) and
# (reply, direction, namespace, connect, ack) -> (document, frames, text).
_DECODED = Memo()
_WRITTEN = Memo()
MEMO_LIMIT = 4096  # characters: longer frames and replies are worked out each time


def new_sid() -> str:
    return secrets.token_urlsafe(15)


# ------------------------------------------------------------- packets


class Packet:
    """A Socket.IO packet: type, namespace, ack id, JSON data, attachments."""

    __slots__ = ("type", "namespace", "ack", "data", "attachments", "expected")

    def __init__(self, type_: int, namespace: str = "/", ack: int | None = None,
                 data: Any = None, attachments: list[bytes] | None = None, expected: int = 0):
        self.type = type_
        self.namespace = namespace
        self.ack = ack
        self.data = data
        self.attachments = attachments or []
        self.expected = expected  # attachments announced by a binary packet

    def text(self) -> str:
        out = str(self.type)
        if self.type in (BINARY_EVENT, BINARY_ACK):
            out += f"{len(self.attachments)}-"
        if self.namespace != "/":
            out += self.namespace + ","
        if self.ack is not None:
            out += str(self.ack)
        if self.data is not None:
            out += compact(self.data)
        return out


def parse_packet(text: str) -> Packet:
    """A Socket.IO packet from its text (after Engine.IO's ``4``)."""
    if not text or not text[0].isdigit() or int(text[0]) > 6:
        raise ProtocolError(f"Socket.IO packet type {text[:1]!r} is unknown (0-6 are)")
    type_ = int(text[0])
    at = 1
    expected = 0
    if type_ in (BINARY_EVENT, BINARY_ACK):
        dash = text.find("-", at)
        count = text[at:dash] if dash > 0 else ""
        if not count.isdigit():
            raise ProtocolError("a binary packet must give its number of attachments and '-'")
        expected, at = int(count), dash + 1
    namespace = "/"
    if text.startswith("/", at):
        comma = text.find(",", at)
        end = comma if comma >= 0 else len(text)
        namespace, at = text[at:end], (end + 1 if comma >= 0 else end)
    digits = at
    while digits < len(text) and text[digits].isdigit():
        digits += 1
    ack = int(text[at:digits]) if digits > at else None
    data = None
    if digits < len(text):
        try:
            data = json.loads(text[digits:])
        except ValueError as error:
            raise ProtocolError(f"its data is not valid JSON ({error})") from None
    packet = Packet(type_, namespace, ack, data, expected=expected)
    _check(packet)
    return packet


def _check(packet: Packet) -> None:
    kind, data = packet.type, packet.data
    if kind in (EVENT, BINARY_EVENT):
        if not (isinstance(data, list) and data and isinstance(data[0], str)):
            raise ProtocolError("an EVENT's data must be an array starting with the event name")
    elif kind in (ACK, BINARY_ACK):
        if packet.ack is None:
            raise ProtocolError("an ACK must carry the id of the packet it acknowledges")
        if not isinstance(data, list):
            raise ProtocolError("an ACK's data must be an array of arguments")
    elif kind in (CONNECT, CONNECT_ERROR):
        if data is not None and not isinstance(data, dict):
            raise ProtocolError(f"a {'CONNECT' if kind == CONNECT else 'CONNECT_ERROR'}'s "
                                "data must be an object")
    elif kind == DISCONNECT and data is not None:
        raise ProtocolError("a DISCONNECT carries no data")


def _restore(value: Any, attachments: list[bytes]) -> Any:
    """Data with placeholders replaced by ``{"$binary": base64}``."""
    if isinstance(value, dict):
        if value.get("_placeholder") is True and isinstance(value.get("num"), int):
            number = value["num"]
            if not 0 <= number < len(attachments):
                raise ProtocolError(f"placeholder num {number} names no attachment")
            return {BINARY: base64.b64encode(attachments[number]).decode("ascii")}
        return {key: _restore(item, attachments) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item, attachments) for item in value]
    return value


def _extract(value: Any, attachments: list[bytes]) -> Any:
    """Data with ``{"$binary": base64}`` (or bytes) replaced by placeholders."""
    if isinstance(value, (bytes, bytearray)):
        attachments.append(bytes(value))
        return {"_placeholder": True, "num": len(attachments) - 1}
    if isinstance(value, dict):
        if list(value) == [BINARY]:
            try:
                data = base64.b64decode(value[BINARY], validate=True)
            except (ValueError, TypeError):
                raise ProtocolError(
                    f"{{\"{BINARY}\": ...}} must hold base64, not {value[BINARY]!r}"
                ) from None
            attachments.append(data)
            return {"_placeholder": True, "num": len(attachments) - 1}
        return {key: _extract(item, attachments) for key, item in value.items()}
    if isinstance(value, list):
        return [_extract(item, attachments) for item in value]
    return value


def to_document(packet: Packet, direction: str) -> dict:
    """The document an app knows for a complete packet."""
    kind, namespace = packet.type, packet.namespace
    data = _restore(packet.data, packet.attachments) if packet.attachments else packet.data
    if kind in (EVENT, BINARY_EVENT):
        document = {"event": data[0], "args": data[1:], "namespace": namespace}
        if packet.ack is not None:
            document["ack"] = packet.ack
        return document
    if kind in (ACK, BINARY_ACK):
        return {"ack": packet.ack, "args": data, "namespace": namespace}
    if kind == CONNECT:
        document = {"connect": namespace}
        if data is not None:
            if direction == TO_SERVER:
                document["auth"] = data
            else:
                document.update({k: v for k, v in data.items() if k != "connect"})
        return document
    if kind == CONNECT_ERROR:
        document = {"connect_error": namespace}
        document.update({k: v for k, v in (data or {}).items() if k != "connect_error"})
        return document
    return {"disconnect": namespace}


def to_packet(document: dict, direction: str) -> Packet:
    """The packet for a document (see the module's docstring for their shapes)."""
    if "event" in document:
        name = document["event"]
        args = document.get("args", [])
        if not isinstance(name, str) or not isinstance(args, list):
            raise ProtocolError('an event needs a text "event" and a list "args"')
        kind, data = EVENT, [name, *args]
        ack = document.get("ack")
    elif "ack" in document:
        kind, data, ack = ACK, document.get("args", []), document["ack"]
        if not isinstance(ack, int) or isinstance(ack, bool) or not isinstance(data, list):
            raise ProtocolError('an acknowledgement needs a number "ack" and a list "args"')
    elif "connect" in document:
        rest = {k: v for k, v in document.items() if k != "connect"}
        if direction == TO_SERVER:
            data = rest.get("auth")
        else:
            data = {"sid": new_sid(), **rest}
        return _packet(CONNECT, document["connect"], None, data)
    elif "connect_error" in document:
        data = {k: v for k, v in document.items() if k != "connect_error"}
        data.setdefault("message", "connection refused")
        return _packet(CONNECT_ERROR, document["connect_error"], None, data)
    elif "disconnect" in document:
        return _packet(DISCONNECT, document["disconnect"], None, None)
    else:
        raise ProtocolError(
            f"{json.dumps(document)[:80]} is no Socket.IO message: give \"event\", \"ack\", "
            f"\"connect\", \"connect_error\" or \"disconnect\", e.g. {EXAMPLE}"
        )
    if ack is not None and (not isinstance(ack, int) or isinstance(ack, bool) or ack < 0):
        raise ProtocolError(f'"ack" must be a whole number, not {ack!r}')
    namespace = document.get("namespace", "/")
    attachments: list[bytes] = []
    data = _extract(data, attachments)
    if attachments:
        kind = BINARY_EVENT if kind == EVENT else BINARY_ACK
    packet = _packet(kind, namespace, ack, data)
    packet.attachments = attachments
    return packet


def _packet(kind: int, namespace: Any, ack: int | None, data: Any) -> Packet:
    if not isinstance(namespace, str) or not namespace.startswith("/"):
        raise ProtocolError(f"a namespace starts with '/', unlike {namespace!r}")
    return Packet(kind, namespace, ack, data)


# --------------------------------------------------------------- codec


class SocketIOCodec(Codec):
    """One Socket.IO socket (Engine.IO v4 over WebSocket)."""

    name = "socket.io"
    ignored_unless_written = frozenset({"ack", "sid"})
    defaults = {"namespace": "/"}
    example = EXAMPLE
    correlation = ("ack", "event")  # the page's: of its events, and of the acks answering them
    # What the library's mock announces in its open packet (milliseconds).
    ping_interval = 25000
    ping_timeout = 20000
    max_payload = 1000000

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        query = parse_qs(urlsplit(url).query)
        # A socket that upgrades a long-polling session carries its sid.
        self.sid = query.get("sid", [None])[0]
        self.upgrade = self.sid is not None
        self.sid = self.sid or new_sid()
        self._pending: dict[str, tuple[Packet, list]] = {}  # direction -> (packet, frames)

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

    def from_page(self, frame: Frame) -> list[Item]:
        return self._decode(frame, TO_SERVER)

    def from_server(self, frame: Frame) -> list[Item]:
        return self._decode(frame, TO_PAGE)

    def _decode(self, frame: Frame, direction: str) -> list[Item]:
        if isinstance(frame, bytes):
            return self._attachment(frame, direction)
        try:
            return self._engine_packet(frame, direction)
        except ProtocolError as error:
            return [self._invalid(frame, error)]

    def _invalid(self, frame: Frame, error: Exception) -> Invalid:
        return Invalid(frame, f"invalid Socket.IO frame {shown(frame)}: {error}")

    def _engine_packet(self, frame: str, direction: str) -> list[Item]:
        kind, data = frame[:1], frame[1:]
        if direction in self._pending:
            self._pending.pop(direction)
            raise ProtocolError("a binary packet still awaits its attachments (binary frames)")
        if kind == MESSAGE:
            return self._socketio_packet(frame, data, direction)
        if kind == PING:
            # The answer is the library's when it plays the server (mocked).
            answer = [PONG + data] if direction == TO_SERVER else []
            return [Plumbing([frame], answer, f"ping{' ' + data if data else ''}")]
        if kind in (PONG, UPGRADE, NOOP, CLOSE):
            return [Plumbing([frame], [], ENGINE_NAMES[kind])]
        if kind == OPEN and direction == TO_PAGE:
            try:
                handshake = json.loads(data)
            except ValueError:
                raise ProtocolError("the open packet's data is not JSON") from None
            if not isinstance(handshake, dict) or "sid" not in handshake:
                raise ProtocolError("the open packet must carry a sid")
            return [Plumbing([frame], [], "open")]
        if kind == OPEN:
            raise ProtocolError("only the server sends the open packet")
        raise ProtocolError(f"Engine.IO packet type {kind!r} is unknown (0-6 are)")

    def _socketio_packet(self, frame: str, text: str, direction: str) -> list[Item]:
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

    def _attachment(self, frame: bytes, direction: str) -> list[Item]:
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
            return [self._invalid(frames[0], error)]
        return [ProtocolMessage(document, frames)]

    def encode(self, message: ProtocolMessage, direction: str) -> list[Frame]:
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
    def document(cls, text: str) -> dict:
        return _written_document(text)

    def written(self, text: Frame, direction: str,
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
                    f"Reply {text!r} acknowledges, but "
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


def _written_document(text: str) -> dict:
    """A document from a tester's text: an array is an event, other text an event name.

    A reply's text is read once: the same text gives a fresh copy of that document.
    """
    return dict(_read_written(text))


@functools.lru_cache(maxsize=256)
def _read_written(text: str) -> dict:
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):
        value = parse_json(stripped, "Socket.IO message", EXAMPLE)
    else:
        try:
            value = json.loads(stripped)
        except ValueError:
            value = stripped  # a bare event name
    if isinstance(value, str):
        if not value:
            raise ProtocolError(f"An empty Socket.IO message names no event. Write e.g. {EXAMPLE}.")
        return {"event": value, "args": []}
    if isinstance(value, list):
        if not value or not isinstance(value[0], str):
            raise ProtocolError(
                f"Socket.IO event {text[:80]!r} must start with the event name, e.g. {EXAMPLE}."
            )
        return {"event": value[0], "args": value[1:]}
    if isinstance(value, dict):
        return value
    raise ProtocolError(f"Socket.IO message {text[:80]!r} is no event. Write e.g. {EXAMPLE}.")


# ------------------------------------------------------- long-polling


def decode_payload(body: str) -> list[Frame]:
    """Engine.IO packets of an HTTP long-polling body (binary ones as bytes)."""
    frames: list[Frame] = []
    for part in body.split(RECORD_SEPARATOR) if body else []:
        if part.startswith("b"):
            try:
                frames.append(base64.b64decode(part[1:], validate=True))
            except ValueError:
                raise ProtocolError(f"binary packet {part[:40]!r} is not base64") from None
        else:
            frames.append(part)
    return frames


def encode_payload(frames: list[Frame]) -> str:
    """An HTTP long-polling body for Engine.IO packets."""
    return RECORD_SEPARATOR.join(
        "b" + base64.b64encode(f).decode("ascii") if isinstance(f, bytes) else f for f in frames
    )
