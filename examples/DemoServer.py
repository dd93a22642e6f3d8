"""Serves the demo web app in ``examples/app`` on a free port of 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from robot.api.deco import keyword, library

APP = Path(__file__).parent / "app"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@library(scope="GLOBAL")
class DemoServer:
    """Runs a static HTTP server for the demo app in a background thread."""

    def __init__(self):
        self._server: ThreadingHTTPServer | None = None

    @keyword
    def start_demo_server(self) -> str:
        """Starts serving the demo app and returns its base URL, e.g. ``http://127.0.0.1:41234``."""
        self.stop_demo_server()
        handler = functools.partial(_QuietHandler, directory=str(APP))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_port}"

    @keyword
    def stop_demo_server(self) -> None:
        """Stops the server; does nothing when it is not running."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
