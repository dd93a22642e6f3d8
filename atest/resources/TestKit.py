"""The test kit every acceptance area and the benchmarks share: ports, browsers, processes.

As plain functions (``bench/`` imports them; they need no Robot Framework):

- ``free_port``: a port of 127.0.0.1 that nothing listens on right now;
- ``chromium_executable``: the system Chromium, else Playwright's own build;
- ``start_port_process`` / ``stop_process``: a server process that prints
  its port as its first line, and the one way every process started for a
  test ends (SIGTERM, then SIGKILL when it outlives a timeout);
- ``processes``: every process of the machine, read from /proc;
- ``start_http_server``: a threaded HTTP server on a free port;
- ``run_robot``: Robot Framework (or rebot) in a process of its own.

As keywords (``Library    TestKit.py``, imported by common.resource and
interop.resource): ``Free Port``, ``Chromium Executable``, ``Start Chromium``
(a headless Chromium with a DevTools port, to attach to), ``Stop Chromium``,
``Start Browser Server`` (``playwright launch-server``), ``Browser Server
Should Be Running`` and ``Stop Browser Server``. Whatever they start, the
suite teardown stops, and at the latest the Robot Framework process's exit.
"""

from __future__ import annotations

import atexit
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from robot.api.deco import keyword, library

SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ECHO_PROCESS = Path(__file__).with_name("echo_process.py")


# ------------------------------------------------------------- ports


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------- browsers


def chromium_executable() -> str:
    """The Chromium the tests start: a system one on PATH, else Playwright's.

    SeleniumLibrary also needs a chromedriver of the same version, which in
    practice means the system Chromium and its driver package. Call it
    outside a ``sync_playwright()`` block: the fallback starts one.
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


# --------------------------------------------------------- processes


class ProcessInfo(NamedTuple):
    """One process as /proc shows it."""

    parent: int
    group: int
    state: str  # "R", "S", ... "Z" for a zombie
    command: str


def processes() -> dict[int, ProcessInfo]:
    """Every process of the machine: pid -> its parent, process group, state, command line."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # The command name is in parentheses and may hold spaces: state,
                # parent pid and process group are the fields after the closing one.
                state, parent, group = stat.read().rsplit(b")", 1)[1].split()[:3]
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        found[int(entry)] = ProcessInfo(int(parent), int(group), state.decode(), command)
    return found


def start_port_process(command: list[str]) -> tuple[subprocess.Popen, int]:
    """Starts a server process that prints its port as its first line; returns it and the port.

    Its standard input is a pipe: the servers of this folder (echo_process.py)
    end when it closes.
    """
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = process.stdout.readline().strip()
    if not port.isdigit():
        stop_process(process)
        raise AssertionError(f"The server process printed {port!r}, not its port.")
    return process, int(port)


def stop_process(process: subprocess.Popen | None, timeout: float = 15,
                 group: bool = False) -> None:
    """Ends ``process``: SIGTERM, then SIGKILL if it still runs ``timeout`` seconds later.

    With ``group`` (a process started with ``start_new_session=True``) the
    signals go to its whole process group, and the routine waits for every
    process of the group, so a server's browser or driver goes too. Safe to
    call on a process that has ended, or on None.
    """
    if process is None:
        return
    deadline = time.monotonic() + float(timeout)
    if _running(process, group):
        _signal(process, signal.SIGTERM, group)
        try:
            process.wait(max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            pass
        while group and _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _running(process, group):
            _signal(process, signal.SIGKILL, group)
            process.wait(5)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _running(process: subprocess.Popen, group: bool) -> bool:
    return process.poll() is None or (group and _group_alive(process.pid))


def _group_alive(group: int) -> bool:
    return any(p.group == group and p.state != "Z" for p in processes().values())


def _signal(process: subprocess.Popen, number: int, group: bool) -> None:
    try:
        if group:
            os.killpg(process.pid, number)
        elif process.poll() is None:
            process.send_signal(number)
    except (ProcessLookupError, PermissionError):
        pass


# ------------------------------------------------------ servers, runs


def start_http_server(handler) -> http.server.ThreadingHTTPServer:
    """Serves ``handler`` (a request handler class) on a free port of 127.0.0.1 in a
    thread; ``server_port`` is its port. Stop it with ``stop_http_server``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop_http_server(server: http.server.ThreadingHTTPServer | None) -> None:
    """Stops a server of ``start_http_server``; does nothing for None."""
    if server is not None:
        server.shutdown()
        server.server_close()


def run_robot(*arguments: str, module: str = "robot", timeout: float | None = None,
              cwd: str | Path | None = None) -> subprocess.CompletedProcess:
    """Runs ``python -m robot`` (or ``module``, such as ``robot.rebot``) with this Python
    in a process of its own; its output is captured as text."""
    return subprocess.run([sys.executable, "-m", module, *arguments], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd)


# ---------------------------------------------------------- keywords


@library(scope="GLOBAL")
class TestKit:
    """Free ports, a Chromium with a DevTools port and a Playwright browser server."""

    def __init__(self):
        self._chromium: subprocess.Popen | None = None
        self._profile: tempfile.TemporaryDirectory | None = None
        self._server: subprocess.Popen | None = None
        self._server_dir: tempfile.TemporaryDirectory | None = None
        atexit.register(self.stop_chromium)
        atexit.register(self.stop_browser_server)

    @keyword
    def free_port(self) -> int:
        """A TCP port of 127.0.0.1 that nothing listens on right now."""
        return free_port()

    @keyword
    def chromium_executable(self) -> str:
        """The Chromium the other libraries start: a system one on PATH, else Playwright's."""
        return chromium_executable()

    @keyword
    def start_chromium(self, executable: str | None = None, timeout: float = 30) -> str:
        """Starts a headless Chromium with a DevTools port; returns ``http://127.0.0.1:PORT``.

        Chromium picks a free port of 127.0.0.1 itself
        (``--remote-debugging-port=0``) and names it in its profile's
        ``DevToolsActivePort`` file. ``executable`` defaults to `Chromium
        Executable`.
        """
        self.stop_chromium()
        self._profile = tempfile.TemporaryDirectory(prefix="wsroute-chromium-")
        profile = Path(self._profile.name)
        self._chromium = subprocess.Popen(
            [executable or chromium_executable(), "--headless=new", "--no-sandbox",
             "--disable-gpu", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # Its own group: its renderers and helpers, which write the profile
            # too, end with it before the profile is removed.
            start_new_session=True,
        )
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + float(timeout)
        while time.monotonic() < deadline and self._chromium.poll() is None:
            if active.exists() and active.read_text().strip():
                return f"http://127.0.0.1:{active.read_text().split()[0]}"
            time.sleep(0.1)
        self.stop_chromium()
        raise AssertionError("Chromium did not open a DevTools port.")

    @keyword
    def stop_chromium(self) -> None:
        """Stops the Chromium of `Start Chromium`; safe to call twice."""
        process, self._chromium = self._chromium, None
        stop_process(process, group=True)
        if self._profile is not None:
            # A crash handler may still have written a file after the group ended.
            shutil.rmtree(self._profile.name, ignore_errors=True)
            self._profile.cleanup()
            self._profile = None

    @keyword
    def start_browser_server(self, executable: str | None = None, timeout: float = 60) -> str:
        """Starts ``playwright launch-server`` on a free port; returns its ws endpoint.

        The server runs ``executable`` (default: `Chromium Executable`)
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
            "executablePath": executable or chromium_executable(),
        }))
        output = directory / "output.txt"
        with output.open("w") as stream:
            # Its own process group, so the Python wrapper, the node driver it
            # runs and the browser are stopped together.
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
        """Fails unless the server of `Start Browser Server` still runs."""
        if self._server is None or self._server.poll() is not None:
            raise AssertionError("The Playwright browser server is not running.")

    @keyword
    def stop_browser_server(self) -> None:
        """Stops the browser server and the browser it runs; safe to call twice."""
        server, self._server = self._server, None
        # SIGTERM lets Playwright close its browser before it exits.
        stop_process(server, group=True)
        if self._server_dir is not None:
            self._server_dir.cleanup()
            self._server_dir = None

    @keyword
    def route_should_hold_messages(self, pattern: str, count: int = 1) -> None:
        """Fails unless route ``pattern`` holds ``count`` messages (`Hold WebSocket Messages`):
        a message on its way (over Playwright's driver or the library's relay) is held only once
        it reached the library."""
        from robot.libraries.BuiltIn import BuiltIn

        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        route = engine.registry.by_pattern(pattern)
        if route is None:
            raise AssertionError(f"No route has pattern {pattern!r}.")
        found = engine.loop.call(engine.traffic.faults.held, route)
        if found != int(count):
            raise AssertionError(f"Route {pattern!r} holds {found} messages, not {count}.")

    @keyword
    def library_should_have_seen_socket(self, url: str) -> None:
        """Fails unless the library has heard of an unrouted socket of ``url`` opened since
        the test started and still open (the browser's report of a socket can come after its
        server saw it open; an earlier test's socket of the same URL does not count)."""
        from robot.libraries.BuiltIn import BuiltIn

        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        seen = engine.loop.call(lambda: [
            socket.url for socket in engine.watcher.seen
            if socket.opened >= engine.owners.current.started and socket.closed is None])
        if url not in seen:
            raise AssertionError(f"The library has seen no unrouted socket of {url!r}: {seen}.")

    @keyword
    def page_should_answer_by_itself(self, pattern: str, expected: bool = True) -> None:
        """Fails unless each open socket of route ``pattern`` is (``expected``) or is not
        answered by the page itself (the fast path's answers in the page: the page took
        the plan the library offered it)."""
        answering = _page_sides(pattern, lambda ws: getattr(ws, "in_page", False))
        if not answering or any(answers is not bool(expected) for answers in answering):
            raise AssertionError(f"Route {pattern!r}'s open sockets answer by themselves: "
                                 f"{answering}, not {bool(expected)}.")

    @keyword
    def messages_answered_in_the_page(self, pattern: str) -> int:
        """How many messages the open sockets of route ``pattern`` answered by themselves,
        in the page (the library recorded each, but decided none)."""
        return sum(_page_sides(pattern, lambda ws: getattr(ws, "answered_here", 0)))


def _page_sides(pattern: str, read: Callable[[Any], Any]) -> list[Any]:
    """``read`` of the page side of each open socket of route ``pattern``, on the loop."""
    from robot.libraries.BuiltIn import BuiltIn

    engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
    route = engine.registry.by_pattern(pattern)
    if route is None:
        raise AssertionError(f"No route has pattern {pattern!r}.")
    return list(engine.loop.call(lambda: [read(socket.ws) for socket in route.open_sockets()]))
