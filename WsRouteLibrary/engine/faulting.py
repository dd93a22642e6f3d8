"""Faults on the event loop: refused handshakes, dropped connections, latency and held messages.

Traffic calls in here where a socket opens (``admit``) and where a message
or a close is about to reach Playwright: when the socket's route has a
latency or a hold in that direction, the message waits in the socket's
lane (model/faults.py) and Traffic hands it on later, in order, from a
timer of the loop, so nothing else waits. Keywords reach the rest through
the engine.

What the page sees, in Chromium: a refused socket never fires ``open`` and
fires ``close`` with code 1006, ``wasClean`` false and no reason; a dropped
socket fires ``close`` the same way. Playwright's routing cannot make the
``error`` event a browser fires before a refused handshake's close.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from ..datatypes import Direction, EntryKind
from ..model.closing import ABNORMAL
from ..model.faults import Item, Lane, Refusal, RouteFaults
from ..model.registry import Route

if TYPE_CHECKING:
    from .owners import Owner
    from .traffic import Socket, Traffic

DROPPED = "dropped (Drop WebSocket Connections)"


async def close_abnormally(ws: Any) -> None:
    """Ends the page side as a lost connection ends: close 1006, ``wasClean`` false.

    Playwright's public ``close`` always reports a clean close; its driver
    takes ``wasClean`` as a parameter, which its generated client channel
    exposes. Where that channel is missing, the public ``close`` still gives
    code 1006 (with ``wasClean`` true).
    """
    channel = getattr(getattr(ws, "_impl_obj", None), "_channel", None)
    close_page = getattr(channel, "closePage", None)
    if close_page is not None:
        try:
            await close_page(code=ABNORMAL, reason="", wasClean=False)
            return
        except TypeError:  # a client that calls it otherwise: the public close below
            pass
        except Exception:  # noqa: BLE001 - the page is gone: nothing to tell
            return
    await ws.close(code=ABNORMAL, reason="")


class Lanes:
    """A socket's two lanes: toward the page (received) and toward the server (sent)."""

    __slots__ = ("faults", "socket", "lanes", "timers", "pumping")

    def __init__(self, faults: Faults, socket: Socket):
        self.faults = faults
        self.socket = socket
        self.lanes = {Direction.sent: Lane(), Direction.received: Lane()}
        self.timers: dict[Direction, Any] = {}
        self.pumping: set[Direction] = set()

    def busy(self, direction: Direction) -> bool:
        """Whether a message in ``direction`` must wait: queued items, a hold or a latency."""
        if self.lanes[direction].items:
            return True
        settings = self.faults.settings(self.socket.route)
        return settings is not None and (
            settings.hold[direction].value or settings.latency[direction].value > 0
        )

    def push(self, direction: Direction, deliver: Callable[[str], Any],
             lose: Callable[[str], Any] | None = None, message: bool = True) -> None:
        """Queues an item; ``deliver(note)`` runs when it is due and not held."""
        settings = self.faults.settings(self.socket.route)
        latency = settings.latency[direction].value if settings is not None else 0.0
        self.lanes[direction].push(Item(deliver, lose, message), self.faults.clock(), latency)
        self.pump(direction)

    def close_later(self, direction: Direction, close: Callable[[], None]) -> bool:
        """Queues a close behind the messages on their way; False when none need wait."""
        lane = self.lanes[direction]
        if lane.close_queued:
            return True
        if not self.busy(direction):
            return False
        lane.close_queued = True
        self.push(direction, lambda note: close(), message=False)
        return True

    def pump(self, direction: Direction, everything: str = "") -> int:
        """Delivers what is due, in order, and schedules the next item. ``everything``
        (why) delivers all of it now, held or not. Returns how many held messages went."""
        if direction in self.pumping:  # an item being delivered queued another
            return 0
        self.pumping.add(direction)
        lane = self.lanes[direction]
        released = 0
        try:
            while True:
                now = self.faults.clock()
                if everything:
                    due = lane.take_all()
                else:
                    settings = self.faults.settings(self.socket.route)
                    due = lane.take_due(now, settings is not None
                                        and settings.hold[direction].value)
                if not due:
                    break
                for item in due:
                    released += item.held and item.message
                    note = item.note(now)
                    if everything and note:
                        note += f" (released: {everything})"
                    self.faults.traffic.guard(item.deliver, note)
        finally:
            self.pumping.discard(direction)
        settings = self.faults.settings(self.socket.route)
        held = settings is not None and settings.hold[direction].value
        self._schedule(direction, None if held else lane.next_due())
        return released

    def cut(self, why: str, directions: tuple[Direction, ...] = tuple(Direction)) -> None:
        """The connection is gone: nothing queued arrives; each message is recorded so."""
        lost = []
        for direction in directions:
            self._schedule(direction, None)
            lost.extend(self.lanes[direction].take_all())
        for item in sorted(lost, key=lambda item: item.order):  # in the order they came
            if item.lose is not None:
                self.faults.traffic.guard(item.lose, why)

    def page_closed(self) -> None:
        """The page closed its socket: a closing WebSocket takes no more messages."""
        self.cut("socket closing", (Direction.received,))

    def _schedule(self, direction: Direction, when: float | None) -> None:
        timer = self.timers.pop(direction, None)
        if timer is not None:
            timer.cancel()
        if when is not None:
            delay = max(0.0, when - self.faults.clock())
            self.timers[direction] = self.faults.traffic.tasks.call_later(
                delay, self._due, direction)

    def _due(self, direction: Direction) -> None:
        self.timers.pop(direction, None)
        if self.socket not in self.socket.route.sockets:  # the browser quit: nothing to send to
            self.lanes[direction].take_all()
            return
        self.pump(direction)


class Faults:
    """Every route's faults, and the engine's entry to them."""

    def __init__(self, traffic: Traffic, clock: Callable[[], float] = time.monotonic):
        self.traffic = traffic
        self.clock = clock
        self._routes: weakref.WeakKeyDictionary[Route, RouteFaults] = (
            weakref.WeakKeyDictionary())

    def settings(self, route: Route) -> RouteFaults | None:
        """The faults of a route that is in use (an unrouted route has none)."""
        return self._routes.get(route) if route.active else None

    def _of(self, route: Route) -> RouteFaults:
        faults = self._routes.get(route)
        if faults is None:
            faults = self._routes[route] = RouteFaults()
        return faults

    def _lanes(self, socket: Socket) -> Lanes:
        if socket.lanes is None:
            socket.lanes = Lanes(self, socket)
        return socket.lanes

    # ------------------------------------------------------------- sockets

    def admit(self, socket: Socket) -> Coroutine | None:
        """A socket opens. Refused: recorded, and the coroutine that refuses it is
        returned (the routing handler awaits it, so the page never sees ``open``).
        Accepted: it gets lanes when its route delays messages."""
        settings = self._routes.get(socket.route)
        if settings is None:
            return None
        note = settings.refuse()
        if note is None:
            self._lanes(socket)
            return None
        socket.page_done = socket.server_done = True
        socket.ws.on_message(lambda message: None)  # a closed page sends nothing
        socket.ws.on_close(lambda code, reason: None)  # the close is the library's own
        self.traffic.record_close(socket, ABNORMAL, "", note)
        return close_abnormally(socket.ws)

    def drop(self, socket: Socket) -> None:
        """Ends a socket as a lost network does: nothing on its way arrives, the
        page sees 1006, the server a close without a status code."""
        if socket.lanes is not None:
            socket.lanes.cut("connection dropped")
        self.traffic.record_close(socket, ABNORMAL, "", DROPPED)
        if not socket.page_done:
            socket.page_done = True
            self.traffic.tasks.spawn(close_abnormally(socket.ws))
        if socket.server is not None and not socket.server_done:
            # A browser can neither cut a connection nor send 1006: the server
            # gets a close frame without a status code.
            socket.server_done = True
            self.traffic.tasks.spawn(socket.server.close(code=None, reason=None))

    # ------------------------------------------------------------- settings

    def reject(self, route: Route, times: int | None, owner: Owner) -> None:
        self._of(route).refusal.set(owner, Refusal(times))

    def accept(self, route: Route, owner: Owner) -> None:
        self._of(route).refusal.set(owner, None)

    def set_latency(self, route: Route, seconds: float, directions: tuple[Direction, ...],
                    owner: Owner) -> float:
        """Sets the latency; returns the one before (of the received direction for both)."""
        settings = self._of(route)
        previous = {d: settings.latency[d].set(owner, seconds) for d in directions}
        self._touch(route)
        return previous.get(Direction.received, previous[directions[0]])

    def hold(self, route: Route, directions: tuple[Direction, ...], owner: Owner) -> None:
        settings = self._of(route)
        for direction in directions:
            settings.hold[direction].set(owner, True)
        self._touch(route)

    def release(self, route: Route, owner: Owner) -> int:
        """Ends the route's holds; returns how many held messages went on their way."""
        settings = self._of(route)
        held = [d for d in Direction if settings.hold[d].value]
        count = sum(item.message for socket in route.sockets if socket.lanes is not None
                    for d in held for item in socket.lanes.lanes[d].items)
        for direction in held:
            settings.hold[direction].set(owner, False)
        self._pump(route)
        return count

    def _touch(self, route: Route) -> None:
        """Open sockets of the route get lanes, and their lanes follow the new setting."""
        for socket in route.open_sockets():
            self._lanes(socket)
        self._pump(route)

    @staticmethod
    def _pump(route: Route, everything: str = "") -> int:
        return sum(socket.lanes.pump(direction, everything) for socket in route.sockets
                   if socket.lanes is not None for direction in Direction)

    # ------------------------------------------------------------- cleanup

    def end_owner(self, routes: list[Route], owner: Owner, parent: Owner, remove: bool) -> None:
        """A test or suite ends: what it set goes, or passes to ``parent``.

        Messages held or delayed under its settings are delivered at once, in
        order, as a network delivers what it buffered when a stall ends.
        """
        for route in routes:
            settings = self._routes.get(route)
            if settings is not None and settings.end_owner(owner, parent, remove) and remove:
                self._settle(route, f"the {owner.name.split()[0]} ended")

    def _settle(self, route: Route, why: str) -> None:
        """Whatever no hold of the route keeps any more is delivered now."""
        settings = self._routes.get(route)
        for socket in route.sockets:
            if socket.lanes is None:
                continue
            for direction in Direction:
                if settings is None or not settings.hold[direction].value:
                    socket.lanes.pump(direction, everything=why)

    def route_gone(self, route: Route, why: str = "the route was removed") -> None:
        """The route was removed or replaced: what its sockets had on the way arrives now."""
        self._pump(route, everything=why)


def record_lost(traffic: Traffic, socket: Socket, kind: EntryKind, message: Any,
                note: str) -> Callable[[str], None]:
    """A ``lose`` for a queued message: records it as never delivered, and why."""
    return lambda why: traffic.record(socket, kind, message, f"{note}; not delivered: {why}")
