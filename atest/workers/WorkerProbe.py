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
        """Waits until no worker is connected to the relay and no routed socket is left."""
        relay = self._relay()
        deadline = time.monotonic() + float(timeout)
        while (relay.links or relay.open_sockets) and time.monotonic() < deadline:
            time.sleep(0.05)
        if relay.links or relay.open_sockets:
            raise AssertionError(
                f"The relay still holds {len(relay.links)} worker connection(s) and "
                f"{relay.open_sockets} routed socket(s)."
            )
