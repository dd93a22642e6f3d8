"""Browser session keywords: launch, attach, open and close pages, JavaScript, quit."""

from __future__ import annotations

from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from .base import LibraryComponent
from .seleniumdriver import is_selenium_library, selenium_cdp_url


class SessionKeywords(LibraryComponent):
    @keyword("Launch Browser", tags=["Session"])
    def launch_browser(
        self,
        browser: str = "chromium",
        headless: bool = True,
        executable_path: str | None = None,
        args: list[str] | None = None,
        base_url: str | None = None,
    ) -> None:
        """Launches a browser with a new context whose WebSockets the library routes.

        ``browser`` is ``chromium``, ``firefox`` or ``webkit``. ``headless``
        runs it without a window. ``executable_path`` is the browser to run;
        when not given, the import argument ``executable_path`` is used, then
        Playwright's own build when it is installed, and otherwise a system
        Chromium or Chrome found on ``PATH`` (``chromium``,
        ``chromium-browser``, ``google-chrome``, ...). ``args`` are extra
        command-line arguments. ``base_url`` is the base of relative URLs in
        `Navigate To`, `Open Page` and of relative route patterns (its
        ``http`` becomes ``ws`` for patterns).

        A browser the library already runs is closed first. Fails when no
        browser can be found, with a message naming both ways to get one.

        Example:
        | Launch Browser    headless=${True}    base_url=http://127.0.0.1:8000
        | Open Page    /chat.html
        """
        self.engine.launch(browser, headless, executable_path, args, base_url)
        logger.info(f"Launched {browser}{' (headless)' if headless else ''}.")

    @keyword("Open Page", tags=["Session"])
    def open_page(self, url: str | None = None) -> str:
        """Opens a new page, makes it the current page and returns its id.

        ``url`` is loaded when given (relative to ``base_url``). When no
        browser runs yet, one is launched with the import's ``headless`` and
        ``executable_path``. Routes of ``scope=context`` apply to the new
        page from its first document on.

        Example:
        | ${id} =    Open Page    http://127.0.0.1:8000/chat.html
        """
        page_id = self.engine.open_page(url)
        logger.info(f"Opened {page_id}{f' at {url}' if url else ''}.")
        return page_id

    @keyword("Navigate To", tags=["Session"])
    def navigate_to(self, url: str) -> None:
        """Loads ``url`` in the current page and waits for its load event.

        Fails when no page is open.

        Example:
        | Navigate To    http://127.0.0.1:8000/ticker.html
        """
        self.engine.navigate(url)

    @keyword("Close Current Page", tags=["Session"])
    def close_page(self) -> None:
        """Closes the current page; the most recently opened other page becomes current.

        The page's sockets close with it (`Wait For WebSocket Close` reports
        1005: a closed page sends no close code), and a page that is closed
        cannot reconnect into a route of a later test. Close the pages a
        test opened when it ends, e.g. with ``Test Teardown    Close Current Page``
        (see `Keeping tests apart`). On an attached browser the page closes
        there too. Fails when no page is open.

        Not named ``Close Page``: Browser library has a keyword of that name,
        and the two libraries are used together.

        Example:
        | Open Page    http://127.0.0.1:8000/chat.html
        | Wait For WebSocket
        | Close Current Page
        """
        self.engine.close_page()
        logger.info("Closed the current page.")

    @keyword("Run JavaScript", tags=["Session"])
    def run_javascript(self, expression: str, arg: Any = None) -> Any:
        """Evaluates ``expression`` in the current page and returns its result.

        ``expression`` is a JavaScript expression or a function; a function
        gets ``arg`` as its argument. A returned promise is awaited. The
        result must be JSON-serialisable; it comes back as Robot Framework
        values (dictionaries, lists, strings, numbers, ``None``).

        Example:
        | ${title} =    Run JavaScript    document.title
        | ${sum} =    Run JavaScript    (n) => n + 1    ${41}
        | Should Be Equal As Integers    ${sum}    42
        """
        return self.engine.evaluate(expression, arg)

    @keyword("Attach To Browser", tags=["Session"])
    def attach_to_browser(self, cdp_url: str, page: str | None = None) -> None:
        """Attaches to a running Chromium over the Chrome DevTools Protocol.

        ``cdp_url`` says which browser:
        - ``SeleniumLibrary``: the browser of SeleniumLibrary's current
          driver (the one its ``Open Browser`` or ``Switch Browser`` made
          current), found by itself: the ``se:cdp`` address when it runs on
          Selenium Grid 4, otherwise chromedriver's ``debuggerAddress``. No
          debugging port to choose, so parallel runs (pabot) never collide.
        - ``http://HOST:PORT``: a Chromium started with
          ``--remote-debugging-port=PORT`` (by Browser library, SeleniumLibrary
          or by hand), e.g. ``http://127.0.0.1:9222``.
        - ``ws://...``: a DevTools WebSocket URL, e.g. the ``se:cdp``
          capability Selenium Grid 4 gives each Chromium session
          (``ws://grid:4444/session/<id>/se/cdp``), or a browser's
          ``webSocketDebuggerUrl``.

        See `Using with Browser library and SeleniumLibrary`. Routes then
        apply to every context and page of that browser, including contexts,
        pages and popups opened after attaching. ``page`` is a URL glob
        choosing the current page (the one `Run JavaScript` and
        ``scope=page`` routes use); by default the most recently opened one.
        A browser the library already runs or is attached to is let go first.

        *Pages loaded before attaching:* WebSockets a page opened before the
        library attached are not routed, so the keyword logs a warning for
        every page that was already loaded. Route first, then load or reload
        the page (``Go To``, ``Reload``, ``Reload Page``) when its sockets
        open as it loads. With Playwright versions that install routing only
        in new documents, such a page is not routed at all until it reloads
        or navigates; the warning then says so.

        `Quit Browser` only disconnects: the browser and its pages stay with
        the library that started them. Pages that were open while attached
        keep Playwright's routing script until they reload or navigate; a
        WebSocket they open in between does not connect.

        Fails when ``cdp_url`` is none of the above, when nothing answers
        there, and when ``page`` matches no page. With ``SeleniumLibrary``
        it fails, saying what works instead, when SeleniumLibrary is not
        imported, has no browser open, or drives a browser without the
        DevTools Protocol (Firefox, Safari).

        Example:
        | Open Browser    about:blank    chrome    remote_url=http://grid:4444
        | Attach To Browser    SeleniumLibrary
        | Attach To Browser    http://127.0.0.1:9222    page=**/chat.html
        """
        if is_selenium_library(cdp_url):
            cdp_url, found = selenium_cdp_url()
            logger.info(f"SeleniumLibrary's browser: {cdp_url} ({found}).")
        for warning in self.engine.attach(cdp_url, page):
            logger.warn(warning)

    @keyword("Connect To Browser Server", tags=["Session"])
    def connect_to_browser_server(self, ws_endpoint: str, browser: str = "chromium") -> None:
        """Connects to a remote Playwright browser server and opens a context there.

        ``ws_endpoint`` is the server's address as printed by ``playwright
        launch-server`` or ``launchServer()`` (``ws://host:port/...``).
        ``browser`` is the kind of browser the server runs (``chromium``,
        ``firefox`` or ``webkit``). The library opens a context of its own on
        the server; `Open Page` opens pages in it, and routing works exactly
        as with a launched browser. A browser the library already runs or is
        attached to is let go first. `Quit Browser` closes the library's
        context and disconnects; the server keeps running.

        A server for it, with a system Chromium, started by
        ``python -m playwright launch-server --browser chromium --config
        server.json`` where ``server.json`` holds ``{"host": "127.0.0.1",
        "port": 3000, "headless": true, "executablePath":
        "/usr/bin/chromium"}``; it prints the endpoint to give here.

        Fails when no Playwright browser server answers at ``ws_endpoint``.

        Example:
        | Connect To Browser Server    ws://127.0.0.1:3000/abc
        | Open Page    http://127.0.0.1:8000/chat.html
        """
        self.engine.connect_server(ws_endpoint, browser)

    @keyword("Quit Browser", tags=["Session"])
    def quit_browser(self) -> None:
        """Closes the browser the library launched, or disconnects from an attached one.

        Routes, rules and recorded messages stay (see auto cleanup); a later
        `Launch Browser` or `Open Page` routes its sockets again. Does nothing
        when no browser is open.

        Example:
        | [Teardown]    Quit Browser
        """
        self.engine.quit()
