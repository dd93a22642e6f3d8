"""MQTT documents: what a tester writes, checked; a document as a packet; a delivery's copy.

The codec (mqtt.py) keeps the state of a connection; these functions
hold what needs none.
"""

from __future__ import annotations

from typing import Any

from ..errors import ProtocolError
from .base import ProtocolMessage, clip
from .mqtt_packets import (
    AUTH,
    CONNACK,
    DISCONNECT,
    PUBLISH,
    SUBSCRIBE,
    UNSUBSCRIBE,
    check_filter,
    check_topic,
    packet,
    payload_bytes,
    properties_field,
    text_field,
)

EXAMPLE = '{"topic": "chat/lobby", "payload": {"text": "hi"}}'


def checked(value: dict[str, Any], text: str) -> dict[str, Any]:
    """A written message's document (``value`` has its ``type``), or a
    :class:`ProtocolError` naming ``text`` and what is wrong."""
    kind = value["type"]
    try:
        if "properties" in value:
            if not isinstance(value["properties"], dict):
                raise ProtocolError('"properties" must be an object')
            properties_field(value["properties"])
        if kind == "publish":
            return _publication(value)
        if kind in ("subscribe", "unsubscribe"):
            topics = value.get("topics")
            if not isinstance(topics, list) or not topics or not all(
                    isinstance(topic, str) for topic in topics):
                raise ProtocolError(f'a {kind} needs "topics", a list of topic filters')
            for topic in topics:
                check_filter(topic)
            qos = value.get("qos", 0)
            if qos not in (0, 1, 2) or isinstance(qos, bool):
                raise ProtocolError(f'"qos" must be 0, 1 or 2, not {qos!r}')
            return value
        for key in ("returnCode", "reasonCode"):
            code = value.get(key, 0)
            if not isinstance(code, int) or isinstance(code, bool) or not 0 <= code < 256:
                raise ProtocolError(f'"{key}" must be a number 0 to 255, not {code!r}')
        return value
    except ProtocolError as error:
        raise ProtocolError(f"MQTT message {clip(text)}: {error}. Write e.g. "
                            f"{EXAMPLE}.") from None


def _publication(value: dict[str, Any]) -> dict[str, Any]:
    topic, qos, retain = value.get("topic"), value.get("qos", 0), value.get("retain", False)
    if not isinstance(topic, str):
        raise ProtocolError('a publish needs a text "topic"')
    check_topic(topic)
    if qos not in (0, 1, 2) or isinstance(qos, bool):
        raise ProtocolError(f'"qos" must be 0, 1 or 2, not {qos!r}')
    if not isinstance(retain, bool):
        raise ProtocolError(f'"retain" must be true or false, not {retain!r}')
    payload = value.get("payload", "")
    payload_bytes(payload)
    document: dict[str, Any] = {"type": "publish", "topic": topic, "payload": payload,
                                "qos": qos, "retain": retain}
    if "properties" in value:
        document["properties"] = value["properties"]
    return document


def copied(document: dict[str, Any], granted: int, retain: bool) -> ProtocolMessage:
    """A publish as a subscription granted ``granted`` gets it, ``retain`` set or not."""
    copy = {k: v for k, v in document.items() if k != "dup"}
    copy["qos"] = min(granted, document.get("qos", 0))
    copy["retain"] = retain
    if "properties" in copy:
        copy["properties"] = {k: v for k, v in copy["properties"].items()
                              if k not in ("topicAlias", "subscriptionIdentifier")}
        if not copy["properties"]:
            del copy["properties"]
    return ProtocolMessage(copy)


def packet_of(document: dict[str, Any], v5: bool, identifier: int | None) -> bytes:
    """The packet of a document (checked already); ``identifier``: its packet id."""
    kind = document.get("type")
    props = properties_field(document.get("properties")) if v5 else b""
    number = identifier.to_bytes(2, "big") if identifier else b""
    if kind == "connack":
        code = document.get("reasonCode", document.get("returnCode", 0))
        return packet(CONNACK, 0, bytes([int(bool(document.get("sessionPresent"))), code])
                      + props)
    if kind == "publish":
        qos = document.get("qos", 0)
        flags = qos << 1 | int(bool(document.get("retain"))) | (8 if document.get("dup") else 0)
        return packet(PUBLISH, flags, text_field(document["topic"]) + number + props
                      + payload_bytes(document.get("payload", "")))
    if kind in ("subscribe", "unsubscribe"):
        body = number + props
        for topic in document["topics"]:
            body += text_field(topic) + (bytes([document.get("qos", 0)])
                                         if kind == "subscribe" else b"")
        return packet(SUBSCRIBE if kind == "subscribe" else UNSUBSCRIBE, 2, body)
    code = document.get("reasonCode", 0)
    return packet(DISCONNECT if kind == "disconnect" else AUTH, 0,
                  bytes([code]) + props if v5 else b"")
