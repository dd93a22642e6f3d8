"""Watching without routing: sockets recorded from the browser's own WebSocket events.

A watch ('Watch WebSocket') routes nothing: the page talks to its server
inside the browser, at full speed. The library listens to what Playwright
reports of every page's sockets anyway (``page.on("websocket")`` with each
socket's ``framesent``, ``framereceived``, ``socketerror`` and ``close``
events: the driver sends them to the client whether or not anyone listens,
on a launched browser, an attached one and through a browser server alike)
and records the sockets a watch's pattern matches in the watch's journal,
as routed traffic is recorded.

Two things those events do not tell, a small script in each page of a
watched context does (watchhook.py, installed at the first watch): when a
socket opened (Playwright reports the handshake request, not its answer) and
the code and reason of its close. It reports both through a binding, which
the page could call too: a report that is not the script's is ignored and
said once in the log (watchhook.py says how they are told apart). The
reports are paired with Playwright's sockets by page and URL, in order
(``Pairing``). Playwright forgets a page's sockets when the page loads a new
document, without a close event: the sockets a page had when it navigated
are closed here when the new document has loaded (code 1001, going away,
which is what the browser sends their servers).

Playwright's events include a page's dedicated workers' sockets but not
those of shared and service workers. Those workers run the library's shim
(workershim.js), which asks the relay (relay.py) about each socket: one
that no route takes but a watch matches opens natively in the worker, talks
to its server directly, and the shim sends the library a copy of its open,
frames and close, recorded here as a page's (``WorkerSocket``), with the
worker named as its opener.

The same ``websocket`` events feed the hints for a route that caught no
socket (model/hints.py): every socket that no route took is remembered, a
few dozen at most.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from ..datatypes import EntryKind, Side
from ..errors import BrowserError, PatternTimeoutError, WsRouteError, quote
from ..model.closing import NO_STATUS
from ..model.hints import SeenSocket, hint, relevant
from ..model.registry import Registry, Route
from ..model.urlpattern import UrlPattern
from .owners import Owners
from .watchhook import BINDING, ForgedReport, Reports, hook_script

# Who sends what on a watched socket: the page and its server, never the library.
_WATCHED_ENDS = {
    EntryKind.open: (Side.page, Side.server),
    EntryKind.sent: (Side.page, Side.server),
    EntryKind.received: (Side.server, Side.page),
    EntryKind.close: (Side.server, Side.page),
}
GOING_AWAY = 1001
REPORT_WAIT = 0.5  # seconds a close waits for the page's report of its code
SEEN_KEPT = 50  # unrouted sockets remembered for hints

class WatchedSocket:
    """A socket of a page as the browser reports it; recorded when a watch matches it.

    Its attributes are those of a routed socket that the rest of the engine
    reads (``route``, ``number``, ``url``, ``page``, ``closed`` ...), so a
    closed page or a browser that went away ends it as it ends those.
    """

    def __init__(self, seq: int, ws: Any, page: Any, hooked: bool):
        self.seq = seq  # order of the browser's reports, per engine
        self.ws = ws
        self.url = ws.url
        self.opener = ""  # a page's own or its dedicated workers': the browser does not say
        self.page = page
        self.hooked = hooked  # its page reports open and close
        self.route: Route | None = None  # the watch recording it; None: not recorded
        self.number = 0
        self.seen: SeenSocket | None = None  # when no route took it
        self.opened = False  # its open is recorded
        self.open_reported = False  # the page's open report was paired with it
        self.failed: str | None = None  # the browser's error before it opened
        self.browser_closed = False
        self.awaiting_code = False
        self.timer: Any = None
        # What the rest of the engine reads of a routed socket.
        self.closed = False
        self.page_done = self.server_done = False
        self.server = None


class WorkerSocket:
    """A shared or service worker's socket that a watch records from the worker shim's
    reports (relay.py's ``Watched``): the worker's native socket talks to its server
    directly; the shim tells what passed, in order. Read by the rest of the engine as a
    watched page socket is."""

    def __init__(self, watcher: Watcher, route: Route, number: int, url: str, opener: str):
        self._watcher = watcher
        self.route: Route | None = route
        self.number = number
        self.url = url
        self.opener = opener  # the worker, e.g. 'shared worker http://host/sync.js'
        self.page = None  # a shared or service worker's: no page's close or load ends it
        self.ws = None
        self.opened = False
        self.closed = False
        self.page_done = self.server_done = False
        self.server = None

    @property
    def detached(self) -> bool:
        """Its watch is gone for good (forgotten, not just hidden by a test that may end):
        nothing of it will be recorded again."""
        route = self.route
        return route is None or not route.active and route not in self._watcher.registry.retired

    def on_open(self) -> None:
        if not self.opened:
            self._watcher._guard(self._watcher._open, self)

    def on_frame(self, sent: bool, data: str | bytes) -> None:
        kind = EntryKind.sent if sent else EntryKind.received
        self._watcher._guard(self._watcher._record, self, kind, data, "watched")

    def on_close(self, code: int | None, reason: str | None) -> None:
        self._watcher._guard(self._closed, NO_STATUS if code is None else code, reason or "")

    def on_worker_gone(self) -> None:
        """The worker went away (its connection to the relay ended): so did the socket."""
        if self.opened:
            self._watcher._guard(self._watcher._close, self, GOING_AWAY, "",
                                 "watched; the worker went away")

    def _closed(self, code: int, reason: str) -> None:
        note = "watched"
        if not self.opened:  # the handshake failed: a close with no open
            assert self.route is not None
            self.route.sockets.append(self)
            note = "watched; the connection failed: no handshake"
        self._watcher._close(self, code, reason, note)

    def __repr__(self) -> str:
        return f"WorkerSocket(#{self.number} {self.url} in {self.opener})"


class Pairing:
    """Pairs the page's open and close reports with the browser's sockets.

    Playwright's socket objects and the page's reports share only the page
    and the URL. Chromium opens one handshake at a time per host, so for a
    page and URL the page's ``open`` reports come in the order of the
    browser's sockets (skipping those whose handshake failed), and its
    ``close`` reports in the order of the browser's ``close`` events. A
    close report may come before or after its browser event: whichever comes
    first waits for the other.
    """

    def __init__(self):
        self.sockets: dict[Any, list[WatchedSocket]] = {}  # page -> open sockets, oldest first
        self._closes: dict[tuple[Any, str], deque] = {}  # reports no browser close claimed yet
        self._stale: dict[tuple[Any, str], int] = {}  # reports to ignore: their socket is done

    def add(self, socket: WatchedSocket) -> None:
        self.sockets.setdefault(socket.page, []).append(socket)

    def remove(self, socket: WatchedSocket) -> None:
        sockets = self.sockets.get(socket.page)
        if sockets and socket in sockets:
            sockets.remove(socket)
            if not sockets:
                del self.sockets[socket.page]

    def opened(self, page: Any, url: str) -> WatchedSocket | None:
        """The socket a page's open report is about (None: none known)."""
        for socket in self.sockets.get(page, ()):
            if (socket.url == url and socket.hooked and not socket.open_reported
                    and socket.failed is None and not socket.browser_closed):
                socket.open_reported = True
                return socket
        return None

    def report_closed(self, page: Any, url: str, report: tuple) -> WatchedSocket | None:
        """The socket waiting for this close report, or None (kept for the next close)."""
        for socket in self.sockets.get(page, ()):
            if socket.url == url and socket.awaiting_code:
                socket.awaiting_code = False
                return socket
        key = (page, url)
        if self._stale.get(key):
            self._stale[key] -= 1
            return None
        self._closes.setdefault(key, deque()).append(report)
        return None

    def browser_closed(self, socket: WatchedSocket) -> tuple | None:
        """The close report for a socket the browser reports closed, or None: wait for it."""
        socket.browser_closed = True
        waiting = self._closes.get((socket.page, socket.url))
        if waiting:
            return waiting.popleft()
        socket.awaiting_code = True
        return None

    def gave_up(self, socket: WatchedSocket) -> None:
        """No report came in time: if it still comes, it is ignored."""
        socket.awaiting_code = False
        key = (socket.page, socket.url)
        self._stale[key] = self._stale.get(key, 0) + 1

    def page_gone(self, page: Any) -> list[WatchedSocket]:
        for key in [k for k in (*self._closes, *self._stale) if k[0] is page]:
            self._closes.pop(key, None)
            self._stale.pop(key, None)
        return self.sockets.pop(page, [])

    def clear(self) -> None:
        self.sockets.clear()
        self._closes.clear()
        self._stale.clear()


class Watcher:
    """Listens to every page's sockets: records those a watch matches, remembers the unrouted."""

    def __init__(self, registry: Registry, owners: Owners, tasks: Any,
                 fail: Callable[[str], None], number: Callable[[], int],
                 base_url: Callable[[], str | None]):
        self.registry = registry
        self.owners = owners
        self.tasks = tasks
        self.fail = fail
        self._number = number
        self._base_url = base_url
        self._seq = itertools.count(1)
        self._last_seq = 0
        self.pairing = Pairing()
        self.seen: deque[SeenSocket] = deque(maxlen=SEEN_KEPT)
        self._cuts: dict[Any, int] = {}  # page -> last socket before its newest navigation
        self._hooked: list = []  # contexts whose pages report opens and closes
        self.watching = False  # a watch was made: new contexts get the hook too
        self.notes: list[tuple[Any, str]] = []  # (owner, hint) for the log
        # Sockets that are the library's own (a worker's relay connection, workers.py).
        self.hidden: Callable[[str], bool] = lambda url: False
        self.reports = Reports()
        self.ignored: dict[Any, list] = {}  # owner -> [count, first] of refused reports

    # -------------------------------------------------------------- pages

    def on_page(self, page: Any) -> None:
        """A page the session registered: its sockets are listened to from now on."""
        page.on("websocket", lambda ws: self._guard(self._on_socket, ws, page))
        page.on("framenavigated", lambda frame: self._guard(self._navigated, page, frame))
        page.on("domcontentloaded", lambda _: self._guard(self._loaded, page))
        page.on("close", lambda _: self._guard(self._page_gone, page))

    async def on_context(self, context: Any) -> None:
        """A context the session adopted: watched too, once a watch exists."""
        if self.watching or any(route.watch for route in self.registry.routes):
            await self._hook(context)

    async def start(self, contexts: list) -> None:
        """The first watch: pages of every context report opens and closes from now on."""
        self.watching = True
        for context in contexts:
            await self._hook(context)

    async def _hook(self, context: Any) -> None:
        if context in self._hooked:
            return
        self._hooked.append(context)
        try:
            await context.expose_binding(BINDING, self._on_report)
            await context.add_init_script(hook_script(self.reports.for_context(context)))
        except Exception as error:  # noqa: BLE001 - said in the library's words
            self._hooked.remove(context)
            self.reports.forget(context)
            raise BrowserError(
                f"Cannot watch the WebSockets of this browser: {_first_line(error)}."
            ) from None
        for page in context.pages:  # documents already loaded get the hook now
            for frame in page.frames:
                script = hook_script(self.reports.for_document(context, frame))
                try:
                    await asyncio.wait_for(frame.evaluate(script), 2)
                except Exception:  # noqa: BLE001 - a frame that is going away opens nothing
                    pass

    def reset(self) -> None:
        """The browser is gone or quit: nothing of its pages stays."""
        self.pairing.clear()
        self._cuts.clear()
        self._hooked.clear()
        self.reports.clear()
        self.watching = False
        for seen in self.seen:
            if seen.closed is None:
                seen.closed = time.monotonic()

    # ------------------------------------------------------------ sockets

    def _guard(self, function: Callable, *args: Any) -> None:
        try:
            function(*args)
        except WsRouteError as error:
            self.fail(str(error))
        except Exception as error:  # noqa: BLE001 - nothing may be lost
            self.fail(f"Unexpected error while watching WebSocket traffic: {error!r}")

    def _on_socket(self, ws: Any, page: Any) -> None:
        if self.hidden(ws.url):
            return
        seq = next(self._seq)
        self._last_seq = seq
        socket = WatchedSocket(seq, ws, page, page.context in self._hooked)
        self.pairing.add(socket)
        ws.on("close", lambda _: self._guard(self._browser_closed, socket))
        ws.on("socketerror", lambda error: self._guard(self._error, socket, error))
        try:
            routed = self.registry.route_for(socket.url, page) is not None
        except PatternTimeoutError:
            # The dispatcher ran the same pattern on this socket and reported it
            # (a /regexp/ route makes it see every socket): once is enough.
            routed = False
        if routed:
            return  # the route's; only paired, so the page's reports stay in step
        watch = self._watch_for(socket.url)
        if watch is None:  # nothing caught it: a hint may name it
            socket.seen = SeenSocket(socket.url, time.monotonic(), page)
            self.seen.append(socket.seen)
            return
        socket.route = watch
        socket.number = self._number()
        # Frames are listened to on Playwright's implementation object: the public
        # wrapper inspects the handler's signature on every event, which costs more
        # than recording the frame does.
        frames = getattr(ws, "_impl_obj", ws)
        frames.on("framesent", lambda payload: self._guard(self._frame, socket, EntryKind.sent,
                                                           payload))
        frames.on("framereceived", lambda payload: self._guard(self._frame, socket,
                                                               EntryKind.received, payload))
        if not socket.hooked:  # no report will say when it opened
            self._open(socket)

    def worker_socket(self, url: str, worker: str) -> WorkerSocket | None:
        """A shared or service worker's socket no route took (relay.py): what records it
        from the shim's reports when a watch matches it; None when none does."""
        try:
            watch = self._watch_for(url)
        except WsRouteError as error:  # a /regexp/ that ran too long: said, and passed
            self.fail(str(error))
            return None
        if watch is None:
            return None
        return WorkerSocket(self, watch, self._number(), url, worker)

    def _watch_for(self, url: str) -> Route | None:
        for route in reversed(self.registry.routes):
            if route.watch and route.active and route.pattern.matches(url):
                return route
        return None

    def _frame(self, socket: WatchedSocket, kind: EntryKind, payload: Any) -> None:
        if not socket.opened:
            self._open(socket)
        self._record(socket, kind, payload, "watched")

    def _error(self, socket: WatchedSocket, error: str) -> None:
        if not socket.opened and not socket.open_reported:
            socket.failed = str(error)

    def _on_report(self, source: dict, *args: Any) -> None:
        """A call of the binding: the script's report, or one the page made (ignored)."""
        self._guard(self._checked, source, args)

    def _checked(self, source: dict, args: tuple) -> None:
        try:
            kind, url, code, reason, opened = self.reports.check(source, args)
        except ForgedReport as forged:
            ignored = self.ignored.setdefault(self.owners.current, [0, str(forged)])
            ignored[0] += 1
            return
        self._report(source.get("page"), kind, url, code, reason, opened)

    def _report(self, page: Any, kind: str, url: str, code: int | None, reason: str | None,
                opened: bool | None) -> None:
        if kind == "open":
            socket = self.pairing.opened(page, url)
            if socket is not None and socket.route is not None and not socket.opened:
                self._open(socket)
        else:
            report = (code, reason, opened)
            socket = self.pairing.report_closed(page, url, report)
            if socket is not None:
                self._finish(socket, report)

    def _browser_closed(self, socket: WatchedSocket) -> None:
        if socket.seen is not None and socket.seen.closed is None:
            socket.seen.closed = time.monotonic()
        if not socket.hooked:
            self._finish(socket, None)
            return
        report = self.pairing.browser_closed(socket)
        if report is not None:
            self._finish(socket, report)
        else:
            socket.timer = self.tasks.call_later(REPORT_WAIT, self._guard, self._no_report,
                                                 socket)

    def _no_report(self, socket: WatchedSocket) -> None:
        if socket.awaiting_code:
            self.pairing.gave_up(socket)
            self._finish(socket, None)

    def _finish(self, socket: WatchedSocket, report: tuple | None) -> None:
        """The socket's close, with the page's report of it (None: no code known)."""
        self.pairing.remove(socket)
        if socket.timer is not None:
            socket.timer.cancel()
        if socket.route is None:
            return
        if report is None:
            code, reason, opened = NO_STATUS, "", socket.opened
            why = ("the page reported no close code: it was loaded before the watch"
                   if not socket.hooked else "the page reported no close code")
            note = f"watched; {why}"
        else:
            code, reason, opened = report
            note = "watched"
        if not socket.opened and (opened or socket.failed is None and report is None):
            self._open(socket)
        if not socket.opened:  # the handshake failed: a close with no open
            socket.route.sockets.append(socket)
            note = f"watched; the connection failed: {socket.failed or 'no handshake'}"
        self._close(socket, code, reason, note)

    def _navigated(self, page: Any, frame: Any) -> None:
        if frame.parent_frame is None:
            # A new document, if a load follows: what the page has now goes with the old one.
            self._cuts[page] = self._last_seq

    def _loaded(self, page: Any) -> None:
        cut = self._cuts.pop(page, None)
        if cut is None:
            return
        now = time.monotonic()
        for socket in [s for s in self.pairing.sockets.get(page, ()) if s.seq <= cut]:
            self.pairing.remove(socket)
            if socket.seen is not None and socket.seen.closed is None:
                socket.seen.closed = now
            if socket.route is not None and socket.opened:
                self._close(socket, GOING_AWAY, "", "watched; the page navigated away")

    def _page_gone(self, page: Any) -> None:
        now = time.monotonic()
        for socket in self.pairing.page_gone(page):
            if socket.timer is not None:
                socket.timer.cancel()
            if socket.route is not None and socket.opened:
                self._close(socket, NO_STATUS, "", "page closed")
        for seen in self.seen:
            if seen.page is page and seen.closed is None:
                seen.closed = now
        self._cuts.pop(page, None)

    # ---------------------------------------------------------- recording

    def _open(self, socket: WatchedSocket | WorkerSocket) -> None:
        socket.opened = True
        assert socket.route is not None  # a watch took it
        socket.route.sockets.append(socket)
        self._record(socket, EntryKind.open, None, "watched")

    def _close(self, socket: WatchedSocket | WorkerSocket, code: int, reason: str,
               note: str) -> None:
        if not socket.closed:
            socket.closed = True
            self._record(socket, EntryKind.close, (code, reason), note)

    def _record(self, socket: WatchedSocket | WorkerSocket, kind: EntryKind, payload: Any,
                note: str) -> None:
        route = socket.route
        assert route is not None  # recorded: a watch took it
        if route.active:  # the page talks to its server directly, past the library
            sender, receiver = _WATCHED_ENDS[kind]
            route.journal.record(socket.number, socket.url, kind, payload, note,
                                 self.owners.current, sender, receiver, opener=socket.opener)

    # --------------------------------------------------------------- hints

    def hint(self, route: Route) -> str:
        """What opened that no route caught, and how ``route`` would catch it; kept for the log."""
        owner = self.owners.current
        sockets = relevant(self.seen, owner.started, route.created)
        text = hint(route.text, sockets, route.created, route.page,
                    lambda pattern: UrlPattern(pattern, self._base_url()))
        if text:
            self.notes.append((owner, f"Route {quote(route.text)}:{text}"))
        return text

    def saw(self, url: str, page: Any) -> None:
        """A protocol's side-request (``url`` as its socket's) that no route took:
        named by hints as a socket would be."""
        now = time.monotonic()
        self.seen.append(SeenSocket(url, now, page, closed=now))

    def take_notes(self, owner: Any) -> list[str]:
        """The hints given while ``owner`` ran, for its log table."""
        mine = [note for who, note in self.notes if who is owner]
        self.notes = [(who, note) for who, note in self.notes if who is not owner]
        ignored = self.ignored.pop(owner, None)
        if ignored:
            count, first = ignored
            mine.append(
                f"The page made {count} call{'s' if count != 1 else ''} to the library's watch "
                f"binding ({BINDING}) that the library's script did not make: ignored, nothing "
                f"recorded. The first: {first}."
            )
        return mine


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
