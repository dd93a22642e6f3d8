"""The codec seam: what a protocol module gives the library, and the pieces it hands back.

A *codec* sits on one routed socket and translates between WebSocket frames
and the messages an app knows (Socket.IO events, GraphQL operations). It is
pure Python: no Playwright, no Robot Framework, no event loop. The traffic
code asks it four things:

- ``opening()``: frames the library sends the page when the socket opens
  and the library plays the server (a mocked route), e.g. Engine.IO's open
  packet.
- ``from_page(frame)`` / ``from_server(frame)``: what a frame carries, as a
  list of items: a :class:`ProtocolMessage` (an app message, with the
  frames that carried it), :class:`Plumbing` (the protocol's own
  housekeeping, with the answer the library gives when it plays the other
  side) or :class:`Invalid` (a frame the protocol does not allow). An
  empty list means the frame is part of a message still being assembled
  (a binary attachment).
- ``written(text, direction, answering)``: messages from what a tester
  wrote in a suite (a reply, `Send To Page`), in the protocol's own
  shorthand; ``answering`` is the message a rule matched, so a reply can
  answer it (an acknowledgement, a result of that operation).
- ``encode(message, direction)``: the frames that carry a message.

- ``unfinished()``: called once when the socket closes: an :class:`Invalid`
  for each message still being assembled (a binary event whose
  attachments never came), so no frame the page sent is lost.

Plus, for a mocked route, ``default_answer(message)`` (what a server would
say to a handshake no rule handles), ``heartbeat()`` (a ping the server
sends on its own schedule) and ``starts_session(message)`` (the message
after which the app is ready for the route's `Send On Open` messages).
For a connected route, ``settled(message)``: frames the library sends the
server once a message of the server's went its way (a STOMP ``ACK`` of a
``MESSAGE`` a rule dropped). ``joined(shared)``: the route's state, which
outlives one socket (a mock broker's retained messages).

A codec never raises on what comes over the wire: every frame, however
broken (not JSON, nested 100,000 deep, numbers of thousands of digits,
digits that are not ASCII), gives items, and a bad one an :class:`Invalid`
whose ``error`` names the frame (quoted with :func:`shown`) and what is
wrong. What a tester writes (``written``, ``document``) fails with a
:class:`ProtocolError` saying the same. JSON is read with
:func:`load_json`, as JavaScript's ``JSON.parse`` reads it.

*Closing as the protocol says.* A codec is pure: when the protocol says the
side the library plays closes the socket (graphql-ws closes with 4401
*Unauthorized* on a ``subscribe`` before the connection was acknowledged),
the item says so in its ``close`` field, ``(code, reason)``, and the
traffic code closes the page's socket with that code and reason after it
has recorded the item and answered it. Codecs set ``close`` only where the
library plays the server (``mocked``); on a connected route the real
server decides, and ``close`` is None.

A message is shown, recorded and matched as its *canonical text*: JSON of
a document (a dict) whose keys say what it is, e.g. Socket.IO's
``{"event": "chat", "args": ["hi"], "namespace": "/"}``. So every match
mode and template of the library works on it unchanged.

A new protocol is one new module with a :class:`Codec` subclass, listed in
``protocols/__init__.py``'s registry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from ..datatypes import Side
from ..errors import ProtocolError, quote
from ..model.har import Conversation, RecordedMessage
from ..model.jsontext import MAX_DEPTH, load_json

Frame = Union[str, bytes]
# A message's document: the JSON object its canonical text is.
Document = dict[str, Any]

# Which side a message goes to or comes from, as the codec sees it.
TO_PAGE = Side.page
TO_SERVER = Side.server


# Made once: json.dumps with other than default options builds an encoder per call.
_canonical = json.JSONEncoder(ensure_ascii=False).encode
compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical(document: Any) -> str:
    """A document's canonical text: JSON in the document's key order, readable spacing."""
    return _canonical(document)


class ProtocolMessage(str):
    """An app message: its canonical text, plus the document and the frames.

    Nobody changes a message's document once it is made: codecs may hand the
    same document to several messages (the same frame, the same reply).

    It is a ``str`` (the canonical text), so the journal, the log, waits and
    matchers treat it as a text message. ``frames`` are the frames that
    carry it: those it came in when it was decoded from the wire (forwarded
    as they are), or those a codec encoded already; empty: encode when sent.
    """

    document: Document
    frames: tuple[Frame, ...]

    def __new__(cls, document: Document, frames: tuple[Frame, ...] | list[Frame] = (),
                text: str | None = None
                ) -> ProtocolMessage:
        message = super().__new__(cls, canonical(document) if text is None else text)
        message.document = document
        message.frames = tuple(frames)
        return message


@dataclass
class Plumbing:
    """Protocol housekeeping (pings, probes, upgrades): never an app message.

    ``frames`` are the frames as they came (forwarded as they are on a
    connected route); ``answer`` the frames the library sends back to the
    same side when it plays the other side itself (on a mocked route; a
    connected route ignores it); ``note`` says what it was; ``close``,
    ``(code, reason)``: then the library closes the page's socket so (see the
    module's docstring); ``back`` the frames sent back to the side the item
    came from on every route, connected ones too: the library's own part of
    a handshake with that side (MQTT acknowledges a broker's publish itself,
    whatever a rule does with it).
    """

    frames: Sequence[Frame] = field(default_factory=list)
    answer: Sequence[Frame] = field(default_factory=list)
    note: str = ""
    close: tuple[int, str] | None = None
    back: Sequence[Frame] = field(default_factory=list)


@dataclass
class Invalid:
    """A frame the protocol does not allow, with the reason.

    ``frame`` is the frame the journal records; ``frames``, when a message of
    several frames is invalid (a binary event whose attachments never all
    came), all of them, ``frame`` first. ``close``, ``(code, reason)``: the
    library, playing the server, closes the page's socket so, as the
    protocol says a server does (see the module's docstring). ``direction``,
    set on the items of ``unfinished()``: ``TO_SERVER`` when the page sent
    the frames, ``TO_PAGE`` when the server did.
    """

    frame: Frame
    error: str
    close: tuple[int, str] | None = None
    frames: tuple[Frame, ...] = ()
    direction: Side | None = None


Item = Union[ProtocolMessage, Plumbing, Invalid]


class Memo(dict[Any, Any]):
    """A small cache of what a codec worked out for a recurring text (a frame, a
    reply): traffic repeats itself, so most messages are worked out once."""

    def __init__(self, size: int = 512):
        super().__init__()
        self.size = size

    def keep(self, key: Any, value: Any) -> Any:
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value


class Codec:
    """One socket's protocol state. Subclasses implement one protocol each.

    ``name`` is what ``Route WebSocket    protocol=NAME`` says;
    ``subprotocol`` the WebSocket subprotocol the protocol runs on, if any;
    ``ignored_unless_written`` the document keys that ``match=exact``
    compares only when the tester wrote them (ids the app picks itself);
    ``defaults`` the values ``match=exact`` assumes for keys left out;
    ``handshake`` what the mock's part of the handshake settles (the words
    of `Connect To Server`'s refusal on a route with mocked sockets open).
    """

    name: ClassVar[str] = ""
    subprotocol: ClassVar[str | None] = None
    ignored_unless_written: ClassVar[frozenset[str]] = frozenset()
    defaults: ClassVar[Document] = {}
    example: ClassVar[str] = ""
    handshake: ClassVar[str] = ""
    # (key, asks): the field of the ids the page picks, which a replay maps (model/correlation.py).
    correlation: ClassVar[tuple[str, str | None] | None] = None

    def __init__(self, url: str = "", mocked: bool = True):
        self.url = url
        self.mocked = mocked
        self.shared: dict[str, Any] = {}

    def joined(self, shared: dict[str, Any]) -> None:
        """The route's state, ``shared`` by its sockets' codecs while the route lives: what
        outlives one socket (a mock broker's retained messages) is kept there."""
        self.shared = shared

    @classmethod
    def recorded_decoded(cls, document: Any) -> bool:
        """Whether a recorded payload (``document``: it read as JSON, else None) is
        already one of this protocol's messages, as a protocol route saves them,
        rather than a frame as a browser records it."""
        return False

    # -------------------------------------------------------- the wire

    def opening(self) -> list[Frame]:
        """Frames the page gets when its socket opens on a mocked route."""
        return []

    def from_page(self, frame: Frame) -> list[Item]:
        """What a frame the page sent is: messages, plumbing, invalid frames."""
        return self.decode(frame, TO_SERVER)

    def from_server(self, frame: Frame) -> list[Item]:
        """What a frame the server sent is."""
        return self.decode(frame, TO_PAGE)

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        """A frame going ``direction`` as items: the one method a codec writes for
        both :meth:`from_page` and :meth:`from_server` (or it overrides those)."""
        raise NotImplementedError

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        raise NotImplementedError

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        """What a server says to a page message no rule handled (mocked routes)."""
        return []

    def starts_session(self, message: ProtocolMessage) -> bool:
        """Whether ``message`` (to the page) opens the app's session, after which
        `Send On Open` messages go: a Socket.IO connect, graphql-ws's connection_ack."""
        return False

    def heartbeat(self) -> tuple[float, Frame] | None:
        """``(seconds, frame)``: a ping the mocked server sends every so often."""
        return None

    def unfinished(self) -> list[Item]:
        """Called when the socket closes: an :class:`Invalid` for each message
        still being assembled, with its frames so far (none by default)."""
        return []

    def carry(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        """The frames for ``message``: those it came in, or newly encoded ones."""
        return list(message.frames) if message.frames else self.encode(message, direction)

    def settled(self, message: ProtocolMessage) -> list[Frame]:
        """Frames the library sends the server once ``message``, the server's, went its
        way on a connected road (to the page, or taken by a rule): e.g. its acknowledgement
        when the page never got it (stomp_acks.py)."""
        return []

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> Document:
        """A document from what a tester wrote to match with (no defaults filled)."""
        raise NotImplementedError

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        """Messages to send from what a tester wrote (a reply, `Send To Page`)."""
        raise NotImplementedError

    @classmethod
    def exact(cls, written: Document, actual: Document) -> bool:
        """``match=exact``: equal as JSON; defaults fill keys left out; some ids
        are compared only when written."""
        expected = {**cls.defaults, **written}
        for key, value in expected.items():
            if actual.get(key, cls.defaults.get(key, _MISSING)) != value:
                return False  # the quick no, before the exact comparison
        compared = {k: v for k, v in actual.items()
                    if k in expected or k not in cls.ignored_unless_written}
        for key, value in cls.defaults.items():
            compared.setdefault(key, value)
        return _same(compared, expected)


_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    """JSON equality that tells ``true`` from ``1``."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def parse_json(text: str, what: str, example: str) -> Any:
    """JSON from a tester's text, or an error naming it and showing an example."""
    try:
        return load_json(text, f"{what} {clip(text)}")
    except ProtocolError as error:
        raise ProtocolError(f"{error}. Write it as e.g. {example}.") from None


def parse_object(text: str, what: str, example: str, shown_example: str | None = None
                 ) -> dict[str, Any]:
    """A JSON object from a tester's text, or an error naming it and showing an example
    (``shown_example``, when the error after a non-object should show another)."""
    value = parse_json(text, what, example)
    if not isinstance(value, dict):
        raise ProtocolError(f"{what} {clip(text)} must be a JSON object, e.g. "
                            f"{shown_example or example}.")
    return value


def clip(text: str, limit: int = 80) -> str:
    """A text quoted for a message, cut after ``limit`` characters."""
    return quote(text if len(text) <= limit else text[:limit] + "...")


def shown(frame: Frame, limit: int = 80) -> str:
    """A frame as an error message shows it: text quoted, control characters escaped."""
    if isinstance(frame, bytes):
        more = " ..." if len(frame) > limit // 2 else ""
        return f"bytes[{len(frame)}] {frame[: limit // 2].hex(' ')}{more}"
    return clip(frame, limit)


def close_reason(reason: str, fallback: str) -> str:
    """``reason`` if a close frame can carry it (123 bytes of UTF-8), else ``fallback``."""
    try:
        fits = len(reason.encode("utf-8")) <= 123
    except UnicodeEncodeError:  # a lone surrogate
        fits = False
    return reason if fits else fallback


# What the protocol modules, the keywords and plug-ins take from here (the
# JSON reader lives in model/jsontext.py, below the contracts too).
__all__ = ["MAX_DEPTH", "TO_PAGE", "TO_SERVER", "Codec", "Document", "Frame", "Invalid", "Item",
           "Memo", "Plumbing", "ProtocolError", "ProtocolMessage", "canonical", "clip",
           "close_reason", "compact", "load_json", "parse_json", "parse_object", "shown"]


def recorded_document(payload: Any) -> Any:
    """A recorded payload read as JSON when it is a JSON object's text, else None."""
    if not isinstance(payload, str) or payload.lstrip()[:1] != "{":
        return None
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def decode_recording(conversation: Conversation, codec: type[Codec]) -> Conversation:
    """A recorded conversation as a protocol route records it: frames as a browser
    records them (``42["chat",...]``) decoded into the protocol's messages,
    plumbing (open packets, pings, probes) left out. A message already decoded
    (saved on a protocol route), and one that is no frame of the protocol, stay
    as recorded; each keeps its time and its place in the file."""
    reader = codec(conversation.url, mocked=False)
    decoded = Conversation(conversation.number, conversation.url, conversation.started,
                           entry=conversation.entry, attached=conversation.attached)
    for message in conversation.messages:
        items: list[Any] = [message.payload]
        if not codec.recorded_decoded(recorded_document(message.payload)):
            read = reader.from_page if message.sent else reader.from_server
            try:
                items = read(message.payload)
            except ProtocolError:
                items = [Invalid(message.payload, "frame")]
            if any(isinstance(item, Invalid) for item in items):
                items = [message.payload]
        for item in items:
            if isinstance(item, (str, bytes)):  # a message (not plumbing)
                payload = str(item) if isinstance(item, ProtocolMessage) else item
                decoded.messages.append(RecordedMessage(
                    len(decoded.messages) + 1, message.sent, payload, message.time,
                    message.index))
    for left in reader.unfinished():  # a packet the recording ends in the middle of
        if isinstance(left, Invalid):
            decoded.messages.append(RecordedMessage(
                len(decoded.messages) + 1, left.direction == TO_SERVER, left.frame, None))
    return decoded

