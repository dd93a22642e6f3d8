"""graphql-ws's keywords and its section of the library's documentation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..errors import InvalidInputError, quote
from ..protocols.graphqlws import GraphQLWsCodec
from .plugins import ProtocolPlugin
from .protocols import json_argument, jsonable


class GraphQLWsKeywords(ProtocolPlugin):
    """graphql-ws (``protocol=graphql-ws``): GraphQL operations over ``graphql-transport-ws``.

    The library speaks the protocol as the ``graphql-ws`` client and server
    do: on a mocked route it answers ``connection_init`` with
    ``connection_ack`` (unless a rule does) and pings with pongs, and closes
    the socket as a graphql-ws server does: 4401 for a ``subscribe`` before
    the connection is acknowledged, 4429 for a second ``connection_init``,
    4409 for a ``subscribe`` whose id is active, 4400 for a frame the
    protocol does not allow. Pings and pongs are not recorded.

    | =Message= | =Canonical text= |
    | operation | ``{"type": "subscribe", "id": "1", "operationName": "OnMessage", "query": "...", "variables": {...}}`` |
    | result, error, end | ``{"type": "next", "id": "1", "operationName": "OnMessage", "payload": {"data": ...}}``, ``"type": "error"`` with a list of errors, ``"type": "complete"`` |
    | handshake | ``{"type": "connection_init", "payload": {...}}``, ``{"type": "connection_ack"}`` |

    The ``operationName`` is the name the app gave the operation (taken
    from its query when the client sends none), so a test follows an
    operation by that name; with ``match=exact`` an ``id`` and
    ``operationName`` left out are not compared. A reply's result
    ``{"data": ...}`` is a ``next`` for the matched operation; for a query
    or mutation a ``complete`` follows by itself, a subscription stays
    active. ``{"type": "error", "payload": [...]}`` and ``{"type":
    "complete"}`` end it. A replay answers under the live run's operation
    ids.

    | Route WebSocket    **/graphql    protocol=graphql-ws
    | Reply When Sent    {"operationName": "SendMessage"}    {"data": {"sendMessage": "{{variables.text}}"}}    match=json
    | Wait For Sent Message    {"operationName": "OnMessage", "variables": {"room": "lobby"}}    match=json
    | Send GraphQL Result    OnMessage    {"data": {"message": {"text": "hi"}}}
    | Complete GraphQL Operation    OnMessage
    """

    codec = GraphQLWsCodec

    @keyword("Send GraphQL Result", tags=["Protocol"])
    def send_graphql_result(
        self,
        operation: str,
        result: dict | str,
        url: str | None = None,
        timeout: timedelta | None = None,
    ) -> int:
        """Pushes ``result`` to every active GraphQL operation named ``operation``.

        The route must speak graphql-ws (``protocol=graphql-ws``).
        ``operation`` is the operation's name as the app wrote it (``subscription
        OnMessage { ... }`` is ``OnMessage``) or the id the page gave it.
        ``result`` is an execution result, JSON text or a dictionary:
        ``{"data": {...}}``, optionally with ``"errors"``; one that is no JSON
        (``NaN``, infinities, nested deeper than 200) fails at once. It reaches the app
        as a ``next`` message; a subscription stays active for more results
        (end it with `Complete GraphQL Operation`).

        Waits up to ``timeout`` (default: the library timeout) for such an
        operation to be active, so it can run right after the page loads;
        fails when none is, naming the operations that are. Returns the
        number of operations reached. ``url``: see `Common arguments`.

        Example:
        | Send GraphQL Result    OnMessage    {"data": {"message": {"text": "hi"}}}
        | Send GraphQL Result    OnMessage    {"data": {"message": {"text": "bye"}}}
        | Complete GraphQL Operation    OnMessage
        """
        payload = json_argument(result, "result", '{"data": {"message": "hi"}}',
                                 "result of 'Send GraphQL Result'")
        if not isinstance(payload, dict):
            raise InvalidInputError(
                f"GraphQL result {quote(str(result))} must be an object such as "
                '{"data": {"message": "hi"}}.'
            )
        return self._push(url, operation, "next", payload, timeout, "Send GraphQL Result")

    @keyword("Send GraphQL Error", tags=["Protocol"])
    def send_graphql_error(
        self,
        operation: str,
        errors: list | str,
        url: str | None = None,
        timeout: timedelta | None = None,
    ) -> int:
        """Ends every active GraphQL operation named ``operation`` with ``errors``.

        The app's operation fails with them (graphql-ws ``error`` message);
        no more results follow. ``errors`` is a JSON list of GraphQL errors
        (``[{"message": "no such room"}]``) or a plain text, which becomes one
        error with that message. ``operation``, waiting and the return value
        are as in `Send GraphQL Result`; ``url`` and ``timeout``: see `Common
        arguments`.

        Example:
        | Send GraphQL Error    OnMessage    not allowed in this room
        | Send GraphQL Error    SendMessage    [{"message": "too long", "path": ["sendMessage"]}]
        """
        payload: Any = errors
        if isinstance(errors, str):
            stripped = errors.strip()
            payload = (json_argument(stripped, "errors", '[{"message": "boom"}]',
                                      "errors of 'Send GraphQL Error'")
                       if stripped.startswith("[") else [{"message": errors}])
        else:
            payload = jsonable(errors, "errors of 'Send GraphQL Error'")
        if not isinstance(payload, list) or not payload:
            raise InvalidInputError(
                f"GraphQL errors {quote(str(errors))} must be a non-empty list such as "
                '[{"message": "boom"}], or a text.'
            )
        return self._push(url, operation, "error", payload, timeout, "Send GraphQL Error")

    @keyword("Complete GraphQL Operation", tags=["Protocol"])
    def complete_graphql_operation(
        self, operation: str, url: str | None = None, timeout: timedelta | None = None
    ) -> int:
        """Completes every active GraphQL operation named ``operation``.

        The app's subscription ends normally (graphql-ws ``complete``
        message). ``operation``, waiting and the return value are as in
        `Send GraphQL Result`; ``url`` and ``timeout``: see `Common arguments`.

        Example:
        | Complete GraphQL Operation    OnMessage
        """
        return self._push(url, operation, "complete", None, timeout,
                          "Complete GraphQL Operation")

    def _push(self, url: str | None, operation: str, kind: str, payload: Any,
              timeout: timedelta | None, name: str) -> int:
        self.needs(url, name)
        count = self.engine.push_to_operations(
            url, operation, lambda codec, identifier: codec.result(identifier, kind, payload),
            name, self.timeout(timeout))
        logger.info(f"Sent {kind} to {count} GraphQL operation(s) {quote(operation)}.")
        return count
