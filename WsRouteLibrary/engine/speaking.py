"""The protocol side of the keywords: matchers, written messages and operations to push to.

The traffic of a protocol route is the road's (road/codec.py); this module
holds what the engine's keyword entry points need of a route's protocol.
It names no protocol: it asks the codec.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..datatypes import EntryKind, Side
from ..errors import InvalidInputError, ProtocolError, quote
from ..model.journal import Entry
from ..model.matching import Matcher, Message, MessageMatcher
from ..model.registry import Route
from ..protocols import Codec, ProtocolMessage
from ..protocols.matching import ProtocolMatcher
from . import waits


def route_codec(route: Route) -> type[Codec] | None:
    """The route's codec class (the model keeps it by a Protocol), None: raw frames."""
    codec = route.codec
    return codec if isinstance(codec, type) and issubclass(codec, Codec) else None


def matcher(route: Route, plain: MessageMatcher) -> MessageMatcher:
    """The matcher a keyword built, read as the route's protocol reads messages."""
    codec = route_codec(route)
    if codec is None or not isinstance(plain, Matcher):
        return plain  # raw frames, or a ProtocolMatcher already
    return ProtocolMatcher(plain, codec)


def check_written(route: Route, message: Message, direction: Side) -> None:
    """Fails at once when ``message`` is no message of the route's protocol."""
    codec = route_codec(route)
    if codec is None or isinstance(message, ProtocolMessage):
        return
    try:
        codec().written(message, direction)
    except ProtocolError as error:
        raise InvalidInputError(f"{error} (route {quote(route.text)} speaks "
                                f"{codec.name})") from None


def check_connectable(route: Route) -> None:
    """Fails at once when the route speaks a protocol and has mocked sockets open.

    The mock played the server's part of their handshakes (a session id,
    namespaces, a connection ack, a broker's session), which no server saw:
    connected now, the server would read the page's next frames as a
    protocol error, or the page would read the server's greeting as one.
    """
    codec = route_codec(route)
    mocked = [s for s in route.open_sockets() if s.server is None]
    if codec is None or not mocked:
        return
    settled = f" ({codec.handshake})" if codec.handshake else ""
    raise InvalidInputError(
        f"Cannot connect route {quote(route.text)} to the server: its {len(mocked)} open "
        f"socket(s) speak {codec.name} with the library's mock, and the library played "
        f"the server's part of their handshakes{settled}, which the server "
        "never saw. Connect To Server before the page opens its sockets (right after Route "
        "WebSocket), or close them first (e.g. Navigate To) and connect the page again.")


async def active_operations(route: Route, operation: str, timeout: float,
                            codec_of: Callable[[Any], Any],
                            can_come: Callable[[], None] | None = None) -> list[tuple]:
    """(socket, codec, id) of the route's active operations named ``operation`` (or
    with that id), waiting up to ``timeout`` for one. ``codec_of`` gives a socket's
    codec; a codec that tracks operations has ``find`` and ``operations``."""

    def codecs() -> list[tuple]:
        return [(s, codec) for s in route.open_sockets()
                if hasattr(codec := codec_of(s), "operations")]

    def found() -> list[tuple] | None:
        targets = [(s, codec, identifier) for s, codec in codecs()
                   for identifier in codec.find(operation)]
        return targets or None

    def failure() -> str:
        active = sorted({d.get("operationName") or f"id {i}" for _, codec in codecs()
                         for i, d in codec.operations.items()})
        noun = getattr(route.codec, "operation_noun", "operation")
        return (f"No {noun} {quote(operation)} was active on route "
                f"{quote(route.text)} in {waits.secs(timeout)}. Active operations: "
                f"{', '.join(active) or 'none'}.")

    def subscribed(entry: Entry) -> bool:
        return entry.kind is EntryKind.sent and found() is not None

    await waits.wait_for(route, found, subscribed, timeout, failure, can_come)
    return found() or []
