"""SignalR: ASP.NET Core's hub protocol in its JSON form, as ``@microsoft/signalr`` speaks it.

Wire format (the JSON hub protocol, version 1): every record is a JSON
object followed by the record separator ``\\x1e``; a frame may carry several
records. The client first sends the handshake ``{"protocol":"json",
"version":1}`` and the server answers ``{}`` (or ``{"error": "..."}``). Then
each record has a ``type``: ``1`` invocation (``target``, ``arguments``,
an ``invocationId`` when the caller waits for a result), ``2`` stream item
(``invocationId``, ``item``), ``3`` completion (``invocationId``,
``result`` or ``error``), ``4`` stream invocation, ``5`` cancel invocation,
``6`` ping, ``7`` close (``error``, ``allowReconnect``); ``8`` and ``9``
(stateful reconnect's ack and sequence) are passed on as plumbing.

Documents (an invocation's canonical text is a JSON array, the others'
their JSON):

- invocation: ``{"target": "SendMessage", "arguments": ["alice", "hi"]}``,
  plus ``"invocationId": "0"`` when the caller waits (``invoke()``), shown
  as ``["SendMessage", "alice", "hi"]``;
- ``{"type": "completion", "invocationId": "0", "result": ...}`` or with
  ``"error": "..."``;
- ``{"type": "stream_invocation", "target": ..., "arguments": [...],
  "invocationId": "1"}``, ``{"type": "stream_item", "invocationId": "1",
  "item": ...}``, ``{"type": "cancel_invocation", "invocationId": "1"}``;
- ``{"type": "close"}``, with ``"error"`` and ``"allowReconnect"`` when sent.

The handshake is a message, ``{"type": "handshake", "protocol": "json",
"version": 1}``, answered by default (mocked) with ``{"type":
"handshake_response"}`` (the wire's ``{}``), after which the app's session
is up; a rule may refuse it with ``{"type": "handshake_response", "error":
"..."}``. A handshake asking for another protocol (MessagePack) is refused
and invalid. Pings are plumbing: the mocked server sends one every 15
seconds (ASP.NET's ``KeepAliveInterval``), as the client's 30 second server
timeout expects, and takes the client's without answering, as a hub does.
"""

from __future__ import annotations

from typing import Any

from ..datatypes import Side
from ..errors import ProtocolError
from .base import (
    TO_PAGE,
    TO_SERVER,
    Codec,
    Frame,
    Invalid,
    Item,
    Plumbing,
    ProtocolMessage,
    canonical,
    clip,
    compact,
    load_json,
    shown,
)

SEPARATOR = "\x1e"
HANDSHAKE = '{"protocol":"json","version":1}' + SEPARATOR
PING = '{"type":6}' + SEPARATOR
KINDS = {1: "invocation", 2: "stream_item", 3: "completion", 4: "stream_invocation",
         5: "cancel_invocation", 7: "close"}
TYPES = {name: number for number, name in KINDS.items()}
EXAMPLE = '["ReceiveMessage", "bob", "hi"] (an invocation) or {"result": 42} (completes one)'
KEEP_ALIVE = 15.0  # seconds: ASP.NET Core's default KeepAliveInterval


class SignalRCodec(Codec):
    """One socket speaking SignalR's JSON hub protocol."""

    name = "signalr"
    ignored_unless_written = frozenset({"invocationId", "streamIds", "headers"})
    defaults = {"arguments": []}
    example = EXAMPLE
    handshake = "negotiate, connection id, hub handshake"
    keep_alive = KEEP_ALIVE

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        self._shaken = {TO_SERVER: False, TO_PAGE: False}  # handshake sent, by direction

    # -------------------------------------------------------- the wire

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        if isinstance(frame, bytes):
            return [Invalid(frame, f"invalid SignalR frame {shown(frame)}: the JSON hub protocol "
                                   "sends its records in text frames, and @microsoft/signalr "
                                   "refuses binary ones (MessagePack is not supported)")]
        if not frame.endswith(SEPARATOR):
            return [Invalid(frame, f"invalid SignalR frame {shown(frame)}: a record must end "
                                   "with the record separator \\x1e")]
        items: list[Item] = []
        for record in frame[:-1].split(SEPARATOR):
            wire = record + SEPARATOR
            try:
                items.extend(self._record(record, wire, direction))
            except ProtocolError as error:
                items.append(Invalid(wire, f"invalid SignalR record {shown(wire)}: {error}"))
        return items

    def _record(self, record: str, wire: str, direction: Side) -> list[Item]:
        value = load_json(record)
        if not isinstance(value, dict):
            raise ProtocolError("a record is a JSON object")
        if not self._shaken[direction]:
            return self._handshake(value, wire, direction)
        kind = value.get("type")
        if isinstance(kind, bool) or not isinstance(kind, int):
            raise ProtocolError('a message needs a number "type" (1 to 9)')
        if kind == 6:
            return [Plumbing([wire], [], "ping")]
        if kind in (8, 9):  # stateful reconnect: the library does not offer it
            return [Plumbing([wire], [], "ack" if kind == 8 else "sequence")]
        if kind not in KINDS:
            raise ProtocolError(f"message type {clip(str(kind))} is no SignalR message type "
                                "(1 to 9)")
        document, text = _document(value, kind)
        return [ProtocolMessage(document, [wire], text)]

    def _handshake(self, value: dict[str, Any], wire: str, direction: Side) -> list[Item]:
        self._shaken[direction] = True
        if direction == TO_PAGE:  # the server's answer: {} or {"error": ...}
            document: dict[str, Any] = {"type": "handshake_response"}
            if "error" in value:
                document["error"] = value["error"]
            return [ProtocolMessage(document, [wire])]
        protocol, version = value.get("protocol"), value.get("version")
        if protocol == "json" and version == 1:
            return [ProtocolMessage({"type": "handshake", "protocol": "json", "version": 1},
                                    [wire])]
        error = (f"the handshake asks for protocol {clip(str(protocol))} version "
                 f"{clip(str(version))}; the library speaks the JSON hub protocol, version 1 "
                 "(the first record must be {\"protocol\":\"json\",\"version\":1})")
        if not self.mocked:
            raise ProtocolError(error)
        refusal = compact({"error": f"The server does not support protocol {protocol!s}."})
        return [Plumbing([], [refusal + SEPARATOR], "handshake refused"),
                Invalid(wire, f"invalid SignalR record {shown(wire)}: {error}",
                        close=(1000, "handshake refused"))]

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        document = message.document
        kind = document.get("type", "invocation")
        if kind == "handshake":
            return [HANDSHAKE]
        if kind == "handshake_response":
            answer = {"error": document["error"]} if "error" in document else {}
            return [compact(answer) + SEPARATOR]
        wire: dict[str, Any] = {"type": TYPES.get(kind, 1)}
        for key in ("invocationId", "target", "arguments", "streamIds", "headers", "item",
                    "result", "error", "allowReconnect"):
            if key in document:
                wire[key] = document[key]
        return [compact(wire) + SEPARATOR]

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        if message.document.get("type") == "handshake":
            return [ProtocolMessage({"type": "handshake_response"})]
        return []

    def starts_session(self, message: ProtocolMessage) -> bool:
        document = message.document
        return document.get("type") == "handshake_response" and "error" not in document

    def heartbeat(self) -> tuple[float, Frame] | None:
        return (self.keep_alive, PING)

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> dict[str, Any]:
        return _written(text)

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(f"SignalR messages are written as text, e.g. {EXAMPLE}.")
        document = _written(text)
        asked = answering.document if answering is not None else {}
        if "type" not in document and "target" not in document:
            document = _answer(document, asked, text)
        kind = document.get("type", "invocation")
        if kind in ("handshake", "handshake_response"):
            return [_handshake_written(document, kind, text)]
        if kind not in TYPES:
            raise ProtocolError(f"SignalR message {clip(text)} has type {clip(str(kind))}: use "
                                f"{', '.join(TYPES)}.")
        number = TYPES[kind]
        wire = {key: value for key, value in document.items() if key != "type"}
        wire["type"] = number
        try:
            document, shown_as = _document(wire, number)
            return [ProtocolMessage(document, (), shown_as)]
        except ProtocolError as error:
            raise ProtocolError(f"SignalR message {clip(text)}: {error}. Write e.g. "
                                f"{EXAMPLE}.") from None


def _document(wire: dict[str, Any], kind: int) -> tuple[dict[str, Any], str | None]:
    """A record's document and canonical text (None: the document's JSON), checked."""
    name = KINDS[kind]
    document: dict[str, Any] = {} if kind == 1 else {"type": name}
    if kind in (1, 4):
        target, arguments = wire.get("target"), wire.get("arguments", [])
        if not isinstance(target, str) or not target:
            raise ProtocolError(f'an {name.replace("_", " ")} needs a text "target"')
        if not isinstance(arguments, list):
            raise ProtocolError('"arguments" must be a list')
        document.update(target=target, arguments=arguments)
    identifier = wire.get("invocationId")
    if identifier is not None or kind in (2, 3, 4, 5):
        if not isinstance(identifier, str) or not identifier:
            raise ProtocolError(f'a {name.replace("_", " ")} needs a text "invocationId"')
        document["invocationId"] = identifier
    if kind in (1, 4):
        for key, kind_of, noun in (("streamIds", list, "a list"), ("headers", dict, "an object")):
            if key in wire:
                if not isinstance(wire[key], kind_of):
                    raise ProtocolError(f'"{key}" must be {noun}')
                document[key] = wire[key]
    if kind == 2:
        document["item"] = wire.get("item")
    if kind == 3:
        if "error" in wire and "result" in wire:
            raise ProtocolError('a completion has a "result" or an "error", not both')
        if "error" in wire:
            if not isinstance(wire["error"], str):
                raise ProtocolError('a completion\'s "error" must be a text')
            document["error"] = wire["error"]
        elif "result" in wire:
            document["result"] = wire["result"]
    if kind == 7:
        if "error" in wire:
            if not isinstance(wire["error"], str):
                raise ProtocolError('a close\'s "error" must be a text')
            document["error"] = wire["error"]
        if "allowReconnect" in wire:
            if not isinstance(wire["allowReconnect"], bool):
                raise ProtocolError('"allowReconnect" must be true or false')
            document["allowReconnect"] = wire["allowReconnect"]
    text = canonical([document["target"], *document["arguments"]]) if kind == 1 else None
    return document, text


def _handshake_written(document: dict[str, Any], kind: str, text: str) -> ProtocolMessage:
    """A handshake (``{"type": "handshake"}``) or its answer, ``{"type":
    "handshake_response"}`` with an ``"error"`` that refuses the connection."""
    if kind == "handshake":
        return ProtocolMessage({"type": "handshake", "protocol": "json", "version": 1})
    if "error" in document and not isinstance(document["error"], str):
        raise ProtocolError(f"SignalR handshake response {clip(text)}: its \"error\" must be "
                            'a text, e.g. {"type": "handshake_response", "error": "go away"}.')
    return ProtocolMessage({"type": "handshake_response",
                            **({"error": document["error"]} if "error" in document else {})})


def _written(text: str) -> dict[str, Any]:
    """A tester's message: an array is an invocation, a bare word a target without
    arguments, an object as it is."""
    stripped = text.strip()
    if not stripped.startswith(("[", "{")):
        if not stripped:
            raise ProtocolError(f"A SignalR message cannot be empty: write e.g. {EXAMPLE}.")
        return {"target": stripped, "arguments": []}
    try:
        value = load_json(stripped, f"SignalR message {clip(text)}")
    except ProtocolError as error:
        raise ProtocolError(f"{error}. Write it as e.g. {EXAMPLE}.") from None
    if isinstance(value, list):
        if not value or not isinstance(value[0], str) or not value[0]:
            raise ProtocolError(f"SignalR invocation {clip(text)} must start with the target's "
                                f"name, e.g. {EXAMPLE}.")
        return {"target": value[0], "arguments": value[1:]}
    written: dict[str, Any] = value  # an object, checked where it is read
    return written


def _answer(document: dict[str, Any], asked: dict[str, Any], text: str) -> dict[str, Any]:
    """``{"result": ...}``, ``{"error": ...}`` or ``{"item": ...}``: for the matched
    invocation."""
    if not any(key in document for key in ("result", "error", "item")):
        raise ProtocolError(f"SignalR message {clip(text)} is neither an invocation (an array "
                            'or {"target": ...}), an answer ({"result": ...}, {"error": ...}, '
                            f'{{"item": ...}}) nor a message with a "type". Write e.g. '
                            f"{EXAMPLE}.")
    identifier = document.get("invocationId", asked.get("invocationId"))
    if identifier is None:
        raise ProtocolError(
            f"SignalR answer {clip(text)} completes no invocation: "
            + ("the matched invocation waits for no result (the page called send(), not "
               "invoke())." if asked else 'only a rule\'s reply answers the invocation it '
               'matched; elsewhere give its "invocationId".'))
    kind = "stream_item" if "item" in document else "completion"
    return {"type": kind, "invocationId": identifier, **document}

