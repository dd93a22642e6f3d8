"""Helpers of the interop suites: chromedriver, SeleniumLibrary's capabilities, keyword names
shared with the other libraries, and a second client of a Playwright browser server.

Free ports, the Chromium and the browser server are TestKit's (atest/resources).
"""

from __future__ import annotations

import shutil

from robot.api import SkipExecution
from robot.api.deco import keyword, library
from robot.libdocpkg import LibraryDocumentation


@library(scope="GLOBAL")
class Interop:
    @keyword
    def chromedriver_executable(self) -> str:
        """The chromedriver on PATH; skips the suite when there is none."""
        found = shutil.which("chromedriver")
        if not found:
            raise SkipExecution(
                "No chromedriver on PATH: the SeleniumLibrary tests need one that "
                "matches the system Chromium ('apt-get install chromium-driver')."
            )
        return found

    @keyword
    def selenium_capability(self, name: str):
        """The capability ``name`` of SeleniumLibrary's current browser session."""
        from robot.libraries.BuiltIn import BuiltIn

        capabilities = BuiltIn().get_library_instance("SeleniumLibrary").driver.capabilities
        if name not in capabilities:
            raise AssertionError(f"The session has no capability {name!r}: {capabilities}")
        return capabilities[name]

    @keyword
    def keyword_names_shared_with(self, library: str, other: str) -> list[str]:
        """Keyword names (normalised as Robot Framework does) that both libraries have."""

        def names(name: str) -> dict[str, str]:
            return {
                kw.name.lower().replace(" ", "").replace("_", ""): kw.name
                for kw in LibraryDocumentation(name).keywords
            }

        ours, theirs = names(library), names(other)
        return sorted(ours[key] for key in ours.keys() & theirs.keys())

    @keyword
    def other_client_shows(self, ws_endpoint: str, url: str, locator: str = "#last",
                           timeout: float = 10) -> str:
        """Opens ``url`` through a second, plain Playwright client of the server.

        Returns the text of ``locator`` once it is not empty: what a page of
        another client (another pabot process, say) shows.
        """
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.connect(ws_endpoint)
            try:
                page = browser.new_context().new_page()
                page.goto(url)
                page.wait_for_function(
                    "(selector) => document.querySelector(selector).textContent !== ''",
                    arg=locator, timeout=float(timeout) * 1000,
                )
                return page.inner_text(locator)
            finally:
                browser.close()
