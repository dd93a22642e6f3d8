"""What the library's worker relay still holds: for the leak checks of the worker suites."""

from __future__ import annotations

import time

from robot.api.deco import keyword, library
from robot.libraries.BuiltIn import BuiltIn


@library(scope="GLOBAL")
class WorkerProbe:
    def _relay(self):
        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        return engine.session.workers.relay

    @keyword
    def worker_relay_should_hold_nothing(self, timeout: float = 5) -> None:
        """Waits until no worker is connected to the relay and no socket is left."""
        relay = self._relay()
        deadline = time.monotonic() + float(timeout)
        while (relay.links or relay.open_sockets) and time.monotonic() < deadline:
            time.sleep(0.05)
        if relay.links or relay.open_sockets:
            raise AssertionError(
                f"The relay still holds {len(relay.links)} worker connection(s) and "
                f"{relay.open_sockets} routed or watched socket(s)."
            )

    @keyword
    def worker_relay_should_hold_no_socket(self, timeout: float = 5) -> None:
        """Waits until the relay holds no routed or watched socket (its workers may live)."""
        relay = self._relay()
        deadline = time.monotonic() + float(timeout)
        while relay.open_sockets and time.monotonic() < deadline:
            time.sleep(0.05)
        if relay.open_sockets:
            raise AssertionError(f"The relay still holds {relay.open_sockets} socket(s).")

    @keyword
    def log_table_and_diagram_should_name(self, text: str) -> None:
        """Renders what the log would show of every route's journal (table and diagram),
        fails unless both name ``text`` (e.g. the worker that opened a socket)."""
        from WsRouteLibrary.model.journal import TrafficReport
        from WsRouteLibrary.report.diagram import render_diagram
        from WsRouteLibrary.report.logtable import render_table

        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        entries = sorted((e for r in engine.registry.routes for e in r.journal.entries),
                         key=lambda e: e.seq)
        report = TrafficReport(entries=entries)
        for name, html in (("table", render_table(report)), ("diagram", render_diagram(report))):
            if text not in html:
                raise AssertionError(f"The log's {name} does not name {text!r}: {html[:2000]}")

    @keyword
    def log_notes_should_contain(self, text: str, count: int = 1) -> None:
        """Fails unless exactly ``count`` notes waiting for the log contain ``text``."""
        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        notes = [note for _, note in engine.watcher.notes]
        found = [note for note in notes if text in note]
        if len(found) != int(count):
            raise AssertionError(f"{len(found)} notes for the log contain {text!r}, "
                                 f"not {count}: {notes}")

    @keyword
    def journal_of_socket(self, pattern: str, url: str) -> list:
        """The journal entries of route ``pattern`` about the socket of ``url``, oldest
        first, each as (kind, payload, note, sender, receiver, fate, opener)."""
        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        route = engine.registry.by_pattern(pattern)
        if route is None:
            raise AssertionError(f"No route has pattern {pattern!r}.")
        return [(e.kind.value, e.payload, e.note, e.sender.value, e.receiver.value,
                 e.fate.value, e.opener) for e in route.journal.entries if e.url == url]
