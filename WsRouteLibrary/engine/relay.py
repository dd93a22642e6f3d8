"""The worker relay: a WebSocket server on 127.0.0.1 the shims in workers talk to.

Each worker whose script carries the shim (workers.py, workershim.js)
opens one connection here, to a path holding a secret token, when it opens
its first WebSocket; all the worker's sockets share it (relayframes.py).
At each socket's open the relay asks the engine whether a route takes it:
if not, the shim opens it natively and the relay never hears of it again,
unless a watch matches it: then the shim opens it natively all the same
and reports its open, its frames both ways and its close (the ``watched_``
frames), which the relay hands to the :class:`Watched` the engine gave
for it (watching.py's ``WorkerSocket``), until the socket closes or the
watch is forgotten (``unwatch``: the shim stops reporting). If a route
takes it, the socket becomes a :class:`WorkerPage`, which has the shape of
Playwright's ``WebSocketRoute`` (``url``, ``send``, ``close``,
``on_message``, ``on_close``, ``connect_to_server``), and goes to the same
dispatcher as a page's socket, so the road, rules, faults, replay, the
journal and waits treat it alike. Its server side (:class:`WorkerServer`)
is a native socket the shim opens in the worker on the library's command.
A worker that ends closes its connection: its sockets end (code 1001, as
the browser tells a server when a worker goes away) and are forgotten.

The same port answers the marker's plain HTTP request (``/TOKEN/mark``,
workermark.js) that a page or worker makes just before it starts a worker:
the relay has the script's URL routed (workers.py) before it answers.

The relay uses the ``websockets`` package (asyncio), as the test servers
do: a well-kept implementation of the protocol's handshake, masking and
fragmentation, which the library then need not carry itself.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from ..model.registry import PAGE_WAY, TAKE_WAY
from ..road.inpage import NO_RULE
from .relayframes import Payload, RelayFrameError, decode, encode

GOING_AWAY = 1001
ABNORMAL = 1006
PAGE = "page"  # the kind a page's shim says (the fast path, workers.py): not a worker
NO_STATUS = 1005
Handler = Callable[..., Any] | None
# How long a keyword waits for pages answering by themselves to say what they answered, or
# that they took a changed plan (a page whose script is stuck, or under a dialog, does not).
PAGE_SYNC_TIMEOUT = 1.0


class Watched(Protocol):
    """What records a worker's socket that a watch matches, from the shim's reports."""

    @property
    def detached(self) -> bool:
        """Its watch is gone for good: the shim may stop reporting."""

    def on_open(self) -> None: ...

    def on_frame(self, sent: bool, data: str | bytes) -> None: ...

    def on_close(self, code: int | None, reason: str | None) -> None: ...

    def on_worker_gone(self) -> None: ...


class _Side:
    """What both sides of a routed socket share: the handlers the engine gives them."""

    def __init__(self) -> None:
        self._on_message: Handler = None
        self._on_close: Handler = None

    def on_message(self, handler: Callable[[Payload], Any]) -> None:
        self._on_message = handler

    def on_close(self, handler: Callable[[int | None, str | None], Any]) -> None:
        self._on_close = handler


class WorkerServer(_Side):
    """The server side of a worker's routed socket: a native socket in the worker."""

    def __init__(self, page: WorkerPage):
        super().__init__()
        self.url = page.url
        self._page = page

    def send(self, message: str | bytes) -> None:
        self._page.link.put(encode("server_send", self._page.socket_id, message))

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        self._page.link.put(encode("server_close", self._page.socket_id,
                                   code=NO_STATUS if code is None else code,
                                   reason=reason or ""))


class WorkerPage(_Side):
    """A worker's routed socket, seen as a page's socket is (Playwright's
    ``WebSocketRoute``); its ``opener`` names the worker for the log."""

    def __init__(self, link: WorkerLink, socket_id: int, url: str):
        super().__init__()
        self.url = url
        self.opener = "" if link.kind == PAGE else link.name
        self.link = link
        self.socket_id = socket_id
        self.server: WorkerServer | None = None
        self.closed = False  # the library closed the worker's socket
        # Answers in the page (road/inpage.py): the road's socket, how many of the page's
        # messages the library has had, the plan last offered and whether the page took it.
        self.road_socket: Any = None
        self.seen = 0
        self.answered_here = 0  # of them, how many the page answered itself
        self.in_page = False
        self._offered: dict[str, Any] | None = None
        self._offering: asyncio.Future[None] | None = None
        self._seq = 0
        self._rules: dict[int, Any] = {}  # the rules the page applies, by number
        self._next_rules: dict[int, Any] = {}

    @property
    def holds_counts(self) -> bool:
        """Whether the plan the page holds has a rule's ``times`` count (road/inpage.py)."""
        return self._offered is not None and any(
            "times" in rule for rule in self._offered.get("rules", ()))

    def bind(self, socket: Any) -> None:
        """The road's socket this page side feeds (traffic.py's ``listen``)."""
        self.road_socket = socket

    def send(self, message: str | bytes) -> None:
        self.link.put(encode("message", self.socket_id, message))

    def offer(self) -> asyncio.Future[None] | None:
        """Offers the page the socket's plan when it changed (None: the library decides);
        returns what the page's answer resolves while one is awaited."""
        if self._offering is not None and not self._offering.done():
            return self._offering  # one offer at a time: asked again once it is answered
        socket = self.road_socket
        if socket is None or socket.closed or self.closed or not self.link.answers:
            self.in_page, self._offered = False, None  # a closed socket answers nothing more
            return None
        plan = socket.road.page_plan(socket)
        if plan == self._offered or (plan is None and not self.in_page):
            return None  # nothing new: what the page holds (or nothing) stands
        self._seq += 1
        self._offered = plan
        self._next_rules = {rule.number: rule for rule in socket.route.rules} if plan else {}
        self._offering = asyncio.get_running_loop().create_future()
        self.link.put(encode("plan", self.socket_id, plan=plan, seq=self._seq, seen=self.seen))
        return self._offering

    def planned(self, seq: Any, taken: bool, stale: bool) -> None:
        """The page answered an offer: from now on it answers by itself, or not.
        ``stale``: it had sent messages the library had not had yet; the library, which
        has them now (they came first), offers again."""
        if seq != self._seq or self._offering is None:
            return
        self.in_page = taken
        self._rules = self._next_rules if taken else {}
        if not taken:
            self._offered = None
        if not self._offering.done():
            self._offering.set_result(None)
        if (stale or taken) and self.link.answers:
            self.offer()  # what changed while the offer was on its way (another socket came)

    def answered(self, number: int, text: str) -> None:
        """The page answered its message ``text`` itself with rule ``number`` (0: none)."""
        self.seen += 1
        if self._on_message is None:
            return
        decided = None  # a page not answering by itself: the road decides
        if self.in_page:
            self.answered_here += 1
            decided = NO_RULE if number == 0 else self._rules.get(number)
        self._on_message(text, decided)

    def sent(self, data: Payload) -> None:
        """The page sent a message the library decides on; a page that answered by itself
        has given its plan back."""
        self.seen += 1
        gave_back = self.in_page
        if gave_back:
            self.in_page, self._offered = False, None
        if self._on_message is not None:
            self._on_message("" if data is None else data)
        if gave_back and self.link.answers:  # once the library has decided, offer again
            self.offer()

    def ended(self) -> None:
        if self._offering is not None and not self._offering.done():
            self._offering.set_result(None)

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        if not self.closed:
            self.closed = True
            self.link.put(encode("close", self.socket_id,
                                 code=NO_STATUS if code is None else code, reason=reason or ""))

    def connect_to_server(self) -> WorkerServer:
        if self.server is None:
            self.server = WorkerServer(self)
            self.link.put(encode("connect", self.socket_id))
        return self.server

    def __repr__(self) -> str:
        return f"WorkerPage(#{self.socket_id} {self.url} in {self.link.name})"


class WorkerLink:
    """One worker's connection to the relay, with its routed sockets by id."""

    def __init__(self, connection: ServerConnection):
        self.connection = connection
        self.kind = "worker"
        self.script = ""
        self.sockets: dict[int, WorkerPage] = {}
        self.watched: dict[int, Watched] = {}  # sockets a watch records, by id
        self.ended = False
        self.answers = False  # its pages may answer by themselves (the fast path)
        self._outbox: asyncio.Queue[str | bytes] = asyncio.Queue()
        self._syncs: dict[int, asyncio.Future[None]] = {}
        self._asked = 0  # the number of the last sync asked

    def sync(self, forget_ways: bool = False) -> asyncio.Future[None]:
        """Asks the shim for what its pages answered so far; resolved once it has come.
        ``forget_ways``: the page forgets, first, which way the URLs it asked about go."""
        self._asked += 1
        future = self._syncs[self._asked] = asyncio.get_running_loop().create_future()
        if forget_ways:
            self.put(encode("sync", 0, n=self._asked, ways=True))
        else:
            self.put(encode("sync", 0, n=self._asked))
        return future

    def forget_syncs(self) -> None:
        """Drops the questions the page left unanswered (its script stuck): nothing waits
        for them any more, and a late answer is ignored."""
        self._syncs.clear()

    def synced(self, number: Any) -> None:
        future = self._syncs.pop(number, None) if isinstance(number, int) else None
        if future is not None and not future.done():
            future.set_result(None)

    @property
    def name(self) -> str:
        return f"{self.kind} {self.script}".strip()

    def put(self, frame: str | bytes) -> None:
        """Sends a frame, in order; nothing once the worker is gone."""
        if not self.ended:
            self._outbox.put_nowait(frame)

    async def pump(self) -> None:
        while True:
            frame = await self._outbox.get()
            try:
                await self.connection.send(frame)
            except ConnectionClosed:
                return

    def end(self) -> None:
        """The worker went away: its sockets end as a closing page's do (1001). A page's own
        sockets (the fast path) end as Playwright's routing reports them: with no code when
        the page navigated or closed, 1006 when the browser died (no close frame came)."""
        self.ended = True
        code: int | None = GOING_AWAY
        if self.kind == PAGE:
            code = ABNORMAL if self.connection.close_code in (None, ABNORMAL) else None
        for number in list(self._syncs):
            self.synced(number)
        pages, self.sockets = list(self.sockets.values()), {}
        for page in pages:
            page.ended()
            if not page.closed and page._on_close is not None:
                page.closed = True
                page._on_close(code, "")
        watched, self.watched = list(self.watched.values()), {}
        for watch in watched:
            watch.on_worker_gone()


class WorkerRelay:
    """The relay server, started once, and the workers connected to it."""

    def __init__(self, on_socket: Callable[[Any, Any], Any], is_routed: Callable[[str, Any], bool],
                 on_mark: Callable[[str, str], Awaitable[None]]):
        self._on_socket = on_socket
        self._is_routed = is_routed
        # Which way a page's socket of a URL goes on the fast path: "take" (over the relay),
        # "page" (Playwright's routing: a page route may take it) or "pass" (the browser's).
        self.page_socket_way: Callable[[str], str] = lambda url: PAGE_WAY
        # What the ways of URLs depend on, a value that changes when any may: pages keep
        # the answers they were given (a socket opened again asks nothing) until the relay
        # tells them to forget them, which it does when this value changed (``settle``).
        self.ways_changed: Callable[[], Any] = lambda: None
        self._ways_told: Any = None
        self._on_mark = on_mark  # (kind, script URL): a worker is about to start
        # Told (URL, worker) of each worker socket no route takes; returns what records it
        # when a watch matches it (None: the shim is told to pass it).
        self.on_unrouted: Callable[[str, str], Watched | None] | None = None
        self.token = secrets.token_urlsafe(18)
        self.links: set[WorkerLink] = set()
        self._kinds_heard: set[str] = set()  # kinds of worker whose shim said hello
        self._server: Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.answers = False  # pages answer by themselves where they can (the fast path)

    async def sync(self) -> None:
        """Hears what the pages have sent and answered (before each call of the engine).

        On the fast path every link with a socket is asked, not only those that
        answer by themselves: a page's frames come over the relay, not with
        Playwright's answer to the keyword, so a frame the page sent during a
        keyword (a Run JavaScript that sends) is heard by the keyword's last
        call, its check for errors, and an error it makes fails that keyword,
        as without the fast path.
        """
        if not self.answers:  # only workers' sockets: they are heard as they come
            return
        links = [link for link in self.links if link.sockets]
        if links:
            await asyncio.wait([link.sync() for link in links], timeout=PAGE_SYNC_TIMEOUT)
            for link in links:
                link.forget_syncs()

    async def settle(self) -> None:
        """Offers pages their sockets' plans where they changed, and waits until they
        took them (after a keyword: a rule made now answers the page's next message).
        When the routes changed, the pages forget the ways of URLs they were told
        (``ways_changed``), and this waits until they have: a socket the page opens after
        the keyword asks again, so a route just made takes it."""
        if not self.answers:  # no link answers, so no page holds a plan
            return
        deadline = asyncio.get_running_loop().time() + PAGE_SYNC_TIMEOUT
        forgetting: list[asyncio.Future[None]] = []
        ways = self.ways_changed()
        if ways != self._ways_told:
            self._ways_told = ways
            forgetting = [link.sync(forget_ways=True) for link in list(self.links)]
        while True:
            pending = [future for link in list(self.links) for page in list(link.sockets.values())
                       if (future := page.offer()) is not None and not future.done()]
            pending += [future for future in forgetting if not future.done()]
            remaining = deadline - asyncio.get_running_loop().time()
            if not pending or remaining <= 0:
                return
            await asyncio.wait(pending, timeout=remaining)

    async def start(self) -> str:
        """Starts the relay if it is not running; returns its address for the shim
        (``ws://``; the marker's is the same with ``http://`` and ``/mark``)."""
        if self._server is None:
            self._server = await serve(self._serve, "127.0.0.1", 0, process_request=self._check,
                                       max_size=None, compression=None)
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}/{self.token}"

    def owns(self, url: str) -> bool:
        """Whether ``url`` is the relay's own (a shim's connection, which pages' socket
        events report for dedicated workers)."""
        return f"/{self.token}" in url and url.startswith("ws://127.0.0.1:")

    def heard_from(self, kind: str) -> bool:
        """Whether a worker of ``kind`` reached the relay since it started (its shim says
        hello with its first socket), since ``forget_kinds`` (a new browser)."""
        return kind in self._kinds_heard

    def forget_kinds(self) -> None:
        self._kinds_heard.clear()

    @property
    def open_sockets(self) -> int:
        """Routed and watched worker sockets the relay still knows of (a leak check reads
        it)."""
        return sum(len(link.sockets) + len(link.watched) for link in self.links)

    async def _check(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path)
        if path.path == f"/{self.token}/mark":  # the marker: a worker is about to start
            query = parse_qs(path.query)
            await self._on_mark(query.get("kind", [""])[0], query.get("url", [""])[0])
            return _answer(204, "No Content")
        if path.path == f"/{self.token}/ask":  # a page's shim: is this socket the library's?
            url = parse_qs(path.query).get("url", [""])[0]
            return _answer(200, "OK", self.page_socket_way(url) if url else PAGE_WAY)
        if request.path != f"/{self.token}":
            return connection.respond(403, "Not a WsRouteLibrary worker shim.\n")
        return None

    async def _serve(self, connection: ServerConnection) -> None:
        link = WorkerLink(connection)
        link.answers = self.answers
        self.links.add(link)
        pump = asyncio.ensure_future(link.pump())
        try:
            async for frame in connection:
                self._handle(link, *decode(frame))
        except RelayFrameError as error:
            await connection.close(1008, f"Not a shim frame: {error}"[:120])
        except ConnectionClosed:
            pass
        finally:
            pump.cancel()
            self.links.discard(link)
            link.end()

    def _handle(self, link: WorkerLink, head: dict[str, Any], data: Payload) -> None:
        op, socket_id = head["op"], head.get("id")
        if op == "hello":
            link.kind = str(head.get("kind") or "worker")
            self._kinds_heard.add(link.kind)
            link.script = str(head.get("script") or "")
        elif op == "open":
            self._open(link, int(socket_id or 0), str(head.get("url", "")))
        elif op == "gone":
            link.sockets.pop(socket_id, None)  # type: ignore[arg-type]
            link.watched.pop(socket_id, None)  # type: ignore[arg-type]
        elif op == "answered":
            _answered(link, head.get("items"))
        elif op == "synced":
            link.synced(head.get("n"))
        elif op == "planned":
            page = link.sockets.get(socket_id)  # type: ignore[arg-type]
            if page is not None:
                page.planned(head.get("seq"), head.get("taken") is True,
                             head.get("stale") is True)
        elif op.startswith("watched_"):
            _watched(link, op, socket_id, head, data)  # type: ignore[arg-type]
        else:
            page = link.sockets.get(socket_id)  # type: ignore[arg-type]
            if page is not None:
                _deliver(page, op, head, data)

    def _open(self, link: WorkerLink, socket_id: int, url: str) -> None:
        if link.kind == PAGE:  # a page's socket the library no longer takes: the page's own
            if self.page_socket_way(url) != TAKE_WAY:
                link.put(encode("pass", socket_id))
                return
        elif not self._is_routed(url, None):
            watch = self.on_unrouted(url, link.name) if self.on_unrouted is not None else None
            if watch is None:
                link.put(encode("pass", socket_id))
            else:
                link.watched[socket_id] = watch
                link.put(encode("watch", socket_id))
            return
        page = WorkerPage(link, socket_id, url)
        link.sockets[socket_id] = page
        link.put(encode("take", socket_id))
        refusal = self._on_socket(page, None)
        if refusal is not None:  # Reject WebSocket Connections: it never opens
            task = asyncio.ensure_future(refusal)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif page.server is None and not page.closed:
            link.put(encode("opened", socket_id))
            if link.answers:
                page.offer()


def _answered(link: WorkerLink, items: Any) -> None:
    """What the page answered by itself: ``[socket id, rule number, message]`` each."""
    if not isinstance(items, list):
        return
    for item in items:
        if (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int)
                and isinstance(item[1], int) and isinstance(item[2], str)):
            page = link.sockets.get(item[0])
            if page is not None:
                page.answered(item[1], item[2])


def _answer(status: int, reason: str, text: str = "") -> Response:
    """A plain HTTP answer to a page's or worker's request (the marker's, the shim's
    question), readable from any origin."""
    body = text.encode()
    headers = [("Access-Control-Allow-Origin", "*"), ("Content-Length", str(len(body))),
               ("Connection", "close")]
    return Response(status, reason, Headers([*headers, ("Content-Type", "text/plain")]
                                            if body else headers), body)


def _watched(link: WorkerLink, op: str, socket_id: int, head: dict[str, Any],
             data: Payload) -> None:
    """A report about a watched socket: it opened, passed a frame or closed."""
    watch = link.watched.get(socket_id)
    if watch is None:
        return
    if op == "watched_close":
        del link.watched[socket_id]
        code, reason = head.get("code"), head.get("reason")
        watch.on_close(code if isinstance(code, int) else None,
                       reason if isinstance(reason, str) else None)
        return
    if op == "watched_open":
        watch.on_open()
    elif op in ("watched_sent", "watched_received"):
        watch.on_frame(op == "watched_sent", "" if data is None else data)
    if watch.detached:  # its watch is gone for good: the shim stops reporting
        del link.watched[socket_id]
        link.put(encode("unwatch", socket_id))


def _deliver(page: WorkerPage, op: str, head: dict[str, Any], data: Payload) -> None:
    """A frame about a routed socket: the worker's code or its server spoke."""
    code = head.get("code")
    reason = head.get("reason")
    if op == "send":
        page.sent(data)
    elif op == "close" and page._on_close is not None:  # 1005: the page gave no code
        page._on_close(code if isinstance(code, int) and code != NO_STATUS else None,
                       reason if isinstance(reason, str) else None)
    elif op == "server_message" and page.server is not None and page.server._on_message:
        page.server._on_message("" if data is None else data)
    elif op == "server_close" and page.server is not None and page.server._on_close:
        page.server._on_close(code if isinstance(code, int) else None,
                              reason if isinstance(reason, str) else None)
