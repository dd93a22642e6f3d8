"""SignalR's keywords and its section of the library's documentation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..errors import InvalidInputError
from ..protocols.base import canonical
from ..protocols.negotiate import Negotiate
from ..protocols.signalr import SignalRCodec
from .plugins import ProtocolPlugin
from .protocols import jsonable


class SignalRKeywords(ProtocolPlugin):
    """SignalR (``protocol=signalr``): ASP.NET Core hubs, JSON hub protocol, as ``@microsoft/signalr`` speaks it.

    On a mocked route the library plays the hub: it answers the client's
    ``POST …/negotiate?negotiateVersion=1`` (offering the WebSockets
    transport), the handshake ``{"protocol":"json","version":1}`` with
    ``{}``, and sends a ping every 15 seconds as ASP.NET Core does; the
    client's pings are accepted. A frame carrying several records is split
    into its messages. Pings are not recorded; the handshake and its answer
    are, so `Send On Open` messages go after the handshake.

    | =Message= | =Canonical text= |
    | invocation | ``["SendMessage", "alice", "hi"]``: the target, then the arguments (document ``{"target": ..., "arguments": [...], "invocationId": "0"}``) |
    | completion | ``{"type": "completion", "invocationId": "0", "result": 42}``, or with ``"error": "..."`` |
    | streams | ``{"type": "stream_invocation", "target": "Counter", "arguments": [10], "invocationId": "1"}``, ``{"type": "stream_item", "invocationId": "1", "item": 3}``, ``{"type": "cancel_invocation", "invocationId": "1"}`` |
    | handshake, close | ``{"type": "handshake", "protocol": "json", "version": 1}``, ``{"type": "handshake_response"}`` (with ``"error"`` it refuses the connection), ``{"type": "close", "error": "..."}`` |

    An invocation is written as an array, as the page's
    ``connection.invoke("SendMessage", "alice", "hi")`` says it, or as
    ``{"target": ..., "arguments": [...]}``; ``match=json`` compares the
    array item by item, and a reply template reads ``{{arguments.0}}``. A
    rule's reply ``{"result": ...}`` completes the ``invoke()`` it matched
    (the page's promise resolves with it), ``{"error": "..."}`` fails it
    (the promise rejects with that message), ``{"item": ...}`` is an item
    of the stream it matched; any other reply array is an invocation to the
    page, reaching its ``connection.on(target, ...)`` handlers. With
    ``match=exact`` an ``invocationId`` left out is not compared. An
    invocation the page makes with ``send()`` waits for no result: a
    ``{"result": ...}`` reply to it fails the test. An ``invoke()`` no rule
    answers gets no completion (its promise waits, as with a hub method
    that never returns). A rule may refuse the connection with ``{"type":
    "handshake_response", "error": "..."}``: the client's ``start()`` fails
    with that error.

    *The route's pattern and the transport.* The client's negotiate request
    (``…/chathub/negotiate``) and its WebSocket (``…/chathub?id=…``) must
    both match the route: ``**/chathub**`` matches both, ``**/chathub``
    only the WebSocket. Only the WebSockets transport is supported (the
    library routes WebSockets, not Server-Sent Events or long-polling):
    mocked, the negotiate answer offers WebSockets only; against a real
    hub, give the client ``transport: signalR.HttpTransportType.WebSockets``
    (or also ``skipNegotiation: true``, then no negotiate request is made).
    Only the JSON hub protocol is spoken: a handshake asking for MessagePack
    is refused and fails the test. Connected mode and replays are not yet
    tested against a real ASP.NET Core hub.

    | Route WebSocket    url=**/chathub**    protocol=signalr
    | Reply When Sent    ["GetUser", 7]    {"result": {"name": "Ann"}}    match=json
    | Reply When Sent    {"target": "Delete"}    {"error": "not allowed"}    match=json
    | Reply When Sent    {"target": "SendMessage"}    ["ReceiveMessage", "{{arguments.0}}", "{{arguments.1}}"]    match=json
    | Wait For Sent Message    ["SendMessage", "alice", "hi"]
    | ${count} =    Invoke SignalR Method    ReceiveMessage    bob    yo
    """

    codec = SignalRCodec
    transport = Negotiate

    @keyword("Invoke SignalR Method", tags=["Protocol"])
    def invoke_signalr_method(
        self,
        target: str,
        *arguments: Any,
        url: str | None = None,
        timeout: timedelta | None = None,
    ) -> int:
        """Invokes ``target`` with ``arguments`` on the page, as a hub's ``Clients.All.SendAsync`` does.

        The route must speak SignalR (``protocol=signalr``). The page's
        ``connection.on(target, handler)`` handlers get each of ``arguments``
        as one argument: strings, numbers (``${42}``), lists and dictionaries as they are; NaN and infinities
        fail at once, naming the argument. The invocation goes to every open
        connection of the route, as `Send To Page` does; ``url`` and
        ``timeout``: see `Common arguments`. Returns the number of
        connections reached. A connection whose handshake is not answered
        yet takes no invocation (its ``start()`` would fail): call this after
        the page's ``start()`` resolved, or greet each connection with `Send
        On Open`, which waits for the handshake.

        The same can be written with `Send To Page`:
        ``Send To Page    ["ReceiveMessage", "bob", "yo"]``.

        Example:
        | ${count} =    Invoke SignalR Method    ReceiveMessage    bob    yo
        | Should Be Equal As Integers    ${count}    1
        | &{user} =    Create Dictionary    name=Ann
        | Invoke SignalR Method    UserJoined    ${user}    ${3}
        """
        if not isinstance(target, str) or not target.strip():
            raise InvalidInputError(
                f"target={target!r} must be the name of the page's handler, e.g. ReceiveMessage."
            )
        self.needs(url, "Invoke SignalR Method")
        values = [jsonable(arg, f"Argument {number} of 'Invoke SignalR Method'")
                  for number, arg in enumerate(arguments, 1)]
        text = canonical([target, *values])
        count = self.engine.send_to_page(url, text, self.timeout(timeout))
        logger.info(f"Invoked {text} on {count} connection(s).")
        return count
