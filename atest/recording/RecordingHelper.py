"""Helpers of the recording suites: a real server for the demo app, HARs that Playwright and
Chrome DevTools write and read, and the notes of the traffic table.

The server binds 127.0.0.1 on a free port and is stopped by the suite
teardown. The Chromium to attach to is TestKit's (``Start Chromium``).
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import threading
from pathlib import Path

from robot.api.deco import keyword, library
from robot.libraries.BuiltIn import BuiltIn
from TestKit import chromium_executable
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.http11 import Response

APP = Path(__file__).parent.parent.parent / "examples" / "app"
PRICES = {"ACME": 101.25, "INIT": 42.10, "WSCO": 7.50}


@library(scope="GLOBAL")
class RecordingHelper:
    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self.backend_events: list[str] = []

    # ------------------------------------------------ the demo app's server

    @keyword
    def start_demo_backend(self) -> str:
        """Serves examples/app and its real WebSocket server on one free port; returns the URL.

        ``/ticker`` greets, answers a subscription with a snapshot of the
        asked symbols and pushes one price; ``/chat`` answers a join, then
        acknowledges and echoes what the user says.
        """
        self.stop_demo_backend()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        future = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        self._server = future.result(10)
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def _serve(self):
        return await serve(self._handle, "127.0.0.1", 0, process_request=self._static)

    @keyword
    def stop_demo_backend(self) -> None:
        """Stops the demo app's server: its URL answers nothing any more."""
        server, loop = self._server, self._loop
        self._server = self._loop = None
        if server is not None:
            server.close()
            asyncio.run_coroutine_threadsafe(server.wait_closed(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)

    @keyword
    def demo_backend_events(self) -> list[str]:
        """What the demo app's server saw: 'open /ticker', 'message /chat {...}'."""
        return list(self.backend_events)

    def _static(self, connection, request):
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        name = request.path.split("?")[0].lstrip("/") or "index.html"
        path = (APP / name).resolve()
        if APP.resolve() not in path.parents or not path.is_file():
            return Response(404, "Not Found", Headers([("Content-Length", "0")]), b"")
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(200, "OK", Headers([("Content-Type", kind),
                                            ("Content-Length", str(len(body)))]), body)

    async def _handle(self, ws):
        path = ws.request.path.split("?")[0]
        self.backend_events.append(f"open {path}")
        if path == "/ticker":
            await ws.send(json.dumps({"type": "hello", "market": "open"}))
        async for message in ws:
            self.backend_events.append(f"message {path} {message}")
            data = json.loads(message)
            if path == "/ticker" and data.get("type") == "subscribe":
                prices = {s: PRICES[s] for s in data["symbols"] if s in PRICES}
                await ws.send(json.dumps({"type": "snapshot", "prices": prices}))
                await ws.send(json.dumps({"type": "price", "symbol": "ACME", "price": 102.5}))
            elif path == "/chat" and data.get("type") == "join":
                await ws.send(json.dumps({"type": "joined", "room": data["room"], "online": 3}))
                await ws.send(json.dumps({"type": "message", "from": "maria",
                                          "text": f"Morning, {data['user']}!"}))
            elif path == "/chat" and data.get("type") == "say":
                await ws.send(json.dumps({"type": "ack", "id": data["id"]}))
                await ws.send(json.dumps({"type": "message", "from": "echo-bot",
                                          "text": f"You said: {data['text']}"}))

    # ------------------------------------------------ Playwright's own HAR

    @keyword
    def record_har_with_playwright(self, page_url: str, ws_url: str, har_path: str,
                                   content: str = "embed") -> str:
        """Records a HAR with Playwright's ``record_har_path`` while a page talks to ``ws_url``.

        The page opens the socket (binary type arraybuffer), sends ``hello``
        and the bytes 01 02 03, and waits for three messages; closing the
        context writes the HAR. Returns its path.
        """
        from playwright.sync_api import sync_playwright

        executable = chromium_executable()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            try:
                context = browser.new_context(record_har_path=har_path,
                                              record_har_content=content)
                page = context.new_page()
                page.goto(page_url)
                page.evaluate("(u) => openSocket(u, null, 'arraybuffer')", ws_url)
                page.evaluate("sendText(0, 'hello')")
                page.evaluate("sendBytes(0, [1, 2, 3])")
                page.wait_for_function("messages(0).length >= 3", timeout=10_000)
                context.close()
            finally:
                browser.close()
        return har_path

    @keyword
    def playwright_routes_from_har(self, har_path: str, page_url: str) -> str:
        """Opens ``page_url`` in a context that Playwright routes from ``har_path``.

        Playwright's HAR router reads every entry of the file to look the
        page up; the page itself is not in it and comes from the network.
        Returns the page's title.
        """
        from playwright.sync_api import sync_playwright

        executable = chromium_executable()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            try:
                context = browser.new_context()
                context.route_from_har(har_path, not_found="fallback")
                page = context.new_page()
                page.goto(page_url)
                return page.title()
            finally:
                browser.close()

    # -------------------------------------------------- Chrome DevTools

    @keyword
    def devtools_imports_har(self, har_path: str) -> list[dict]:
        """Imports a HAR file with Chrome DevTools' own HAR importer, as its Network panel does.

        Returns each imported request as ``{url, type, frames}``, frames as
        ``{type, text, opCode}``.
        """
        from playwright.sync_api import sync_playwright

        document = json.loads(Path(har_path).read_text("utf-8"))
        executable = chromium_executable()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            try:
                page = browser.new_page()
                page.goto("devtools://devtools/bundled/devtools_app.html")
                return page.evaluate("""async (har) => {
                    const HAR = await import('./models/har/har.js');
                    const log = new HAR.HARFormat.HARRoot(har).log;
                    return HAR.Importer.Importer.requestsFromHARLog(log).map(r => ({
                        url: r.url(), type: r.resourceType().name(),
                        frames: r.frames().map(f => ({type: f.type, text: f.text,
                                                      opCode: f.opCode}))}));
                }""", document)
            finally:
                browser.close()

    # ------------------------------------------------ the traffic table

    @keyword
    def traffic_notes(self, url: str | None = None) -> list[str]:
        """The route's journal as the log table shows it: 'direction message | handled by'."""
        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine

        def notes() -> list[str]:
            route = engine.registry.resolve(url)
            return [f"{e.kind.value} {e.payload!s} | {e.note}"
                    for e in route.journal.entries if e.kind.value in ("sent", "received")]

        return engine.loop.call(notes)
