"""Fault keywords: refused handshakes, dropped connections, latency and stalls."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robot.api.deco import keyword
from robot.utils import secs_to_timestr

from ..datatypes import FaultDirection
from ..model.faults import check_latency, check_times, describe_latency
from .base import LibraryComponent, seconds_of


class FaultKeywords(LibraryComponent):
    @keyword("Reject WebSocket Connections", tags=["Fault"])
    def reject_websocket_connections(self, url: str | None = None,
                                     times: int | None = None) -> None:
        """Makes the route refuse the sockets that open from now on, as a server
        that refuses the handshake does.

        The page's socket never opens and closes as a refused handshake
        closes, but without the ``error`` event before it: what the page
        sees, and how it differs from a real refusal, is in `Faults and
        network conditions`. On a connected route the server is never
        contacted. The refusal is recorded as a close with code 1006 and the
        note ``refused``, so `Wait For WebSocket Close` returns it; `Wait For
        WebSocket` waits for a socket that opens.

        ``times`` is how many connections are refused before the route
        accepts again, so a test can refuse the first attempts and watch
        the app succeed on the next; default: every connection until
        `Accept WebSocket Connections`. Sockets open already stay open (see
        `Drop WebSocket Connections`). ``url`` selects the route (default:
        the current route). The refusal holds until the test or suite that
        made it ends (see `Cleanup`).

        Example:
        | Reject WebSocket Connections    times=2
        | Open Page    http://127.0.0.1:8000/
        | Wait For WebSocket    timeout=10 s
        | ${urls} =    Get WebSocket Urls
        | Length Should Be    ${urls}    3
        """
        check_times(times)
        self.engine.reject(url, times)
        logger.info("Refusing " + ("every connection" if times is None else
                                   f"the next {times} connection(s)") + ".")

    @keyword("Accept WebSocket Connections", tags=["Fault"])
    def accept_websocket_connections(self, url: str | None = None) -> None:
        """Makes the route accept sockets again after `Reject WebSocket Connections`.

        ``url`` selects the route (default: the current route). When the
        test that accepted ends, a refusal the suite made holds again.

        Example:
        | Reject WebSocket Connections
        | Sleep    2 s
        | Accept WebSocket Connections
        | Wait For WebSocket    timeout=10 s
        """
        self.engine.accept(url)

    @keyword("Drop WebSocket Connections", tags=["Fault"])
    def drop_websocket_connections(self, url: str | None = None) -> int:
        """Ends every open socket of the route as a lost network ends it.

        The page sees its socket close as when a real connection breaks
        (see `Faults and network conditions`). Messages still on their way
        (delayed by `Set WebSocket Latency` or held by `Hold WebSocket
        Messages`) never arrive. On a connected route the server connection
        is closed too, with a close frame without a status code. The log
        records a close with code 1006 and the note ``dropped``; `Wait For
        WebSocket Close` returns it. Unlike `Close Socket`, nothing a server
        sends is involved.

        Returns the number of sockets dropped (0 when none was open; the
        keyword does not wait). ``url`` selects the route (default: the
        current route). Sockets that open later are not affected: combine
        with `Reject WebSocket Connections` for an outage.

        Example:
        | ${dropped} =    Drop WebSocket Connections
        | Should Be Equal As Integers    ${dropped}    1
        | ${close} =    Wait For WebSocket Close
        | Should Be Equal As Integers    ${close}[code]    1006
        """
        count = self.engine.drop(url)
        logger.info(f"Dropped {count} socket(s).")
        return count

    @keyword("Set WebSocket Latency", tags=["Fault"])
    def set_websocket_latency(self, latency: timedelta, url: str | None = None,
                              direction: FaultDirection = FaultDirection.both) -> str:
        """Delays every message crossing the route in ``direction`` by ``latency``.

        ``latency`` is a Robot Framework time (``50 ms``, ``1.5 s``; a plain
        number is seconds), from 0 to 10 minutes; ``0`` turns the latency
        off. ``direction`` is ``received`` (messages to the page: mocked
        replies, `Send To Page`, `Send On Open`, server messages, replayed
        messages), ``sent`` (messages of the page: they reach the rules,
        the recording and the server that much later; `Send To Server`
        too) or ``both`` (the default). A close travels behind the messages
        ahead of it. Order is kept, and a latency holds up neither other
        routes nor the test: the keyword returns at once. A message is
        recorded when it is delivered; the log notes its latency. On a
        route with a ``protocol``, what the route sends by itself waits in
        the same line: the mock's greeting and handshake answers, pings and
        heart-beats, the protocol keywords' messages (`Emit Socket.IO
        Event`, `Send GraphQL Result`...), a real server's plumbing, over
        Engine.IO long-polling too.

        Returns the previous latency as a time string this keyword accepts,
        so a test can put it back (with ``both``, the received direction's).
        ``url`` selects the route (default: the current route). The latency
        applies to open sockets and to those that open later, until the
        test or suite that set it ends (see `Cleanup`); what is on its way
        then arrives at once.

        Example:
        | ${old} =    Set WebSocket Latency    300 ms
        | Send To Page    {"type": "price", "value": 42}
        | Set WebSocket Latency    2 s    direction=sent
        | Set WebSocket Latency    ${old}
        """
        seconds = check_latency(seconds_of(latency, "latency"))
        previous = self.engine.set_latency(url, seconds, direction)
        logger.info(f"Latency {describe_latency(seconds)} ({direction.value}); "
                    f"it was {describe_latency(previous)}.")
        return secs_to_timestr(previous)

    @keyword("Hold WebSocket Messages", tags=["Fault"])
    def hold_websocket_messages(self, url: str | None = None,
                                direction: FaultDirection = FaultDirection.received) -> None:
        """Stalls the route: messages in ``direction`` wait until released.

        ``direction`` is ``received`` (the default: messages to the page, as
        when the server or the network stalls), ``sent`` (messages of the
        page) or ``both``. Held messages queue in order on each socket and
        are delivered in order by `Release WebSocket Messages`; the log
        shows how long each was held. A held message is recorded when it is
        delivered, so `Received Messages Should Not Contain` sees it missing
        while it is held. A close waits behind the held messages;
        `Drop WebSocket Connections` loses them. On a route with a
        ``protocol``, the protocol's own frames (handshake answers, pings,
        heart-beats) are held too, in order with the app's messages: a
        client whose handshake is held does not connect until released.

        When the test or suite that held the messages ends, the hold ends
        and what it held is delivered at once, in order, as a network
        delivers what it buffered when a stall ends (see `Faults and network
        conditions`). ``url`` selects the route (default: the current
        route).

        Example:
        | Hold WebSocket Messages
        | Send To Page    {"type": "price", "value": 42}
        | Received Messages Should Not Contain    {"type": "price"}    match=json
        | ${released} =    Release WebSocket Messages
        """
        self.engine.hold(url, direction)

    @keyword("Release WebSocket Messages", tags=["Fault"])
    def release_websocket_messages(self, url: str | None = None) -> int:
        """Ends `Hold WebSocket Messages` on the route: what it held is delivered, in order.

        Returns the number of messages released (0 when none was held).
        Messages that a `Set WebSocket Latency` delays still keep it. ``url``
        selects the route (default: the current route).

        Example:
        | ${released} =    Release WebSocket Messages
        | Should Be Equal As Integers    ${released}    3
        """
        count = self.engine.release(url)
        logger.info(f"Released {count} held message(s).")
        return count
