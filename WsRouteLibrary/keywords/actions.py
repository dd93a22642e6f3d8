"""Action keywords: Playwright's WebSocketRoute surface for open sockets."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robot.api.deco import keyword

from ..model.closing import check_close_code, check_close_reason
from ..model.frames import check_text
from ..model.matching import Message, shorten
from .base import LibraryComponent


class ActionKeywords(LibraryComponent):
    @keyword("Send To Page", tags=["Action"])
    def send_to_page(
        self, message: Message, url: str | None = None, timeout: timedelta | None = None
    ) -> int:
        """Sends ``message`` to the page on every open socket of the route.

        The page gets it as a message from the server. Waits up to
        ``timeout`` (default: the library timeout) for at least one socket to
        be open and fails if none opens. Returns the number of sockets reached.
        A bytes ``message`` is a binary frame. ``url`` selects the route by
        its pattern (default: the current route).

        Example:
        | ${count} =    Send To Page    {"type": "price", "value": 42}
        | Should Be Equal As Integers    ${count}    1
        """
        check_text(message, "Message")
        count = self.engine.send_to_page(url, message, self.timeout(timeout))
        logger.info(f"Sent {shorten(message)} to {count} socket(s).")
        return count

    @keyword("Send To Server", tags=["Action"])
    def send_to_server(
        self, message: Message, url: str | None = None, timeout: timedelta | None = None
    ) -> int:
        """Sends ``message`` to the server on every open socket of a connected route.

        The server gets it as if the page had sent it; the page sends
        nothing. ``url`` and ``timeout``: see `Common arguments`. Returns
        the number of sockets reached. Fails on a mocked route: use
        `Connect To Server` first.

        Example:
        | Connect To Server
        | Send To Server    {"type": "subscribe", "symbol": "ACME"}
        """
        check_text(message, "Message")
        count = self.engine.send_to_server(url, message, self.timeout(timeout))
        logger.info(f"Sent {shorten(message)} to the server on {count} socket(s).")
        return count

    @keyword("Close Socket", tags=["Action"])
    def close_socket(
        self, url: str | None = None, code: int | None = None, reason: str | None = None
    ) -> None:
        """Closes every open socket of the route.

        The page sees a close event with ``code`` (default 1000, normal
        closure) and ``reason``; the server connection, if any, is closed
        with them too (a browser may send a server only 1000 or 3000-4999,
        so other codes reach the server as 1000 with the reason). ``code``
        must be one a server may send: 1000-1003, 1007-1014 or 3000-4999.
        ``url`` selects the route (default: the current route).

        Example:
        | Close Socket    code=4000    reason=maintenance
        | ${close} =    Wait For WebSocket Close
        | Should Be Equal As Integers    ${close}[code]    4000
        """
        code = 1000 if code is None else check_close_code(code)
        check_close_reason(reason)
        count = self.engine.close_sockets(url, code, reason)
        logger.info(f"Closed {count} socket(s) with code {code}.")

    @keyword("Get WebSocket Urls", tags=["Action"])
    def get_websocket_urls(self, url: str | None = None) -> list[str]:
        """Returns the URLs of the route's sockets, oldest first, open or closed.

        ``url`` is the route's pattern (default: the current route). A
        refused socket is listed too. A Socket.IO session is one socket
        whatever its transport, listed by its URL in ``ws://`` form: the
        long-polling URL (``...?EIO=4&transport=polling``) until the client
        upgrades, the upgrade WebSocket's
        (``...?EIO=4&transport=websocket&sid=...``) after; see `Protocols`.

        Example:
        | ${urls} =    Get WebSocket Urls
        | Should Match    ${urls}[0]    ws://*/chat?room=1
        """
        return self.engine.urls(url)
