"""graphql-ws: the GraphQL over WebSocket protocol (subprotocol ``graphql-transport-ws``).

Every frame is a JSON text ``{"type": ..., "id": ..., "payload": ...}``.
The page sends ``connection_init`` and the server answers
``connection_ack``; then the page starts operations with ``subscribe``
(an ``id`` and a payload of ``query``, ``operationName``, ``variables``,
``extensions``) and the server sends their results: any number of
``next`` (an execution result), then ``complete``, or one ``error`` (a list
of GraphQL errors). The page may end an operation with ``complete``.
``ping`` and ``pong`` go either way.

Documents (the canonical text of each message is their JSON) keep the
wire's ``type`` and ``id``; a ``subscribe`` has its payload's fields at
the top, and every message of an operation carries its ``operationName``,
so a test can follow an operation by the name the app gave it (taken from
the query when the client sends no ``operationName``):

- ``{"type": "subscribe", "id": "1", "operationName": "OnMessage",
  "query": "subscription OnMessage { message }", "variables": {}}``
- ``{"type": "next", "id": "1", "operationName": "OnMessage",
  "payload": {"data": {"message": "hi"}}}``
- ``{"type": "error", "id": "1", "operationName": "OnMessage",
  "payload": [{"message": "no such room"}]}``
- ``{"type": "complete", "id": "1", "operationName": "OnMessage"}``
- ``{"type": "connection_init", "payload": {...}}``, ``{"type": "connection_ack"}``

Where the library plays the server (a mocked route) it closes the page's
socket as PROTOCOL.md says a server does (the ``close`` of the Invalid
item): 4401 *Unauthorized* for a ``subscribe`` before the connection was
acknowledged, 4429 *Too many initialisation requests* for a second
``connection_init``, 4409 *Subscriber for <id> already exists* for a
``subscribe`` whose id is active, and 4400 with the reason for any other
message the protocol does not allow.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

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
    Plumbing,
    ProtocolMessage,
    clip,
    close_reason,
    compact,
    load_json,
    parse_object,
    shown,
)

SUBPROTOCOL = "graphql-transport-ws"
FROM_PAGE = frozenset({"connection_init", "subscribe", "complete", "ping", "pong"})
FROM_SERVER = frozenset({"connection_ack", "next", "error", "complete", "ping", "pong"})
OPERATION_FIELDS = ("operationName", "query", "variables", "extensions")
EXAMPLE = '{"data": {"message": "hi"}} (a result) or {"type": "complete"}'
_OPERATION = re.compile(r"\b(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?")
_numbers = itertools.count(1)


class Closing(ProtocolError):
    """A message after which the protocol's server closes the socket with ``close``."""

    def __init__(self, message: str, code: int, reason: str):
        super().__init__(f"{message}; the server closes the socket with {code} "
                         f"{quote(reason)[1:-1]}")
        self.close = (code, reason)


def operation_type(query: str, name: str | None = None) -> str:
    """``query``, ``mutation`` or ``subscription``: the kind of the named operation."""
    found = list(_OPERATION.finditer(_without_strings(query)))
    for match in found:
        if name is None or match.group(2) == name:
            return match.group(1)
    return "query"  # the { ... } shorthand is a query


def operation_name(query: str) -> str | None:
    """The name of the query's first named operation (None: anonymous)."""
    for match in _OPERATION.finditer(_without_strings(query)):
        if match.group(2):
            return match.group(2)
    return None


def _without_strings(query: str) -> str:
    return re.sub(r'"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*', " ", query)


class GraphQLWsCodec(Codec):
    """One socket speaking ``graphql-transport-ws``."""

    name = "graphql-ws"
    subprotocol = SUBPROTOCOL
    ignored_unless_written = frozenset({"id", "operationName"})
    example = EXAMPLE
    handshake = "connection_init, operation ids"
    correlation = ("id", None)  # every operation id is the page's
    operation_noun = "GraphQL operation"  # what a push to its operations calls them

    @classmethod
    def recorded_decoded(cls, document: Any) -> bool:
        # A saved subscribe has its query at the top; the client's frame, in payload.
        return (isinstance(document, dict) and document.get("type") == "subscribe"
                and "payload" not in document)

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        self.operations: dict[str, Document] = {}  # id -> the subscribe document, while active
        self._initialised = False
        self._acknowledged = False  # the page got connection_ack: it may subscribe

    # -------------------------------------------------------- the wire

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        try:
            return [self._message(frame, direction)]
        except ProtocolError as error:
            close = None
            if self.mocked and direction == TO_SERVER:  # the library plays the server
                close = getattr(error, "close", None) or (
                    4400, close_reason(str(error), "Invalid message received"))
            return [Invalid(frame, f"invalid graphql-ws frame {shown(frame)}: {error}", close)]

    def _message(self, frame: Frame, direction: Side) -> Item:
        if isinstance(frame, bytes):
            raise ProtocolError("graphql-ws sends only text frames")
        wire = load_json(frame)
        if not isinstance(wire, dict) or not isinstance(wire.get("type"), str):
            raise ProtocolError('a message is a JSON object with a text "type"')
        kind = wire["type"]
        allowed = FROM_PAGE if direction == TO_SERVER else FROM_SERVER
        if kind not in allowed:
            who = "the page" if direction == TO_SERVER else "the server"
            raise ProtocolError(f"{who} may send {', '.join(sorted(allowed))}, not {clip(kind)}")
        if kind in ("ping", "pong"):
            answer: list[Frame] = ([_dump({"type": "pong"})]
                                   if kind == "ping" and direction == TO_SERVER else [])
            return Plumbing([frame], answer, kind)
        document = self._document(wire, direction)
        return ProtocolMessage(document, [frame])

    def _document(self, wire: Document, direction: Side) -> Document:
        kind = wire["type"]
        payload = wire.get("payload")
        if kind in ("connection_init", "connection_ack"):
            if kind == "connection_init":
                if self._initialised:
                    raise Closing("connection_init came twice", 4429,
                                  "Too many initialisation requests")
                self._initialised = True
            else:
                self._acknowledged = True
            if payload is not None and not isinstance(payload, dict):
                raise ProtocolError(f"the {kind} payload must be an object")
            return {"type": kind, **({"payload": payload} if payload is not None else {})}
        identifier = wire.get("id")
        if not isinstance(identifier, str) or not identifier:
            raise ProtocolError(f'a {kind} needs a text "id"')
        if kind == "subscribe":
            return self._subscribe(identifier, payload)
        document: Document = {"type": kind, "id": identifier}
        name = self.operations.get(identifier, {}).get("operationName")
        if name:
            document["operationName"] = name
        if kind == "next":
            if not isinstance(payload, dict):
                raise ProtocolError("a next's payload must be an execution result object")
            document["payload"] = payload
        elif kind == "error":
            if not isinstance(payload, list) or not payload:
                raise ProtocolError("an error's payload must be a list of GraphQL errors")
            document["payload"] = payload
        if kind in ("error", "complete"):
            self.operations.pop(identifier, None)
        return document

    def _subscribe(self, identifier: str, payload: Any) -> Document:
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            raise ProtocolError('a subscribe\'s payload must be an object with a text "query"')
        if not self._acknowledged:
            raise Closing("a subscribe came before the server acknowledged the connection "
                          "(connection_ack)", 4401, "Unauthorized")
        if identifier in self.operations:
            raise Closing(f"operation id {clip(identifier)} is already active", 4409,
                          close_reason(f"Subscriber for {identifier} already exists",
                                       "Subscriber already exists"))
        document = {"type": "subscribe", "id": identifier}
        document.update({k: payload[k] for k in OPERATION_FIELDS if payload.get(k) is not None})
        if "operationName" not in document:  # the name the app gave it in the query
            name = operation_name(payload["query"])
            if name:
                document = _ordered({**document, "operationName": name})
        self.operations[identifier] = document
        return document

    def carry(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        if direction == TO_PAGE and message.document.get("type") == "connection_ack":
            self._acknowledged = True  # the page may subscribe from now on
        return super().carry(message, direction)

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        document = message.document
        kind = document.get("type")
        if direction == TO_PAGE and kind == "connection_ack":
            self._acknowledged = True
        wire: Document = {"type": kind}
        if "id" in document:
            wire["id"] = document["id"]
        if kind == "subscribe":
            wire["payload"] = {k: document[k] for k in OPERATION_FIELDS if k in document}
            self.operations[document["id"]] = document
        elif "payload" in document:
            wire["payload"] = document["payload"]
        if kind in ("error", "complete") and "id" in document:
            self.operations.pop(document["id"], None)
        return [_dump(wire)]

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        if message.document.get("type") == "connection_init":
            return [ProtocolMessage({"type": "connection_ack"})]
        return []

    def starts_session(self, message: ProtocolMessage) -> bool:
        return message.document.get("type") == "connection_ack"

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> Document:
        return parse_object(text, "GraphQL message", '{"operationName": "OnMessage"}',
                            '{"operationName": "OnMessage"} or {"type": "next"}')

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(f"graphql-ws sends only text: write e.g. {EXAMPLE}.")
        value = parse_object(text, "GraphQL message", EXAMPLE)
        operation = answering.document if answering is not None else {}
        if "type" not in value:
            if "query" in value:
                value = {"type": "subscribe", **value}
            elif "data" in value or "errors" in value:
                value = {"type": "next", "payload": value}
            else:
                raise ProtocolError(
                    f"GraphQL message {clip(text)} is neither a result ({{\"data\": ...}} or "
                    '{"errors": [...]}), an operation ({"query": ...}) nor a message with a '
                    f'"type". Write e.g. {EXAMPLE}.'
                )
        kind = value["type"]
        allowed = FROM_SERVER if direction == TO_PAGE else FROM_PAGE
        if kind not in allowed:
            who = "page" if direction == TO_PAGE else "server"
            raise ProtocolError(f"GraphQL message type {clip(str(kind))} cannot be sent to the "
                                f"{who}: use {', '.join(sorted(allowed))}.")
        if kind == "subscribe":
            value.setdefault("id", f"wsroute-{next(_numbers)}")
        elif kind in ("next", "error", "complete") and "id" not in value:
            # A reply belongs to the operation of the message it answers.
            if "id" not in operation:
                raise ProtocolError(
                    f"GraphQL {kind} {clip(text)} names no operation: a reply answers the "
                    "operation it matched; elsewhere give its \"id\" or use Send GraphQL Result."
                )
            value = {**value, "id": operation["id"]}
        if "id" in value and "operationName" not in value:
            name = (operation if operation.get("id") == value["id"] else
                    self.operations.get(value["id"], {})).get("operationName")
            if name:
                value = {**_ordered(value), "operationName": name}
        messages = [ProtocolMessage(_ordered(value))]
        if (kind == "next" and operation.get("type") == "subscribe"
                and operation_type(operation.get("query", ""), operation.get("operationName"))
                != "subscription"):
            # A query or mutation has one result: complete it, as a server does.
            messages.append(ProtocolMessage(_ordered(
                {"type": "complete", "id": value["id"],
                 **({"operationName": value["operationName"]} if "operationName" in value
                    else {})})))
        return messages

    def result(self, identifier: str, kind: str, payload: Any = None) -> ProtocolMessage:
        """A ``next``, ``error`` or ``complete`` for the active operation ``identifier``."""
        document: Document = {"type": kind, "id": identifier}
        name = self.operations.get(identifier, {}).get("operationName")
        if name:
            document["operationName"] = name
        if kind != "complete":
            document["payload"] = payload
        return ProtocolMessage(document)

    def find(self, operation: str) -> list[str]:
        """Ids of active operations whose name or id is ``operation``."""
        return [identifier for identifier, document in self.operations.items()
                if operation in (identifier, document.get("operationName"))]


def _ordered(document: Document) -> Document:
    """type, id and operationName first, as the canonical text shows them."""
    first: Document = {k: document[k] for k in ("type", "id", "operationName") if k in document}
    return {**first, **{k: v for k, v in document.items() if k not in first}}


def _dump(wire: Document) -> str:
    return compact(wire)
