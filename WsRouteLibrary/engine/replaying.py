"""Replay on the event loop: a route's recording greets its sockets and answers the page.

Traffic calls in here at three points: a socket opens (``on_open``), a rule
answered a page message (``passed_over``), and no rule did (``on_page``).
The decisions are model/replay.py's; this module sends, records and fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..datatypes import EntryKind
from ..model.matching import Message
from ..model.replay import Player, Reply

if TYPE_CHECKING:
    from .traffic import Socket, Traffic

# Replies due at the same moment are scheduled this far apart, so the event
# loop's timers (a heap, not first-in first-out) keep their recorded order.
_ORDER_STEP = 1e-6


def on_open(traffic: Traffic, socket: Socket) -> None:
    """A socket of a replaying route opened: it takes the next conversation."""
    replay = socket.route.replay
    if replay is None or not socket.route.active:
        return
    player = replay.start(socket, f"#{socket.number} {socket.url}")
    send(traffic, socket, player.greetings())


def passed_over(socket: Socket, message: Message) -> str:
    """A rule answered ``message``: the replay moves past it when it was the next
    recorded one. Returns what the log adds to the rule's note."""
    player = _player(socket)
    if player is None:
        return ""
    added = player.pass_over(message)
    return f"; {added}" if added else ""


def on_page(traffic: Traffic, socket: Socket, message: Message, note: str = "") -> bool:
    """Answers a page message from the recording; False when the socket replays nothing.

    A message that is not the next recorded one is recorded and not
    forwarded; with ``strict`` it fails the running test.
    """
    player = _player(socket)
    if player is None:
        return False
    verdict = player.on_page(message)
    traffic.record(socket, EntryKind.sent, message, verdict.note + note)
    if verdict.expected:
        send(traffic, socket, verdict.replies)
    elif player.replay.strict:
        traffic.fail(verdict.failure)
    return True


def _player(socket: Socket) -> Player | None:
    """The socket's player, if its route replays and the socket opened since."""
    replay = socket.route.replay
    if replay is None or not socket.route.active:
        return None
    return replay.players.get(socket)


def send(traffic: Traffic, socket: Socket, replies: list[Reply]) -> None:
    """Sends replies now or, when they have a delay, as the route's delayed work."""
    for index, reply in enumerate(replies):
        if reply.delay <= 0:
            traffic.to_page(socket, reply.payload, reply.note)
        else:
            traffic.later(reply.delay + index * _ORDER_STEP, socket, [reply.payload],
                          reply.note)


def end_owner(routes: list[Any], owner: Any, parent: Any, remove: bool) -> None:
    """A test or suite ends: the replays it started go, or pass to ``parent``."""
    for route in routes:
        replay = route.replay
        if replay is not None and replay.owner is owner:
            if remove:
                route.replay = None
            else:
                replay.owner = parent
