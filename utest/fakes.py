"""Fakes of Playwright's WebSocketRoute (page side and server side) and of the event
loop, the network builder every traffic unit test uses, and what a relay told a shim."""

import asyncio
from typing import Any

from WsRouteLibrary.engine.owners import Owners
from WsRouteLibrary.engine.relayframes import decode
from WsRouteLibrary.engine.traffic import Traffic
from WsRouteLibrary.model.registry import Registry, Route
from WsRouteLibrary.model.urlpattern import UrlPattern

URL = "ws://h/chat"


class FakeSide:
    """What Traffic uses of one side of a Playwright ``WebSocketRoute``."""

    def __init__(self, url):
        self.url = url
        self.sent = []
        self.closes = []
        self.message_handler = None
        self.close_handler = None

    def send(self, message):
        self.sent.append(message)

    async def close(self, code=None, reason=None):
        self.closes.append((code, reason))

    def on_message(self, handler):
        assert self.message_handler is None, "a second message handler"
        self.message_handler = handler

    def on_close(self, handler):
        assert self.close_handler is None, "a second close handler"
        self.close_handler = handler

    # What the browser does: the other end sends a message or closes.

    def message(self, message):
        self.message_handler(message)

    def closed(self, code=None, reason=None):
        self.close_handler(code, reason)


class FakeServer(FakeSide):
    """The server side ``connect_to_server`` returns."""


class FakeWebSocketRoute(FakeSide):
    """The page side: a routed WebSocket as a dispatcher gets it."""

    def __init__(self, url=URL):
        super().__init__(url)
        self.servers = []

    def connect_to_server(self):
        server = FakeServer(self.url)
        self.servers.append(server)
        return server

    @property
    def server(self):
        assert len(self.servers) == 1, f"connected {len(self.servers)} times"
        return self.servers[0]


class Timer:
    """A timer of the fake loop; also reads as ``(delay, function, args)``."""

    def __init__(self, when, delay, function, args):
        self.when, self.delay, self.function, self.args = when, delay, function, args
        self.cancelled = False

    def cancel(self):
        self.cancelled = True

    def __iter__(self):
        return iter((self.delay, self.function, self.args))

    def __getitem__(self, index):
        return (self.delay, self.function, self.args)[index]


class FakeLoop:
    """The event loop as the traffic sees it: spawned coroutines, and timers over a
    clock that moves only when told (``advance``) or to the next timers (``fire``)."""

    def __init__(self):
        self.now = 100.0
        self.timers = []
        self.coroutines = []

    def clock(self):
        return self.now

    def spawn(self, coroutine):
        assert asyncio.iscoroutine(coroutine)
        self.coroutines.append(coroutine)

    def call_soon(self, function, *args):
        """Runs at once: what the real loop runs next, in the order it was asked."""
        function(*args)

    def call_later(self, delay, function, *args):
        assert delay >= 0
        timer = Timer(self.now + delay, delay, function, args)
        self.timers.append(timer)
        return timer

    def advance(self, seconds):
        """Moves the clock, firing the timers that come due, earliest first."""
        end = self.now + seconds
        while True:
            due = [t for t in self.timers if not t.cancelled and t.when <= end]
            if not due:
                break
            timer = min(due, key=lambda t: t.when)
            self.timers.remove(timer)
            self.now = max(self.now, timer.when)
            timer.function(*timer.args)
        self.now = end

    def fire(self):
        """Fires the timers set so far (not those they set), as the loop does once
        their delays have passed."""
        timers, self.timers = self.timers, []
        for timer in sorted(timers, key=lambda t: t.when):
            if not timer.cancelled:
                self.now = max(self.now, timer.when)
                timer.function(*timer.args)

    def pending(self):
        return [t for t in self.timers if not t.cancelled]

    def run(self):
        """Runs the spawned coroutines (and any they spawn) to the end."""

        async def run_all():
            while self.coroutines:
                await self.coroutines.pop(0)

        asyncio.run(run_all())

    def discard(self):
        for coroutine in self.coroutines:
            coroutine.close()
        self.coroutines = []


class Net:
    """A registry, its owners and the traffic over a fake loop, with errors collected."""

    def __init__(self):
        self.registry = Registry()
        self.owners = Owners(self.registry)
        self.loop = self.tasks = FakeLoop()
        self.errors = []
        self.traffic = Traffic(self.registry, self.owners, self.loop, self.errors.append)
        self.traffic.faults.clock = self.loop.clock
        self.faults = self.traffic.faults

    def route(self, text="**/chat", page=None, connected=False, rules=()):
        made = Route(UrlPattern(text), page, self.owners.current)
        made.connected = connected
        self.registry.add(made)
        for rule in rules:
            made.add_rule(rule)
        return made

    def opened(self, url=URL, page=None, ws=None):
        """A socket the page opens: (its fake route, the Socket or None, what the
        routing handler must await)."""
        ws = ws or FakeWebSocketRoute(url)
        route = self.registry.route_for(url, page)
        result = self.traffic.guard(self.traffic.on_socket, ws, page)
        socket = route.sockets[-1] if route is not None and route.sockets else None
        return ws, socket, result

    def open(self, url=URL, page=None):
        """A socket the page opens: (its fake route, the Socket or None)."""
        ws, socket, _ = self.opened(url, page)
        return ws, socket

    @property
    def owner(self):
        return self.owners.current


def relay_told(link: Any) -> list[tuple[str, Any]]:
    """What the relay told a shim on ``link`` since last asked: (op, id) pairs."""
    frames = []
    while not link._outbox.empty():
        head, _ = decode(link._outbox.get_nowait())
        frames.append((head["op"], head["id"]))
    return frames
