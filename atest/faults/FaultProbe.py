"""Reads what the library recorded of a route, as the log table shows it, for the fault suites."""

from __future__ import annotations

from robot.api.deco import keyword, library
from robot.libraries.BuiltIn import BuiltIn


@library(scope="GLOBAL")
class FaultProbe:
    @keyword
    def traffic_log(self, url: str | None = None) -> list[str]:
        """The route's journal, oldest first: ``kind payload | note``; a close's
        payload is its code (``close 1006 | dropped (Drop WebSocket Connections)``)."""
        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine

        def lines() -> list[str]:
            route = engine.registry.resolve(url)
            return [
                f"{e.kind.value} {e.payload[0] if e.kind.value == 'close' else e.payload} | "
                f"{e.note}"
                for e in route.journal.entries
            ]

        return engine.loop.call(lines)
