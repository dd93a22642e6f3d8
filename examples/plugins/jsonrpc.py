"""A protocol plug-in of WsRouteLibrary: JSON-RPC 2.0 over a WebSocket, in about 100 lines.

Import it with the library (the folder on the Python path)::

    Library    WsRouteLibrary    plugins=jsonrpc.JsonRpc

Then ``Route WebSocket    **/rpc    protocol=json-rpc`` speaks JSON-RPC:
rules, waits and the log see ``{"method": "add", "params": [2, 3], "id": 7}``
and a reply ``{"result": 5}`` answers the request it matched, with its id.
"""

from __future__ import annotations

import json
from typing import Any

from robot.api.deco import keyword

from WsRouteLibrary.datatypes import Side
from WsRouteLibrary.keywords.plugins import ProtocolPlugin
from WsRouteLibrary.protocols.base import (
    TO_PAGE,
    Codec,
    Frame,
    Invalid,
    Item,
    ProtocolError,
    ProtocolMessage,
    compact,
    parse_json,
    shown,
)

EXAMPLE = '{"method": "add", "params": [2, 3]}'
_FIELDS = ("method", "params", "result", "error", "id")


class JsonRpcCodec(Codec):
    """One socket speaking JSON-RPC 2.0: requests, notifications and responses."""

    name = "json-rpc"
    ignored_unless_written = frozenset({"id"})  # the client picks its ids
    example = EXAMPLE

    def from_page(self, frame: Frame) -> list[Item]:
        return [self._decode(frame)]

    def from_server(self, frame: Frame) -> list[Item]:
        return [self._decode(frame)]

    def _decode(self, frame: Frame) -> Item:
        try:
            if isinstance(frame, bytes):
                raise ProtocolError("JSON-RPC is sent as text")
            wire = json.loads(frame)
            if not isinstance(wire, dict) or wire.get("jsonrpc") != "2.0":
                raise ProtocolError('a message is an object with "jsonrpc": "2.0"')
        except (ValueError, RecursionError) as error:
            return Invalid(frame, f"invalid JSON-RPC frame {shown(frame)}: {error}")
        return ProtocolMessage(_document(wire), [frame])

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        return [compact({"jsonrpc": "2.0", **message.document})]

    @classmethod
    def document(cls, text: str) -> dict:
        value = parse_json(text, "JSON-RPC message", EXAMPLE)
        if not isinstance(value, dict):
            raise ProtocolError(f"JSON-RPC message {text[:80]!r} must be an object, e.g. "
                                f"{EXAMPLE}.")
        return _document(value)

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(f"JSON-RPC is sent as text: write e.g. {EXAMPLE}.")
        document = self.document(text)
        if ("result" in document or "error" in document) and "id" not in document:
            if answering is None or "id" not in answering.document:
                raise ProtocolError(f"JSON-RPC response {text[:80]!r} answers no request: a "
                                    "rule's reply answers the request it matched.")
            document = _document({**document, "id": answering.document["id"]})
        if direction == TO_PAGE and "method" not in document and "id" not in document:
            raise ProtocolError(f"JSON-RPC message {text[:80]!r} is neither a request nor a "
                                f"response. Write e.g. {EXAMPLE} or {{\"result\": 5}}.")
        return [ProtocolMessage(document)]


def _document(wire: dict) -> dict:
    """The message without ``jsonrpc``, its fields in a fixed order."""
    return {key: wire[key] for key in _FIELDS if key in wire}


class JsonRpc(ProtocolPlugin):
    """JSON-RPC 2.0 (``protocol=json-rpc``), added by the example plug-in.

    Messages are written and shown without ``"jsonrpc": "2.0"``: a request
    is ``{"method": "add", "params": [2, 3], "id": 7}``. A rule's reply
    ``{"result": 5}`` (or ``{"error": {...}}``) answers the request it
    matched, under that request's id.

    | Route WebSocket    **/rpc    protocol=json-rpc
    | Reply When Sent    {"method": "add"}    {"result": 5}    match=json
    | Send JSON-RPC Notification    tick    ${1}
    """

    codec = JsonRpcCodec

    @keyword("Send JSON-RPC Notification")
    def send_notification(self, method: str, *params: Any, url: str | None = None) -> int:
        """Sends the page a notification ``method`` with ``params``; returns the number of
        sockets reached."""
        text = json.dumps({"method": method, "params": list(params)})
        return self.engine.send_to_page(url, text, self.timeout(None))
