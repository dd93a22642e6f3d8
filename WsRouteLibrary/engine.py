"""The engine: Playwright on its own loop, the dispatchers and the sockets.

Everything here runs on the engine's event loop. Methods decorated with
``@on_loop`` may be called from Robot Framework's thread: they hand
themselves over to the loop and return its result. Nothing here knows Robot
Framework.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Callable
from typing import Any

from playwright.async_api import async_playwright

from .browsers import find_executable
from .errors import LoopError, WsRouteError, quote
from .journal import BLOCKED, CLOSE, MESSAGE_KINDS, OPEN, RECEIVED, SENT, TO_SERVER, Entry
from .loop import LoopThread, on_loop
from .matching import Matcher, Message, TemplateError, render, shorten
from .registry import CLOSE as CLOSE_RULE
from .registry import REPLY, Registry, Route, Rule
from .urlpattern import UrlPattern

NO_STATUS = 1005  # RFC 6455: a close without a status code
# URL filters handed to Playwright (in JavaScript and Python alike): one that
# matches nothing installs the routing script in every document from the
# start; one that matches everything stands for patterns JavaScript may read
# differently.
MATCH_NOTHING = re.compile("(?!)")
MATCH_EVERYTHING = re.compile("")
VALID_CLOSE_CODES = "1000-1003, 1007-1014 or 3000-4999"


def check_close_code(code: int) -> int:
    if 1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999:
        return code
    raise WsRouteError(
        f"Close code {code} cannot be sent by a server. Use {VALID_CLOSE_CODES} "
        "(1000 is a normal closure, 4000-4999 are free for applications)."
    )


class Scope:
    """A test or suite: what it creates is owned by it and cleaned up with it."""

    def __init__(self, name: str, parent: Scope | None = None):
        self.name = name
        self.parent = parent
        self.started = time.monotonic()
        self.errors: list[str] = []
        self.logged = 0  # entries up to this sequence number are in the log


class Socket:
    """One routed WebSocket: the page side, and the server side once connected."""

    def __init__(self, number: int, route: Route, ws: Any, page: Any = None):
        self.number = number
        self.route = route
        self.ws = ws
        self.url = ws.url
        self.server = None
        self.closed = False  # its close is recorded
        self.page_done = False  # the page was told to close
        self.server_done = False  # the server side is closed or closing
        self.page = page  # the page of a page route that took it over


class Engine:
    """Owns the Playwright objects, the route registry and every socket."""

    def __init__(self, headless: bool = True, executable_path: str | None = None,
                 journal_limit: int | None = None):
        self.headless = headless
        self.executable_path = executable_path
        self.journal_limit = journal_limit
        self.registry = Registry()
        self.scope = Scope("library")
        self.loop = LoopThread(self.fail)
        self._socket_numbers = itertools.count(1)
        self._page_numbers = itertools.count(1)
        self._playwright = None
        self._browser = None
        self._attached = False
        self._contexts: list = []
        self._pages: dict[str, Any] = {}
        self._current_page = None
        self._page_dispatchers: set = set()
        self._url_filters: list[re.Pattern] = [MATCH_NOTHING]
        self.base_url: str | None = None

    # ---------------------------------------------------------------- errors

    def fail(self, message: str) -> None:
        """Records an error that happened on the loop for the running scope.

        A wait in progress ends at once, so its keyword reports the error.
        """
        self.scope.errors.append(message)
        for route in self.registry.routes:
            route.journal.abort_waiters(LoopError(message))

    @on_loop
    def take_errors(self) -> list[str]:
        errors, self.scope.errors = self.scope.errors, []
        return errors

    def _guard(self, function: Callable, *args: Any) -> None:
        try:
            function(*args)
        except Exception as error:  # noqa: BLE001 - nothing may be lost
            self.fail(f"Unexpected error while handling WebSocket traffic: {error!r}")

    def _spawn(self, coroutine) -> None:
        task = self.loop.loop.create_task(coroutine)
        task.add_done_callback(
            lambda t: t.cancelled() or t.exception() is None
            or self.fail(f"Unexpected error while handling WebSocket traffic: {t.exception()!r}")
        )

    # --------------------------------------------------------------- scopes

    @on_loop
    def start_scope(self, name: str) -> None:
        self.scope = Scope(name, self.scope)

    @on_loop
    def end_scope(self, remove: bool) -> tuple[list[Entry], dict, list[str], float, dict]:
        """Ends the running scope.

        Returns its journal entries (oldest first), each entry's route
        pattern by sequence number, its errors, its start time and how many
        messages each route dropped for its message limit. With ``remove``
        what the scope created (routes, rules, entries) goes; otherwise it
        passes to the enclosing scope.
        """
        scope = self.scope
        parent = scope.parent or scope
        entries, routes_of, dropped = self._unlogged(scope)
        for route in list(self.registry.routes):
            if remove and route.owner is scope:
                self.registry.remove(route)
            elif remove:
                route.rules = [r for r in route.rules if r.owner is not scope]
                route.journal.remove(lambda e: e.owner is scope)
            else:
                for item in [route, *route.rules, *route.journal.entries]:
                    if item.owner is scope:
                        item.owner = parent
        if not remove:  # the entries passed on are in the log already
            parent.logged = max(parent.logged, scope.logged)
        self.scope = parent
        return entries, routes_of, scope.errors, scope.started, dropped

    @on_loop
    def log_scope(self) -> tuple[list[Entry], dict, float, dict]:
        """The running scope's entries not logged yet, as ``end_scope`` gives them.

        They count as logged from now on, so ``end_scope`` leaves them out.
        """
        entries, routes_of, dropped = self._unlogged(self.scope)
        return entries, routes_of, self.scope.started, dropped

    def _unlogged(self, scope: Scope) -> tuple[list[Entry], dict, dict]:
        entries, routes_of = [], {}
        for route in self.registry.routes:
            for entry in route.journal.entries:
                if entry.owner is scope and entry.seq > scope.logged:
                    entries.append(entry)
                    routes_of[entry.seq] = route.text
        entries.sort(key=lambda e: e.seq)
        if entries:
            scope.logged = entries[-1].seq
        dropped = {}  # messages dropped since the last table, by route
        for route in self.registry.routes:
            journal = route.journal
            if journal.dropped > journal.dropped_logged:
                dropped[route.text] = journal.dropped - journal.dropped_logged
                journal.dropped_logged = journal.dropped
        return entries, routes_of, dropped

    # -------------------------------------------------------------- browser

    async def _start_playwright(self):
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        return self._playwright

    async def _start_browser_type(self, name: str):
        """Playwright's launcher for ``name``, after closing the running browser.

        The name is checked first, so a typo leaves the running browser alone.
        """
        if name not in ("chromium", "firefox", "webkit"):
            raise WsRouteError(
                f"Browser {name!r} is not supported. Use chromium, firefox or webkit."
            )
        if self._browser is not None:
            await self._quit()
        return getattr(await self._start_playwright(), name)

    @on_loop
    async def launch(self, browser: str = "chromium", headless: bool | None = None,
                     executable_path: str | None = None, args: list | None = None,
                     base_url: str | None = None) -> None:
        browser_type = await self._start_browser_type(browser)
        executable = executable_path or self.executable_path or find_executable(
            browser, browser_type.executable_path
        )
        self._browser = await browser_type.launch(
            headless=self.headless if headless is None else headless,
            executable_path=executable,
            args=list(args or []),
        )
        self.base_url = base_url
        await self._adopt_context(await self._browser.new_context(base_url=base_url))

    @on_loop
    async def attach(self, cdp_url: str, page: str | None = None) -> list[str]:
        """Attaches over CDP and routes every context, present and future.

        Returns a warning for each page that was already loaded: sockets it
        opened before are not routed, and with Playwright versions that
        install routing only in new documents none of its sockets is until
        it navigates again.
        """
        chromium = await self._start_browser_type("chromium")
        try:
            self._browser = await chromium.connect_over_cdp(cdp_url)
        except Exception as error:
            raise WsRouteError(
                f"Cannot attach to a browser at {cdp_url!r}: {_first_line(error)}. "
                "Start Chromium with --remote-debugging-port=PORT and give "
                "http://127.0.0.1:PORT."
            ) from None
        self._attached = True
        # Pages of contexts that another client creates show up in the
        # default context over CDP; contexts Playwright does report are
        # adopted as they come.
        self._browser.on("context", lambda context: self._spawn(self._adopt_context(context)))
        for context in self._browser.contexts:
            await self._adopt_context(context)
        try:
            self._select_page(page)
        except WsRouteError:
            await self._quit()  # a failed attach leaves nothing attached
            raise
        loaded = [p for p in self._pages.values() if _loaded(p.url)]  # pages may come meanwhile
        return [await self._loaded_page_warning(p) for p in loaded]

    async def _loaded_page_warning(self, page) -> str:
        try:
            routed = await asyncio.wait_for(page.evaluate(_ROUTING_INSTALLED), 2)
        except Exception:  # noqa: BLE001 - a busy or closing page counts as not routed
            routed = False
        if routed:
            return (
                f"Page {page.url} was already loaded when the library attached: WebSockets "
                "it opened before are not routed. Reload the page or navigate it again to "
                "route all of its WebSockets."
            )
        return (
            f"Page {page.url} was already loaded when the library attached: its WebSockets "
            "are routed only after it reloads or navigates again."
        )

    @on_loop
    async def connect_server(self, ws_endpoint: str, browser: str = "chromium") -> None:
        browser_type = await self._start_browser_type(browser)
        try:
            self._browser = await browser_type.connect(ws_endpoint)
        except Exception as error:
            raise WsRouteError(
                f"Cannot connect to a Playwright browser server at {ws_endpoint!r}: "
                f"{_first_line(error)}."
            ) from None
        await self._adopt_context(await self._browser.new_context())

    def _select_page(self, pattern: str | None) -> None:
        """Makes the newest page whose URL matches the glob current (None: any)."""
        if pattern is None:
            self._current_page = self._newest_page()
            return
        glob = UrlPattern(pattern)
        for page in reversed(self._pages.values()):
            if glob.matches(page.url):
                self._current_page = page
                return
        urls = ", ".join(p.url for p in self._pages.values()) or "none"
        raise WsRouteError(f"No page has a URL matching {quote(pattern)} (pages: {urls}).")

    async def _adopt_context(self, context) -> None:
        """Installs the context's dispatcher and tracks its pages.

        The dispatcher is one Playwright route for each URL filter of the
        routes made so far (Playwright cannot unroute, so filters only come).
        Playwright's browser side lets a socket that no filter matches go to
        its server directly; one that a filter matches comes to
        ``_dispatch``, which consults the registry.
        """
        if context in self._contexts:
            return
        self._contexts.append(context)
        for url_filter in self._url_filters:
            await self._install_filter(context, url_filter)
        context.on("page", self._register_page)
        for page in context.pages:
            self._register_page(page)

    def _register_page(self, page) -> str:
        """The page's id; a page seen for the first time gets one.

        A new page becomes the current page only when there is none (a popup
        does not take over); `open_page` makes its page current itself.
        """
        for page_id, known in self._pages.items():
            if known is page:
                return page_id
        page_id = f"page-{next(self._page_numbers)}"
        self._pages[page_id] = page
        if self._current_page is None:
            self._current_page = page
        page.on("close", lambda _: self._forget_page(page_id, page))
        return page_id

    def _forget_page(self, page_id: str, page) -> None:
        self._pages.pop(page_id, None)
        self._page_dispatchers.discard(page)
        # Playwright reports no close for sockets of a page route when the
        # page closes (its route goes with the page): they end here.
        for route in self.registry.routes:
            for socket in route.open_sockets():
                if socket.page is page:
                    socket.page_done = socket.server_done = True
                    self._record_close(socket, None, None, "page closed")
        if self._current_page is page:
            self._current_page = self._newest_page()

    def _newest_page(self):
        return next(reversed(self._pages.values()), None)

    async def _install_filter(self, context, url_filter: re.Pattern) -> None:
        await context.route_web_socket(
            url_filter, lambda ws: self._guard(self._dispatch, ws, None)
        )

    async def _add_url_filter(self, pattern: UrlPattern) -> None:
        url_filter = pattern.regex if pattern.portable else MATCH_EVERYTHING
        known = {(f.pattern, f.flags) for f in self._url_filters}
        if (url_filter.pattern, url_filter.flags) not in known:
            self._url_filters.append(url_filter)
            for context in self._contexts:
                await self._install_filter(context, url_filter)

    async def _ensure_page_dispatcher(self, page) -> None:
        if page not in self._page_dispatchers:
            self._page_dispatchers.add(page)
            await page.route_web_socket(
                lambda url: self.registry.find(url, page) is not None,
                lambda ws: self._guard(self._dispatch, ws, page),
            )

    def _need_context(self):
        if not self._contexts:
            raise WsRouteError(
                "No browser is open. Start one with 'Launch Browser' or 'Open Page', "
                "or attach to one with 'Attach To Browser'."
            )
        return self._contexts[-1]

    def _need_page(self):
        self._need_context()
        if self._current_page is None:
            raise WsRouteError("No page is open. Open one with 'Open Page'.")
        return self._current_page

    @on_loop
    async def open_page(self, url: str | None = None) -> str:
        if not self._contexts:
            await self.launch()
        page = await self._need_context().new_page()
        page_id = self._register_page(page)
        self._current_page = page
        if url:
            await page.goto(url)
        return page_id

    @on_loop
    async def navigate(self, url: str) -> None:
        await self._need_page().goto(url)

    @on_loop
    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        return await self._need_page().evaluate(expression, arg)

    @on_loop
    async def quit(self) -> None:
        await self._quit()

    async def _quit(self) -> None:
        browser, attached = self._browser, self._attached
        self._browser, self._attached = None, False
        self._contexts.clear()
        self._pages.clear()
        self._page_dispatchers.clear()
        self._current_page = None
        for route in self.registry.routes:
            route.sockets = []
        if browser is not None and not attached and browser.is_connected():
            await browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None

    def shutdown(self) -> None:
        """Closes everything and stops the loop; safe to call more than once."""
        if self.loop.loop.is_running():
            try:
                self.quit()
            finally:
                self.loop.loop.call_soon_threadsafe(self.loop.loop.stop)

    # --------------------------------------------------------------- routes

    @on_loop
    async def route(self, text: str, page_scope: bool = False) -> str:
        pattern = UrlPattern(text, self.base_url)
        page = self._need_page() if page_scope else None
        if page is not None:
            await self._ensure_page_dispatcher(page)
        else:
            await self._add_url_filter(pattern)
        self.registry.add(Route(pattern, page, self.scope, self.journal_limit))
        return text

    @on_loop
    def unroute(self, text: str | None) -> None:
        self.registry.remove(self.registry.get(text))

    @on_loop
    def unroute_all(self) -> None:
        for route in list(self.registry.routes):
            self.registry.remove(route)

    @on_loop
    def connect(self, text: str | None) -> None:
        route = self.registry.get(text)
        route.connected = True
        for socket in route.open_sockets():
            if socket.server is None:
                self._connect(socket)

    @on_loop
    def add_rule(self, text: str | None, rule: Rule) -> str:
        rule.owner = self.scope
        return self.registry.get(text).add_rule(rule).label

    def _dispatch(self, ws, page) -> None:
        route = self.registry.find(ws.url, page)
        if route is None:  # removed since the predicate ran
            ws.connect_to_server()
            return
        socket = Socket(next(self._socket_numbers), route, ws, page)
        route.sockets.append(socket)
        ws.on_message(lambda message: self._guard(self._from_page, socket, message))
        ws.on_close(lambda code, reason: self._guard(self._page_closed, socket, code, reason))
        self._record(socket, OPEN, None, "connected to server" if route.connected else "mocked")
        if route.connected:
            self._connect(socket)
        for rule, message in route.on_open_messages():
            self._to_page(socket, message, rule.label)

    def _connect(self, socket: Socket) -> None:
        server = socket.ws.connect_to_server()
        socket.server = server
        server.on_message(lambda message: self._guard(self._from_server, socket, message))
        server.on_close(lambda code, reason: self._guard(self._server_closed, socket, code, reason))

    # ------------------------------------------------------------- traffic

    def _record(self, socket: Socket, kind: str, payload: Any, note: str) -> None:
        if socket.route.active:
            entry = Entry(socket.number, socket.url, kind, payload, note, self.scope)
            socket.route.journal.add(entry)

    def _from_page(self, socket: Socket, message: Message) -> None:
        route = socket.route
        rule, match = route.take_rule(SENT, message) if route.active else (None, None)
        if rule is not None:
            self._record(socket, SENT, message, rule.label)
            self._apply(rule, match, socket)
        elif socket.server is not None:
            self._record(socket, SENT, message, "forwarded to server")
            socket.server.send(message)
        else:
            self._record(socket, SENT, message, "no rule (mocked, not forwarded)")

    def _from_server(self, socket: Socket, message: Message) -> None:
        route = socket.route
        rule, match = route.take_rule(RECEIVED, message) if route.active else (None, None)
        if rule is not None:
            self._record(socket, BLOCKED, message, rule.label)
            self._apply(rule, match, socket)
        else:
            self._to_page(socket, message, "from server")

    def _apply(self, rule: Rule, match, socket: Socket) -> None:
        if rule.kind == CLOSE_RULE:
            self._close(socket, rule.code, rule.reason, rule.label)
        elif rule.kind == REPLY:
            try:
                replies = [render(template, match) for template in rule.replies]
            except TemplateError as error:
                self.fail(f"{error} ({rule.label} on route {quote(socket.route.text)})")
                return
            if rule.delay:
                self.loop.loop.call_later(
                    rule.delay, self._guard, self._send_replies, socket, replies, rule.label
                )
            else:
                self._send_replies(socket, replies, rule.label)

    def _send_replies(self, socket: Socket, replies: list, note: str) -> None:
        for reply in replies:
            self._to_page(socket, reply, note)

    def _to_page(self, socket: Socket, message: Message, note: str) -> bool:
        if socket.closed:
            # A closing WebSocket delivers no more messages: record that.
            self._record(socket, BLOCKED, message, f"{note}; not delivered: socket closing")
            return False
        socket.ws.send(message)
        self._record(socket, RECEIVED, message, note)
        return True

    def _record_close(self, socket: Socket, code: int | None, reason: str | None,
                      note: str) -> None:
        if not socket.closed:
            socket.closed = True
            code = NO_STATUS if code is None else code
            self._record(socket, CLOSE, (code, reason or ""), note)

    def _close(self, socket: Socket, code: int | None, reason: str | None, note: str) -> None:
        self._record_close(socket, code, reason, note)
        if not socket.page_done:
            socket.page_done = True
            self._spawn(socket.ws.close(code=code, reason=reason))
        if socket.server is not None and not socket.server_done:
            socket.server_done = True
            # The server side is the browser's own WebSocket, which may close
            # only with 1000 or 3000-4999; Playwright silently ignores the
            # close otherwise and the server connection would stay open.
            server_code = code if code is None or code == 1000 or 3000 <= code <= 4999 else 1000
            self._spawn(socket.server.close(code=server_code, reason=reason))

    def _page_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        self._record_close(socket, code, reason, "closed by page")
        if socket.server is not None:
            if not socket.server_done:
                socket.server_done = True
                self._spawn(socket.server.close(code=code, reason=reason))
        elif not socket.page_done:
            socket.page_done = True
            self._spawn(socket.ws.close(code=code, reason=reason))

    def _server_closed(self, socket: Socket, code: int | None, reason: str | None) -> None:
        socket.server_done = True
        self._record_close(socket, code, reason, "closed by server")
        if not socket.page_done:
            socket.page_done = True
            self._spawn(socket.ws.close(code=code, reason=reason))

    # -------------------------------------------------------------- actions

    async def _wait(self, route: Route, existing: Callable, predicate: Callable,
                    timeout: float, what: Callable[[], str]) -> Any:
        found = existing()
        if found is not None:
            return found
        try:
            return await asyncio.wait_for(route.journal.next_entry(predicate), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(what()) from None

    async def _open_sockets(self, route: Route, timeout: float) -> list[Socket]:
        await self._wait(
            route, lambda: route.open_sockets() or None, lambda e: e.kind == OPEN, timeout,
            lambda: f"No socket of route {quote(route.text)} was open in {_secs(timeout)}.",
        )
        return route.open_sockets()

    @on_loop
    async def send_to_page(self, text: str | None, message: Message, timeout: float) -> int:
        route = self.registry.get(text)
        sockets = await self._open_sockets(route, timeout)
        return sum(self._to_page(s, message, "Send To Page") for s in sockets)

    @on_loop
    async def send_to_server(self, text: str | None, message: Message, timeout: float) -> int:
        route = self.registry.get(text)
        # A re-routed pattern is mocked, but sockets it adopted may be connected.
        if not route.connected and not any(s.server for s in route.open_sockets()):
            raise WsRouteError(
                f"Route {quote(route.text)} is mocked: there is no server to send to. "
                "Use 'Connect To Server' first."
            )
        count = 0
        for socket in await self._open_sockets(route, timeout):
            if socket.server is not None and not socket.server_done:
                socket.server.send(message)
                self._record(socket, TO_SERVER, message, "Send To Server")
                count += 1
        return count

    @on_loop
    def close_sockets(self, text: str | None, code: int | None, reason: str | None) -> int:
        route = self.registry.get(text)
        sockets = route.open_sockets()
        for socket in sockets:
            self._close(socket, code, reason, "Close Socket")
        return len(sockets)

    @on_loop
    def urls(self, text: str | None) -> list[str]:
        return [s.url for s in self.registry.get(text).sockets]

    # ---------------------------------------------------------- observation

    @on_loop
    async def wait_for_socket(self, text: str | None, timeout: float) -> str:
        sockets = await self._open_sockets(self.registry.get(text), timeout)
        return sockets[-1].url

    @on_loop
    async def wait_for_message(self, text: str | None, kind: str, matcher: Matcher,
                               timeout: float) -> Message:
        route = self.registry.get(text)

        def wanted(entry: Entry) -> bool:
            return (entry.kind == kind and not entry.consumed
                    and matcher.match(entry.payload) is not None)

        def failure() -> str:
            entries = [e for e in route.journal.entries if e.kind == kind]
            returned = sum(e.consumed and matcher.match(e.payload) is not None for e in entries)
            what = (f"{kind.capitalize()} message {matcher.describe()} did not arrive"
                    if matcher.expected is not None else f"No {kind} message arrived")
            earlier = (f" Earlier waits returned {returned} matching message"
                       f"{'s' if returned != 1 else ''}." if returned else "")
            return (
                f"{what} in {_secs(timeout)} on route {quote(route.text)}. "
                f"{describe_messages(kind, [e.payload for e in entries])}{earlier}"
            )

        entry = await self._wait(
            route, lambda: route.journal.find(wanted), wanted, timeout, failure
        )
        entry.consumed = True
        return entry.payload

    @on_loop
    async def wait_for_close(self, text: str | None, timeout: float) -> dict:
        route = self.registry.get(text)
        entry = await self._wait(
            route, lambda: route.journal.find(lambda e: e.kind == CLOSE),
            lambda e: e.kind == CLOSE, timeout,
            lambda: f"No socket of route {quote(route.text)} closed in {_secs(timeout)}.",
        )
        code, reason = entry.payload
        return {"code": code, "reason": reason}

    @on_loop
    def messages(self, text: str | None, kind: str) -> tuple[str, list]:
        route = self.registry.get(text)
        return route.text, [e.payload for e in route.journal.entries if e.kind == kind]

    @on_loop
    def clear(self, text: str | None) -> None:
        route = self.registry.get(text)
        route.journal.remove(lambda e: e.kind in MESSAGE_KINDS)


def describe_messages(kind: str, messages: list, limit: int = 10) -> str:
    if not messages:
        return f"No {kind} messages were recorded."
    shown = [shorten(m) for m in messages[-limit:]]
    more = f" (the last {limit} of {len(messages)})" if len(messages) > limit else ""
    return f"{kind.capitalize()} messages{more}: " + ", ".join(shown) + "."


def _secs(seconds: float) -> str:
    from_int = int(seconds)
    if seconds == from_int:
        return f"{from_int} second{'s' if from_int != 1 else ''}"
    if seconds < 1:
        return f"{round(seconds * 1000)} milliseconds"
    return f"{seconds:g} seconds"


# Playwright's WebSocket routing script defines this in every document it runs in.
_ROUTING_INSTALLED = "() => typeof globalThis.__pwWebSocketDispatch === 'function'"


def _loaded(url: str) -> bool:
    """Whether a page shows a document of its own (not a blank or browser page)."""
    return url not in ("", "about:blank", "data:,") and not url.startswith(
        ("chrome:", "chrome-untrusted:", "devtools:", "about:")
    )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
