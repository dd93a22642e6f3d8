"""MQTT 3.1.1 and 5 over WebSocket (subprotocol ``mqtt``), as mqtt.js speaks it.

Packets are binary (mqtt_packets.py) and may be split across WebSocket
frames or several to a frame: each direction has its own buffer, and each
whole packet is one item. App messages are JSON documents:

- ``{"type": "publish", "topic": "t", "payload": ..., "qos": 0, "retain": false}``
  (``payload``: JSON when the bytes are UTF-8 JSON, else text when UTF-8,
  else ``{"$binary": base64}``; ``"dup": true`` and MQTT 5 ``properties``
  when there are any);
- ``{"type": "subscribe", "topics": ["a/+", "b/#"], "subscriptions": [{"topic":
  "a/+", "qos": 1}, ...]}``, ``{"type": "unsubscribe", "topics": [...]}``;
- ``{"type": "connect", "clientId": ..., "protocolVersion": 4, ...}``,
  ``{"type": "connack", "sessionPresent": false, "returnCode": 0}``
  (``reasonCode`` in MQTT 5), ``{"type": "disconnect"}``.

Where the library plays the broker (a mocked route) it answers CONNECT
with CONNACK (the default answer, so a rule may refuse it), SUBSCRIBE with
SUBACK granting the asked QoS, UNSUBSCRIBE with UNSUBACK, PINGREQ with
PINGRESP, and QoS 1 and 2 publishes with PUBACK, PUBREC/PUBCOMP; it keeps
the page's subscriptions and retained messages, delivers a retained
message on a later matching subscribe, and a publish no rule took to the
page's matching subscriptions, as a broker does; retained messages belong
to the route (``Codec.joined``), so a later socket's subscribe gets them.
On a connected route the library acknowledges the broker's QoS 1 and 2
publishes itself and plays the broker toward the page for them
(mqtt_flight.py). A message to the page with
a ``topic`` becomes a PUBLISH to each matching subscription, at the lower
of the subscription's and the message's QoS; the page's acknowledgements of
those are plumbing.
"""

from __future__ import annotations

from typing import Any

from ..datatypes import Side
from ..errors import ProtocolError
from .base import (
    TO_PAGE,
    TO_SERVER,
    Codec,
    Frame,
    Invalid,
    Item,
    Plumbing,
    ProtocolMessage,
    clip,
    close_reason,
    parse_object,
    shown,
)
from .mqtt_documents import EXAMPLE, checked, copied, packet_of
from .mqtt_flight import InFlight, renumbered
from .mqtt_packets import (
    AUTH,
    CONNACK,
    CONNECT,
    DISCONNECT,
    FLAGS_TWO,
    NAMES,
    PINGREQ,
    PINGRESP,
    PUBACK,
    PUBCOMP,
    PUBLISH,
    PUBREC,
    PUBREL,
    SUBACK,
    SUBSCRIBE,
    UNSUBACK,
    UNSUBSCRIBE,
    PacketError,
    Reader,
    matches,
    packet,
    payload_bytes,
    read_connect,
    read_publish,
    read_subscribe,
    read_unsubscribe,
    split,
)

FROM_CLIENT = frozenset({CONNECT, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE,
                         UNSUBSCRIBE, PINGREQ, DISCONNECT, AUTH})
FROM_BROKER = frozenset({CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK,
                         PINGRESP, DISCONNECT, AUTH})
TO_PAGE_TYPES = ("publish", "connack", "disconnect")
TO_SERVER_TYPES = ("publish", "subscribe", "unsubscribe", "disconnect")


class MqttCodec(Codec):
    """One socket speaking MQTT 3.1.1 or 5."""

    name = "mqtt"
    subprotocol = "mqtt"
    ignored_unless_written = frozenset({"dup", "subscriptions", "properties"})
    defaults = {"qos": 0, "retain": False}
    example = EXAMPLE
    operation_noun = "MQTT subscription matching"  # what Publish MQTT Message waits for
    handshake = "CONNECT, packet ids"

    @classmethod
    def recorded_decoded(cls, document: Any) -> bool:
        # A frame is a command line or binary; a message saved on a protocol route is '{'.
        return isinstance(document, dict)

    def __init__(self, url: str = "", mocked: bool = True):
        super().__init__(url, mocked)
        self.version = 4
        self.connected = False  # the page's CONNECT came
        self.buffers: dict[Side, bytearray] = {TO_SERVER: bytearray(), TO_PAGE: bytearray()}
        self.aliases: dict[Side, dict[int, str]] = {TO_SERVER: {}, TO_PAGE: {}}
        # The page's subscriptions: topic filter -> {"operationName": filter, "qos": granted}.
        self.operations: dict[str, dict[str, Any]] = {}
        self._fresh: dict[str, bool] = {}  # filter -> new at its last subscribe
        # The QoS handshakes the library speaks (mqtt_flight.py): packet id -> QoS of a
        # publish to the page, QoS 2 ids of the page's publishes awaiting PUBREL.
        self.flight = InFlight()
        self.outgoing, self.incoming = self.flight.outgoing, self.flight.incoming
        # Connected: the filters of each SUBSCRIBE whose SUBACK (the QoS granted) is to come.
        self._asked: dict[int, list[str]] = {}

    @property
    def retained(self) -> dict[str, dict[str, Any]]:
        """The route's retained messages (every socket's): topic -> its publish document."""
        return retained_of(self.shared)

    # -------------------------------------------------------- the wire

    def decode(self, frame: Frame, direction: Side) -> list[Item]:
        if isinstance(frame, str):
            return [self._invalid(frame, "frame", "MQTT packets come in binary frames, not "
                                  "text", direction)]
        buffer = self.buffers[direction]
        buffer += frame
        items: list[Item] = []
        while buffer:
            try:
                found = split(buffer)
            except PacketError as error:
                bad = bytes(buffer)
                buffer.clear()
                items.append(self._invalid(bad, NAMES.get(bad[0] >> 4, "packet"), str(error),
                                           direction))
                break
            if found is None:
                break
            raw, length = found
            del buffer[:length]
            try:
                items.extend(self._packet(raw, direction))
            except ProtocolError as error:
                items.append(self._invalid(raw, NAMES.get(raw[0] >> 4, "packet"), str(error),
                                           direction))
        return items

    def _invalid(self, frame: Frame, what: str, error: str, direction: Side) -> Invalid:
        close = None
        if self.mocked and direction == TO_SERVER:  # the library plays the broker
            close = (1002, close_reason(f"MQTT {what}: {error}", "MQTT protocol error"))
        return Invalid(frame, f"invalid MQTT {what} {shown(frame)}: {error}", close)

    def _packet(self, raw: bytes, direction: Side) -> list[Item]:
        kind, flags = raw[0] >> 4, raw[0] & 0x0F
        name = NAMES.get(kind)
        if name is None:
            raise PacketError(f"packet type {kind} is not an MQTT packet type")
        reader = Reader(raw[_body_start(raw):], name)
        if kind != PUBLISH and flags != (2 if kind in FLAGS_TWO else 0):
            raise PacketError(f"its fixed header flags are {flags:04b}, MQTT says "
                              f"{2 if kind in FLAGS_TWO else 0:04b} for {name}")
        from_page = direction == TO_SERVER
        if kind not in (FROM_CLIENT if from_page else FROM_BROKER):
            raise PacketError(f"{'a client' if from_page else 'a broker'} does not send {name}")
        if from_page and not self.connected and kind != CONNECT:
            raise PacketError("the first packet of a connection must be CONNECT")
        if kind == AUTH and self.version != 5:
            raise PacketError("AUTH is an MQTT 5 packet")
        items = self._read(kind, flags, raw, reader, direction)
        if reader.left():
            raise PacketError(f"it has {reader.left()} bytes after its last field")
        return items

    def _read(self, kind: int, flags: int, raw: bytes, reader: Reader,
              direction: Side) -> list[Item]:
        from_page, mocked, v5 = direction == TO_SERVER, self.mocked, self.version == 5
        if kind == CONNECT:
            if self.connected:
                raise PacketError("a second CONNECT on one connection")
            document = read_connect(reader)
            self.version, self.connected = document["protocolVersion"], True
            return [ProtocolMessage(document, [raw])]
        if kind == CONNACK:
            present, code = reader.byte("acknowledge flags"), reader.byte("return code")
            document = {"type": "connack", "sessionPresent": bool(present & 1),
                        "reasonCode" if v5 else "returnCode": code}
            if v5 and (properties := reader.properties()):
                document["properties"] = properties
            return [ProtocolMessage(document, [raw])]
        if kind == PUBLISH:
            return self._publish(flags, raw, reader, direction)
        if kind in (PUBACK, PUBREC, PUBREL, PUBCOMP):
            identifier = reader.int2("packet identifier")
            if v5 and reader.left():
                reader.byte("reason code")
                if reader.left():
                    reader.properties()
            return [self._ack(kind, identifier, raw, from_page)]
        if kind == SUBSCRIBE:
            identifier, document = read_subscribe(reader, v5)
            if not mocked:
                self._asked[identifier] = document["topics"]
            for entry in document["subscriptions"]:
                self._fresh[entry["topic"]] = entry["topic"] not in self.operations
                self.operations[entry["topic"]] = {"operationName": entry["topic"],
                                                   **entry}
            codes = bytes(entry["qos"] for entry in document["subscriptions"])
            suback = packet(SUBACK, 0, identifier.to_bytes(2, "big")
                            + (b"\x00" if v5 else b"") + codes)
            return [Plumbing([], [suback] if mocked else [], "SUBACK"),
                    ProtocolMessage(document, [raw])]
        if kind == UNSUBSCRIBE:
            identifier, document = read_unsubscribe(reader, v5)
            codes = bytes(0 if self.operations.pop(topic, None) else 17
                          for topic in document["topics"])
            unsuback = packet(UNSUBACK, 0, identifier.to_bytes(2, "big")
                              + (b"\x00" + codes if v5 else b""))
            return [Plumbing([], [unsuback] if mocked else [], "UNSUBACK"),
                    ProtocolMessage(document, [raw])]
        if kind == SUBACK:
            self._granted(reader, v5)
            return [Plumbing([raw], [], NAMES[kind])]
        if kind == UNSUBACK:
            reader.take(reader.left(), "body")
            return [Plumbing([raw], [], NAMES[kind])]
        if kind in (PINGREQ, PINGRESP):
            answer = [packet(PINGRESP, 0, b"")] if kind == PINGREQ and mocked else []
            return [Plumbing([raw], answer, NAMES[kind])]
        document = {"type": "disconnect" if kind == DISCONNECT else "auth"}
        if v5 and reader.left():
            code = reader.byte("reason code")
            if code or kind == AUTH:
                document["reasonCode"] = code
            if reader.left() and (properties := reader.properties()):
                document["properties"] = properties
        return [ProtocolMessage(document, [raw])]

    def _publish(self, flags: int, raw: bytes, reader: Reader, direction: Side) -> list[Item]:
        identifier, document, payload = read_publish(flags, reader, self.version == 5,
                                                     self.aliases[direction])
        qos, flight = document["qos"], self.flight
        message = ProtocolMessage(document, [raw])
        if direction != TO_SERVER:  # the broker's: the library acknowledges it itself
            if not qos:
                return [message]
            new, back = flight.received(identifier, qos, flight.broker)
            acked = Plumbing([], [], NAMES[PUBACK if qos == 1 else PUBREC], back=back)
            return [message, acked] if new else [acked]
        if document["retain"]:
            self._retain(document, payload)
        if not (self.mocked and qos):
            return [message]
        new, answer = flight.received(identifier, qos, flight.incoming)
        answered = Plumbing([], answer, NAMES[PUBACK if qos == 1 else PUBREC])
        return [message, answered] if new else [answered]

    def _ack(self, kind: int, identifier: int, raw: bytes, from_page: bool) -> Plumbing:
        """An acknowledgement (mqtt_flight.py): of a publish to the page, the library's part;
        of a publish from the page, the broker's part (passed on to a real one)."""
        name, flight = NAMES[kind], self.flight
        if kind == PUBREL:  # the sender of a QoS 2 publish releases it
            if from_page and not self.mocked:
                return Plumbing([raw], [], name)
            done = flight.released(identifier, flight.incoming if from_page else flight.broker)
            return Plumbing([raw], done, name) if from_page else Plumbing([], [], name,
                                                                          back=done)
        if not from_page:  # the broker's, of the page's publish
            return Plumbing([raw], [], name)
        done = flight.acknowledged(kind, identifier)
        return Plumbing([raw], done, name) if self.mocked else Plumbing([], [], name, back=done)

    def _granted(self, reader: Reader, v5: bool) -> None:
        """A broker's SUBACK: the QoS it granted each filter of the SUBSCRIBE (a code of
        128 or more: refused, so the library delivers nothing to that filter)."""
        asked = self._asked.pop(reader.int2("packet identifier"), [])
        if v5:
            reader.properties()
        for topic_filter in asked:
            code = reader.byte("return code") if reader.left() else 0x80
            if code >= 0x80:
                self.operations.pop(topic_filter, None)
            elif topic_filter in self.operations:
                self.operations[topic_filter]["qos"] = code
        reader.take(reader.left(), "return codes")

    def _retain(self, document: dict[str, Any], payload: bytes) -> None:
        retain(self.shared, document, payload)

    # ------------------------------------------------------ encoding

    def encode(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        document = message.document
        identifier = None
        kind = document.get("type")
        if kind in ("subscribe", "unsubscribe") or (kind == "publish" and document.get("qos")):
            identifier = self.flight.number(
                document["qos"] if kind == "publish" and direction == TO_PAGE else 0)
        return [packet_of(document, self.version == 5, identifier)]

    def carry(self, message: ProtocolMessage, direction: Side) -> list[Frame]:
        """A broker's QoS 1 or 2 publish goes to the page under the library's number."""
        document, frames = message.document, message.frames
        if (direction == TO_PAGE and not self.mocked and frames and isinstance(frames[0], bytes)
                and document.get("type") == "publish" and document.get("qos")):
            raw = frames[0]
            start = _body_start(raw)
            at = start + 2 + int.from_bytes(raw[start:start + 2], "big")  # after the topic
            return [renumbered(raw, at, self.flight.number(document["qos"]))]
        return super().carry(message, direction)

    def default_answer(self, message: ProtocolMessage) -> list[ProtocolMessage]:
        document = message.document
        kind = document.get("type")
        if kind == "connect":
            code = "reasonCode" if self.version == 5 else "returnCode"
            return [ProtocolMessage({"type": "connack", "sessionPresent": False, code: 0})]
        if kind == "subscribe":  # the retained messages its new subscriptions match
            answers = []
            for entry in document.get("subscriptions", ()):
                handling = entry.get("retainHandling", 0)
                if handling == 2 or (handling == 1 and not self._fresh.get(entry["topic"])):
                    continue
                for topic, retained in self.retained.items():
                    if matches(entry["topic"], topic):
                        answers.append(copied(retained, entry["qos"], retain=True))
            return answers
        if kind == "publish":  # a broker forwards it to the matching subscriptions
            return [self.delivery(document, topic_filter) for topic_filter
                    in self.find(document["topic"])
                    if not self.operations[topic_filter].get("noLocal")]
        return []

    def starts_session(self, message: ProtocolMessage) -> bool:
        document = message.document
        return document.get("type") == "connack" and not (
            document.get("returnCode", 0) or document.get("reasonCode", 0))

    def unfinished(self) -> list[Item]:
        items: list[Item] = []
        for direction, buffer in self.buffers.items():
            if buffer:
                data = bytes(buffer)
                buffer.clear()
                items.append(Invalid(data, f"unfinished MQTT {NAMES.get(data[0] >> 4, 'packet')}"
                                     f" {shown(data)}: the socket closed before all its bytes "
                                     "came (truncated)", direction=direction))
        return items

    # ------------------------------------------------------ subscriptions

    def find(self, topic: str) -> list[str]:
        """The page's topic filters that ``topic`` matches."""
        return [topic_filter for topic_filter in self.operations
                if matches(topic_filter, topic)]

    def deliveries(self, document: dict[str, Any]) -> list[ProtocolMessage]:
        """A publish as the page's matching subscriptions get it: one each."""
        return [self.delivery(document, topic_filter) for topic_filter in
                self.find(document["topic"])]

    def delivery(self, document: dict[str, Any], topic_filter: str) -> ProtocolMessage:
        """A publish as the subscription ``topic_filter`` gets it."""
        granted = self.operations.get(topic_filter, {}).get("qos", 0)
        return copied(document, granted, retain=False)

    # ------------------------------------------------------ the tester

    @classmethod
    def document(cls, text: str) -> dict[str, Any]:
        return parse_object(text, "MQTT message", '{"type": "subscribe"}',
                            f'{EXAMPLE} or {{"type": "subscribe"}}')

    def written(self, text: Frame, direction: Side,
                answering: ProtocolMessage | None = None) -> list[ProtocolMessage]:
        if isinstance(text, bytes):
            raise ProtocolError(f"write an MQTT message as JSON, e.g. {EXAMPLE} (binary "
                                'payloads as {"$binary": "<base64>"}).')
        value = self.document(text)
        kind = value.get("type", "publish" if "topic" in value else None)
        allowed = TO_PAGE_TYPES if direction == TO_PAGE else TO_SERVER_TYPES
        if kind not in allowed:
            who = "page" if direction == TO_PAGE else "broker"
            raise ProtocolError(
                f"MQTT message {clip(text)} cannot be sent to the {who}: write a publish "
                f"with a \"topic\" (e.g. {EXAMPLE}) or a \"type\" of {', '.join(allowed)}.")
        document = checked({**value, "type": kind}, text)
        if kind == "publish" and direction == TO_PAGE:
            if document["retain"]:
                self._retain(document, payload_bytes(document["payload"]))
            return self.deliveries(document)
        return [ProtocolMessage(document)]


def _body_start(raw: bytes) -> int:
    """Where a packet's variable header starts: after its fixed header's length bytes."""
    start = 2
    while raw[start - 1] & 0x80:
        start += 1
    return start


def retained_of(shared: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The retained messages in a route's ``shared`` state: topic -> publish document."""
    kept: dict[str, dict[str, Any]] = shared.setdefault("mqtt retained", {})
    return kept


def retain(shared: dict[str, Any], document: dict[str, Any], payload: bytes) -> None:
    """Keeps a retained publish on the route (``shared``); an empty payload clears its topic's."""
    if payload:
        retained_of(shared)[document["topic"]] = document
    else:
        retained_of(shared).pop(document["topic"], None)
