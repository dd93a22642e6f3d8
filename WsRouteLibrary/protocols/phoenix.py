"""Phoenix Channels: serializer v2 (``vsn=2.0.0``), as the ``phoenix`` JavaScript client speaks it.

Wire format: every text frame is a JSON array ``[join_ref, ref, topic,
event, payload]``. The page joins a channel with ``phx_join`` (its ``ref``
is the channel's ``join_ref`` from then on), pushes events to it, and
leaves with ``phx_leave``; the server answers a join, a leave or a push with
``phx_reply`` under the same refs, payload ``{"status": "ok" | "error",
"response": ...}``, and sends events of its own (``join_ref`` of the
channel, ``ref`` null), ``phx_error`` and ``phx_close``. The socket's
heartbeat is ``heartbeat`` on topic ``phoenix``, answered with an ``ok``
``phx_reply``. Binary frames (v2's binary payloads) are not supported.

Documents (the canonical text of each message is their JSON):
``{"topic": "room:lobby", "event": "new_msg", "payload": {...}, "ref": "3",
"join_ref": "1"}``; refs the wire leaves null are left out. A join is
``"event": "phx_join"``, a reply ``"event": "phx_reply"`` with the payload
``{"status": "ok", "response": {...}}``.

The codec keeps the channels the page joined (by ``join_ref``): a join
counts from the moment the page asks, and ends when it is refused (a
``phx_reply`` whose status is not ok), left, closed or errored. Heartbeats
are plumbing; joins and leaves are answered ``ok`` by default (mocked).
"""

from __future__ import annotations

import itertools
from typing import Any

from ..datatypes import Side
from ..errors import ProtocolError
from .base import (
    TO_SERVER,
    Codec,
    Frame,
    Invalid,
    Item,
    Plumbing,
    ProtocolMessage,
    clip,
    compact,
    load_json,
    parse_object,
    shown,
)

HEARTBEAT_TOPIC = "phoenix"
JOIN, LEAVE, REPLY, CLOSE, ERROR = "phx_join", "phx_leave", "phx_reply", "phx_close", "phx_error"
EXAMPLE = ('{"status": "ok", "response": {}} (a reply) or {"topic": "room:lobby", "event": '
           '"new_msg", "payload": {"body": "hi"}}')
_refs = itertools.count(1)


class PhoenixCodec(Codec):
    """One socket speaking Phoenix Channels' v2 serializer."""

    name = "phoenix"
    ignored_unless_written = frozenset({"ref", "join_ref"})
    defaults = {"payload": {}}
    example = EXAMPLE
    handshake = "channel joins, refs"
    operation_noun = "joined Phoenix channel"  # what Push Phoenix Event's failure calls them

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        self.channels: dict[str, str] = {}  # join_ref -> topic, of the channels joined

    # -------------------------------------------------------- the wire

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        try:
            return [self._message(frame, direction)]
        except ProtocolError as error:
            return [Invalid(frame, f"invalid Phoenix frame {shown(frame)}: {error}")]

    def _message(self, frame: Frame, direction: Side) -> Item:
        if isinstance(frame, bytes):
            raise ProtocolError("binary frames (serializer v2's binary payloads) are not "
                                "supported; send JSON text")
        wire = load_json(frame)
        if not isinstance(wire, list) or len(wire) != 5:
            raise ProtocolError("a message is a JSON array [join_ref, ref, topic, event, "
                                "payload]")
        join_ref, ref, topic, event, payload = wire
        for name, value in (("join_ref", join_ref), ("ref", ref)):
            if value is not None and not isinstance(value, str):
                raise ProtocolError(f"{name} must be a text or null, not {clip(str(value))}")
        if not isinstance(topic, str) or not topic:
            raise ProtocolError("the topic must be a non-empty text")
        if not isinstance(event, str) or not event:
            raise ProtocolError("the event must be a non-empty text")
        if topic == HEARTBEAT_TOPIC and event in ("heartbeat", REPLY):
            answer = []
            if event == "heartbeat" and direction == TO_SERVER:
                answer = [compact([None, ref, HEARTBEAT_TOPIC, REPLY,
                                   {"status": "ok", "response": {}}])]
            return Plumbing([frame], answer, event)
        document = _document(topic, event, payload, ref, join_ref)
        _check(document)
        self._track(document, direction)
        return ProtocolMessage(document, [frame])

    def _track(self, document: dict[str, Any], direction: Side) -> None:
        """Which channels are joined, from a message on its way."""
        event, join_ref = document["event"], document.get("join_ref")
        if direction == TO_SERVER:
            if event == JOIN and document.get("ref"):
                self.channels[document["ref"]] = document["topic"]
            elif event == LEAVE and join_ref:
                self.channels.pop(join_ref, None)
            return
        status = document["payload"].get("status") if isinstance(document["payload"],
                                                                 dict) else None
        if event == REPLY and status != "ok" and join_ref and document.get("ref") == join_ref:
            self.channels.pop(join_ref, None)  # a refused join
        elif event in (CLOSE, ERROR) and join_ref:
            self.channels.pop(join_ref, None)

    def carry(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        self._track(message.document, direction)
        return super().carry(message, direction)

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        document = message.document
        return [compact([document.get("join_ref"), document.get("ref"), document["topic"],
                         document["event"], document.get("payload", {})])]

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        document = message.document
        if document.get("event") in (JOIN, LEAVE) and document.get("ref"):
            return [_reply(document, {"status": "ok", "response": {}})]
        return []

    def starts_session(self, message: ProtocolMessage) -> bool:
        """The socket is up when it opens: a join is the app's first message."""
        return False

    # ------------------------------------------------- joined channels

    @property
    def operations(self) -> dict[str, dict[str, Any]]:
        """The joined channels, as `Push Phoenix Event` finds them (join_ref -> topic)."""
        return {join_ref: {"operationName": topic} for join_ref, topic in self.channels.items()}

    def find(self, topic: str) -> list[str]:
        """The join_refs of the joined channels of ``topic``."""
        return [join_ref for join_ref, joined in self.channels.items() if joined == topic]

    def event(self, join_ref: str, event: str, payload: Any) -> ProtocolMessage:
        """An event the server pushes to the joined channel ``join_ref``."""
        return ProtocolMessage(_document(self.channels.get(join_ref, ""), event, payload, None,
                                         join_ref))

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> dict[str, Any]:
        return parse_object(text, "Phoenix message", '{"topic": "room:lobby", "event": "new_msg"}')

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(f"Phoenix messages are written as JSON text, e.g. {EXAMPLE}.")
        value = parse_object(text, "Phoenix message", EXAMPLE)
        asked = answering.document if answering is not None else {}
        if "event" not in value:
            if "status" not in value:
                raise ProtocolError(
                    f"Phoenix message {clip(text)} is neither a reply ({{\"status\": \"ok\", "
                    '"response": ...}) nor an event ({"event": ..., "payload": ...}). Write '
                    f"e.g. {EXAMPLE}.")
            if not asked.get("ref"):
                raise ProtocolError(
                    f"Phoenix reply {clip(text)} answers no push: "
                    + ("the matched message has no ref to reply to." if asked else
                       "only a rule's reply answers the message it matched; elsewhere write "
                       'the whole phx_reply ({"topic": ..., "event": "phx_reply", "ref": ..., '
                       '"payload": {"status": "ok", "response": {}}}).'))
            payload = {"status": value["status"], "response": value.get("response", {})}
            messages = [_reply(asked, payload)]
        else:
            messages = [self._event(value, asked, direction)]
        for message in messages:
            try:
                _check(message.document)
            except ProtocolError as error:
                raise ProtocolError(f"Phoenix message {clip(text)}: {error}. Write e.g. "
                                    f"{EXAMPLE}.") from None
        return messages

    def _event(self, value: dict[str, Any], asked: dict[str, Any], direction: Side
               ) -> ProtocolMessage:
        topic = value.get("topic", asked.get("topic"))
        if topic is None:
            raise ProtocolError(f'Phoenix event {clip(compact(value))} names no "topic": give '
                                'one, e.g. {"topic": "room:lobby", "event": "new_msg"}.')
        join_ref = value.get("join_ref")
        if join_ref is None and "join_ref" not in value:
            if asked.get("topic") == topic and asked.get("join_ref"):
                join_ref = asked["join_ref"]
            else:
                join_ref = next((r for r, t in self.channels.items() if t == topic), None)
        ref = value.get("ref")
        if ref is None and direction == TO_SERVER:
            ref = f"wsroute-{next(_refs)}"  # the server replies under it
        return ProtocolMessage(_document(topic, value["event"], value.get("payload", {}), ref,
                                         join_ref))


def _document(topic: Any, event: Any, payload: Any, ref: Any, join_ref: Any) -> dict[str, Any]:
    document = {"topic": topic, "event": event, "payload": payload}
    if ref is not None:
        document["ref"] = ref
    if join_ref is not None:
        document["join_ref"] = join_ref
    return document


def _reply(asked: dict[str, Any], payload: dict[str, Any]) -> ProtocolMessage:
    """The phx_reply to the message ``asked``, under its refs."""
    return ProtocolMessage(_document(asked.get("topic"), REPLY, payload, asked.get("ref"),
                                     asked.get("join_ref")))


def _check(document: dict[str, Any]) -> None:
    """A message the client can take: texts where the wire has texts, a reply's status."""
    for key in ("topic", "event"):
        if not isinstance(document.get(key), str) or not document[key]:
            raise ProtocolError(f'the "{key}" must be a non-empty text')
    for key in ("ref", "join_ref"):
        if key in document and not isinstance(document[key], str):
            raise ProtocolError(f'"{key}" must be a text')
    if document["event"] == REPLY:
        payload = document.get("payload")
        if not isinstance(payload, dict) or not isinstance(payload.get("status"), str):
            raise ProtocolError('a phx_reply\'s payload is {"status": "ok" or "error", '
                                '"response": ...}')
