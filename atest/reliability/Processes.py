"""Processes the reliability suites kill: this robot's own browser and a real server process.

The browser is found by walking /proc from this process: the Playwright
driver is a child of this robot process, and the browser's main process is
the chromium child of that driver. Browsers of other robot processes (pabot
runs several) are never descendants of this one, so they are never touched.
The server is the shared echo server, atest/resources/echo_process.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from robot.api.deco import keyword, library
from TestKit import ECHO_PROCESS, processes, start_port_process, stop_process


@library(scope="SUITE")
class Processes:
    def __init__(self):
        self._server: subprocess.Popen | None = None

    @keyword
    def library_browser_pid(self) -> int:
        """The pid of the main process of the browser this robot's library launched.

        Fails unless exactly one is found: a chromium process whose parent is
        a Playwright driver that is a child of this robot process.
        """
        running = processes()
        me = os.getpid()
        drivers = {
            pid for pid, process in running.items()
            if process.parent == me and "run-driver" in process.command
        }
        browsers = [
            pid for pid, process in running.items()
            if process.parent in drivers and "chromium" in process.command.lower()
        ]
        if len(browsers) != 1:
            raise AssertionError(
                f"Expected one browser of this robot (pid {me}), found {browsers} "
                f"(drivers: {sorted(drivers)})."
            )
        return browsers[0]

    @keyword
    def kill_library_browser(self, after: float = 0) -> int:
        """Kills the library's browser with SIGKILL, at once or ``after`` seconds later
        (in a thread, so a keyword can be waiting meanwhile). Returns its pid."""
        pid = self.library_browser_pid()
        if float(after) > 0:
            threading.Timer(float(after), _kill, (pid,)).start()
        else:
            _kill(pid)
        return pid

    @keyword
    def process_should_be_gone(self, pid: int) -> None:
        """Fails while process ``pid`` still runs (a zombie counts as gone)."""
        found = processes().get(int(pid))
        if found is not None and found.state != "Z":
            raise AssertionError(f"Process {pid} still runs: {found.command}")

    @keyword
    def start_server_process(self) -> str:
        """Starts echo_process.py, a WebSocket echo server in a process of its own,
        on a free port of 127.0.0.1; returns its ws:// base URL."""
        self._server, port = start_port_process([sys.executable, str(ECHO_PROCESS)])
        return f"ws://127.0.0.1:{port}"

    @keyword
    def kill_server_process(self, after: float = 0) -> None:
        """Kills the server process with SIGKILL, at once or ``after`` seconds later (in
        a thread): its sockets end without a close frame."""
        if self._server is None:
            raise AssertionError("No server process was started.")
        if float(after) > 0:
            threading.Timer(float(after), _kill, (self._server.pid,)).start()
        else:
            _kill(self._server.pid)
            self._server.wait(10)

    @keyword
    def stop_server_process(self) -> None:
        """Ends the server process if it still runs (for teardowns)."""
        server, self._server = self._server, None
        stop_process(server)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
