"""Protocols spoken over a routed WebSocket, by name: the registry ``protocol=NAME`` picks from.

Each protocol is one module with a ``Codec`` subclass (see ``base.py``);
adding one (STOMP, SignalR, Phoenix channels) means writing that module and
listing its class in ``CODECS`` here. A protocol whose clients make HTTP
side-requests first (Socket.IO's long-polling) also names the transport that
answers them in ``TRANSPORTS``: a class taking the engine's shell, with a
``pattern`` of the requests it answers, ``handle(route)`` for Playwright's
HTTP routing and ``adopt(ws, route)`` for a WebSocket that takes over one of
its sockets.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidInputError, ProtocolError, quote
from .base import Codec, Invalid, Plumbing, ProtocolMessage
from .engineio import EngineIO
from .graphqlws import GraphQLWsCodec
from .socketio import SocketIOCodec

CODECS: dict[str, type[Codec]] = {codec.name: codec for codec in (SocketIOCodec, GraphQLWsCodec)}
TRANSPORTS: dict[type[Codec], type[Any]] = {SocketIOCodec: EngineIO}
# Other names people use for the same protocols.
ALIASES = {"socketio": "socket.io", "graphql-transport-ws": "graphql-ws"}


def codec_class(name: str | None) -> type[Codec] | None:
    """The codec for a protocol name (None, '' or 'none': raw frames), or a clear error."""
    if name is None or str(name).strip().lower() in ("", "none"):
        return None
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in CODECS:
        raise InvalidInputError(
            f"Protocol {quote(str(name))} is not supported. Use {' or '.join(CODECS)}, or "
            "None for raw frames."
        )
    return CODECS[key]


def transport_for(codec: type[Codec] | None) -> type[Any] | None:
    """The transport that answers a protocol's HTTP side-requests, if it has one."""
    return TRANSPORTS.get(codec) if codec is not None else None


__all__ = ["CODECS", "TRANSPORTS", "Codec", "Invalid", "Plumbing", "ProtocolError",
           "ProtocolMessage", "codec_class", "transport_for"]
