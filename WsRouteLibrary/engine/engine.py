"""The engine: the one entry point keyword classes call, handing each call to the loop.

Methods decorated with ``@on_loop`` may be called from Robot Framework's
thread: they run on the engine's event loop and return its result. The work
itself is in the rooms beside this one: ``session`` (the browser),
``traffic`` (sockets), ``owners`` (tests and suites) and ``waits``. Nothing
here knows Robot Framework.
"""

from __future__ import annotations

from typing import Any

from ..datatypes import CloseInfo, EntryKind
from ..errors import InvalidInputError, LoopError, NoBrowserError, PatternTimeoutError, quote
from ..model.journal import TrafficReport
from ..model.matching import Matcher, Message
from ..model.registry import PAGE_WAY, Registry, Route, Rule
from ..model.urlpattern import UrlPattern
from ..protocols import Protocols
from ..protocols.base import TO_PAGE, TO_SERVER
from . import speaking, waits
from .conditions import Conditions
from .loop import LoopThread, on_loop
from .owners import OwnerReport, Owners
from .session import BrowserSession
from .traffic import Traffic, own
from .watching import Watcher
from .workers import Unroutable, Unrouted


class Engine(Conditions):
    """Owns the loop, the route registry, the browser session and the traffic."""

    def __init__(self, headless: bool = True, executable_path: str | None = None,
                 message_limit: int | None = None, fast_path: bool = False):
        self.message_limit = message_limit
        self.registry = Registry()
        self.protocols = Protocols()  # what protocol= may name: built-in and plug-ins'
        self.owners = Owners(self.registry)
        self.loop = LoopThread(self.fail)
        self.traffic = Traffic(self.registry, self.owners, self.loop, self.fail)
        # Watches record from the browser's own socket events; their sockets are
        # numbered with the routed ones, so the log tells them apart.
        self.watcher = Watcher(self.registry, self.owners, self.loop, self.fail,
                               number=lambda: next(self.traffic.numbers),
                               base_url=lambda: self.session.base_url)
        self.traffic.transports.on_missed = self.watcher.saw
        self.session = BrowserSession(
            on_socket=lambda ws, page: self.traffic.guard(self.traffic.on_socket, ws, page),
            is_routed=self._is_routed,
            on_page_gone=self._page_gone,
            on_browser_gone=self._browser_gone,
            spawn=self.loop.spawn,
            headless=headless,
            executable_path=executable_path,
            on_page=self.watcher.on_page,
            on_context=self.watcher.on_context,
            on_new_document=lambda page: self.traffic.guard(
                self.traffic.transports.page_gone, page),
        )
        self.session.workers.fast_path = fast_path
        self.session.workers.relay.page_socket_way = self._page_socket_way
        self.session.workers.relay.ways_changed = lambda: self.registry.changes
        if fast_path:  # pages answer what they can by themselves (road/inpage.py)
            self.session.workers.relay.answers = True
            self.loop.pages = self.session.workers.relay
        self.session.workers.relay.on_unrouted = Unrouted(self.watcher)
        self.session.workers.on_unroutable = Unroutable(self.watcher, lambda: self.owners.current)
        self.watcher.hidden = self.session.workers.relay.owns

    # ---------------------------------------------------------------- errors

    def fail(self, message: str) -> None:
        """Records an error that happened on the loop for the running owner.

        A wait in progress ends at once, so its keyword reports the error.
        """
        self.owners.current.errors.append(message)
        for route in self.registry.routes:
            route.journal.abort_waiters(LoopError(message))

    def _is_routed(self, url: str, page: Any) -> bool:
        """Whether a page dispatcher should take a socket (asked by Playwright)."""
        try:
            return self.registry.route_for(url, page) is not None
        except PatternTimeoutError as error:
            self.fail(str(error))
            return False

    def _page_socket_way(self, url: str) -> str:
        """Which way a page's socket goes on the fast path (asked by the page's shim)."""
        try:
            return self.registry.page_socket_way(url)
        except PatternTimeoutError:
            # Not said here: the socket goes Playwright's way, whose dispatcher runs the
            # same pattern and says it (once is enough).
            return PAGE_WAY

    def _page_gone(self, page: Any) -> None:
        """A page closed: its sockets and its transports' sessions end with it."""
        self.traffic.page_gone(page)
        self.traffic.guard(self.traffic.transports.page_gone, page)

    def _browser_gone(self, why: str) -> None:
        """The browser went away by itself: its sockets end, waits end at once."""
        self.traffic.browser_gone(why.split(".")[0].lower())
        self.watcher.reset()
        for route in self.registry.routes:
            route.journal.abort_waiters(NoBrowserError(why))

    def _can_come(self) -> None:
        """A wait for traffic is pointless once the browser is gone, and ends at once on
        an error that came after its keyword started (before the wait could hear it)."""
        if self.session.gone:
            raise NoBrowserError(self.session.gone)
        errors = self.owners.current.errors
        if errors:
            raise LoopError(errors[-1])

    @on_loop
    def take_errors(self) -> list[str]:
        return self.owners.take_errors()

    # ---------------------------------------------------------------- owners

    @on_loop
    def start_owner(self, name: str) -> None:
        self.owners.start(name)

    @on_loop
    def end_owner(self, remove: bool) -> OwnerReport:
        owner = self.owners.current
        notes = self.traffic.end_owner(owner, owner.parent or owner, remove)
        self.traffic.transports.end_owner(owner, remove)  # what was held arrived first
        report = self.owners.end(remove)
        report.traffic.notes = [*notes, *self.watcher.take_notes(owner)]
        return report

    @on_loop
    def unlogged_traffic(self) -> TrafficReport:
        report = self.owners.unlogged()
        report.notes = self.watcher.take_notes(self.owners.current)
        return report

    # --------------------------------------------------------------- session

    @on_loop
    async def launch(self, browser: str = "chromium", headless: bool | None = None,
                     executable_path: str | None = None, args: list | None = None,
                     base_url: str | None = None) -> None:
        await self.session.launch(browser, headless, executable_path, args, base_url)

    @on_loop
    async def attach(self, cdp_url: str, page: str | None = None) -> list[str]:
        return await self.session.attach(cdp_url, page)

    @on_loop
    async def connect_server(self, ws_endpoint: str, browser: str = "chromium") -> None:
        await self.session.connect_server(ws_endpoint, browser)

    @on_loop
    async def open_page(self, url: str | None = None) -> str:
        return await self.session.open_page(url)

    @on_loop
    async def navigate(self, url: str) -> None:
        await self.session.need_page().goto(url)

    @on_loop
    async def close_page(self) -> None:
        await self.session.close_page()

    @on_loop
    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        return await self.session.need_page().evaluate(expression, arg)

    @on_loop
    async def quit(self) -> None:
        await self.session.quit()
        self.watcher.reset()
        for route in self.registry.routes:
            route.sockets = []

    def shutdown(self) -> None:
        """Closes everything and stops the loop; safe to call more than once."""
        if self.loop.loop.is_running():
            try:
                self.quit()
            finally:
                self.loop.loop.call_soon_threadsafe(self.loop.loop.stop)

    # --------------------------------------------------------------- routes

    @on_loop
    async def route(self, text: str, page_scope: bool = False, protocol: str | None = None
                    ) -> str:
        pattern = UrlPattern(text, self.session.base_url)
        codec = self.protocols.codec(protocol)
        page = await self.session.dispatch(pattern, page_scope)
        old = self.registry.by_pattern(text)
        if old is not None:
            self.traffic.route_gone(old, "the route was routed again")
        transport = self.protocols.transport(codec)
        if transport is not None:  # the protocol's clients start with HTTP requests
            made = self.traffic.transports.of(transport)
            await self.session.route_http(made.pattern, made.handle)
        route = Route(pattern, page, self.owners.current, self.message_limit)
        route.codec = codec
        self.registry.add(route)
        return text

    @on_loop
    async def watch(self, text: str) -> str:
        """Records sockets ``text`` matches without routing them (see watching.py)."""
        pattern = UrlPattern(text, self.session.base_url)
        await self.watcher.start(self.session.contexts)
        old = self.registry.by_pattern(text)
        if old is not None:
            self.traffic.route_gone(old, "the route was replaced by a watch")
        self.registry.add(Route(pattern, None, self.owners.current, self.message_limit,
                                watch=True))
        return text

    def _unroute(self, route: Route) -> None:
        self.traffic.route_gone(route, "the route was removed")
        self.registry.remove(route, by=self.owners.current)

    @on_loop
    def unroute(self, text: str | None) -> None:
        self._unroute(self.registry.resolve(text))

    @on_loop
    def unroute_all(self) -> None:
        for route in list(self.registry.routes):
            self._unroute(route)

    @on_loop
    def connect(self, text: str | None) -> None:
        route = self.registry.resolve(text, "Connect To Server")
        speaking.check_connectable(route)
        self.traffic.connect_route(route)

    @on_loop
    def add_rule(self, text: str | None, rule: Rule) -> str:
        rule.owner = self.owners.current
        route = self.registry.resolve(text, rule.keyword)
        if rule.matcher is not None:
            rule.matcher = speaking.matcher(route, rule.matcher)
        return route.add_rule(rule).label

    # -------------------------------------------------------------- actions

    @on_loop
    async def send_to_page(self, text: str | None, message: Message, timeout: float) -> int:
        route = self.registry.resolve(text, "Send To Page")
        speaking.check_written(route, message, TO_PAGE)
        sockets = await waits.open_sockets(route, timeout, self._can_come,
                                           self.watcher.hint)
        return sum(self.traffic.to_page(s, message, "Send To Page") for s in own(sockets))

    @on_loop
    async def send_to_server(self, text: str | None, message: Message, timeout: float) -> int:
        route = self.registry.resolve(text, "Send To Server")
        # A re-routed pattern is mocked, but sockets it adopted may be connected.
        if not route.connected and not any(s.server for s in route.open_sockets()):
            raise InvalidInputError(
                f"Route {quote(route.text)} is mocked: there is no server to send to. "
                "Use 'Connect To Server' first."
            )
        speaking.check_written(route, message, TO_SERVER)
        sockets = await waits.open_sockets(route, timeout, self._can_come,
                                           self.watcher.hint)
        return sum(self.traffic.to_server(s, message, "Send To Server") for s in own(sockets))

    @on_loop
    def close_sockets(self, text: str | None, code: int | None, reason: str | None) -> int:
        sockets = own(self.registry.resolve(text, "Close Socket").open_sockets())
        for socket in sockets:
            self.traffic.close(socket, code, reason, "Close Socket")
        return len(sockets)

    @on_loop
    def urls(self, text: str | None) -> list[str]:
        return [s.url for s in self.registry.resolve(text).sockets]

    # ---------------------------------------------------------- observation

    @on_loop
    async def wait_for_socket(self, text: str | None, timeout: float) -> str:
        sockets = await waits.open_sockets(self.registry.resolve(text), timeout,
                                           self._can_come, self.watcher.hint)
        return sockets[-1].url

    @on_loop
    async def wait_for_message(self, text: str | None, kind: EntryKind, matcher: Matcher,
                               timeout: float) -> Message:
        route = self.registry.resolve(text)
        return await waits.next_message(route, kind, speaking.matcher(route, matcher), timeout,
                                        self._can_come, self.watcher.hint)

    @on_loop
    async def wait_for_close(self, text: str | None, timeout: float) -> CloseInfo:
        return await waits.first_close(self.registry.resolve(text), timeout, self._can_come,
                                       self.watcher.hint)

    @on_loop
    def messages(self, text: str | None, kind: EntryKind) -> list[Message]:
        return waits.messages(self.registry.resolve(text), kind)

    @on_loop
    def should_contain(self, text: str | None, kind: EntryKind, matcher: Matcher,
                       expected: bool) -> None:
        route = self.registry.resolve(text)
        waits.should_contain(route, kind, speaking.matcher(route, matcher), expected)

    @on_loop
    def clear(self, text: str | None) -> None:
        self.registry.resolve(text).journal.clear_messages()
