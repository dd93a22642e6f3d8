"""HAR files as we write them: one WebSocket entry per routed socket, in DevTools' shape.

Chrome DevTools' Network panel imports them and `Replay WebSocket Traffic`
replays them; ``sockets_from_journal`` turns a route's journal into what
the writer needs.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ..datatypes import EntryKind, Side
from .matching import Message

TEXT, BINARY = 1, 2


@dataclass
class SocketTraffic:
    """A socket's journal as the HAR writer needs it; times from ``time.monotonic()``."""

    number: int
    url: str
    opened: float | None
    closed: float | None = None
    mocked: bool = False
    messages: list[tuple[bool, Message, float]] = field(default_factory=list)  # (sent, ...)


def build_har(sockets: Sequence[SocketTraffic], offset: float, creator: str,
              version: str) -> dict[str, Any]:
    """A HAR 1.2 document with one WebSocket entry per socket, oldest first.

    ``offset`` turns a monotonic time into seconds since the epoch
    (``time.time() - time.monotonic()`` taken once).
    """
    entries = [_entry(socket, offset) for socket in sockets]
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": creator, "version": version},
            "pages": [],
            "entries": entries,
        }
    }


def _entry(socket: SocketTraffic, offset: float) -> dict[str, Any]:
    times = [t for _, _, t in socket.messages]
    start = socket.opened if socket.opened is not None else min(times, default=0.0)
    end = max([start, *times, *([socket.closed] if socket.closed is not None else [])])
    entry: dict[str, Any] = {
        "startedDateTime": _iso(start + offset),
        "time": round((end - start) * 1000, 3),
        "request": {
            "method": "GET",
            "url": socket.url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 101,
            "statusText": "Switching Protocols",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": "x-unknown"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 0,
        },
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 0,
                    "receive": 0},
        "_resourceType": "websocket",
        "_webSocketMessages": [_message(sent, payload, moment + offset)
                               for sent, payload, moment in socket.messages],
    }
    if socket.mocked:
        entry["comment"] = "mocked by WsRouteLibrary: no server took part"
    return entry


def _message(sent: bool, payload: Message, time: float) -> dict[str, Any]:
    binary = isinstance(payload, bytes)
    return {
        "type": "send" if sent else "receive",
        "time": round(time, 6),
        "opcode": BINARY if binary else TEXT,
        "data": (base64.b64encode(payload).decode("ascii") if isinstance(payload, bytes)
                 else payload),
    }


def _iso(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def sockets_from_journal(entries: Iterable[Any]) -> list[SocketTraffic]:
    """A route's journal entries grouped by socket, oldest socket first.

    Only what the page saw counts: messages it sent and messages it
    received; messages the library held back or sent to the server do not.
    """
    sockets: dict[int, SocketTraffic] = {}
    server_seen: set[int] = set()
    for entry in entries:
        socket = sockets.get(entry.socket_number)
        if socket is None:
            socket = sockets[entry.socket_number] = SocketTraffic(entry.socket_number, entry.url,
                                                                  None)
        kind = entry.kind
        if kind is EntryKind.open:
            socket.opened = entry.time
            socket.mocked = entry.receiver is Side.library  # no server took it
        elif kind is EntryKind.close:
            socket.closed = entry.time
        elif kind is EntryKind.sent or kind is EntryKind.received:
            socket.messages.append((kind is EntryKind.sent, entry.payload, entry.time))
            if entry.sender is Side.server or entry.receiver is Side.server:
                server_seen.add(entry.socket_number)
    for number in server_seen:
        sockets[number].mocked = False
    return sorted(sockets.values(), key=lambda s: s.number)
