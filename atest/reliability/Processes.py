"""Processes the reliability suites kill (this robot's own browser, a real server process),
and a port where no process listens.

The browser is found by walking /proc from this process: the Playwright
driver is a child of this robot process, and the browser's main process is
the chromium child of that driver. Browsers of other robot processes (pabot
runs several) are never descendants of this one, so they are never touched.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from robot.api.deco import keyword, library

HERE = Path(__file__).parent


def _processes() -> dict[int, tuple[int, str]]:
    """Every process of the machine: pid -> (parent pid, command line)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # The command name is in parentheses and may hold spaces: the
                # parent pid is the second field after the closing one.
                parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        found[int(entry)] = (parent, command)
    return found


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
        processes = _processes()
        me = os.getpid()
        drivers = {
            pid for pid, (parent, command) in processes.items()
            if parent == me and "run-driver" in command
        }
        browsers = [
            pid for pid, (parent, command) in processes.items()
            if parent in drivers and "chromium" in command.lower()
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
        processes = _processes()
        if int(pid) in processes:
            try:
                with open(f"/proc/{pid}/stat", "rb") as stat:
                    state = stat.read().rsplit(b")", 1)[1].split()[0]
            except OSError:
                return
            if state != b"Z":
                raise AssertionError(f"Process {pid} still runs: {processes[int(pid)][1]}")

    @keyword
    def start_server_process(self) -> str:
        """Starts echo_process.py, a WebSocket echo server in a process of its own,
        on a free port of 127.0.0.1; returns its ws:// base URL."""
        self._server = subprocess.Popen(
            [sys.executable, str(HERE / "echo_process.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        port = self._server.stdout.readline().strip()
        if not port.isdigit():
            self._server.kill()
            raise AssertionError(f"The server process printed {port!r}, not its port.")
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
        if self._server is not None and self._server.poll() is None:
            self._server.kill()
            self._server.wait(10)
        self._server = None

    @keyword
    def closed_port(self) -> int:
        """A port of 127.0.0.1 that was free a moment ago and that nothing listens on."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
