"""MQTT 3.1.1 and 5 packets: the binary reader and writer, properties and topic matching.

Pure functions over bytes, used by the codec (mqtt.py). A packet is a
fixed header (the type in the high four bits of its first byte, flags in
the low four), a *remaining length* (a variable byte integer of at most
four bytes) and that many bytes of variable header and payload. Strings
are a two-byte length then UTF-8; MQTT 5 adds *properties*, a variable
byte integer length then identifier/value pairs.

Anything malformed raises :class:`PacketError` with what is wrong; the
codec turns it into an Invalid item naming the packet.
"""

from __future__ import annotations

import base64
import json
import struct
from typing import Any

from ..errors import ProtocolError
from .base import load_json

CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP = 1, 2, 3, 4, 5, 6, 7
SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT, AUTH = (
    8, 9, 10, 11, 12, 13, 14, 15)
NAMES = {CONNECT: "CONNECT", CONNACK: "CONNACK", PUBLISH: "PUBLISH", PUBACK: "PUBACK",
         PUBREC: "PUBREC", PUBREL: "PUBREL", PUBCOMP: "PUBCOMP", SUBSCRIBE: "SUBSCRIBE",
         SUBACK: "SUBACK", UNSUBSCRIBE: "UNSUBSCRIBE", UNSUBACK: "UNSUBACK",
         PINGREQ: "PINGREQ", PINGRESP: "PINGRESP", DISCONNECT: "DISCONNECT", AUTH: "AUTH"}
# Packets whose fixed-header flags must be 0010 (all others but PUBLISH: 0000).
FLAGS_TWO = frozenset({PUBREL, SUBSCRIBE, UNSUBSCRIBE})
MAX_REMAINING = 268_435_455

# MQTT 5 properties: identifier -> (name as mqtt.js calls it, kind).
PROPERTIES = {
    1: ("payloadFormatIndicator", "byte"), 2: ("messageExpiryInterval", "int4"),
    3: ("contentType", "str"), 8: ("responseTopic", "str"), 9: ("correlationData", "bin"),
    11: ("subscriptionIdentifier", "varint"), 17: ("sessionExpiryInterval", "int4"),
    18: ("assignedClientIdentifier", "str"), 19: ("serverKeepAlive", "int2"),
    21: ("authenticationMethod", "str"), 22: ("authenticationData", "bin"),
    23: ("requestProblemInformation", "byte"), 24: ("willDelayInterval", "int4"),
    25: ("requestResponseInformation", "byte"), 26: ("responseInformation", "str"),
    28: ("serverReference", "str"), 31: ("reasonString", "str"),
    33: ("receiveMaximum", "int2"), 34: ("topicAliasMaximum", "int2"),
    35: ("topicAlias", "int2"), 36: ("maximumQoS", "byte"), 37: ("retainAvailable", "byte"),
    38: ("userProperties", "pair"), 39: ("maximumPacketSize", "int4"),
    40: ("wildcardSubscriptionAvailable", "byte"),
    41: ("subscriptionIdentifiersAvailable", "byte"),
    42: ("sharedSubscriptionAvailable", "byte"),
}
_BY_NAME = {name: (identifier, kind) for identifier, (name, kind) in PROPERTIES.items()}


class PacketError(ProtocolError):
    """A packet MQTT does not allow."""


def varint(value: int) -> bytes:
    """A variable byte integer."""
    out = bytearray()
    while True:
        digit, value = value % 128, value // 128
        out.append(digit | (0x80 if value else 0))
        if not value:
            return bytes(out)


def split(buffer: bytearray) -> tuple[bytes, int] | None:
    """``(packet, length)`` of the first whole packet in ``buffer``; None: it is not
    all there yet. Raises :class:`PacketError` for a remaining length of more than
    four bytes."""
    multiplier, value = 1, 0
    for index in range(1, 5):
        if index >= len(buffer):
            return None
        byte = buffer[index]
        value += (byte & 0x7F) * multiplier
        if not byte & 0x80:
            end = index + 1 + value
            return (bytes(buffer[:end]), end) if len(buffer) >= end else None
        multiplier *= 128
    raise PacketError("its remaining length takes more than the four bytes MQTT allows")


class Reader:
    """Reads a packet's variable header and payload, failing on a short packet."""

    def __init__(self, body: bytes, name: str):
        self.body = body
        self.at = 0
        self.name = name

    def left(self) -> int:
        return len(self.body) - self.at

    def take(self, count: int, what: str) -> bytes:
        if self.left() < count:
            raise PacketError(f"the {self.name} ends inside its {what} (truncated)")
        part = self.body[self.at:self.at + count]
        self.at += count
        return part

    def byte(self, what: str) -> int:
        return self.take(1, what)[0]

    def int2(self, what: str) -> int:
        value: int = struct.unpack(">H", self.take(2, what))[0]
        return value

    def int4(self, what: str) -> int:
        value: int = struct.unpack(">I", self.take(4, what))[0]
        return value

    def varint(self, what: str) -> int:
        multiplier, value = 1, 0
        for _ in range(4):
            byte = self.byte(what)
            value += (byte & 0x7F) * multiplier
            if not byte & 0x80:
                return value
            multiplier *= 128
        raise PacketError(f"the {self.name}'s {what} takes more than four bytes")

    def binary(self, what: str) -> bytes:
        return self.take(self.int2(f"{what} length"), what)

    def text(self, what: str) -> str:
        raw = self.binary(what)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PacketError(f"the {self.name}'s {what} is not valid UTF-8 "
                              f"({raw[:40].hex(' ')})") from None
        if "\x00" in text:
            raise PacketError(f"the {self.name}'s {what} contains U+0000, which MQTT forbids")
        return text

    def properties(self) -> dict[str, Any]:
        """MQTT 5 properties, by mqtt.js's names (user properties as a dict)."""
        length = self.varint("properties length")
        inner = Reader(self.take(length, "properties"), self.name)
        found: dict[str, Any] = {}
        while inner.left():
            identifier = inner.varint("property identifier")
            if identifier not in PROPERTIES:
                raise PacketError(f"the {self.name} has unknown property {identifier}")
            name, kind = PROPERTIES[identifier]
            if kind == "pair":
                key = inner.text("user property name")
                said = inner.text("user property value")
                pairs = found.setdefault(name, {})
                if key in pairs:  # a name given several times: its values as a list
                    before = pairs[key]
                    pairs[key] = [*before, said] if isinstance(before, list) else [before, said]
                else:
                    pairs[key] = said
                continue
            if name in found and name != "subscriptionIdentifier":
                raise PacketError(f"the {self.name} has property {name} twice")
            value: Any
            if kind == "byte":
                value = inner.byte(name)
            elif kind == "int2":
                value = inner.int2(name)
            elif kind == "int4":
                value = inner.int4(name)
            elif kind == "varint":
                value = inner.varint(name)
            elif kind == "str":
                value = inner.text(name)
            else:
                value = {"$binary": base64.b64encode(inner.binary(name)).decode("ascii")}
            found[name] = value
        return found


def text_field(value: str) -> bytes:
    raw = value.encode("utf-8", "surrogatepass")
    return struct.pack(">H", len(raw)) + raw


def binary_field(value: bytes) -> bytes:
    return struct.pack(">H", len(value)) + value


def properties_field(properties: dict[str, Any] | None) -> bytes:
    """MQTT 5 properties from a dict of mqtt.js names (unknown names are an error)."""
    out = bytearray()
    for name, value in (properties or {}).items():
        if name not in _BY_NAME:
            raise ProtocolError(f"MQTT 5 has no property {name!r}; use e.g. contentType, "
                                "userProperties, messageExpiryInterval")
        identifier, kind = _BY_NAME[name]
        try:
            if kind == "pair":
                for key, texts in dict(value).items():
                    for text in texts if isinstance(texts, list) else [texts]:
                        out += varint(identifier) + text_field(str(key)) + text_field(str(text))
                continue
            out += varint(identifier)
            if kind == "byte":
                out += struct.pack(">B", value)
            elif kind == "int2":
                out += struct.pack(">H", value)
            elif kind == "int4":
                out += struct.pack(">I", value)
            elif kind == "varint":
                out += varint(int(value))
            elif kind == "str":
                out += text_field(str(value))
            else:
                out += binary_field(payload_bytes(value))
        except (TypeError, ValueError, struct.error, OverflowError):
            raise ProtocolError(f"MQTT 5 property {name} cannot be {value!r}") from None
    return varint(len(out)) + bytes(out)


def packet(kind: int, flags: int, body: bytes) -> bytes:
    """A whole packet: fixed header, remaining length, ``body``."""
    return bytes([kind << 4 | flags]) + varint(len(body)) + body


def payload_value(raw: bytes) -> Any:
    """A payload as a document shows it: JSON, else text, else ``{"$binary": base64}``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"$binary": base64.b64encode(raw).decode("ascii")}
    if text.strip():
        try:
            value = load_json(text)
        except ProtocolError:
            return text
        if not isinstance(value, str):  # a JSON string stays its text, quotes and all
            return value
    return text


def payload_bytes(value: Any) -> bytes:
    """The bytes of a payload as a document gives it: text as UTF-8, ``{"$binary":
    base64}`` decoded, other JSON values as compact JSON."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, dict) and set(value) == {"$binary"} and isinstance(value["$binary"],
                                                                             str):
        try:
            return base64.b64decode(value["$binary"], validate=True)
        except ValueError:
            raise ProtocolError(f"payload {{\"$binary\": {value['$binary'][:40]!r}}} is not "
                                "base64") from None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------- topics

def check_topic(topic: str, what: str = "topic") -> None:
    """A PUBLISH topic: not empty, no wildcards."""
    if not topic:
        raise PacketError(f"its {what} is empty")
    if "+" in topic or "#" in topic:
        raise PacketError(f"its {what} {topic!r} has a wildcard (+ or #), which only "
                          "subscriptions may have")


def check_filter(topic_filter: str) -> None:
    """A subscription's topic filter: ``+`` a whole level, ``#`` the whole last level."""
    if not topic_filter:
        raise PacketError("a topic filter is empty")
    levels = topic_filter.split("/")
    for index, level in enumerate(levels):
        if "#" in level and (level != "#" or index != len(levels) - 1):
            raise PacketError(f"topic filter {topic_filter!r} has # other than as its "
                              "whole last level")
        if "+" in level and level != "+":
            raise PacketError(f"topic filter {topic_filter!r} has + other than as a "
                              "whole level")


def matches(topic_filter: str, topic: str) -> bool:
    """Whether ``topic`` matches ``topic_filter`` as MQTT says (``$share/group/``
    prefixes stripped; wildcards first do not match topics starting with ``$``)."""
    if topic_filter.startswith("$share/"):
        parts = topic_filter.split("/", 2)
        topic_filter = parts[2] if len(parts) == 3 else ""
    if topic.startswith("$") and topic_filter[:1] in ("+", "#"):
        return False
    wanted, levels = topic_filter.split("/"), topic.split("/")
    for index, level in enumerate(wanted):
        if level == "#":
            return True
        if index >= len(levels) or (level != "+" and level != levels[index]):
            return False
    return len(wanted) == len(levels)


# ------------------------------------------------------- packets read

def _text_or_binary(raw: bytes) -> Any:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"$binary": base64.b64encode(raw).decode("ascii")}


def read_connect(reader: Reader) -> dict[str, Any]:
    """A CONNECT's document (its fixed header read already)."""
    protocol, level = reader.text("protocol name"), reader.byte("protocol level")
    if (protocol, level) not in (("MQTT", 4), ("MQTT", 5), ("MQIsdp", 3)):
        raise PacketError(f"protocol {protocol!r} level {level} is not MQTT 3.1.1 (MQTT, "
                          "level 4) or 5 (MQTT, level 5)")
    flags = reader.byte("connect flags")
    if flags & 1:
        raise PacketError("its reserved connect flag is set")
    keepalive = reader.int2("keep alive")
    properties = reader.properties() if level == 5 else {}
    document: dict[str, Any] = {"type": "connect", "clientId": reader.text("client identifier"),
                                "protocolVersion": level, "clean": bool(flags & 2),
                                "keepalive": keepalive}
    will_qos = flags >> 3 & 3
    if flags & 4:
        will_properties = reader.properties() if level == 5 else {}
        topic = reader.text("will topic")
        check_topic(topic, "will topic")
        if will_qos == 3:
            raise PacketError("its will QoS is 3")
        will = {"topic": topic, "payload": payload_value(reader.binary("will payload")),
                "qos": will_qos, "retain": bool(flags & 0x20)}
        if will_properties:
            will["properties"] = will_properties
        document["will"] = will
    elif will_qos or flags & 0x20:
        raise PacketError("it sets a will QoS or retain without a will")
    if flags & 0x80:
        document["username"] = reader.text("user name")
    if flags & 0x40:
        document["password"] = _text_or_binary(reader.binary("password"))
    if properties:
        document["properties"] = properties
    return document


def read_publish(flags: int, reader: Reader, v5: bool,
                 aliases: dict[int, str]) -> tuple[int, dict[str, Any], bytes]:
    """(packet id, document, payload bytes) of a PUBLISH."""
    qos, dup, retain = flags >> 1 & 3, bool(flags & 8), bool(flags & 1)
    if qos == 3:
        raise PacketError("its QoS is 3 (both QoS bits set)")
    if dup and not qos:
        raise PacketError("it sets DUP on a QoS 0 publish")
    topic = reader.text("topic name")
    identifier = reader.int2("packet identifier") if qos else 0
    if qos and not identifier:
        raise PacketError("its packet identifier is 0")
    properties = reader.properties() if v5 else {}
    alias = properties.get("topicAlias")
    if alias is not None:
        if not alias:
            raise PacketError("its topic alias is 0")
        if topic:
            aliases[alias] = topic
        elif alias in aliases:
            topic = aliases[alias]
        else:
            raise PacketError(f"its topic is empty and topic alias {alias} was never set")
    check_topic(topic, "topic name")
    payload = reader.take(reader.left(), "payload")
    document: dict[str, Any] = {"type": "publish", "topic": topic,
                                "payload": payload_value(payload), "qos": qos,
                                "retain": retain}
    if dup:
        document["dup"] = True
    if properties:
        document["properties"] = properties
    return identifier, document, payload


def read_subscribe(reader: Reader, v5: bool) -> tuple[int, dict[str, Any]]:
    """(packet id, document) of a SUBSCRIBE."""
    identifier = reader.int2("packet identifier")
    if not identifier:
        raise PacketError("its packet identifier is 0")
    properties = reader.properties() if v5 else {}
    entries = []
    while reader.left():
        topic_filter = reader.text("topic filter")
        check_filter(topic_filter)
        options = reader.byte("subscription options")
        qos = options & 3
        if qos == 3:
            raise PacketError(f"it asks QoS 3 for {topic_filter!r}")
        if options & (0xC0 if v5 else 0xFC) or (options >> 4 & 3) == 3:
            raise PacketError(f"its options for {topic_filter!r} set reserved bits "
                              f"({options:08b})")
        entry: dict[str, Any] = {"topic": topic_filter, "qos": qos}
        if v5:
            if options & 4:
                entry["noLocal"] = True
            if options & 8:
                entry["retainAsPublished"] = True
            if options >> 4 & 3:
                entry["retainHandling"] = options >> 4 & 3
        entries.append(entry)
    if not entries:
        raise PacketError("it subscribes to no topic filter")
    document: dict[str, Any] = {"type": "subscribe",
                                "topics": [entry["topic"] for entry in entries],
                                "subscriptions": entries}
    if properties:
        document["properties"] = properties
    return identifier, document


def read_unsubscribe(reader: Reader, v5: bool) -> tuple[int, dict[str, Any]]:
    """(packet id, document) of an UNSUBSCRIBE."""
    identifier = reader.int2("packet identifier")
    if not identifier:
        raise PacketError("its packet identifier is 0")
    properties = reader.properties() if v5 else {}
    topics = []
    while reader.left():
        topic_filter = reader.text("topic filter")
        check_filter(topic_filter)
        topics.append(topic_filter)
    if not topics:
        raise PacketError("it unsubscribes from no topic filter")
    document: dict[str, Any] = {"type": "unsubscribe", "topics": topics}
    if properties:
        document["properties"] = properties
    return identifier, document
