"""Sockets opened in workers: the shim put before every worker script, and its relay.

Playwright's ``route_web_socket`` sees only a page's own sockets. Every
worker's script is fetched through the context, though, and
``context.route`` sees those requests: the library fetches the script
itself and answers with the shim (workershim.js, one line, with the
relay's address and the worker's kind) before the original, so the shim
replaces ``WebSocket`` before the worker's first line runs. Which requests
are worker scripts: a service worker's says so (Playwright's
``request.service_worker``, the ``Service-Worker: script`` header); a
dedicated or shared worker's looks like any script's to Playwright (no
``Sec-Fetch-Dest`` in what it reports), so a marker (workermark.js, an
init script of every page and a part of the shim, for nested workers)
wraps the ``Worker`` and ``SharedWorker`` constructors and names the
script's URL to the relay, by a synchronous request, just before the
browser fetches it. The shim talks to the relay
(relay.py), which hands the sockets a route takes to the page sockets'
dispatcher. Neither depends on Chromium: the script prefix works in any
browser Playwright drives (Chromium is the one tested).

The relay and the marker come with every context (they cost nothing until
a page starts a worker); the route of scripts comes at the session's first
context route (``start``), in every context then and later: intercepting
requests costs each request a hop through the library (and Playwright turns
the HTTP cache off), and a test that routes nothing pays none. Workers
whose script was fetched before, blob: and data: workers (not fetched
over the network) keep the browser's own ``WebSocket``.
"""

from __future__ import annotations

import json
import re
import time
import weakref
from collections.abc import Callable
from importlib import resources
from typing import Any

from .relay import WorkerRelay

SERVICE_WORKER = "service worker"
LOCAL_NETWORK = "local-network-access"
MARK_KEPT = 30.0  # seconds a mark waits for its script's request (a shared worker may have none)
# A script's directive prologue ('use strict' first) must stay first: the shim goes after it.
_PROLOGUE = re.compile(
    rb"\A(\xef\xbb\xbf)?((?:\s|//[^\n]*\n|/\*.*?\*/)*(['\"])use strict\3;?)", re.DOTALL)
# Headers that no longer describe the body the library answers with, or that would keep the
# shim from reaching the relay (a worker's CSP connect-src).
_DROPPED = {"content-length", "content-encoding", "content-security-policy",
            "content-security-policy-report-only", "etag", "last-modified"}


def script_text(name: str) -> str:
    """A script of the package as one line (the worker's own line numbers stay as they were:
    the scripts have no line comments and end their statements with semicolons)."""
    source = resources.files(__package__).joinpath(name).read_text("utf-8")
    return " ".join(line.strip() for line in source.splitlines() if line.strip()) + " "


def prefixed(shim: str, script: bytes) -> bytes:
    """``script`` with ``shim`` before its first statement (after a 'use strict')."""
    head = _PROLOGUE.match(script)
    at = head.end() if head else (3 if script.startswith(b"\xef\xbb\xbf") else 0)
    return script[:at] + shim.encode() + script[at:]


async def _allow_local_network(context: Any) -> None:
    """Lets workers reach the relay on 127.0.0.1. Chromium's Local Network Access counts a
    script the library answered (no address it came from) as public, and blocks a public
    context's connections to the loopback address unless the permission is granted."""
    try:
        await context.grant_permissions([LOCAL_NETWORK])
    except Exception:  # noqa: BLE001 - a browser without the permission has no such checks
        pass


class Workers:
    """The worker route of every context, and the relay its shims talk to."""

    def __init__(self, on_socket: Callable[[Any, Any], Any],
                 is_routed: Callable[[str, Any], bool]):
        self.relay = WorkerRelay(on_socket, is_routed, self.mark)
        self.marks: dict[str, tuple[str, float]] = {}  # script URL: (kind, when marked)
        self._address = ""
        self._shim = self._marker = ""
        self._routing = False  # the scripts' route is installed (from the first route on)
        self._marked: weakref.WeakSet[Any] = weakref.WeakSet()
        self._routed: weakref.WeakSet[Any] = weakref.WeakSet()

    async def _ready(self) -> None:
        if not self._address:
            self._address = await self.relay.start()
            mark_url = json.dumps(self._address.replace("ws://", "http://", 1) + "/mark")
            self._marker = script_text("workermark.js").replace("__WSROUTE_MARK_URL__", mark_url)
            self._shim = script_text("workershim.js").replace("__WSROUTE_MARKER__", self._marker)

    async def start(self, contexts: list[Any]) -> None:
        """Routes worker scripts in ``contexts`` (once each) and in those to come."""
        self._routing = True
        for context in contexts:
            await self.adopt(context)

    async def adopt(self, context: Any) -> None:
        """Marks a context's workers from the start; routes their scripts once routing."""
        await self._ready()
        if context not in self._marked:
            self._marked.add(context)
            await context.add_init_script(self._marker)
            await _allow_local_network(context)
        if self._routing and context not in self._routed:
            self._routed.add(context)
            await context.route("**/*", self._script)

    def config(self, kind: str) -> str:
        return json.dumps({"relay": self._address, "kind": kind})

    def kind_of(self, request: Any) -> str | None:
        """The kind of worker whose script ``request`` fetches; None: not a worker's."""
        if request.headers.get("service-worker") == "script" or request.service_worker:
            return SERVICE_WORKER
        marked = self.marks.pop(request.url, None)
        if marked is None or time.monotonic() - marked[1] > MARK_KEPT:
            return None
        return marked[0]

    def mark(self, kind: str, url: str) -> None:
        """A page or worker is about to start a ``kind`` worker from script ``url``."""
        now = time.monotonic()
        for old in [u for u, (_, when) in self.marks.items() if now - when > MARK_KEPT]:
            del self.marks[old]
        if self._routing and kind in ("dedicated worker", "shared worker") and url:
            self.marks[url] = (kind, now)

    async def _script(self, route: Any, request: Any) -> None:
        kind = self.kind_of(request)
        if kind is None:
            await route.fallback()
            return
        try:
            response = await route.fetch()
            body = await response.body()
        except Exception:  # noqa: BLE001 - the browser fetches it itself and tells its error
            await route.fallback()
            return
        if not 200 <= response.status < 300:
            await route.fulfill(response=response, body=body)
            return
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _DROPPED}
        shim = self._shim.replace("__WSROUTE_CONFIG__", self.config(kind))
        await route.fulfill(status=response.status, headers=headers, body=prefixed(shim, body))
