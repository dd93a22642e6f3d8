"""Routing keywords: which sockets the library takes over."""

from __future__ import annotations

from robot.api import logger
from robot.api.deco import keyword

from ..datatypes import RouteScope
from ..errors import quote
from .base import LibraryComponent


class RoutingKeywords(LibraryComponent):
    @keyword("Route WebSocket", tags=["Routing"])
    def route_websocket(
        self, url: str, scope: RouteScope = RouteScope.context, protocol: str | None = None
    ) -> str:
        r"""Routes WebSockets whose URL matches ``url`` and returns the pattern.

        A routed socket is mocked: it opens without contacting any server,
        and what the page sends is recorded and answered only by rules (see
        `Reply When Sent`), until `Connect To Server` connects the route.

        ``url`` is a glob (``**/chat``, ``ws://127.0.0.1:*/feed``) or a
        regular expression written ``/pattern/flags`` (``/chat\?room=\d+/i``);
        see `URL patterns`. ``scope`` is ``context`` (every page and popup)
        or ``page`` (only the current page).

        The route applies to sockets opened from now on, with no reload. The
        newest matching route wins; routing the same pattern again replaces
        the old route and its rules (its open sockets pass to the new route).
        The new route becomes the current route that keywords with
        ``url=None`` act on. Fails at once for an invalid pattern.

        ``protocol`` makes the route speak a protocol: ``socket.io``
        (Engine.IO v4 / Socket.IO v5, both transports; route it with
        ``**/socket.io/**``), ``graphql-ws`` (subprotocol
        ``graphql-transport-ws``), ``stomp`` (also over SockJS: route it with
        ``**/sockjs/**``), ``mqtt``, ``signalr`` (route it with a pattern
        that also matches ``negotiate``, e.g. ``**/chathub**``) or
        ``phoenix``, or one a plug-in adds. The library then does the
        protocol's plumbing itself, and rules, waits, assertions and the log
        work on the app's messages instead of frames; see `Protocols`.
        ``None`` (the default): raw frames.

        Example:
        | Route WebSocket    **/chat
        | Reply When Sent    ping    pong
        | Route WebSocket    /feed\?symbol=\w+/    scope=page
        | Route WebSocket    url=**/socket.io/**    protocol=socket.io
        """
        self.engine.route(url, scope is RouteScope.page, protocol)
        spoken = f", protocol {protocol}" if protocol else ""
        logger.info(f"Routed WebSockets matching {quote(url)} ({scope.value} scope{spoken}).")
        return url

    @keyword("Connect To Server", tags=["Routing"])
    def connect_to_server(self, url: str | None = None) -> None:
        """Connects the route's sockets, open ones and future ones, to the real server.

        Messages then flow both ways, recorded, unless a rule intercepts
        them: `Reply When Sent`, `Drop When Sent` and `Close Socket When Sent`
        keep a page message from the server; `Reply When Received` and
        `Drop When Received` keep a server message from the page. A socket
        cannot be disconnected again.

        On a route with a ``protocol`` (see `Protocols`), connect before the
        page opens its sockets: right after `Route WebSocket`. While such a
        route has mocked sockets open, this keyword fails at once and
        changes nothing: the library's mock already played the server's part
        of their handshakes (a Socket.IO session id and namespaces, a
        graphql-ws ``connection_ack``, a STOMP ``CONNECTED``...), which the
        real server never saw, so neither side could go on. The page's
        session goes on with the mock. To go on against the server, close
        the page's sockets first (e.g. `Navigate To` the page again), call
        this keyword, then let the page connect again.

        ``url`` selects the route by its pattern; default: the current route.

        Example:
        | Route WebSocket    **/chat
        | Connect To Server
        | Drop When Received    {"type": "ad"}    match=json
        | Route WebSocket    url=**/socket.io/**    protocol=socket.io
        | Connect To Server
        """
        self.engine.connect(url)

    @keyword("Unroute WebSocket", tags=["Routing"])
    def unroute_websocket(self, url: str | None = None) -> None:
        """Removes a route with its rules and recorded messages.

        Sockets opened later go to the real server untouched. Sockets that are
        open stay as they are: a mocked one stays open but nothing answers
        it, a connected one keeps passing messages through unrecorded.
        ``url`` is the route's pattern; default: the current route.

        Example:
        | Unroute WebSocket    **/chat
        """
        self.engine.unroute(url)

    @keyword("Unroute All WebSockets", tags=["Routing"])
    def unroute_all_websockets(self) -> None:
        """Removes every route, as `Unroute WebSocket` does for one.

        Example:
        | [Teardown]    Unroute All WebSockets
        """
        self.engine.unroute_all()
