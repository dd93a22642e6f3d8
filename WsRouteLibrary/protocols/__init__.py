"""Protocols spoken over a routed WebSocket, by name: the registry ``protocol=NAME`` picks from.

Each protocol is one module with a ``Codec`` subclass (see ``base.py``);
adding one means writing that module and a line in ``REGISTRY`` here. A
protocol whose clients make HTTP side-requests first (Socket.IO's
long-polling, SockJS's ``info``) also names the transport that answers
them: a class taking the engine's shell, with a ``pattern`` of the
requests it answers, ``handle(route)`` for Playwright's HTTP routing and
``adopt(ws, route)`` for a WebSocket that takes over one of its sockets.
The protocol's keywords are a ``ProtocolPlugin`` in ``keywords/``.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidInputError, ProtocolError, quote
from .base import Codec, Invalid, Plumbing, ProtocolMessage
from .engineio import EngineIO
from .graphqlws import GraphQLWsCodec
from .mqtt import MqttCodec
from .negotiate import Negotiate
from .phoenix import PhoenixCodec
from .signalr import SignalRCodec
from .socketio import SocketIOCodec
from .sockjs import SockJS
from .stomp import StompCodec

# One line a protocol: its codec, and the transport of its clients' HTTP
# side-requests (None: it has none).
REGISTRY: tuple[tuple[type[Codec], type[Any] | None], ...] = (
    (SocketIOCodec, EngineIO),
    (GraphQLWsCodec, None),
    (StompCodec, SockJS),
    (MqttCodec, None),
    (SignalRCodec, Negotiate),
    (PhoenixCodec, None),
)
CODECS: dict[str, type[Codec]] = {codec.name: codec for codec, _ in REGISTRY}
TRANSPORTS: dict[type[Codec], type[Any]] = {codec: transport for codec, transport in REGISTRY
                                            if transport is not None}
# Other names people use for the same protocols.
ALIASES = {"socketio": "socket.io", "graphql-transport-ws": "graphql-ws"}


class Protocols:
    """The protocols one library instance speaks: the built-in ones and its plug-ins'."""

    def __init__(self) -> None:
        self.codecs: dict[str, type[Codec]] = dict(CODECS)
        self.transports: dict[type[Codec], type[Any]] = dict(TRANSPORTS)

    def codec(self, name: str | None) -> type[Codec] | None:
        """The codec for a protocol name (None, '' or 'none': raw frames), or a clear
        error."""
        if name is None or str(name).strip().lower() in ("", "none"):
            return None
        key = str(name).strip().lower()
        key = ALIASES.get(key, key)
        if key not in self.codecs:
            raise InvalidInputError(
                f"Protocol {quote(str(name))} is not supported. Use "
                f"{' or '.join(self.codecs)}, or None for raw frames."
            )
        return self.codecs[key]

    def register(self, codec: type[Codec], transport: type[Any] | None = None) -> None:
        """Adds a plug-in's protocol (`plugins=` of the library's import), by its codec's
        ``name``; a name already taken by another protocol is an error."""
        name = getattr(codec, "name", "")
        if not (isinstance(codec, type) and issubclass(codec, Codec)) or not name:
            raise InvalidInputError(
                f"Protocol plug-in codec {codec!r} is not a Codec subclass with a name. "
                "Subclass WsRouteLibrary.protocols.base.Codec and set name = 'my-protocol'."
            )
        key = name.strip().lower()
        known = self.codecs.get(ALIASES.get(key, key))
        if known is not None and known is not codec:
            raise InvalidInputError(
                f"Protocol {quote(name)} of plug-in codec {codec.__name__} is already "
                f"{known.__module__}.{known.__name__}'s. Give the plug-in's codec another name."
            )
        self.codecs[key] = codec
        if transport is not None:
            self.transports[codec] = transport

    def transport(self, codec: type[Codec] | None) -> type[Any] | None:
        """The transport that answers a protocol's HTTP side-requests, if it has one."""
        return self.transports.get(codec) if codec is not None else None


def codec_class(name: str | None) -> type[Codec] | None:
    """The built-in codec for a protocol name (see :meth:`Protocols.codec`)."""
    return Protocols().codec(name)


__all__ = ["CODECS", "TRANSPORTS", "Codec", "Invalid", "Plumbing", "ProtocolError",
           "ProtocolMessage", "Protocols", "codec_class"]
