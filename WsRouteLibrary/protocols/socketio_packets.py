"""Socket.IO v5 packets: their text, as they travel in an Engine.IO message, and documents.

A packet's text is its type digit (``0`` CONNECT, ``1`` DISCONNECT, ``2``
EVENT, ``3`` ACK, ``4`` CONNECT_ERROR, ``5`` BINARY_EVENT, ``6``
BINARY_ACK), for binary ones the number of attachments and ``-``, the
namespace and ``,`` unless it is ``/``, the acknowledgement id, then the
JSON data. Reading one never raises anything but :class:`ProtocolError`,
whatever the page sends: digits must be ASCII (Python's ``int`` takes any
Unicode digit), and ack ids, attachment counts, namespaces and the JSON are
bounded, each error saying the bound.
"""

from __future__ import annotations

import base64
import re
import secrets
from typing import Any

from ..datatypes import Side
from ..errors import ProtocolError, quote
from .base import TO_SERVER, Document, canonical, clip, compact, load_json

# Socket.IO packet types.
CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK = range(7)
BINARY = "$binary"
EXAMPLE = '["chat message", "hello"] or {"event": "chat message", "args": ["hello"], ' \
          '"namespace": "/"}'
# Bounds on what a packet's text may hold.
MAX_ACK = 2**53 - 1  # the largest whole number JavaScript counts exactly
MAX_ATTACHMENTS = 1000
MAX_NAMESPACE = 1000  # characters
_ASCII_DIGITS = re.compile(r"[0-9]*")
_MAX_ACK_TEXT = (f"ack ids go up to {MAX_ACK}, the largest whole number JavaScript counts "
                 "exactly")


def new_sid() -> str:
    return secrets.token_urlsafe(15)


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
    kind = text[:1]
    if not kind or kind not in "0123456":
        raise ProtocolError(f"Socket.IO packet type {quote(kind)} is unknown (0-6 are)")
    type_ = int(kind)
    at = 1
    expected = 0
    if type_ in (BINARY_EVENT, BINARY_ACK):
        expected, at = _attachments(text)
    namespace = "/"
    if text.startswith("/", at):
        comma = text.find(",", at)
        end = comma if comma >= 0 else len(text)
        if end - at > MAX_NAMESPACE:
            raise ProtocolError(f"its namespace is {end - at} characters long; the library "
                                f"reads namespaces of up to {MAX_NAMESPACE}")
        namespace, at = text[at:end], (end + 1 if comma >= 0 else end)
    digits = _digits_end(text, at)
    ack = _ack(text[at:digits]) if digits > at else None
    following = text[digits:digits + 1]
    if following and not following.isascii() and following.isnumeric():
        raise ProtocolError(f"its ack id has {quote(following)}, which is no ASCII digit (ack "
                            "ids are written 0-9)")
    data = load_json(text[digits:], "its data") if digits < len(text) else None
    packet = Packet(type_, namespace, ack, data, expected=expected)
    _check(packet)
    return packet


def _digits_end(text: str, at: int) -> int:
    """Where the ASCII digits from ``at`` end (``at`` itself when there are none)."""
    found = _ASCII_DIGITS.match(text, at)
    assert found is not None  # [0-9]* matches no digits too
    return found.end()


def _attachments(text: str) -> tuple[int, int]:
    """A binary packet's number of attachments, and where its text goes on."""
    end = _digits_end(text, 1)
    if end == 1 or text[end:end + 1] != "-":
        raise ProtocolError("a binary packet must give its number of attachments (ASCII "
                            "digits 0-9) and '-'")
    if end - 1 > len(str(MAX_ATTACHMENTS)):
        raise ProtocolError(f"a binary packet announces more than {MAX_ATTACHMENTS} "
                            f"attachments; the library reads at most {MAX_ATTACHMENTS}")
    count = int(text[1:end])
    if count > MAX_ATTACHMENTS:
        raise ProtocolError(f"a binary packet announces {count} attachments; the library "
                            f"reads at most {MAX_ATTACHMENTS}")
    if count == 0:
        raise ProtocolError("a binary packet carries 1 attachment or more, not 0")
    return count, end + 1


def _ack(digits: str) -> int:
    if len(digits) > len(str(MAX_ACK)):
        raise ProtocolError(f"its ack id has {len(digits)} digits; {_MAX_ACK_TEXT}")
    ack = int(digits)
    if ack > MAX_ACK:
        raise ProtocolError(f"its ack id {ack} is larger than {MAX_ACK}, the largest whole "
                            "number JavaScript counts exactly")
    return ack


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
        if value.get("_placeholder") is True and type(value.get("num")) is int:  # not a bool
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
                shown = (clip(value[BINARY], 40) if isinstance(value[BINARY], str)
                         else clip(compact(value[BINARY]), 40))
                raise ProtocolError(
                    f"{{\"{BINARY}\": ...}} must hold base64, not {shown}"
                ) from None
            attachments.append(data)
            return {"_placeholder": True, "num": len(attachments) - 1}
        return {key: _extract(item, attachments) for key, item in value.items()}
    if isinstance(value, list):
        return [_extract(item, attachments) for item in value]
    return value


def to_document(packet: Packet, direction: Side) -> Document:
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


def to_packet(document: Document, direction: Side) -> Packet:
    """The packet for a document (see the module's docstring for their shapes)."""
    data: Any  # the packet's JSON: an event's array, a connect's auth or payload
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
            f"{clip(canonical(document))} is no Socket.IO message: give \"event\", \"ack\", "
            f"\"connect\", \"connect_error\" or \"disconnect\", e.g. {EXAMPLE}"
        )
    if ack is not None and (not isinstance(ack, int) or isinstance(ack, bool) or ack < 0):
        raise ProtocolError(f'"ack" must be a whole number, not {clip(compact(ack), 40)}')
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
        shown = clip(namespace) if isinstance(namespace, str) else clip(compact(namespace))
        raise ProtocolError(f"a namespace starts with '/', unlike {shown}")
    return Packet(kind, namespace, ack, data)
