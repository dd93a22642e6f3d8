"""The replay stage: a route's recording greets its sockets and answers the page.

The decisions are model/replay.py's; this stage sends, records and fails.
"""

from __future__ import annotations

from typing import Any

from ..datatypes import EntryKind, Fate, Side
from ..model.registry import Route
from ..model.replay import Player, Reply
from .passage import Passage, Port, RoadSocket
from .rules import Later
from .stage import Stage

_PAGE, _LIBRARY = Side.page, Side.library
# Replies due at the same moment are scheduled this far apart, so the event
# loop's timers (a heap, not first-in first-out) keep their recorded order.
_ORDER_STEP = 1e-6


class ReplayStage(Stage):
    """Answers the page's messages from the route's recording, after the rules."""

    def __init__(self, port: Port, later: Later):
        self.port = port
        self.later = later

    def opened(self, socket: RoadSocket) -> None:
        """A socket of a replaying route opened: it takes the next conversation (a
        connected protocol socket talks to its server instead)."""
        replay = socket.route.replay
        if replay is None or not socket.route.active or (
                socket.road.speaks and socket.route.connected):
            return
        player = replay.start(socket, f"#{socket.number} {socket.url}", socket.route.codec)
        self._send(socket, player.greetings())

    def acts(self, socket: RoadSocket, to: Side) -> bool:
        """Only a socket that opened while its route replayed (players start at open)."""
        return _player(socket) is not None

    def passed_by(self, passage: Passage) -> str:
        """A rule answered the page's message: the replay moves past it when it was
        the next recorded one."""
        if passage.socket.route.replay is None:  # the common case, at once
            return ""
        player = _player(passage.socket)
        if player is None:
            return ""
        added = player.pass_over(passage.message)
        return f"; {added}" if added else ""

    def toward_server(self, passage: Passage) -> Passage | None:
        """Answers a page message from the recording. A message that is not the next
        recorded one is recorded and not forwarded; with ``strict`` it fails the test."""
        if passage.origin is not _PAGE or passage.plumbing:
            return passage
        socket = passage.socket
        player = _player(socket)
        if player is None:
            return passage
        verdict = player.on_page(passage.message)
        self.port.record(socket, EntryKind.sent, passage.message, passage.said(verdict.note),
                         _PAGE, _LIBRARY, Fate.handled)
        if verdict.expected:
            self._send(socket, verdict.replies)
        elif player.replay.strict:
            self.port.fail(verdict.failure)
        return None

    def _send(self, socket: RoadSocket, replies: list[Reply]) -> None:
        """Sends replies now or, when they have a delay, as the route's delayed work."""
        for index, reply in enumerate(replies):
            if reply.delay <= 0:
                socket.road.to_page(socket, reply.payload, reply.note, self)
            else:
                self.later.send(reply.delay + index * _ORDER_STEP, socket, [reply.payload],
                                reply.note, self)


def _player(socket: RoadSocket) -> Player | None:
    """The socket's player, if its route replays and the socket opened since."""
    route: Route = socket.route
    replay = route.replay
    if replay is None or not route.active:
        return None
    return replay.players.get(socket)


def end_owner(routes: list[Route], owner: Any, parent: Any, remove: bool) -> None:
    """A test or suite ends: the replays it started go, or pass to ``parent``."""
    for route in routes:
        replay = route.replay
        if replay is not None and replay.owner is owner:
            if remove:
                route.replay = None
            else:
                replay.owner = parent
