"""The browser session: Playwright, the browser, contexts, pages and the dispatchers.

Every context gets one dispatcher: a Playwright WebSocket route per URL
filter (Playwright cannot unroute, so filters only come). A socket no filter
matches goes to its server inside the browser; one a filter matches is
handed to ``on_socket(ws, page)``, which consults the registry.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Callable, Coroutine
from enum import Enum
from typing import Any

from playwright.async_api import (
    Browser,
    BrowserContext,
    BrowserType,
    Page,
    Playwright,
    async_playwright,
)

from ..datatypes import SupportedBrowsers
from ..errors import BrowserError, InvalidInputError, NoBrowserError, NoPageError, quote
from ..model.urlpattern import UrlPattern
from .browsers import find_executable
from .workers import Workers, allow_local_network_in, chromium_args

# URL filters handed to Playwright (in JavaScript and Python alike): one that
# matches nothing installs the routing script in every document from the
# start; one that matches everything stands for patterns JavaScript may read
# differently.
MATCH_NOTHING = re.compile("(?!)")
MATCH_EVERYTHING = re.compile("")
# Playwright's WebSocket routing script defines this in every document it runs in.
_ROUTING_INSTALLED = "() => typeof globalThis.__pwWebSocketDispatch === 'function'"


class BrowserSession:
    """Owns the Playwright objects: browser, contexts, pages and their dispatchers."""

    def __init__(
        self,
        on_socket: Callable[[Any, Any], None],
        is_routed: Callable[[str, Any], bool],
        on_page_gone: Callable[[Any], None],
        on_browser_gone: Callable[[str], None],
        spawn: Callable[[Coroutine[Any, Any, Any]], None],
        headless: bool = True,
        executable_path: str | None = None,
        on_page: Callable[[Any], None] | None = None,
        on_context: Callable[[Any], Coroutine[Any, Any, Any]] | None = None,
        on_new_document: Callable[[Any], None] | None = None,
    ):
        self._on_socket = on_socket
        # Told of every page as it is registered, and awaited for every context
        # adopted (the watcher listens to their sockets).
        self._on_page = on_page
        self._on_context = on_context
        self._is_routed = is_routed
        self._on_page_gone = on_page_gone
        # Told when a page's main frame loads a new document (not a same-document move).
        self._on_new_document = on_new_document
        self._on_browser_gone = on_browser_gone
        self._spawn = spawn
        self.headless = headless
        self.executable_path = executable_path
        self.base_url: str | None = None
        self._page_numbers = itertools.count(1)
        self._playwright: Playwright | None = None
        self.browser: Browser | None = None
        self._attached = False
        self._contexts: list[BrowserContext] = []
        self.pages: dict[str, Page] = {}
        self._current_page: Page | None = None
        self._page_dispatchers: set[Page] = set()
        self._url_filters: list[re.Pattern[str]] = [MATCH_NOTHING]
        # HTTP routes of every context, e.g. Engine.IO long-polling: (filter, handler).
        self._http_routes: list[tuple[re.Pattern[str], Callable[..., Any]]] = []
        # Why the browser is gone when it went away by itself (crashed,
        # killed, or closed by someone else); None while it runs or after quit.
        self.gone: str | None = None
        # Sockets opened in workers reach on_socket through the worker relay (workers.py).
        self.workers = Workers(on_socket, is_routed)
        self.workers.before_mark = self._allow_local_network_elsewhere
        self.workers.attached = lambda: self._attached
        # An attached browser's CDP session of its own, and its contexts granted so far.
        self._browser_cdp: Any = None
        self._granted: set[str] = set()

    # ----------------------------------------------------------- browsers

    async def _browser_type(self, name: str) -> BrowserType:
        """Playwright's launcher for ``name``, after closing the running browser.

        The name is checked first, so a typo leaves the running browser alone.
        """
        try:
            browser = SupportedBrowsers(name)
        except ValueError:
            raise InvalidInputError(
                f"Browser {name!r} is not supported. Use {_names(SupportedBrowsers)}."
            ) from None
        if self.browser is not None:
            await self.quit()
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        launcher: BrowserType = getattr(self._playwright, browser.value)
        return launcher

    async def launch(self, browser: str = "chromium", headless: bool | None = None,
                     executable_path: str | None = None, args: list | None = None,
                     base_url: str | None = None) -> None:
        browser_type = await self._browser_type(browser)
        executable = executable_path or self.executable_path or find_executable(
            browser, browser_type.executable_path
        )
        launched = self._watch(await browser_type.launch(
            headless=self.headless if headless is None else headless,
            executable_path=executable,
            args=chromium_args(list(args or [])) if browser == "chromium" else list(args or []),
        ), "launched")
        self.base_url = base_url
        await self._adopt_context(await launched.new_context(base_url=base_url))

    async def attach(self, cdp_url: str, page: str | None = None) -> list[str]:
        """Attaches over CDP and routes every context, present and future.

        ``cdp_url`` is a DevTools HTTP endpoint (``http://HOST:PORT``) or a
        DevTools WebSocket URL (``ws://...``, e.g. Selenium Grid's
        ``se:cdp``). Anything else fails before the running browser is let go.

        Returns a warning for each page that was already loaded: sockets it
        opened before are not routed, and with Playwright versions that
        install routing only in new documents none of its sockets is until
        it navigates again.
        """
        if not re.match(r"(?:https?|wss?)://[^/\s]", cdp_url, re.IGNORECASE):
            raise InvalidInputError(
                f"Cannot attach to {quote(cdp_url)}: it is not a DevTools address. Give "
                "http://HOST:PORT of a Chromium started with --remote-debugging-port=PORT, "
                "a DevTools WebSocket URL (ws://..., such as Selenium Grid's se:cdp), or "
                "SeleniumLibrary for the browser of SeleniumLibrary's current driver."
            )
        websocket = cdp_url.lower().startswith("ws")
        chromium = await self._browser_type("chromium")
        try:
            attached = self._watch(await chromium.connect_over_cdp(cdp_url), "attached")
        except Exception as error:
            hint = (
                "A DevTools WebSocket URL lasts as long as its browser or Selenium session: "
                "check that it is still open and that the URL is its current one."
                if websocket
                else "Start Chromium with --remote-debugging-port=PORT and give "
                "http://127.0.0.1:PORT."
            )
            raise BrowserError(
                f"Cannot attach to a browser at {quote(cdp_url)}: {_first_line(error)}. {hint}"
            ) from None
        self._attached = True
        self.workers.relay.forget_kinds()  # which workers reach the relay is this browser's
        # Pages of contexts that another client creates show up in the
        # default context over CDP; contexts Playwright does report are
        # adopted as they come.
        attached.on("context", lambda context: self._spawn(self._adopt_context(context)))
        for context in attached.contexts:
            await self._adopt_context(context)
        try:
            self._select_page(page)
        except NoPageError:
            await self.quit()  # a failed attach leaves nothing attached
            raise
        loaded = [p for p in self.pages.values() if _loaded(p.url)]  # pages may come meanwhile
        return [await self._loaded_page_warning(p) for p in loaded]

    async def _loaded_page_warning(self, page: Page) -> str:
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

    async def connect_server(self, ws_endpoint: str, browser: str = "chromium") -> None:
        browser_type = await self._browser_type(browser)
        try:
            connected = self._watch(await browser_type.connect(ws_endpoint), "server")
        except Exception as error:
            raise BrowserError(
                f"Cannot connect to a Playwright browser server at {ws_endpoint!r}: "
                f"{_first_line(error)}. Start one with 'python -m playwright launch-server "
                "--browser chromium --config server.json' and give the ws:// endpoint it "
                "prints."
            ) from None
        await self._adopt_context(await connected.new_context())

    def _watch(self, browser: Browser, how: str) -> Browser:
        """Makes ``browser`` the session's and notices when it goes away by itself;
        returns it."""
        self.browser = browser
        self.gone = None
        what = {"launched": "The browser closed or crashed",
                "attached": "The browser the library attached to closed or went away",
                "server": "The connection to the Playwright browser server closed"}[how]
        browser.on("disconnected", lambda _: self._disconnected(browser, what))
        return browser

    def _disconnected(self, browser: Browser, what: str) -> None:
        if browser is not self.browser:
            return  # quit() let it go, or a newer browser replaced it
        self._browser_cdp = None
        self._granted.clear()
        self.gone = (f"{what}. 'Open Page' or 'Launch Browser' starts a new one "
                     "(no 'Quit Browser' needed).")
        self.browser, self._attached = None, False
        self._contexts.clear()
        self.pages.clear()
        self._page_dispatchers.clear()
        self._current_page = None
        self._on_browser_gone(self.gone)

    async def quit(self) -> None:
        self.gone = None
        self._browser_cdp = None
        self._granted.clear()
        browser, attached = self.browser, self._attached
        self.browser, self._attached = None, False
        self._contexts.clear()
        self.pages.clear()
        self._page_dispatchers.clear()
        self._current_page = None
        if browser is not None and not attached and browser.is_connected():
            await browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None

    async def _allow_local_network_elsewhere(self) -> None:
        """Lets workers of an attached browser's contexts that another client opened
        (Browser library's New Context or New Page) reach the relay: Playwright counts
        their pages as its default context's, whose permission reaches only Chromium's
        default context. Runs before each worker starts (workers.py)."""
        browser = self.browser
        if not self._attached or browser is None:
            return
        try:
            if self._browser_cdp is None:
                self._browser_cdp = await browser.new_browser_cdp_session()
            found = await self._browser_cdp.send("Target.getBrowserContexts")
        except Exception:  # noqa: BLE001 - a closing browser starts no more workers
            return
        for context_id in found.get("browserContextIds", []):
            if context_id not in self._granted:
                self._granted.add(context_id)
                await allow_local_network_in(self._browser_cdp, context_id)

    # ----------------------------------------------------- contexts, pages

    async def _adopt_context(self, context: BrowserContext) -> None:
        """Installs the context's dispatcher and tracks its pages."""
        if context in self._contexts:
            return
        self._contexts.append(context)
        # The workers' scripts first: the fast path's shim must be a page's first script,
        # before Playwright's routing mock (which the URL filters below install).
        await self.workers.adopt(context)
        for url_filter in self._url_filters:
            await self._install_filter(context, url_filter)
        for url_filter, handler in self._http_routes:
            await context.route(url_filter, handler)
        if self._attached:
            # Request interception on from the start: turned on by the first worker's script
            # route, it waits for the page (Network.setCacheDisabled), which is blocked in
            # the marker's request until the route is made: 10 s lost (the relay's timeout).
            await context.route(MATCH_NOTHING, _fall_back)
        if self._on_context is not None:
            await self._on_context(context)
        context.on("page", self._page_opened)
        for page in context.pages:
            self._register_page(page)

    def _page_opened(self, page: Page) -> None:
        self._register_page(page)

    def _register_page(self, page: Page) -> str:
        """The page's id; a page seen for the first time gets one.

        A new page becomes the current page only when there is none (a popup
        does not take over); `open_page` makes its page current itself.
        """
        for page_id, known in self.pages.items():
            if known is page:
                return page_id
        page_id = f"page-{next(self._page_numbers)}"
        self.pages[page_id] = page
        if self._current_page is None:
            self._current_page = page
        page.on("close", lambda _: self._forget_page(page_id, page))
        self._watch_documents(page)
        if self._on_page is not None:
            self._on_page(page)
        return page_id

    def _watch_documents(self, page: Page) -> None:
        """Tells ``on_new_document`` of the page's new documents. Playwright's public
        ``framenavigated`` fires for same-document moves (``history.pushState``) too; the
        frame's own navigation event says which (``newDocument``)."""
        events = getattr(getattr(page.main_frame, "_impl_obj", None), "_event_emitter", None)
        if events is None or self._on_new_document is None:
            return  # an older Playwright: sessions then end as their page stops polling
        told = self._on_new_document
        events.on("navigated", lambda event: told(page) if event.get("newDocument") is not None
                  and not event.get("error") else None)

    def _forget_page(self, page_id: str, page: Page) -> None:
        self.pages.pop(page_id, None)
        self._page_dispatchers.discard(page)
        self._on_page_gone(page)
        if self._current_page is page:
            self._current_page = self._newest_page()

    def _newest_page(self) -> Page | None:
        return next(reversed(self.pages.values()), None)

    def _select_page(self, pattern: str | None) -> None:
        """Makes the newest page whose URL matches the glob current (None: any)."""
        if pattern is None:
            self._current_page = self._newest_page()
            return
        glob = UrlPattern(pattern)
        for page in reversed(self.pages.values()):
            if glob.matches(page.url):
                self._current_page = page
                return
        urls = ", ".join(p.url for p in self.pages.values()) or "none"
        raise NoPageError(f"No page has a URL matching {quote(pattern)} (pages: {urls}).")

    @property
    def contexts(self) -> list[BrowserContext]:
        """The contexts the session routes, oldest first."""
        return list(self._contexts)

    def need_context(self) -> BrowserContext:
        if not self._contexts and self.gone:
            raise NoBrowserError(self.gone)
        if not self._contexts:
            raise NoBrowserError(
                "No browser is open. Start one with 'Launch Browser' or 'Open Page', "
                "or attach to one with 'Attach To Browser'."
            )
        return self._contexts[-1]

    def need_page(self) -> Page:
        self.need_context()
        if self._current_page is None:
            raise NoPageError("No page is open. Open one with 'Open Page'.")
        return self._current_page

    async def open_page(self, url: str | None = None) -> str:
        if not self._contexts:
            await self.launch()
        page = await self.need_context().new_page()
        page_id = self._register_page(page)
        self._current_page = page
        if url:
            await page.goto(url)
        return page_id

    async def close_page(self) -> None:
        """Closes the current page and its sockets; the newest other page becomes current."""
        page = self.need_page()
        await page.close()
        for page_id, known in list(self.pages.items()):
            if known is page:  # Playwright's close event is still on its way
                self._forget_page(page_id, page)

    # ---------------------------------------------------------- dispatchers

    async def dispatch(self, pattern: UrlPattern, page_scope: bool) -> Any:
        """Makes sure sockets ``pattern`` matches reach ``on_socket``; returns the page.

        A context route adds a URL filter to every context; a page route
        installs a dispatcher on the current page (returned; None for a
        context route).
        """
        if page_scope:
            page = self.need_page()
            if page not in self._page_dispatchers:
                self._page_dispatchers.add(page)
                await page.route_web_socket(
                    lambda url: self._is_routed(url, page),
                    lambda ws: self._on_socket(ws, page),
                )
            return page
        # A portable pattern has its regex; others stand for what JavaScript may read otherwise.
        url_filter = pattern.regex if pattern.regex is not None else MATCH_EVERYTHING
        known = {(f.pattern, f.flags) for f in self._url_filters}
        if (url_filter.pattern, url_filter.flags) not in known:
            self._url_filters.append(url_filter)
            for context in self._contexts:
                await self._install_filter(context, url_filter)
        return None

    async def route_http(self, url_filter: re.Pattern[str], handler: Callable[..., Any]
                         ) -> None:
        """Routes HTTP requests ``url_filter`` matches, in every context, to ``handler``."""
        if any(known.pattern == url_filter.pattern for known, _ in self._http_routes):
            return
        self._http_routes.append((url_filter, handler))
        for context in self._contexts:
            await context.route(url_filter, handler)

    async def _install_filter(self, context: BrowserContext, url_filter: re.Pattern[str]
                              ) -> None:
        await context.route_web_socket(url_filter, lambda ws: self._on_socket(ws, None))


async def _fall_back(route: Any) -> None:
    await route.fallback()  # never called: its filter matches nothing


def _names(choices: type[Enum]) -> str:
    """The values of an enum as a sentence lists them: 'a, b or c'."""
    values = [c.value for c in choices]
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def _loaded(url: str) -> bool:
    """Whether a page shows a document of its own (not a blank or browser page)."""
    return url not in ("", "about:blank", "data:,") and not url.startswith(
        ("chrome:", "chrome-untrusted:", "devtools:", "about:")
    )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
