"""Sockets opened in workers: the shim put before every worker script, and its relay.

Playwright's ``route_web_socket`` sees only a page's own sockets. Every
worker's script is fetched through the context, though, and
``context.route`` sees those requests: the library fetches the script
itself and answers with the shim (workershim.js, one line, with the
relay's address and the worker's kind) before the original, so the shim
replaces ``WebSocket`` before the worker's first line runs.

Which requests are worker scripts: to Playwright a dedicated or shared
worker's request looks like any script's (no ``Sec-Fetch-Dest`` in what
it reports). So a marker (workermark.js, an init script of every page)
wraps the ``Worker`` and
``SharedWorker`` constructors and ``navigator.serviceWorker.register``
and names the script's URL and the worker's kind to the relay by a
synchronous request, just before the browser fetches the script; the relay
routes exactly that URL in every context before it answers. Only worker
scripts come to the library: other requests pass in Playwright's driver
(though Playwright turns a context's HTTP cache off once it has a route,
here from its first worker on). The marker is there from a context's
start, so a worker started before the first route has the shim too (its
sockets are routed from the moment a route matches them, as a page's are).

Two kinds of worker Playwright's routes never see the script of are
started by the library's scripts themselves, from a same-origin blob:
script that runs the shim and then the worker's own script:

- A worker started by a worker (a nested dedicated worker): Chromium fetches
  its script where the context's routes do not see it. The shim wraps
  ``Worker`` in its worker as the marker does in pages, and starts the
  nested worker from a blob holding the shim (its own function, with the
  new worker's config) and ``importScripts(script URL)`` (``await
  import(...)`` for a module worker), so the script is fetched and run
  as it was, with its own URL in stack traces. What a blob changes: the
  worker's real base URL is the blob's. So in a nested worker the shim
  makes ``importScripts``, ``fetch``, ``XMLHttpRequest.open``,
  ``WebSocket`` and ``Worker`` resolve relative URLs against the script's
  URL, and shadows ``self.location`` with a ``URL`` of it (WorkerLocation's
  fields; ``instanceof WorkerLocation`` is false). Other relative URLs
  (``new Request``, ``EventSource``) resolve against the blob, i.e. fail.
  A cross-origin script URL is left to the browser (which refuses it).
- A blob: worker (``new Worker(URL.createObjectURL(blob))``): the marker
  (or the shim, in a worker) reads the blob with a synchronous request
  before the constructor returns (the page may revoke it right after),
  copies it to a blob of its own, and starts the worker from a blob with
  the shim and ``importScripts`` of that copy (revoked once loaded). The
  worker keeps a blob: location of the page's origin, as it had. A shared
  worker from one blob URL gets one copy per page, so its pages still share it.

What cannot be routed is said once per test in the log (a note, through
the watches' notes), naming the worker's kind and URL and what to do:

- a data: worker (an opaque origin: starting it from a blob would change
  its origin), named to the relay by the marker or the shim;
- a service worker that controls a page at its start whose script the
  library did not serve in this run (installed before the library came,
  e.g. in a reused profile), which the marker names;
- a worker whose marker request did not reach the relay (a page's
  ``connect-src``, a browser on another machine): Playwright reports the
  failed request (``requestfailed``), whose query names the worker; a
  blob: worker is named for that too, and then starts as it was.

Not detectable: a shim in a worker that cannot reach the relay where the
page could (a service worker under Local Network Access checks): the relay
is the only way it has to tell the library, and Playwright does not report
a shared or service worker's sockets. Only an attached browser can have
those checks on (the library's own turns them off), so there a service
worker's registration is named as perhaps unrouted, until one of that
browser's service workers has reached the relay.

The shim talks to the relay (relay.py), which hands the sockets a route
takes to the page sockets' dispatcher, and the shim's reports of those a
watch matches to the watcher (watching.py). Neither depends on Chromium: the
script prefix and the marker work in any browser Playwright drives
(Chromium is the one tested).
"""

from __future__ import annotations

import json
import re
import time
import weakref
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import quote
from ..model.hints import SeenSocket
from .relay import PAGE, WorkerRelay
from .watching import Watcher, WorkerSocket

SERVICE_WORKER = "service worker"
LOCAL_NETWORK = "local-network-access"
DISABLE_FEATURES, LNA_FEATURE = "--disable-features=", "LocalNetworkAccessChecks"
KINDS = ("dedicated worker", "shared worker", SERVICE_WORKER)
CONTROLLER = "controlling service worker"  # the marker: the page's controller at its start
SHOWN_URL = 120  # characters of an unroutable worker's URL the log shows
NOTES_KEPT = 10  # unroutable workers a test's log names at most
NOTE_START = "The sockets of the "
MARKS_KEPT = 500  # worker script URLs routed at most (the oldest goes first)
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


def unroutable(kind: str, url: str, served: set[str]) -> str | None:
    """Why the library cannot put its shim before the script of the ``kind`` worker that
    the marker names (``url``), and what the test can do; None: it can, or not a worker."""
    if kind == CONTROLLER:
        if not url.startswith(("http://", "https://")) or url in served:
            return None
        return ("it controlled the page before the library served its script (a service "
                "worker installed before this run, e.g. in a reused browser profile), and "
                "it keeps its script until it updates. Start from a fresh profile, or "
                "unregister it first, to have its sockets routed")
    if kind in KINDS and url.startswith("data:"):
        return ("its data: URL gives it an opaque origin, so the library cannot start it "
                "with its script first. Start it from a blob: URL "
                "(URL.createObjectURL) or a script URL to have its sockets routed")
    return None


def unreachable(failure: str) -> str:
    """Why a worker is not routed when the marker's request to the relay failed (Playwright's
    ``failure`` text of the request, e.g. 'csp' or 'net::ERR_CONNECTION_REFUSED')."""
    return (f"the page could not reach the library's relay on 127.0.0.1 to name it "
            f"({failure}): a Content-Security-Policy whose connect-src leaves out "
            "http://127.0.0.1:*, or a browser on another machine than the tests. Allow "
            "http://127.0.0.1:* in the page's connect-src in tests, or run the browser here")


# Why a service worker of a browser the library did not start may keep its sockets.
ATTACHED_SERVICE_WORKER = (
    "the library did not start this browser, and a service worker's script reaches the "
    "library only in a Chromium started with Local Network Access checks off "
    "(--disable-features=LocalNetworkAccessChecks, which whoever starts the browser passes: "
    "see 'Sockets in workers' in the docs), and even then Chromium may run the worker before "
    "the library's script is in place. Dedicated and shared workers need no such option")


def unroutable_note(kind: str, url: str, why: str, surely: bool = True) -> str:
    """The log's note on a worker whose sockets are not routed (``why``: unroutable's), or,
    not ``surely``, may not be."""
    shown = url if len(url) <= SHOWN_URL else url[:SHOWN_URL] + "..."
    if not surely:
        return (f"{NOTE_START}{kind} {quote(shown)} may not be routed: where not, they reach "
                f"their servers as without the library: {why}.")
    return (f"{NOTE_START}{kind} {quote(shown)} are not routed: they reach their "
            f"servers as without the library, and no route takes them: {why}.")


def chromium_args(args: list[str]) -> list[str]:
    """The library's own Chromium's arguments: Local Network Access checks off, as the
    permission (below) does not reach service workers; a --disable-features the test
    gives keeps its features."""
    merged, done = [], False
    for arg in args:
        if arg.startswith(DISABLE_FEATURES) and not done:
            arg, done = f"{arg},{LNA_FEATURE}", True
        merged.append(arg)
    return merged if done else [*merged, f"{DISABLE_FEATURES}{LNA_FEATURE}"]


async def _allow_local_network(context: Any) -> None:
    """Lets workers reach the relay on 127.0.0.1. Chromium's Local Network Access counts a
    script the library answered (no address it came from) as public, and blocks a public
    context's connections to the loopback address unless the permission is granted."""
    try:
        await context.grant_permissions([LOCAL_NETWORK])
    except Exception:  # noqa: BLE001 - a browser without the permission has no such checks
        pass


async def allow_local_network_in(cdp: Any, context_id: str) -> None:
    """``_allow_local_network`` for Chromium's context ``context_id`` over a browser CDP
    session ``cdp``: a context another client opened in an attached browser (Playwright
    counts its pages as the default context's, whose grant does not reach them). The
    permission's names as Playwright gives them (newer Chromium, then older)."""
    for names in (["localNetworkAccess", "localNetwork", "loopbackNetwork"],
                  ["localNetworkAccess"]):
        try:
            await cdp.send("Browser.grantPermissions",
                           {"permissions": names, "browserContextId": context_id})
            return
        except Exception:  # noqa: BLE001 - an older name set, or no such checks at all
            continue


class Unrouted:
    """Worker sockets no route took, as the relay tells them. Playwright's events of a
    page's sockets, which watches record and hints read, include its dedicated workers'
    but not those of shared and service workers: a watch that matches one of those records
    it from the shim's reports (watching.py's ``WorkerSocket``, returned for the relay);
    one no watch matches is remembered for the hints of a route that catches nothing, as a
    page's is (e.g. a socket opened before its route)."""

    def __init__(self, watcher: Watcher):
        self._watcher = watcher

    def __call__(self, url: str, worker: str) -> WorkerSocket | None:
        if worker.startswith("dedicated worker"):
            return None  # the page's events report it
        watched = self._watcher.worker_socket(url, worker)
        if watched is None:
            self._watcher.seen.append(SeenSocket(url, time.monotonic(), opener=worker))
        return watched


class Unroutable:
    """Workers whose sockets the library cannot route (``unroutable``): the log says so
    once per test and worker, through the watches' notes."""

    def __init__(self, watcher: Any, owner: Callable[[], Any]):
        self._watcher = watcher
        self._owner = owner

    def __call__(self, kind: str, url: str, why: str, surely: bool = True) -> None:
        owner, note = self._owner(), unroutable_note(kind, url, why, surely)
        mine = [text for who, text in self._watcher.notes
                if who is owner and text.startswith(NOTE_START)]
        if note in mine or len(mine) > NOTES_KEPT:
            return
        if len(mine) == NOTES_KEPT:
            note = (f"{NOTE_START}workers after these that cannot be routed are not routed "
                    f"either; the log names the first {NOTES_KEPT} of each test.")
        self._watcher.notes.append((owner, note))


class Workers:
    """The marker of every context, the routes of worker scripts, and the relay."""

    def __init__(self, on_socket: Callable[[Any, Any], Any],
                 is_routed: Callable[[str, Any], bool]):
        self.relay = WorkerRelay(on_socket, is_routed, self.mark)
        self.marks: dict[str, str] = {}  # worker script URL: the worker's kind
        self.served: set[str] = set()  # service worker scripts answered with the shim
        # Told (kind, URL, why[, surely]) of each worker the library cannot put the shim
        # before, or (not surely) may not reach.
        self.on_unroutable: Callable[..., None] | None = None
        # Whether the browser is one the library attached to (session.py).
        self.attached: Callable[[], bool] = lambda: False
        self._address = ""
        self._shim = self._marker = self._page_shim = ""
        # The fast path: pages' sockets a context route takes go over the relay too (the shim
        # in the page, before any script of it), not through Playwright's routing.
        self.fast_path = False
        # Awaited before a worker starts (the marker's request): an attached browser's
        # contexts that another client opened get the permission (session.py).
        self.before_mark: Callable[[], Awaitable[None]] | None = None
        # Each context's routed script URLs (a context that closes is forgotten).
        self._contexts: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()

    async def _ready(self) -> None:
        if not self._address:
            self._address = await self.relay.start()
            mark_url = json.dumps(self._address.replace("ws://", "http://", 1) + "/mark")
            self._shim = script_text("workershim.js")
            self._page_shim = self._shim.replace("__WSROUTE_CONFIG__", self.config(PAGE))
            self._marker = (script_text("workermark.js")
                            .replace("__WSROUTE_MARK_URL__", mark_url)
                            .replace("__WSROUTE_RELAY__", json.dumps(self._address))
                            .replace("__WSROUTE_SHIM__", json.dumps(self._shim)))

    async def adopt(self, context: Any) -> None:
        """Marks a context's workers from its start, and routes the scripts known so far."""
        await self._ready()
        if context in self._contexts:
            return
        self._contexts[context] = set()
        context.on("requestfailed", self._mark_failed)
        if self.fast_path:  # first: Playwright's routing mock, set later, goes under it
            await context.add_init_script(self._page_shim)
        await context.add_init_script(self._marker)
        await _allow_local_network(context)
        for url in list(self.marks):
            await self._route(context, url)

    async def mark(self, kind: str, url: str) -> None:
        """A page or worker is about to start a ``kind`` worker from script ``url``: the
        script is routed in every context before the marker's request returns. A data:
        worker, and a controlling service worker whose script the library did not serve,
        cannot be routed: the log says so."""
        why = unroutable(kind, url, self.served)
        if why is not None:
            if self.on_unroutable is not None:
                self.on_unroutable(SERVICE_WORKER if kind == CONTROLLER else kind, url, why)
            return
        if kind not in KINDS or not url.startswith(("http://", "https://")):
            return
        if kind == SERVICE_WORKER and self.attached() and self.on_unroutable is not None \
                and not self.relay.heard_from(SERVICE_WORKER):
            self.on_unroutable(kind, url, ATTACHED_SERVICE_WORKER, surely=False)
        if self.before_mark is not None:
            await self.before_mark()
        if url not in self.marks and len(self.marks) >= MARKS_KEPT:
            self.marks.pop(next(iter(self.marks)))
        self.marks[url] = kind
        for context in list(self._contexts):
            await self._route(context, url)

    async def _route(self, context: Any, url: str) -> None:
        routed = self._contexts.get(context)
        if routed is None or url in routed:
            return
        routed.add(url)
        try:
            await context.route(re.compile(f"^{re.escape(url)}$"), self._script)
        except Exception:  # noqa: BLE001 - a context closing meanwhile has no workers to come
            routed.discard(url)

    def _mark_failed(self, request: Any) -> None:
        """A marker's request did not reach the relay: that worker keeps its script."""
        mark_url = self._address.replace("ws://", "http://", 1) + "/mark?"
        if self.on_unroutable is None or not request.url.startswith(mark_url):
            return
        query = parse_qs(urlsplit(request.url).query)
        kind, url = query.get("kind", [""])[0], query.get("url", [""])[0]
        kind = SERVICE_WORKER if kind == CONTROLLER else kind
        if kind in KINDS and url and url not in self.marks:  # else routed already: shimmed
            self.on_unroutable(kind, url, unreachable(str(request.failure or "failed")))

    def config(self, kind: str) -> str:
        return json.dumps({"relay": self._address, "kind": kind})

    def kind_of(self, request: Any) -> str | None:
        """The kind of worker whose script ``request`` fetches; None: not a worker's."""
        if request.headers.get("service-worker") == "script":
            return SERVICE_WORKER
        return self.marks.get(request.url)

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
        if kind == SERVICE_WORKER:
            self.served.add(request.url)
        await route.fulfill(status=response.status, headers=headers, body=prefixed(shim, body))
