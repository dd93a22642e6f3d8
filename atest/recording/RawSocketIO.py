"""A Socket.IO conversation recorded as Chrome records it without the library: the
real socket.io-client talks straight to a real python-socketio server while
Playwright writes the HAR, so its frames are the raw wire format
(``0{"sid":...}``, ``40``, ``42["event",...]``, pings)."""

from __future__ import annotations

import json
from pathlib import Path

from robot.api.deco import keyword, library
from TestKit import chromium_executable


@library(scope="GLOBAL")
class RawSocketIO:
    @keyword
    def record_raw_socketio_har(self, page_url: str, har_path: str) -> str:
        """Records, with Playwright's ``record_har_path``, the page at ``page_url``
        connecting over a WebSocket, getting the server's welcome, emitting
        ``chat message`` hi (echoed) and ``add`` 2, 3 with an ack (5). Returns the path."""
        from playwright.sync_api import sync_playwright

        Path(har_path).parent.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_executable())
            try:
                context = browser.new_context(record_har_path=har_path,
                                              record_har_content="embed")
                page = context.new_page()
                page.goto(page_url)
                page.evaluate("connectIo('/', {transports: ['websocket']})")
                page.wait_for_function("seenWith(0, 'event', {name: 'welcome'})")
                page.evaluate("emit(0, 'chat message', ['hi'], false)")
                page.wait_for_function("seenWith(0, 'event', {args: ['echo: hi']})")
                page.evaluate("emit(0, 'add', [2, 3], true)")
                page.wait_for_function("seenWith(0, 'ack', {args: [5]})")
                context.close()
            finally:
                browser.close()
        return har_path

    @keyword
    def recorded_frames(self, har_path: str) -> list[str]:
        """The text frames of the HAR's first WebSocket, as recorded."""
        document = json.loads(Path(har_path).read_text(encoding="utf-8"))
        for entry in document["log"]["entries"]:
            messages = entry.get("_webSocketMessages")
            if messages:
                return [m["data"] for m in messages if m.get("opcode", 1) == 1]
        return []
