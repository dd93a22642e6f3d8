"""MQTT codec: 3.1.1 and 5 packets as mqtt.js writes them, split and joined frames,
wildcards, retained messages, the QoS 1 and 2 flows, and hostile packets.

The hex packets are what mqtt.js's packet writer (npm ``mqtt-packet``) gives.
"""

from __future__ import annotations

import random

import pytest

from WsRouteLibrary.protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage, codec_class
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER
from WsRouteLibrary.protocols.mqtt import MqttCodec
from WsRouteLibrary.protocols.mqtt_packets import matches, payload_value

CONNECT = {4: "100f00044d5154540402003c0003616263", 5: "101000044d5154540502003c000003616263"}
FULL_CONNECT = {
    4: "102400044d51545404ee003c00086d7174746a735f310003772f740003627965000175000170",
    5: "103a00044d51545405ee003c0f110000000a2100142600016100016200086d7174746a735f310518"
       "000000050003772f740003627965000175000170",
}
SUBSCRIBE = {4: "820e00030003612f2b010003622f2302", 5: "82110003020b040003612f2b150003622f2302"}


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def connected(version: int = 4, mocked: bool = True) -> MqttCodec:
    codec = MqttCodec("ws://127.0.0.1/mqtt", mocked=mocked)
    [message] = codec.from_page(h(CONNECT[version]))
    assert message.document["protocolVersion"] == version
    return codec


def subscribed(version: int = 4) -> MqttCodec:
    """A v4 or v5 codec whose page subscribed to a/+ (QoS 1) and b/# (QoS 2)."""
    codec = connected(version)
    codec.from_page(h(SUBSCRIBE[version]))
    return codec


def answers(items) -> list[str]:
    return [frame.hex() for item in items if isinstance(item, Plumbing) for frame in item.answer]


def messages(items) -> list[dict]:
    return [item.document for item in items if isinstance(item, ProtocolMessage)]


def encoded(codec: MqttCodec, message: ProtocolMessage) -> str:
    [frame] = codec.encode(message, TO_PAGE)
    return frame.hex()


def test_registry_and_subprotocol():
    assert codec_class("mqtt") is MqttCodec
    assert MqttCodec.subprotocol == "mqtt"


@pytest.mark.parametrize("version", [4, 5])
def test_connect_is_a_message_and_its_default_answer_a_connack(version):
    codec = MqttCodec()
    [message] = codec.from_page(h(FULL_CONNECT[version]))
    document = message.document
    assert document["type"] == "connect"
    assert document["clientId"] == "mqttjs_1"
    assert document["protocolVersion"] == version
    assert document["will"]["topic"] == "w/t" and document["will"]["payload"] == "bye"
    assert document["username"] == "u" and document["password"] == "p"
    if version == 5:
        assert document["properties"] == {"sessionExpiryInterval": 10, "receiveMaximum": 20,
                                          "userProperties": {"a": "b"}}
        assert document["will"]["properties"] == {"willDelayInterval": 5}
    [connack] = codec.default_answer(message)
    assert codec.starts_session(connack)
    # MQTT 5's CONNACK has a properties length (0).
    assert encoded(codec, connack) == ("20020000" if version == 4 else "2003000000")


def test_a_refusing_connack_from_a_rule():
    codec = connected(4)
    [refusal] = codec.written('{"type": "connack", "returnCode": 5}', TO_PAGE)
    assert not codec.starts_session(refusal)
    assert encoded(codec, refusal) == "20020005"


@pytest.mark.parametrize("version", [4, 5])
def test_publishes_of_every_qos(version):
    codec = connected(version)
    hexes = {4: ["300c0003612f627b2278223a317d", "33090003612f6200076869",
                 "3c090003612f620008ff00"],
             5: ["300d0003612f62007b2278223a317d",
                 "33270003612f6200071d03000a746578742f706c61696e2600016b000276312600016b00027632"
                 "6869", "3c0a0003612f62000800ff00"]}[version]
    items = codec.from_page(h(hexes[0]))
    assert messages(items) == [{"type": "publish", "topic": "a/b", "payload": {"x": 1},
                                "qos": 0, "retain": False}]
    assert answers(items) == []
    items = codec.from_page(h(hexes[1]))
    [document] = messages(items)
    assert (document["payload"], document["qos"], document["retain"]) == ("hi", 1, True)
    if version == 5:
        assert document["properties"] == {"contentType": "text/plain",
                                           "userProperties": {"k": ["v1", "v2"]}}
    assert answers(items) == ["40020007"]  # PUBACK 7
    items = codec.from_page(h(hexes[2]))
    [document] = messages(items)
    assert document["payload"] == {"$binary": "/wA="} and document["dup"] is True
    assert answers(items) == ["50020008"]  # PUBREC 8
    # The same QoS 2 packet again (before PUBREL): acknowledged, not a second message.
    again = codec.from_page(h(hexes[2]))
    assert messages(again) == [] and answers(again) == ["50020008"]
    release = codec.from_page(h("62020008"))
    assert answers(release) == ["70020008"]  # PUBCOMP 8
    assert codec.incoming == set()


@pytest.mark.parametrize("version", [4, 5])
def test_subscribe_is_acknowledged_and_recorded(version):
    codec = connected(version)
    items = codec.from_page(h(SUBSCRIBE[version]))
    assert isinstance(items[0], Plumbing)  # SUBACK before anything the subscribe causes
    assert answers(items) == ["900400030102" if version == 4 else "90050003000102"]
    [document] = messages(items)
    assert document["topics"] == ["a/+", "b/#"]
    assert document["subscriptions"][1] == {"topic": "b/#", "qos": 2}
    if version == 5:
        assert document["subscriptions"][0] == {"topic": "a/+", "qos": 1, "noLocal": True,
                                                "retainHandling": 1}
        assert document["properties"] == {"subscriptionIdentifier": 4}
    assert codec.find("a/x") == ["a/+"]
    assert sorted(codec.find("b/x/y")) == ["b/#"]


@pytest.mark.parametrize("version", [4, 5])
def test_unsubscribe_pingreq_and_disconnect(version):
    codec = subscribed(version)
    items = codec.from_page(h({4: "a20700040003612f2b", 5: "a2080004000003612f2b"}[version]))
    assert answers(items) == ["b0020004" if version == 4 else "b00400040000"]
    assert messages(items) == [{"type": "unsubscribe", "topics": ["a/+"]}]
    assert codec.find("a/x") == []
    assert answers(codec.from_page(h("c000"))) == ["d000"]
    assert messages(codec.from_page(h("e000" if version == 4 else "e0020000"))) == [
        {"type": "disconnect"}]


def test_packets_split_across_frames_and_joined_in_one():
    codec = MqttCodec()
    connect = h(CONNECT[4])
    assert codec.from_page(connect[:1]) == []
    assert codec.from_page(connect[1:2]) == []
    assert codec.from_page(connect[2:9]) == []
    [message] = codec.from_page(connect[9:])
    assert message.document["clientId"] == "abc"
    assert message.frames == (connect,)
    joined = h(SUBSCRIBE[4]) + h("c000") + h("300c0003612f627b2278223a317d")[:5]
    items = codec.from_page(joined)
    assert [type(item).__name__ for item in items] == ["Plumbing", "ProtocolMessage",
                                                       "Plumbing"]
    [publish] = codec.from_page(h("300c0003612f627b2278223a317d")[5:])
    assert publish.document["payload"] == {"x": 1}
    assert codec.unfinished() == []


@pytest.mark.parametrize(("topic_filter", "topic", "expected"), [
    ("a/+", "a/b", True), ("a/+", "a/b/c", False), ("a/+", "a", False), ("a/+", "a/", True),
    ("a/#", "a", True), ("a/#", "a/b/c", True), ("#", "x/y", True), ("+/+", "/x", True),
    ("a/+/c", "a/b/c", True), ("a/+/c", "a/b/d", False), ("a/b", "a/b", True),
    ("#", "$SYS/x", False), ("+/x", "$SYS/x", False), ("$SYS/#", "$SYS/x", True),
    ("$share/g/a/+", "a/b", True), ("A/b", "a/b", False),
])
def test_wildcards(topic_filter, topic, expected):
    assert matches(topic_filter, topic) is expected


def test_a_reply_reaches_each_matching_subscription_at_the_lower_qos():
    codec = subscribed(4)
    codec.from_page(h("8206000500012300"))  # SUBSCRIBE 5: "#" at QoS 0
    written = codec.written('{"topic": "a/x", "payload": {"n": 1}, "qos": 2}', TO_PAGE)
    assert sorted((m.document["qos"]) for m in written) == [0, 1]  # a/+ granted 1, # granted 0
    assert all(m.document["retain"] is False for m in written)
    first = next(m for m in written if m.document["qos"] == 1)
    assert encoded(codec, first) == "320e0003612f7800017b226e223a317d"  # packet id 1
    assert codec.outgoing == {1: 1}
    assert answers(codec.from_page(h("40020001"))) == []  # the page's PUBACK: done
    assert codec.outgoing == {}
    assert subscribed(4).written('{"topic": "c/x", "payload": 1}', TO_PAGE) == []


def test_a_qos2_publish_to_the_page_completes():
    codec = subscribed(4)
    [message] = codec.written('{"topic": "b/1", "payload": "x", "qos": 2}', TO_PAGE)
    assert encoded(codec, message).startswith("340800")  # QoS 2, id 1
    assert answers(codec.from_page(h("50020001"))) == ["62020001"]  # PUBREC -> PUBREL
    assert answers(codec.from_page(h("70020001"))) == []  # PUBCOMP
    assert codec.outgoing == {}


def test_retained_messages_reach_later_subscriptions():
    codec = connected(4)
    # The page retains "hi" on a/b (QoS 1); the library retains 7 on b/c.
    codec.from_page(h("33090003612f6200076869"))
    assert codec.written('{"topic": "b/c", "payload": 7, "retain": true}', TO_PAGE) == []
    [subscribe] = messages(codec.from_page(h(SUBSCRIBE[4])))
    delivered = codec.default_answer(ProtocolMessage(subscribe))
    assert sorted((m.document["topic"], m.document["payload"], m.document["qos"],
                   m.document["retain"]) for m in delivered) == [("a/b", "hi", 1, True),
                                                                 ("b/c", 7, 0, True)]
    # An empty retained payload clears the topic.
    codec.from_page(h("31050003612f62"))
    assert "a/b" not in codec.retained


def test_retained_messages_belong_to_the_route_not_the_socket():
    route: dict = {}  # the route's shared state (model/registry.py Route.shared)
    first = connected(4)
    first.joined(route)
    first.from_page(h("33090003612f6200076869"))  # retains "hi" on a/b
    later = connected(4)  # the reloaded page's socket on the same route
    later.joined(route)
    [subscribe] = messages(later.from_page(h(SUBSCRIBE[4])))
    [delivered] = later.default_answer(ProtocolMessage(subscribe))
    assert (delivered.document["topic"], delivered.document["retain"]) == ("a/b", True)
    other = connected(4)  # another route's socket keeps its own
    [subscribe] = messages(other.from_page(h(SUBSCRIBE[4])))
    assert other.default_answer(ProtocolMessage(subscribe)) == []


def test_a_page_publish_no_rule_takes_goes_to_its_matching_subscriptions():
    codec = subscribed(5)  # a/+ is noLocal: the page's own publishes do not come back there
    [publish] = messages(codec.from_page(h("300d0003622f62007b2278223a317d")))
    assert publish["topic"] == "b/b"
    [echo] = codec.default_answer(ProtocolMessage(publish))
    assert echo.document == {**publish, "qos": 0, "retain": False}
    [own] = messages(codec.from_page(h("300d0003612f62007b2278223a317d")))
    assert codec.default_answer(ProtocolMessage(own)) == []


def test_json_payloads_and_texts():
    assert payload_value(b'{"a": [1]}') == {"a": [1]}
    assert payload_value(b"42") == 42
    assert payload_value(b'"quoted"') == '"quoted"'  # a JSON string stays its text
    assert payload_value(b"hello") == "hello"
    assert payload_value(b"") == ""
    assert payload_value(b"\xff") == {"$binary": "/w=="}


@pytest.mark.parametrize(("hexed", "error"), [
    ("30ffffffff01", "remaining length takes more than the four bytes"),
    ("300a0009612f62", "the socket closed before all its bytes came"),  # declares 10
    ("0000", "packet type 0 is not an MQTT packet type"),
    ("30050003ff2f62", "topic name is not valid UTF-8"),
    ("30060003612f2b78", "has a wildcard"),
    ("30050004612f62", "ends inside its topic name (truncated)"),
    ("3603000161", "QoS is 3"),
    ("38050001610000", "DUP on a QoS 0"),
    ("c100", "fixed header flags are 0001"),
    ("8203000100", "ends inside its topic filter length"),
    ("8207000100022b7801", "+ other than as a whole level"),
    ("20020000", "a client does not send CONNACK"),
    ("100f00044d5154540402003c0003616263", "a second CONNECT"),
    ("c00100", "1 bytes after its last field"),
    ("f000", "AUTH is an MQTT 5 packet"),
])
def test_hostile_packets_are_invalid_naming_the_packet(hexed, error):
    codec = connected(4)
    items = codec.from_page(h(hexed)) + codec.unfinished()
    [item] = items
    assert isinstance(item, Invalid)
    assert error in item.error
    assert h(hexed)[:4].hex(" ") in item.error  # the packet, in hex
    assert "MQTT" in item.error


def test_invalid_from_the_page_closes_a_mocked_socket():
    codec = connected(4)
    [item] = codec.from_page(h("30060003612f2b78"))
    assert item.error.startswith("invalid MQTT PUBLISH bytes[8] 30 06 00 03")
    assert item.close[0] == 1002
    [item] = MqttCodec(mocked=False).from_page(h("c000"))
    assert "first packet of a connection must be CONNECT" in item.error
    assert item.close is None  # a connected route: the real broker decides


def test_text_frames_and_random_bytes_never_raise():
    [item] = MqttCodec().from_page("hello")
    assert isinstance(item, Invalid) and "binary frames, not text" in item.error
    rng = random.Random(7)
    for _ in range(3000):
        codec = connected(rng.choice([4, 5]))
        for _ in range(3):
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 24)))
            for item in codec.from_page(data) + codec.from_server(data):
                assert isinstance(item, (ProtocolMessage, Plumbing, Invalid))
        codec.unfinished()


def test_the_server_side_decodes_too():
    codec = connected(5, mocked=False)
    [connack] = codec.from_server(h("2003000000"))
    assert connack.document == {"type": "connack", "sessionPresent": False, "reasonCode": 0}
    [suback] = codec.from_server(h("90050003000102"))
    assert isinstance(suback, Plumbing) and suback.frames == [h("90050003000102")]
    [publish] = codec.from_server(h("300d0003612f62007b2278223a317d"))
    assert publish.document["payload"] == {"x": 1}
    [item] = codec.from_server(h("100f00044d5154540402003c0003616263"))
    assert "a broker does not send CONNECT" in item.error


@pytest.mark.parametrize(("text", "error"), [
    ('{"topic": "a/+", "payload": 1}', "has a wildcard"),
    ('{"topic": "a", "qos": 3}', '"qos" must be 0, 1 or 2'),
    ('{"topic": "a", "retain": "yes"}', '"retain" must be true or false'),
    ('{"payload": 1}', 'write a publish with a "topic"'),
    ('{"type": "subscribe", "topics": ["a"]}', "cannot be sent to the page"),
    ('{"topic": "a", "payload": {"$binary": "!!"}}', "not base64"),
    ('{"topic": "a", "properties": {"nope": 1}}', "no property 'nope'"),
    ("[1]", "must be a JSON object"),
    ("not json", "is not valid JSON"),
])
def test_written_messages_are_checked(text, error):
    with pytest.raises(ProtocolError, match=error.replace("+", r"\+")):
        connected(5).written(text, TO_PAGE)


def test_written_to_the_broker_and_properties():
    codec = connected(5)
    [publish] = codec.written('{"topic": "a", "payload": [1], "qos": 1, "properties": '
                              '{"contentType": "json", "userProperties": {"k": "v"}}}', TO_SERVER)
    [frame] = codec.encode(publish, TO_SERVER)
    assert frame[0] == 0x32
    decoded, _puback = connected(5, mocked=False).from_server(frame)
    assert decoded.document["properties"] == {"contentType": "json",
                                              "userProperties": {"k": "v"}}
    [subscribe] = codec.written('{"type": "subscribe", "topics": ["a/#"], "qos": 1}', TO_SERVER)
    # SUBSCRIBE, packet id 2, no properties, a/# at QoS 1
    assert codec.encode(subscribe, TO_SERVER)[0].hex() == "8209000200" + "0003612f23" + "01"


def test_match_exact_defaults_and_ignored_keys():
    actual = {"type": "publish", "topic": "a", "payload": 1, "qos": 0, "retain": False,
              "dup": True}
    assert MqttCodec.exact({"type": "publish", "topic": "a", "payload": 1}, actual)
    assert not MqttCodec.exact({"type": "publish", "topic": "a", "payload": 2}, actual)
    subscribe = {"type": "subscribe", "topics": ["a/+"],
                 "subscriptions": [{"topic": "a/+", "qos": 1}]}
    assert MqttCodec.exact({"type": "subscribe", "topics": ["a/+"]}, subscribe)
    assert MqttCodec.document('{"type": "subscribe"}') == {"type": "subscribe"}


# ------------------------------------------ connected: beside a real broker


def broker_subscribed(granted: str = "0102") -> MqttCodec:
    """A connected codec whose page subscribed to a/+ (QoS 1) and b/# (QoS 2), which the
    broker granted as ``granted`` (a SUBACK's return codes in hex)."""
    codec = connected(4, mocked=False)
    items = codec.from_page(h(SUBSCRIBE[4]))
    assert answers(items) == []  # the broker answers, not the library
    [suback] = codec.from_server(h(f"9004{'0003'}{granted}"))
    assert isinstance(suback, Plumbing) and suback.frames == [h(f"90040003{granted}")]
    return codec


def forwarded(items) -> list[str]:
    return [frame.hex() for item in items for frame in item.frames]


def test_connected_subscriptions_take_the_qos_the_broker_granted():
    codec = broker_subscribed("0180")  # a/+ at QoS 1, b/# refused
    assert codec.written('{"topic": "b/x", "payload": 1, "qos": 2}', TO_PAGE) == []
    [message] = codec.written('{"topic": "a/x", "payload": 1, "qos": 2}', TO_PAGE)
    assert message.document["qos"] == 1
    codec = broker_subscribed("0101")  # RabbitMQ 3.10 grants QoS 1 at most
    [message] = codec.written('{"topic": "b/x", "payload": 1, "qos": 2}', TO_PAGE)
    assert message.document["qos"] == 1


def test_connected_library_publishes_reach_the_page_at_the_granted_qos():
    # The library speaks the page's QoS 2 handshakes itself, beside the broker too.
    codec = broker_subscribed("0102")
    [message] = codec.written('{"topic": "b/x", "payload": 1, "qos": 2}', TO_PAGE)
    assert message.document["qos"] == 2


def back(items) -> list[str]:
    return [frame.hex() for item in items if isinstance(item, Plumbing) for frame in item.back]


def test_connected_page_acks_of_library_publishes_stay_off_the_broker():
    codec = broker_subscribed()
    [message] = codec.written('{"topic": "a/x", "payload": 1, "qos": 1}', TO_PAGE)
    assert encoded(codec, message).startswith("3208")  # QoS 1, id 1
    [ack] = codec.from_page(h("40020001"))
    assert isinstance(ack, Plumbing) and forwarded([ack]) == []
    assert codec.outgoing == {}


def test_connected_library_acknowledges_the_brokers_publishes_itself():
    codec = broker_subscribed()
    items = codec.from_server(h("32090003612f7900077b7d"))  # QoS 1, the broker's id 7
    assert back(items) == ["40020007"]  # PUBACK to the broker, whatever a rule does
    assert forwarded(items) == ["32090003612f7900077b7d"]  # the message, numbered when sent
    assert codec.outgoing == {}  # a dropped one takes no number of the page's


def test_connected_brokers_publishes_take_the_librarys_numbers_to_the_page():
    codec = broker_subscribed()
    [message] = codec.written('{"topic": "a/x", "payload": 1, "qos": 1}', TO_PAGE)
    assert encoded(codec, message) == "32080003612f78000131"  # the library's id 1
    publish, _puback = codec.from_server(h("32090003612f7900017b7d"))  # the broker's, id 1
    assert codec.carry(publish, TO_PAGE)[0].hex() == "32090003612f7900027b7d"  # page id 2
    assert codec.outgoing == {1: 1, 2: 1}
    for page_id in ("40020002", "40020001"):  # the page's PUBACKs stay off the broker
        [ack] = codec.from_page(h(page_id))
        assert forwarded([ack]) == [] and back([ack]) == []
    assert codec.outgoing == {}
    [message] = codec.written('{"topic": "a/x", "payload": 1, "qos": 1}', TO_PAGE)
    assert encoded(codec, message) == "32080003612f78000331"  # ids go round


def test_connected_qos2_handshakes_of_a_broker_publish_on_both_sides():
    codec = broker_subscribed()
    publish, pubrec = codec.from_server(h("34090003622f7800057b7d"))  # QoS 2, id 5
    assert back([pubrec]) == ["50020005"]  # PUBREC to the broker
    assert codec.from_server(h("3c090003622f7800057b7d")) == [pubrec]  # DUP: delivered once
    assert codec.carry(publish, TO_PAGE)[0].hex() == "34090003622f7800017b7d"  # page id 1
    items = codec.from_page(h("50020001"))  # the page's PUBREC: the library's PUBREL
    assert back(items) == ["62020001"] and forwarded(items) == []
    items = codec.from_server(h("62020005"))  # the broker's PUBREL: the library's PUBCOMP
    assert back(items) == ["70020005"] and forwarded(items) == []
    items = codec.from_page(h("70020001"))  # the page's PUBCOMP ends it here
    assert back(items) == [] and forwarded(items) == [] and codec.outgoing == {}


def test_connected_page_publish_handshakes_pass_as_they_came():
    codec = broker_subscribed()
    assert forwarded(codec.from_server(h("50020003"))) == ["50020003"]  # broker's PUBREC
    assert forwarded(codec.from_page(h("62020003"))) == ["62020003"]  # page's PUBREL
    assert forwarded(codec.from_server(h("70020003"))) == ["70020003"]  # broker's PUBCOMP
    assert forwarded(codec.from_server(h("40020004"))) == ["40020004"]  # broker's PUBACK
