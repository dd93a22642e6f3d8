"""Socket.IO's keywords and its section of the library's documentation."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..errors import InvalidInputError
from ..protocols.engineio import EngineIO
from ..protocols.socketio import SocketIOCodec
from .plugins import ProtocolPlugin
from .protocols import jsonable


class SocketIOKeywords(ProtocolPlugin):
    """Socket.IO (``protocol=socket.io``): events, acknowledgements and namespaces.

    The library speaks Engine.IO v4 and Socket.IO v5 as ``socket.io-client``
    does: on a mocked route it sends Engine.IO's open packet and pings on
    the server's schedule, answers probes and pongs, the HTTP long-polling
    start the client makes by default and its upgrade to a WebSocket, and a
    namespace connect (``{"connect": "/"}``) with its ``sid``. A binary event
    and its attachments are one message. Engine.IO's open packet, pings,
    pongs, probes, upgrade and noops are not recorded.

    | =Message= | =Canonical text= |
    | event | ``{"event": "chat", "args": ["hi"], "namespace": "/"}``, with ``"ack": 3`` when the sender waits for an acknowledgement |
    | acknowledgement | ``{"ack": 3, "args": ["ok"], "namespace": "/"}`` |
    | namespace connect, refusal, disconnect | ``{"connect": "/admin"}`` (with ``"auth"`` from the page, ``"sid"`` to it), ``{"connect_error": "/admin", "message": "..."}``, ``{"disconnect": "/admin"}`` |
    | binary argument | ``{"$binary": "AQID"}`` (base64) |

    An event may be written as an array, ``["chat message", "hi"]`` (the
    event's name, then its arguments), or just as its name when it has no
    arguments (``ping``). With ``match=exact`` a namespace left out is
    ``/``, and ack ids and ``sid`` left out are not compared. A reply event
    goes to the matched event's namespace; ``{"ack": [...]}`` acknowledges
    the matched event with those arguments; ``{"connect_error": "/admin",
    "message": "..."}`` refuses a namespace connect. A replay answers under
    the live run's ack ids.

    | Route WebSocket    url=**/socket.io/**    protocol=socket.io
    | Reply When Sent    ["chat message", "hi"]    ["chat message", "hello from the mock"]
    | Reply When Sent    {"event": "add"}    {"ack": [5]}    match=json
    | Reply When Sent    {"connect": "/admin"}    {"connect_error": "/admin", "message": "not allowed"}    match=json
    | Wait For Sent Message    ["upload", "a.bin", {"$binary": "AQID"}]
    | Emit Socket.IO Event    news    ${article}    namespace=/feed
    |
    | Route WebSocket    url=**/socket.io/**    protocol=socket.io
    | Connect To Server
    | Drop When Received    {"event": "ad"}    match=json

    *Its two transports.* A Socket.IO session is one socket of the route,
    first over HTTP long-polling, then over the WebSocket the client
    upgrades to. A route must match both URLs: ``**/socket.io/**`` does, and
    ``*/socket.io/*`` neither (``*`` stops at ``/``; a wait's hint says so).
    Nothing is lost in the handover, in either direction: what was on its
    way to the page over polling arrives over the WebSocket, first and in
    order, and the page's packets still arriving by HTTP reach the same
    socket. No test needs to wait for the upgrade. `Wait For WebSocket` and
    `Get WebSocket Urls` give the session's URL in ``ws://`` form: the
    long-polling URL (``ws://HOST/socket.io/?EIO=4&transport=polling``) until
    the client upgrades, the upgrade WebSocket's
    (``ws://HOST/socket.io/?EIO=4&transport=websocket&sid=...``) after.
    `Reject WebSocket Connections` refuses the polling handshake as a
    refused connection is refused: the client's ``connect_error`` comes at
    once. A long-polling session lives as a WebSocket does: when its page
    navigates away or closes, its close is recorded at once (1001, the page
    closed it), and when the test or suite that routed it ends, the library
    closes it (what was held arrives first; the client then sees
    ``transport close``; a connected route's server is told too).
    """

    codec = SocketIOCodec
    transport = EngineIO

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
        self.needs(url, "Emit Socket.IO Event")
        values = [jsonable(arg, f"Argument {number} of 'Emit Socket.IO Event'")
                  for number, arg in enumerate(args, 1)]
        document = {"event": event, "args": values, "namespace": namespace}
        text = json.dumps(document, ensure_ascii=False)
        count = self.engine.send_to_page(url, text, self.timeout(timeout))
        logger.info(f"Emitted {text} to {count} socket(s).")
        return count
