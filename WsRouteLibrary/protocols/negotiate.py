"""SignalR's ``/negotiate`` request, answered for a mocked SignalR route.

Before it opens its WebSocket, ``@microsoft/signalr`` POSTs
``<hub>/negotiate?negotiateVersion=1`` and opens ``ws://<hub>?id=<token>``
with the ``connectionToken`` of the answer. For a route that speaks SignalR
and plays the server, :class:`Negotiate` answers that request itself,
offering the WebSockets transport only (the library routes WebSockets; the
client's Server-Sent Events and long-polling fallbacks are not supported). A
connected route's request goes on to the real server; a request no SignalR
route takes goes on untouched.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from .engineio import Shell, _answer, _page_of, socket_url
from .signalr import SignalRCodec

# Playwright's HTTP route filter: SignalR's negotiate request (any hub path).
NEGOTIATE = re.compile(r"/negotiate(\?|$)")
_ALLOWED = "Content-Type, Authorization, X-Requested-With, X-SignalR-User-Agent"


def negotiation(version: int = 1) -> dict[str, Any]:
    """A negotiate answer offering WebSockets, with new ids."""
    answer: dict[str, Any] = {"negotiateVersion": version,
                              "connectionId": secrets.token_urlsafe(16)}
    if version >= 1:
        answer["connectionToken"] = secrets.token_urlsafe(16)
    answer["availableTransports"] = [{"transport": "WebSockets",
                                      "transferFormats": ["Text", "Binary"]}]
    return answer


class Negotiate:
    """Answers the negotiate requests of mocked SignalR routes."""

    pattern = NEGOTIATE  # the HTTP requests it answers

    def __init__(self, shell: Shell):
        self.shell = shell

    async def handle(self, route: Any) -> None:
        """Playwright's HTTP route handler for ``…/negotiate`` requests."""
        request = route.request
        try:
            routed = self.shell.route_for(socket_url(request.url), _page_of(request))
        except Exception:  # noqa: BLE001 - a pattern that failed was reported where it failed
            routed = None
        if routed is None or routed.codec is not SignalRCodec or routed.connected:
            await route.fallback()
            return
        headers = _cors(request)
        if request.method == "OPTIONS":  # a cross-origin page's preflight
            await _answer(route, status=204, headers=headers)
            return
        if request.method != "POST":
            await _answer(route, status=405, headers=headers, content_type="text/plain",
                          body="SignalR's negotiate request is a POST.")
            return
        version = 1 if "negotiateVersion=" not in request.url else _version(request.url)
        await _answer(route, status=200, headers=headers, content_type="application/json",
                      body=json.dumps(negotiation(version)))

    def adopt(self, ws: Any, route: Any) -> bool:
        """The negotiated WebSocket is a socket of its own: nothing to take over."""
        return False


def _version(url: str) -> int:
    found = re.search(r"[?&]negotiateVersion=(\d{1,3})(&|$)", url)
    return min(int(found.group(1)), 1) if found else 0


def _cors(request: Any) -> dict[str, Any]:
    """What lets a page of another origin read the answer (the client sends cookies)."""
    try:
        origin = request.headers.get("origin")
    except Exception:  # noqa: BLE001 - no headers to read
        origin = None
    if not origin:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true",
            "Access-Control-Allow-Headers": _ALLOWED,
            "Access-Control-Allow-Methods": "POST, OPTIONS"}
