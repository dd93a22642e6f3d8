"""Watching keywords: record sockets without routing them."""

from __future__ import annotations

from robot.api import logger
from robot.api.deco import keyword

from ..errors import quote
from .base import LibraryComponent


class WatchKeywords(LibraryComponent):
    @keyword("Watch WebSocket", tags=["Watch"])
    def watch_websocket(self, url: str) -> str:
        r"""Records WebSockets whose URL matches ``url``, without routing them; returns the pattern.

        The page talks to its server directly, inside the browser, at full
        speed: nothing of the traffic passes through Playwright's routing or
        through Python on its way. The library reads what the browser
        reports of each socket and records it as it records a route's
        traffic, so `Wait For WebSocket`, `Wait For Sent Message`, `Wait For
        Received Message`, `Wait For WebSocket Close`, the ``... Should
        Contain`` assertions, `Get Sent Messages`, `Get Received Messages`,
        `Get WebSocket Urls`, `Save WebSocket Traffic` and the log work on a
        watch as on a route. A watch is the current route for keywords with
        ``url=None``, and is removed as a route is (see `Cleanup`, `Unroute
        WebSocket`).

        A watch changes nothing, so keywords that act on traffic fail on it
        with a message that says to route instead: rules (`Reply When
        Sent` ...), `Send To Page`, `Send To Server`, `Close Socket`,
        `Connect To Server`, `Replay WebSocket Traffic` and the fault keywords
        (`Drop WebSocket Connections` ...).

        ``url`` is a URL pattern as for `Route WebSocket` (see `URL
        patterns`). The watch records sockets opened from now on, on every
        page of the library's browser, attached browser or browser server,
        and in their dedicated, shared and service workers (see `Sockets in
        workers`), that no route takes: a socket that a route also matches is the
        route's. Watching the pattern of a route replaces that route, as
        routing a pattern again does (its open sockets stay as they are).

        When a socket opened and the code and reason of its close come from
        a small script the library adds to each page of the browser; the
        messages come from the browser itself. A shared or service worker's
        socket (which the browser does not report) is recorded from the
        library's script in that worker, which sends the library a copy of
        its open, messages and close while the socket talks to its server
        directly; the log names the worker. The page's own scripts cannot
        write what is recorded: calls they make to that script's binding
        (``window.__wsrouteWatch``) are ignored, and the traffic table of the
        test in the log says how many there were.

        Example:
        | Watch WebSocket    **/feed
        | Open Page    http://127.0.0.1:8000/
        | Wait For Received Message    {"type": "price"}    match=json
        | ${close} =    Wait For WebSocket Close
        | Should Be Equal As Integers    ${close}[code]    1000
        """
        self.engine.watch(url)
        logger.info(f"Watching WebSockets matching {quote(url)} (not routed).")
        return url
