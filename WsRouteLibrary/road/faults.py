"""The faults stage: refused handshakes, dropped connections, latency and held messages.

It sits at the page edge. A message on its way (either way) waits in its
socket's lane (model/faults.py) while the route has a latency or a hold in
that direction or messages are queued before it, and goes on along the road
later, in order, from a timer of the loop, so nothing else waits. A close
waits behind the messages on its way to that side.

What the page sees, in Chromium: a refused socket never fires ``open`` and
fires ``close`` with code 1006, ``wasClean`` false and no reason; a dropped
socket fires ``close`` the same way. Playwright's routing cannot make the
``error`` event a browser fires before a refused handshake's close.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any

from ..datatypes import Direction, EntryKind, Fate, Side
from ..model.closing import ABNORMAL
from ..model.faults import Item, Lane, Refusal, RouteFaults
from ..model.registry import Route
from .passage import Passage, Port, RoadSocket
from .stage import Stage

DROPPED = "dropped (Drop WebSocket Connections)"
_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
_SENT, _RECEIVED = Direction.sent, Direction.received
_TOWARD = {_SERVER: _SENT, _PAGE: _RECEIVED}


class Lanes:
    """A socket's two lanes: toward the page (received) and toward the server (sent)."""

    __slots__ = ("faults", "socket", "lanes", "timers", "pumping")

    def __init__(self, faults: FaultStage, socket: RoadSocket):
        self.faults = faults
        self.socket = socket
        self.lanes = {_SENT: Lane(), _RECEIVED: Lane()}
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
                    self.faults.port.guard(item.deliver, note)
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
                self.faults.port.guard(item.lose, why)

    def _schedule(self, direction: Direction, when: float | None) -> None:
        timer = self.timers.pop(direction, None)
        if timer is not None:
            timer.cancel()
        if when is not None:
            delay = max(0.0, when - self.faults.clock())
            self.timers[direction] = self.faults.port.later(delay, self._due, direction)

    def _due(self, direction: Direction) -> None:
        self.timers.pop(direction, None)
        if self.socket not in self.socket.route.sockets:  # the browser quit: nothing to send to
            self.lanes[direction].take_all()
            return
        self.pump(direction)


class FaultStage(Stage):
    """Every route's faults, the lanes of its sockets, and the keywords' entry to them."""

    def __init__(self, port: Port, clock: Callable[[], float] = time.monotonic):
        self.port = port
        self.clock = clock
        self._routes: weakref.WeakKeyDictionary[Route, RouteFaults] = (
            weakref.WeakKeyDictionary())
        self._lanes: weakref.WeakKeyDictionary[Any, Lanes] = weakref.WeakKeyDictionary()

    def settings(self, route: Route) -> RouteFaults | None:
        """The faults of a route that is in use (an unrouted route has none)."""
        return self._routes.get(route) if route.active else None

    def _of(self, route: Route) -> RouteFaults:
        faults = self._routes.get(route)
        if faults is None:
            faults = self._routes[route] = RouteFaults()
        return faults

    def has_lanes(self, socket: RoadSocket) -> bool:
        """Whether the socket's messages pass lanes (its route has or had faults)."""
        return socket in self._lanes

    def _lanes_of(self, socket: RoadSocket) -> Lanes:
        lanes = self._lanes.get(socket)
        if lanes is None:
            lanes = self._lanes[socket] = Lanes(self, socket)
            socket.road.replan(socket)  # its messages pass this stage from now on
        return lanes

    def acts(self, socket: RoadSocket, to: Side) -> bool:
        """Only a socket with lanes: the others' messages pass at no cost."""
        return socket in self._lanes

    # ------------------------------------------------------------ the road

    def toward_server(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        lanes = self._lanes.get(socket)
        if lanes is None or passage.late is not None or (
                passage.origin is not _PAGE and (socket.server is None or socket.server_done)):
            return passage
        return self._queue(lanes, _SENT, passage)

    def toward_page(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        lanes = self._lanes.get(socket)
        if lanes is None or passage.late is not None or socket.closed:
            return passage
        return self._queue(lanes, _RECEIVED, passage)

    def _queue(self, lanes: Lanes, direction: Direction, passage: Passage) -> Passage | None:
        if not lanes.busy(direction):
            return passage

        def deliver(late: str) -> None:
            passage.late = late
            passage.socket.road.onward(self, passage)

        lanes.push(direction, deliver, None if passage.plumbing else self._loser(passage))
        return None

    def _loser(self, passage: Passage) -> Callable[[str], object]:
        """Records a queued message as never delivered, and why."""
        socket, message = passage.socket, passage.message
        if passage.to is _PAGE:
            sender = _SERVER if passage.origin is _SERVER else _LIBRARY
            kind, note, receiver = EntryKind.blocked, passage.said(), _PAGE
        elif passage.origin is _PAGE:
            sender, kind, note = _PAGE, EntryKind.sent, "sent"
            receiver = _SERVER if socket.server is not None else _LIBRARY
        else:
            sender, kind, note, receiver = _LIBRARY, EntryKind.to_server, passage.said(), _SERVER
        return lambda why: self.port.record(socket, kind, message, f"{note}; not delivered: {why}",
                                            sender, receiver, Fate.lost)

    # ------------------------------------------------------------ sockets

    def admit(self, socket: RoadSocket) -> str | None:
        """Refuses the socket (the log's note) while the route rejects connections;
        an accepted one gets lanes when its route has faults."""
        settings = self._routes.get(socket.route)
        if settings is None:
            return None
        note = settings.refuse()
        if note is None:
            self._lanes_of(socket)
        return note

    def close_behind(self, socket: RoadSocket, side: Side, close: Callable[[], None]) -> bool:
        lanes = self._lanes.get(socket)
        return lanes is not None and lanes.close_later(_TOWARD[side], close)

    def page_closed(self, socket: RoadSocket) -> None:
        lanes = self._lanes.get(socket)
        if lanes is not None:  # a closing WebSocket takes no more messages
            lanes.cut("socket closing", (_RECEIVED,))

    def drop(self, socket: RoadSocket) -> None:
        """Ends a socket as a lost network does: nothing on its way arrives, the
        page sees 1006, the server a close without a status code."""
        lanes = self._lanes.get(socket)
        if lanes is not None:
            lanes.cut("connection dropped")
        socket.road.record_close(socket, ABNORMAL, "", DROPPED)
        if not socket.page_done:
            socket.page_done = True
            self.port.close_side(socket, _PAGE, ABNORMAL, "", abnormal=True)
        if socket.server is not None and not socket.server_done:
            # A browser can neither cut a connection nor send 1006: the server
            # gets a close frame without a status code.
            socket.server_done = True
            self.port.close_side(socket, _SERVER, None, None)

    # ------------------------------------------------------------- settings

    def reject(self, route: Route, times: int | None, owner: Any) -> None:
        self._of(route).refusal.set(owner, Refusal(times))

    def accept(self, route: Route, owner: Any) -> None:
        self._of(route).refusal.set(owner, None)

    def set_latency(self, route: Route, seconds: float, directions: tuple[Direction, ...],
                    owner: Any) -> float:
        """Sets the latency; returns the one before (of the received direction for both)."""
        settings = self._of(route)
        previous = {d: settings.latency[d].set(owner, seconds) for d in directions}
        self._touch(route)
        return previous.get(_RECEIVED, previous[directions[0]])

    def hold(self, route: Route, directions: tuple[Direction, ...], owner: Any) -> None:
        settings = self._of(route)
        for direction in directions:
            settings.hold[direction].set(owner, True)
        self._touch(route)

    def held(self, route: Route) -> int:
        """How many messages of the route's sockets wait under its holds."""
        settings = self._of(route)
        return sum(item.message for lanes in self._lanes_of_route(route)
                   for d in Direction if settings.hold[d].value for item in lanes.lanes[d].items)

    def release(self, route: Route, owner: Any) -> int:
        """Ends the route's holds; returns how many held messages went on their way."""
        settings = self._of(route)
        held = [d for d in Direction if settings.hold[d].value]
        count = self.held(route)
        for direction in held:
            settings.hold[direction].set(owner, False)
        self._pump(route)
        return count

    def _lanes_of_route(self, route: Route) -> list[Lanes]:
        return [lanes for socket in route.sockets
                if (lanes := self._lanes.get(socket)) is not None]

    def _touch(self, route: Route) -> None:
        """Open sockets of the route get lanes, and their lanes follow the new setting."""
        for socket in route.open_sockets():
            if isinstance(socket, RoadSocket):  # a watch's sockets have no road
                self._lanes_of(socket)
        self._pump(route)

    def _pump(self, route: Route, everything: str = "") -> int:
        return sum(lanes.pump(direction, everything) for lanes in self._lanes_of_route(route)
                   for direction in Direction)

    # ------------------------------------------------------------- cleanup

    def end_owner(self, routes: list[Route], owner: Any, parent: Any, remove: bool) -> None:
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
        for lanes in self._lanes_of_route(route):
            for direction in Direction:
                if settings is None or not settings.hold[direction].value:
                    lanes.pump(direction, everything=why)

    def route_gone(self, route: Route, why: str = "the route was removed") -> None:
        """The route was removed or replaced: what its sockets had on the way arrives now."""
        self._pump(route, everything=why)
