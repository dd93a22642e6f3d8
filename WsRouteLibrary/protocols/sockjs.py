"""SockJS's ``info`` request, answered for a mocked STOMP route (a transport class).

``sockjs-client`` first GETs ``<base>/info`` and then, with the WebSocket
transport, opens ``<base>/<server>/<session>/websocket``; the framing on
that WebSocket is the STOMP codec's business (protocols/stomp.py). This
class answers the ``info`` request where a mocked route of the STOMP codec
matches its URL, as a SockJS server does; on a connected route, or where no
such route matches, the request goes on to the network. SockJS's other
transports (xhr-streaming, xhr-polling, ...) are not spoken: a page's
client must be made with ``transports: ['websocket']``.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .stomp import StompCodec

INFO = re.compile(r"/info(\?[^#]*)?$")


def socket_url(http_url: str) -> str:
    """The URL a route pattern sees for an ``info`` request: ws(s), no query."""
    parts = urlsplit(http_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, parts.path, "", ""))


class SockJS:
    """Answers ``<base>/info`` for the mocked STOMP routes whose pattern matches it."""

    pattern = INFO  # the HTTP requests it answers

    def __init__(self, shell: Any):
        self.shell = shell

    async def handle(self, route: Any) -> None:
        """Playwright's HTTP route handler for SockJS ``info`` requests."""
        request = route.request
        try:
            page = request.frame.page
        except Exception:  # noqa: BLE001 - a service worker's request has no page
            page = None
        try:
            routed = self.shell.route_for(socket_url(request.url), page)
        except Exception:  # noqa: BLE001 - a pattern that failed was reported where it failed
            routed = None
        try:
            if routed is None or routed.codec is not StompCodec or routed.connected:
                await route.fallback()
                return
            info = {"websocket": True, "origins": ["*:*"], "cookie_needed": False,
                    "entropy": random.randint(0, 2**31)}  # noqa: S311 - not a secret
            origin = request.headers.get("origin", "*")
            await route.fulfill(status=200, body=json.dumps(info), headers={
                "content-type": "application/json; charset=UTF-8",
                "access-control-allow-origin": origin,
                "access-control-allow-credentials": "true",
                "cache-control": "no-store, no-cache, no-transform, must-revalidate, max-age=0"})
        except Exception:  # noqa: BLE001 - the page went away mid-request: nobody to answer
            pass

    def adopt(self, ws: Any, route: Any) -> bool:
        """SockJS's WebSocket is a socket of its own: nothing to take over."""
        return False
