"""Serves the demo app in ``examples/app`` and the npm browser clients on 127.0.0.1.

``/vendor/`` is ``tools/js-clients/node_modules``, where ``make js-clients``
installs the real clients (``socket.io-client``, ``graphql-ws``,
``@stomp/stompjs``, ``sockjs-client``, ``mqtt``, ``@microsoft/signalr``,
``phoenix``); each protocol demo page loads its client's browser build from
there.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from robot.api.deco import keyword, library

APP = Path(__file__).parent / "app"
VENDOR = Path(__file__).parent.parent / "tools" / "js-clients" / "node_modules"


class _Handler(SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if path.startswith("/vendor/"):
            relative = path.split("?")[0][len("/vendor/"):]
            target = (VENDOR / relative).resolve()
            if VENDOR.resolve() in target.parents:
                return str(target)
        return super().translate_path(path)

    def log_message(self, format, *args):
        pass


@library(scope="GLOBAL")
class ProtocolDemoServer:
    """A static HTTP server for the protocol demo pages, in a background thread."""

    def __init__(self):
        self._server: ThreadingHTTPServer | None = None

    @keyword
    def start_protocol_demo_server(self) -> str:
        """Starts serving and returns the base URL, e.g. ``http://127.0.0.1:41234``."""
        if not (VENDOR / "socket.io-client").is_dir():
            raise RuntimeError("The browser clients are not installed: run 'make js-clients'.")
        self.stop_protocol_demo_server()
        handler = functools.partial(_Handler, directory=str(APP))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_port}"

    @keyword
    def stop_protocol_demo_server(self) -> None:
        """Stops the server; does nothing when it is not running."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
