"""The codec stage: a protocol route's frames as the messages an app knows, at both wires.

One :class:`Speech` holds each socket's codec (protocols/); it stands on
the road twice, as websockets' extensions do: :class:`PageCodec` at the
page's wire (decodes what the page sends, encodes what goes to the page)
and :class:`ServerCodec` at the server's (decodes what the server sends,
encodes what goes to it; on a mocked socket it plays the server's part of
the handshakes). App messages then go through the rules, the replay and the
journal exactly as raw frames do, as their canonical text; plumbing is
answered (mocked) or passed on (connected) and not recorded; a frame the
protocol does not allow is recorded as it came and fails the running test.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from ..datatypes import EntryKind, Fate, Side
from ..errors import ProtocolError, quote
from ..protocols.base import TO_PAGE, TO_SERVER, Codec, Frame, Invalid, Plumbing, ProtocolMessage
from .passage import Passage, Port, RoadSocket
from .stage import Stage

_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server


class Speech:
    """The protocol state of every socket on a protocol road."""

    def __init__(self, port: Port):
        self.port = port
        self.codecs: weakref.WeakKeyDictionary[Any, Codec] = weakref.WeakKeyDictionary()
        self.up: weakref.WeakSet[Any] = weakref.WeakSet()  # sockets whose app session is up

    def of(self, socket: RoadSocket) -> Codec | None:
        return self.codecs.get(socket)

    def speaks(self, passage: Passage) -> Codec | None:
        """The codec that reads ``passage``: its socket's, unless it is plumbing."""
        return None if passage.plumbing else self.codecs.get(passage.socket)

    def close_as_told(self, socket: RoadSocket, item: Plumbing | Invalid, codec: Codec) -> None:
        """A codec that plays the server closes the socket as the protocol says."""
        close = getattr(item, "close", None)
        if close is not None and socket.server is None:
            code, reason = close
            socket.road.close(socket, code, reason, f"closed by the library ({codec.name}: "
                              f"{reason})")

    def invalid(self, socket: RoadSocket, item: Invalid, codec: Codec, stage: Stage | None,
                from_page: bool) -> None:
        """A frame the protocol does not allow: recorded as it came, passed on (all
        the frames of its message) unless ``stage`` is None, and the test fails."""
        port = self.port
        frames = item.frames or (item.frame,)
        if from_page:
            forward = stage is not None and socket.server is not None and not socket.server_done
            port.record(socket, EntryKind.sent, item.frame,
                        f"{item.error}{'; forwarded to server' if forward else ''}", _PAGE,
                        _SERVER if forward else _LIBRARY, Fate.delivered if forward
                        else Fate.handled)
            if forward:
                for frame in frames:
                    socket.road.onward(stage, Passage(socket, _SERVER, _PAGE, frame,
                                                      plumbing=True))
        else:
            port.record(socket, EntryKind.received, item.frame, item.error, _SERVER, _PAGE)
            if stage is not None and not socket.closed:
                for frame in frames:
                    socket.road.onward(stage, Passage(socket, _PAGE, _SERVER, frame,
                                                      plumbing=True))
        who = "The page" if from_page else "The server"
        port.fail(f"{who} sent an {item.error} (route {quote(socket.route.text)}, "
                  f"protocol {codec.name}).")
        if stage is not None:
            self.close_as_told(socket, item, codec)


class PageCodec(Stage):
    """The codec at the page's wire."""

    def __init__(self, speech: Speech):
        self.speech = speech
        self.port = speech.port

    # ------------------------------------------------------------ sockets

    def opened(self, socket: RoadSocket) -> None:
        """The mock's greeting and heartbeat."""
        route = socket.route
        assert route.codec is not None  # a protocol road's route has its codec class
        codec = route.codec(socket.url, mocked=not route.connected)
        codec.joined(route.shared)
        self.speech.codecs[socket] = codec
        if route.connected:
            return
        for frame in codec.opening():
            socket.road.to_page(socket, frame, "", self, plumbing=True)
        beat = codec.heartbeat()
        if beat is not None:
            self.port.later(beat[0], self._beat, socket, *beat)

    def _beat(self, socket: RoadSocket, seconds: float, frame: Frame) -> None:
        if socket.closed or socket.page_done or socket.server is not None:
            return
        try:
            socket.road.to_page(socket, frame, "", self, plumbing=True)
        except Exception:  # noqa: BLE001 - the page went away: the heartbeat ends
            return
        self.port.later(seconds, self._beat, socket, seconds, frame)

    def closed(self, socket: RoadSocket) -> None:
        """What the codec still held when the socket closed (a binary event whose
        attachments never came) is recorded, and fails the test."""
        codec = self.speech.codecs.get(socket)
        if codec is None:
            return
        for item in codec.unfinished():
            if isinstance(item, Invalid):
                self.speech.invalid(socket, item, codec, None, item.direction != TO_PAGE)

    # ------------------------------------------------------------ the road

    def toward_server(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        codec = self.speech.speaks(passage)
        if codec is None:
            return passage
        road = socket.road
        if passage.origin is _PAGE:
            for item in codec.from_page(passage.message):
                if isinstance(item, ProtocolMessage):
                    road.onward(self, _like(passage, item))
                elif isinstance(item, Plumbing):
                    self._plumbing(socket, item, codec)
                else:
                    self.speech.invalid(socket, item, codec, self, from_page=True)
            return None
        message = passage.message
        messages = ([message] if isinstance(message, ProtocolMessage)
                    else codec.written(message, TO_SERVER))
        for each in messages:
            road.onward(self, _like(passage, each))
        return None

    def _plumbing(self, socket: RoadSocket, item: Plumbing, codec: Codec) -> None:
        road = socket.road
        if socket.server is not None:
            if not socket.server_done:
                for part in item.frames:
                    road.onward(self, Passage(socket, _SERVER, _PAGE, part, plumbing=True))
        elif not socket.closed:
            for part in item.answer:
                road.to_page(socket, part, "", self, plumbing=True)
        if item.back and not socket.closed:  # the library's own part, on every route
            for part in item.back:
                road.to_page(socket, part, "", self, plumbing=True)
        self.speech.close_as_told(socket, item, codec)

    def toward_page(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        codec = self.speech.speaks(passage)
        if codec is None:
            return passage
        message = passage.message
        if isinstance(message, ProtocolMessage):
            return self._encode(passage, message, codec)
        answering = passage.answering
        try:
            written = codec.written(
                message, TO_PAGE, answering if isinstance(answering, ProtocolMessage) else None)
        except ProtocolError as error:
            route = quote(socket.route.text)
            if answering is not None:  # a rule's reply
                self.port.fail(f"{error} (reply {quote(str(message)[:80])} on route {route}, "
                               f"protocol {codec.name}) ({passage.note} on route {route})")
            else:
                self.port.fail(f"{error} (route {route}, protocol {codec.name})")
            passage.ok = False
            return None
        ok = True
        for each in written:
            following = self._encode(_like(passage, each), each, codec)
            if following is not None:
                ok = socket.road.onward(self, following) and ok
        passage.ok = ok
        return None

    def _encode(self, passage: Passage, message: ProtocolMessage, codec: Codec
                ) -> Passage | None:
        """Frames for ``message``, the passage's message."""
        passage.frames = tuple(codec.carry(message, TO_PAGE))
        socket = passage.socket
        if socket in self.speech.up or not codec.starts_session(message):
            return passage
        # The app's session opens with this message: `Send On Open` follows it.
        socket.road.onward(self, passage)
        self.speech.up.add(socket)
        socket.road.session_started(socket)
        return None


class ServerCodec(Stage):
    """The codec at the server's wire; on a mocked socket, the server's handshakes."""

    def __init__(self, speech: Speech):
        self.speech = speech
        self.port = speech.port

    def toward_server(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        codec = self.speech.speaks(passage)
        if codec is None:
            return passage
        message = passage.message
        assert isinstance(message, ProtocolMessage)  # the page codec made it one
        if socket.server is None:
            if passage.origin is not _PAGE:
                return passage
            answers = codec.default_answer(message)
            if not answers:
                return passage
            self.port.record(socket, EntryKind.sent, message,
                             passage.said("answered by the library"), _PAGE, _LIBRARY,
                             Fate.handled)
            for answer in answers:
                socket.road.to_page(socket, answer, f"{codec.name} handshake (library)", self)
            return None
        passage.frames = tuple(codec.carry(message, TO_SERVER))
        return passage

    def toward_page(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        codec = self.speech.speaks(passage)
        if codec is None or passage.origin is not _SERVER:
            return passage
        road = socket.road
        for item in codec.from_server(passage.message):
            if isinstance(item, ProtocolMessage):
                road.onward(self, _like(passage, item))
                self._back(socket, codec.settled(item))
            elif isinstance(item, Plumbing):
                if not socket.closed:
                    for part in item.frames:
                        road.onward(self, Passage(socket, _PAGE, _SERVER, part, plumbing=True))
                self._back(socket, item.back)
            else:
                self.speech.invalid(socket, item, codec, self, from_page=False)
        return None

    def _back(self, socket: RoadSocket, frames: Sequence[Frame]) -> None:
        """The library's own frames to the server (its part of a handshake)."""
        if frames and socket.server is not None and not socket.server_done:
            for part in frames:
                socket.road.onward(self, Passage(socket, _SERVER, _LIBRARY, part,
                                                 plumbing=True))


def _like(passage: Passage, message: Any) -> Passage:
    """A passage for ``message`` going the same way, from the same sender, as ``passage``."""
    made = Passage(passage.socket, passage.to, passage.origin, message, passage.note)
    made.late = passage.late
    made.answering = passage.answering
    return made
