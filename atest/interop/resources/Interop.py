"""Helpers of the interop suites: free ports, browsers and a Playwright browser server.

Every process started here is stopped by the suite teardown, and at the
latest when the Robot Framework process exits.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from robot.api import SkipExecution
from robot.api.deco import keyword, library
from robot.libdocpkg import LibraryDocumentation

SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@library(scope="GLOBAL")
class Interop:
    def __init__(self):
        self._server: subprocess.Popen | None = None
        self._server_dir: tempfile.TemporaryDirectory | None = None
        atexit.register(self.stop_browser_server)

    @keyword
    def free_port(self) -> int:
        """A TCP port of 127.0.0.1 that nothing listens on right now."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    @keyword
    def chromium_executable(self) -> str:
        """The Chromium the other libraries start: a system one on PATH, else Playwright's.

        SeleniumLibrary also needs a chromedriver of the same version, which
        in practice means the system Chromium and its driver package.
        """
        for name in SYSTEM_CHROMIUMS:
            found = shutil.which(name)
            if found:
                return found
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.executable_path
        if os.path.exists(own):
            return own
        raise AssertionError(
            f"No Chromium: none on PATH ({', '.join(SYSTEM_CHROMIUMS)}) and Playwright's "
            "own build is not installed. Run 'make browser' as root, 'apt-get install "
            "chromium chromium-driver' or 'python -m playwright install chromium'."
        )

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
    def start_browser_server(self, executable: str | None = None, timeout: float = 60) -> str:
        """Starts ``playwright launch-server`` on a free port; returns its ws endpoint.

        The server runs ``executable`` (default: the system Chromium)
        headless. The OS picks the port (``"port": 0``), so parallel suites
        never collide.
        """
        self.stop_browser_server()
        self._server_dir = tempfile.TemporaryDirectory(prefix="wsroute-server-")
        directory = Path(self._server_dir.name)
        config = directory / "server.json"
        config.write_text(json.dumps({
            "host": "127.0.0.1",
            "port": 0,
            "headless": True,
            "executablePath": executable or self.chromium_executable(),
        }))
        output = directory / "output.txt"
        with output.open("w") as stream:
            # Its own process group, so the Python wrapper and the node driver
            # it runs are stopped together.
            self._server = subprocess.Popen(
                [sys.executable, "-m", "playwright", "launch-server",
                 "--browser", "chromium", "--config", str(config)],
                stdout=stream, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + float(timeout)
        while time.monotonic() < deadline:
            text = output.read_text()
            for line in text.splitlines():
                if line.startswith("ws://"):
                    return line.strip()
            if self._server.poll() is not None:
                break
            time.sleep(0.1)
        self.stop_browser_server()
        raise AssertionError(f"The Playwright browser server did not start: {text!r}")

    @keyword
    def browser_server_should_be_running(self) -> None:
        if self._server is None or self._server.poll() is not None:
            raise AssertionError("The Playwright browser server is not running.")

    @keyword
    def stop_browser_server(self) -> None:
        """Stops the browser server and the browser it runs; safe to call twice."""
        server, self._server = self._server, None
        if server is not None and server.poll() is None:
            # SIGTERM lets Playwright close its browser before it exits.
            _signal_group(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                _signal_group(server.pid, signal.SIGKILL)
                server.wait(5)
        if self._server_dir is not None:
            self._server_dir.cleanup()
            self._server_dir = None

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


def _signal_group(pid: int, number: int) -> None:
    try:
        os.killpg(pid, number)
    except ProcessLookupError:
        pass
