"""Protocol keywords: Socket.IO events and GraphQL results, written as the app knows them."""

from __future__ import annotations

import base64
import json
import math
from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..errors import InvalidInputError, quote
from ..protocols.base import MAX_DEPTH, ProtocolError, clip, load_json
from .base import LibraryComponent


class ProtocolKeywords(LibraryComponent):
    @keyword("Emit Socket.IO Event", tags=["Protocol"])
    def emit_socketio_event(
        self,
        event: str,
        *args: Any,
        namespace: str = "/",
        url: str | None = None,
        timeout: timedelta | None = None,
    ) -> int:
        """Emits Socket.IO ``event`` with ``args`` to the page, as the server's ``socket.emit`` does.

        The route must speak Socket.IO (``Route WebSocket    **/socket.io/**    protocol=socket.io``).
        Each of ``args`` is one argument of the event: strings, numbers
        (``${42}``), lists and dictionaries as they are, ``bytes`` as a
        binary attachment; NaN and infinities fail at once, naming the
        argument (JSON has neither, and the page's ``JSON.parse`` would refuse
        the event). ``namespace`` is the namespace the page connected
        to (default ``/``). The event goes to every open socket of the route,
        as `Send To Page` does; ``url`` and ``timeout``: see `Common
        arguments`. Returns the number of sockets reached.

        The same can be written with `Send To Page` as JSON:
        ``Send To Page    ["chat message", "hi"]``.

        Example:
        | Emit Socket.IO Event    chat message    Hello from the mock
        | &{user} =    Create Dictionary    name=Ann
        | Emit Socket.IO Event    joined    ${user}    ${3}    namespace=/admin
        """
        if not isinstance(namespace, str) or not namespace.startswith("/"):
            raise InvalidInputError(
                f"namespace={namespace!r} must start with '/', e.g. '/' or '/admin'."
            )
        self._needs(url, "socket.io", "Emit Socket.IO Event")
        values = [_jsonable(arg, f"Argument {number} of 'Emit Socket.IO Event'")
                  for number, arg in enumerate(args, 1)]
        document = {"event": event, "args": values, "namespace": namespace}
        text = json.dumps(document, ensure_ascii=False)
        count = self.engine.send_to_page(url, text, self.timeout(timeout))
        logger.info(f"Emitted {text} to {count} socket(s).")
        return count

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
        payload = _json_argument(result, "result", '{"data": {"message": "hi"}}',
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
            payload = (_json_argument(stripped, "errors", '[{"message": "boom"}]',
                                      "errors of 'Send GraphQL Error'")
                       if stripped.startswith("[") else [{"message": errors}])
        else:
            payload = _jsonable(errors, "errors of 'Send GraphQL Error'")
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

    def _push(self, url, operation, kind, payload, timeout, name) -> int:
        self._needs(url, "graphql-ws", name)
        count = self.engine.graphql_push(url, operation, kind, payload, self.timeout(timeout))
        logger.info(f"Sent {kind} to {count} GraphQL operation(s) {quote(operation)}.")
        return count

    def _needs(self, url: str | None, protocol: str, name: str) -> None:
        spoken = self.engine.protocol_of(url)
        if spoken != protocol:
            route = self.engine.route_text(url)
            raise InvalidInputError(
                f"'{name}' needs a route that speaks {protocol}, but route {quote(route)} "
                f"speaks {spoken or 'no protocol (raw frames)'}. Route it with "
                f"'Route WebSocket    {route}    protocol={protocol}'."
            )


_NOT_JSON = ("JSON has no NaN or infinity, and the page's JSON.parse refuses them. Send a "
             "finite number, None or a text such as 'NaN'.")


def _jsonable(value: Any, name: str, path: str = "", depth: int = 0) -> Any:
    """A Robot Framework value as JSON: bytes become ``{"$binary": base64}``.

    ``name`` names the argument in errors (``Argument 2 of 'Emit Socket.IO
    Event'``); ``path`` is where in it the value is (``['a'][1]``). NaN and
    infinities, which JSON cannot carry, and data nested deeper than the
    library reads (a list that contains itself) fail at once.
    """
    if depth > MAX_DEPTH:
        raise InvalidInputError(
            f"{name} nests lists and dictionaries more than {MAX_DEPTH} deep (a list or "
            f"dictionary that contains itself?). Send data of at most {MAX_DEPTH} levels."
        )
    if isinstance(value, (bytes, bytearray)):
        return {"$binary": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {str(k): _jsonable(v, name, f"{path}[{str(k)!r}]", depth + 1)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, name, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        where = f"holds {value!r} at {path}" if path else f"is {value!r}"
        raise InvalidInputError(f"{name} {where}, which is not JSON: {_NOT_JSON}")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise InvalidInputError(
        f"{name} {clip(repr(value))} ({type(value).__name__}) cannot be sent: use text, "
        "numbers, booleans, lists, dictionaries or bytes."
    )


def _json_argument(value: Any, name: str, example: str, argument: str) -> Any:
    """An argument given as JSON text or as a Robot Framework value, checked as JSON."""
    if not isinstance(value, str):
        return _jsonable(value, argument)
    try:
        return load_json(value, f"{name} {clip(value)}")
    except ProtocolError as error:
        raise InvalidInputError(f"{error}. Write e.g. {example}.") from None
