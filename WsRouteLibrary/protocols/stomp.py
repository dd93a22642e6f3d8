"""STOMP 1.0-1.2 as ``@stomp/stompjs`` speaks it, over a plain WebSocket or SockJS's.

Frames are read and written in ``stomp_frames.py``; this codec turns them
into documents and keeps the connection's state: the negotiated version
(header escaping), the page's subscriptions (id -> destination) and, on a
SockJS session URL (``.../<server>/<session>/websocket``), SockJS's framing
(``o``, ``h``, ``a[...]``, ``c[...]``), unwrapped and wrapped here, so one
codec name serves both URLs.

Documents (their JSON is each message's canonical text; the body before the
headers, so a text the log cuts short still shows it):

- ``{"command": "SEND", "destination": "/app/chat", "body": ..., "headers": {...}}``
  (``body`` parsed as JSON when it is JSON, else text; ``headers`` without
  ``destination`` and ``content-length``; either left out when empty);
- ``{"command": "SUBSCRIBE", "destination": "/topic/chat", "id": "sub-0"}``,
  ``{"command": "UNSUBSCRIBE", "destination": "/topic/chat", "id": "sub-0"}``:
  app messages (recorded, so a test waits for a subscription), whose ids
  the codec keeps;
- ``{"command": "CONNECT", "headers": {"accept-version": "1.2,1.1,1.0", ...}}``
  answered on a mocked route by ``{"command": "CONNECTED", "headers":
  {"version": "1.2", "heart-beat": "0,10000", "server": "WsRouteLibrary"}}``
  (the highest version both speak; the library sends no heart-beats and
  takes the page's at the page's rate);
- ``{"command": "MESSAGE", "destination": ..., "body": ..., "headers":
  {"subscription": "sub-0", "message-id": "..."}}`` to the page, and ERROR;
- ACK, NACK, BEGIN, COMMIT, ABORT and DISCONNECT with their headers.

Heart-beats, RECEIPT frames (a mocked route answers every frame with a
``receipt`` header) and SockJS's own frames are plumbing, not recorded.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

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
    clip,
    compact,
    load_json,
    parse_object,
    shown,
)
from .stomp_acks import Acks
from .stomp_frames import (
    FROM_PAGE,
    FROM_SERVER,
    SOCKJS_URL,
    SockJSError,
    build,
    parse,
    sockjs_unwrap,
    sockjs_wrap,
)

VERSIONS = ("1.2", "1.1", "1.0")
SERVER = "WsRouteLibrary"
EXAMPLE = '{"destination": "/topic/chat", "body": {"text": "hi"}}'
_IDS = {"SUBSCRIBE", "UNSUBSCRIBE"}
_numbers = itertools.count(1)


class StompCodec(Codec):
    """One socket speaking STOMP (over SockJS when its URL is a SockJS session's)."""

    name = "stomp"
    ignored_unless_written = frozenset({"headers", "id"})
    example = EXAMPLE
    operation_noun = "STOMP subscription"  # what Send STOMP Message's failure calls them
    handshake = "CONNECT, subscription ids"

    @classmethod
    def recorded_decoded(cls, document: Any) -> bool:
        # A frame is a command line or binary; a message saved on a protocol route is '{'.
        return isinstance(document, dict)

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        self.sockjs = bool(SOCKJS_URL.search(urlsplit(url).path)) if url else False
        self.version = "1.0"  # until CONNECTED says otherwise: nothing is escaped
        # id -> {"destination": ..., "operationName": destination} (the latter for the
        # engine's listing of active subscriptions).
        self.operations: dict[str, dict[str, Any]] = {}
        # Connected: the ack ids of the library's MESSAGEs the page has still to ACK or NACK
        # (and of the broker's the library ACKed), and the broker's the page may not get.
        self._made: set[str] = set()
        self.acks = Acks()

    # -------------------------------------------------------- the wire

    def opening(self) -> list[Frame]:
        return ["o"] if self.sockjs else []

    def heartbeat(self) -> tuple[float, Frame] | None:
        return (25.0, "h") if self.sockjs else None  # as a SockJS server does

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        try:
            return self._items(frame, direction)
        except ProtocolError as error:
            what = "SockJS frame" if isinstance(error, SockJSError) else "STOMP frame"
            return [Invalid(frame, f"invalid {what} {shown(frame)}: it {error}")]

    def _items(self, frame: Frame, direction: Side) -> list[Item]:
        parts: Sequence[Frame]
        if self.sockjs:
            if isinstance(frame, bytes):
                raise SockJSError("is binary: SockJS sends only text")
            if direction == TO_PAGE:
                if frame in ("o", "h") or frame.startswith("c"):
                    return [Plumbing([frame], [], {"o": "open", "h": "heartbeat"}.get(
                        frame, "close"))]
                if not frame.startswith("a"):
                    raise SockJSError("is no SockJS server frame (o, h, a[...] or c[...])")
                parts = sockjs_unwrap(frame[1:])
            else:
                parts = sockjs_unwrap(frame)
        else:
            parts = [frame]
        items: list[Item] = []
        for part in parts:
            data = part if isinstance(part, bytes) else _octets(part)
            frames, beats = parse(data, self.version)
            if beats:
                items.append(Plumbing([frame] if len(parts) == 1 else [], [], "heart-beat"))
            whole = len(parts) == 1 and len(frames) == 1
            for command, headers, body, raw in frames:
                carried = [frame] if whole else [self._rewrap(raw, direction)]
                items.extend(self._frame(command, headers, body, carried, direction))
        return items

    def _rewrap(self, raw: bytes, direction: Side) -> Frame:
        if not self.sockjs:
            return raw.decode("utf-8", "replace")
        return sockjs_wrap([raw.decode("utf-8", "replace")], server=direction == TO_PAGE)

    def _frame(self, command: str, headers: dict[str, Any], body: bytes, carried: list[Any],
               direction: Side) -> list[Item]:
        allowed = FROM_PAGE if direction == TO_SERVER else FROM_SERVER
        if command not in allowed:
            who = "the page" if direction == TO_SERVER else "the server"
            raise ProtocolError(f"is a {command} frame, which {who} does not send "
                                f"({who} sends {', '.join(allowed)})")
        if command == "RECEIPT":
            return [Plumbing(carried, [], "receipt")]
        if command in ("ACK", "NACK") and not self.mocked and direction == TO_SERVER:
            acked = headers.get("id" if self.version == "1.2" else "message-id")
            if acked in self._made:  # the library's MESSAGE: the broker never sent it
                self._made.discard(acked)
                return [Plumbing([], [], f"{command} of the library's MESSAGE")]
            after = self._ack_frames(self.acks.page_acked(str(acked)))
            if after:  # the dropped MESSAGEs after it (stomp_acks.py)
                return [ProtocolMessage(self._document(command, headers, body), carried),
                        Plumbing(after, [], "ACK of MESSAGEs the page never got")]
        if command == "MESSAGE" and not self.mocked:
            subscription = str(headers.get("subscription"))
            mode = self.operations.get(subscription, {}).get("ack", "auto")
            if mode != "auto":
                self.acks.received(self._key(headers), subscription, mode)
        document = self._document(command, headers, body)
        items: list[Item] = [ProtocolMessage(document, carried)]
        receipt = headers.get("receipt")
        if receipt is not None and self.mocked and direction == TO_SERVER \
                and command not in ("CONNECT", "STOMP"):
            items.append(Plumbing([], [self._wrap(build(
                "RECEIPT", {"receipt-id": receipt}, b"", self.version), TO_PAGE)], "receipt"))
        return items

    def _document(self, command: str, headers: dict[str, Any], body: bytes) -> dict[str, Any]:
        rest = {k: v for k, v in headers.items() if k not in ("destination", "content-length")}
        document: dict[str, Any] = {"command": command}
        destination = headers.get("destination")
        if command in ("CONNECT", "STOMP"):
            self._offered = _negotiate(headers.get("accept-version"))
            self._beat = (headers.get("heart-beat") or "0,0").split(",")[0].strip()
        elif command == "CONNECTED":
            self.version = str(headers["version"]) if headers.get("version") in VERSIONS \
                else "1.0"
        elif command in ("SEND", "SUBSCRIBE", "MESSAGE") and not destination:
            raise ProtocolError(f"is a {command} frame without a destination header")
        if command in _IDS:
            identifier = rest.pop("id", None)
            if identifier is None and command == "SUBSCRIBE" and self.version == "1.0":
                identifier = destination
            if identifier is None and destination is not None and command == "UNSUBSCRIBE":
                identifier = next((i for i, s in self.operations.items()
                                   if s["destination"] == destination), destination)
            if identifier is None:
                raise ProtocolError(f"is a {command} frame without an id header")
            if command == "SUBSCRIBE":
                self.operations[identifier] = {"destination": destination,
                                               "operationName": destination,
                                               "ack": rest.get("ack", "auto")}
            else:
                destination = self.operations.pop(identifier, {}).get("destination",
                                                                       destination)
        if destination is not None:
            document["destination"] = destination
        if command in _IDS:
            document["id"] = identifier
        if body:  # before the headers: the log's cut-off texts show what matters first
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ProtocolError(f"has a body not in UTF-8 (octet {error.start})") from None
            document["body"] = _body(text)
        if rest:
            document["headers"] = rest
        return document

    def _wrap(self, text: str, direction: Side) -> Frame:
        return sockjs_wrap([text], server=direction == TO_PAGE) if self.sockjs else text

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        document = message.document
        command = document.get("command", "MESSAGE")
        headers: dict[str, Any] = {}
        if "destination" in document:
            headers["destination"] = document["destination"]
        if command in _IDS and "id" in document:
            headers["id"] = document["id"]
        headers.update(document.get("headers") or {})
        if command == "CONNECTED" and direction == TO_PAGE:
            self.version = str(headers.get("version", "1.0"))
        if command == "SUBSCRIBE" and direction == TO_SERVER and "id" in document:
            self.operations[str(document["id"])] = {
                "destination": document.get("destination"),
                "operationName": document.get("destination")}
        body = b""
        if "body" in document:
            value = document["body"]
            if not isinstance(value, str):
                headers.setdefault("content-type", "application/json")
                value = compact(value)
            body = value.encode("utf-8", "surrogatepass")
            headers["content-length"] = len(body)
        return [self._wrap(build(command, headers, body, self.version), direction)]

    def _key(self, headers: dict[str, Any]) -> str:
        """The id by which the page acknowledges a MESSAGE with ``headers``."""
        return str(headers.get("ack") if self.version == "1.2" else headers.get("message-id"))

    def _ack_frames(self, keys: list[tuple[str, str]]) -> list[Frame]:
        """The library's ACKs to the broker of MESSAGEs the page never got; the page's own
        ACK of one, should it come late after all, stays with the library."""
        frames: list[Frame] = []
        for key, subscription in keys:
            self._made.add(key)
            headers = ({"id": key} if self.version == "1.2" else {"message-id": key}
                       if self.version == "1.0" else {"subscription": subscription,
                                                      "message-id": key})
            frames.append(self._wrap(build("ACK", headers, b"", self.version), TO_SERVER))
        return frames

    def carry(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        if direction == TO_PAGE and not self.mocked and message.document.get(
                "command") == "MESSAGE":
            self.acks.carried(self._key(message.document.get("headers") or {}))
        return super().carry(message, direction)

    def settled(self, message: ProtocolMessage) -> list[Frame]:
        if self.mocked or message.document.get("command") != "MESSAGE":
            return []
        return self._ack_frames(self.acks.settled(self._key(message.document.get("headers")
                                                            or {})))

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        if message.document.get("command") not in ("CONNECT", "STOMP"):
            return []
        version = getattr(self, "_offered", None)
        if version is None:
            return [ProtocolMessage({"command": "ERROR", "headers": {
                "version": ",".join(VERSIONS), "message": "Supported protocol versions are "
                + " ".join(VERSIONS)}})]
        headers = {"version": version}
        if version != "1.0":
            beat = getattr(self, "_beat", "0")
            headers["heart-beat"] = f"0,{beat if beat.isdigit() else 0}"
        headers["server"] = SERVER
        return [ProtocolMessage({"command": "CONNECTED", "headers": headers})]

    def starts_session(self, message: ProtocolMessage) -> bool:
        return message.document.get("command") == "CONNECTED"

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> dict[str, Any]:
        return parse_object(text, "STOMP message", EXAMPLE)

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(f"STOMP over WebSocket is sent as text: write e.g. {EXAMPLE}.")
        value = dict(self.document(text))
        allowed = FROM_SERVER if direction == TO_PAGE else FROM_PAGE
        if "command" not in value:
            if "destination" not in value:
                raise ProtocolError(
                    f"STOMP message {clip(text)} has neither a \"command\" nor a "
                    f"\"destination\". Write e.g. {EXAMPLE}.")
            value = {"command": "MESSAGE" if direction == TO_PAGE else "SEND", **value}
        command = value["command"]
        if command not in allowed:
            who = "page" if direction == TO_PAGE else "server"
            raise ProtocolError(f"STOMP command {clip(str(command))} cannot be sent to the "
                                f"{who}: use {', '.join(allowed)}.")
        headers = value.get("headers", {})
        if not isinstance(headers, dict) or not all(
                isinstance(v, (str, int, float, bool)) for v in headers.values()):
            raise ProtocolError(f"The headers of STOMP message {clip(text)} must be an object "
                                'of texts, e.g. {"content-type": "text/plain"}.')
        if "destination" in value and not isinstance(value["destination"], str):
            raise ProtocolError(f"The destination of STOMP message {clip(text)} must be a "
                                "text, e.g. \"/topic/chat\".")
        headers = {str(k): _header(v) for k, v in headers.items()}
        if command == "RECEIPT" and "receipt-id" not in headers:
            receipt = (answering.document.get("headers") or {}).get("receipt") \
                if answering is not None else None
            if receipt is None:
                raise ProtocolError(f"STOMP RECEIPT {clip(text)} names no receipt-id.")
            headers["receipt-id"] = receipt
        if command == "MESSAGE" and "subscription" not in headers:
            return [self.message(i, value.get("destination"), value.get("body"), headers,
                                 "body" in value) for i in self.find(value.get("destination"))]
        if command == "MESSAGE":
            headers.setdefault("message-id", f"wsroute-{next(_numbers)}")
            self._acked(headers)
        value["headers"] = headers
        if not headers:
            del value["headers"]
        return [ProtocolMessage(_ordered(value))]

    def message(self, subscription: str, destination: Any, body: Any = None,
                headers: dict[str, Any] | None = None, has_body: bool = True) -> ProtocolMessage:
        """A MESSAGE of ``destination`` to the page's subscription ``subscription``."""
        document: dict[str, Any] = {"command": "MESSAGE", "destination": destination}
        if has_body and body is not None:
            document["body"] = body
        document["headers"] = {"subscription": subscription,
                               "message-id": f"wsroute-{next(_numbers)}", **(headers or {})}
        self._acked(document["headers"])
        return ProtocolMessage(document)

    def _acked(self, headers: dict[str, Any]) -> None:
        """A MESSAGE to a subscription the page acknowledges (ack: client or
        client-individual) gets the ``ack`` header a broker gives it."""
        mode = self.operations.get(str(headers.get("subscription")), {}).get("ack", "auto")
        if mode != "auto" and "ack" not in headers:
            headers["ack"] = headers["message-id"]
        if mode != "auto" and not self.mocked:
            self._made.add(str(headers["ack"] if self.version == "1.2"
                               else headers["message-id"]))

    def find(self, destination: Any) -> list[str]:
        """Ids of the page's subscriptions of ``destination``."""
        return [i for i, s in self.operations.items() if s["destination"] == destination]


def _negotiate(accepted: str | None) -> str | None:
    """The highest version the page accepts and the library speaks (None: none)."""
    if accepted is None:
        return "1.0"
    offered = {v.strip() for v in accepted.split(",")}
    return next((v for v in VERSIONS if v in offered), None)


def _octets(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ProtocolError(f"holds a lone surrogate at {error.start}, not UTF-8") from None


def _body(text: str) -> Any:
    """A body as JSON when it is JSON, else as its text."""
    try:
        return load_json(text)
    except ProtocolError:
        return text


def _header(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _ordered(document: dict[str, Any]) -> dict[str, Any]:
    first = ("command", "destination", "id", "body", "headers")
    return {**{k: document[k] for k in first if k in document},
            **{k: v for k, v in document.items() if k not in first}}
