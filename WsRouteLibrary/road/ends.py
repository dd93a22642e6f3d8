"""The two ends of the road: where a passage reaches the page or the server, and is recorded."""

from __future__ import annotations

from typing import Any

from ..datatypes import EntryKind, Fate, Side
from ..model.frames import lone_surrogate, well_formed
from ..model.matching import Message
from .passage import Passage, Port, RoadSocket
from .stage import Stage

_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
_SENT, _RECEIVED, _TO_SERVER, _BLOCKED = (EntryKind.sent, EntryKind.received,
                                          EntryKind.to_server, EntryKind.blocked)


def _frames(passage: Passage) -> tuple[Message, ...]:
    return (passage.message,) if passage.frames is None else passage.frames


class PageEnd(Stage):
    """The page's wire: the page's text made well-formed on the way in; on the way out,
    sent and recorded, or recorded as not delivered to a closing socket."""

    def __init__(self, port: Port):
        self.port = port

    def toward_server(self, passage: Passage) -> Passage:
        message = passage.message
        if (passage.origin is _PAGE and isinstance(message, str) and not message.isascii()
                and lone_surrogate(message) >= 0):
            # A browser sends U+FFFD for a lone surrogate; Playwright's
            # routing hands the page's string over as it was.
            index = lone_surrogate(message)
            passage.note += (f" (the page's text had a lone surrogate "
                             f"\\u{ord(message[index]):04x} at index {index}; sent as U+FFFD, "
                             "as a browser sends it)")
            passage.message = well_formed(message)
        return passage

    def in_page(self, socket: RoadSocket) -> dict[str, Any]:
        """The page sends its own text as it is; one with a lone surrogate it leaves to
        the library (the shim's ``decide``)."""
        return {}

    def toward_page(self, passage: Passage) -> None:
        socket = passage.socket
        sender = _SERVER if passage.origin is _SERVER else _LIBRARY
        if passage.plumbing:
            if not socket.closed:
                for frame in _frames(passage):
                    self.port.send(socket, _PAGE, frame)
            return None
        if socket.page_done or (socket.closed and passage.late is None):
            # A closing WebSocket delivers no more messages: record that.
            self.port.record(socket, _BLOCKED, passage.message,
                             f"{passage.said()}; not delivered: socket closing", sender, _PAGE)
            passage.ok = False
            return None
        message, frames, port = passage.message, passage.frames, self.port
        if frames is None:
            if isinstance(message, str) and not message.isascii():
                message = passage.message = well_formed(message)  # a template filled from \ud800
            if not passage.shown:  # the page's own answer: it has the message already
                port.send(socket, _PAGE, message)
        else:
            for frame in frames:
                port.send(socket, _PAGE, frame)
        late = passage.late
        port.record(socket, _RECEIVED, message, passage.note if late is None
                    else passage.note + late, sender, _PAGE)
        return None


class ServerEnd(Stage):
    """The server's wire: forwarded and recorded; on a mocked socket, recorded as
    what nobody answered."""

    def __init__(self, port: Port):
        self.port = port

    def in_page(self, socket: RoadSocket) -> dict[str, Any] | None:
        """A mocked socket's unanswered message is only recorded: the page may say so."""
        return {} if socket.server is None and not socket.route.connected else None

    def toward_server(self, passage: Passage) -> None:
        socket = passage.socket
        server = socket.server
        if passage.plumbing:
            if server is not None and not socket.server_done:
                for frame in _frames(passage):
                    self.port.send(socket, _SERVER, frame)
            return None
        if passage.origin is not _PAGE:  # the library's own message to the server
            if server is None or socket.server_done:
                if passage.late is not None:
                    self.port.record(socket, _TO_SERVER, passage.message,
                                     f"{passage.said()}; not delivered: server side closing",
                                     _LIBRARY, _SERVER, Fate.blocked)
                passage.ok = False
                return None
            for frame in _frames(passage):
                self.port.send(socket, _SERVER, frame)
            self.port.record(socket, _TO_SERVER, passage.message, passage.said(),
                             _LIBRARY, _SERVER)
            return None
        if server is not None and not socket.server_done:
            self.port.record(socket, _SENT, passage.message,
                             passage.said("forwarded to server"), _PAGE, _SERVER)
            for frame in _frames(passage):
                self.port.send(socket, _SERVER, frame)
        elif server is not None:
            self.port.record(socket, _SENT, passage.message,
                             passage.said("not forwarded: server side closing"), _PAGE, _SERVER,
                             Fate.blocked)
        else:
            self.port.record(socket, _SENT, passage.message,
                             passage.said("no rule (mocked, not forwarded)"), _PAGE, _LIBRARY,
                             Fate.handled)
        return None
