"""wsroute har2robot on STOMP and MQTT recordings: raw frames and messages a protocol route saved.

The raw frames are written by hand, byte by byte, as a broker and a client
exchange them, so the tests do not lean on the library's own encoders.
"""

from __future__ import annotations

import base64
import json

import pytest
from test_har2robot import PAGE, SERVER, conversation

from WsRouteLibrary.har2robot import _route, convert, detect_protocol, route_pattern

NUL = "\x00"
STOMP = [
    (PAGE, f"CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\n\n{NUL}"),
    (SERVER, f"CONNECTED\nversion:1.2\nheart-beat:0,10000\nserver:RabbitMQ\n\n{NUL}"),
    (PAGE, f"SUBSCRIBE\nid:sub-0\ndestination:/topic/chat\n\n{NUL}"),
    (PAGE, f'SEND\ndestination:/app/chat\ncontent-type:application/json\n\n{{"text":"hi"}}{NUL}'),
    (SERVER, "\n"),  # a heart-beat
    (SERVER, "MESSAGE\ndestination:/topic/chat\nsubscription:sub-0\nmessage-id:7\n\n"
             f'{{"text":"echo: hi"}}{NUL}'),
    (PAGE, f"DISCONNECT\nreceipt:77\n\n{NUL}"),
    (SERVER, f"RECEIPT\nreceipt-id:77\n\n{NUL}"),
]
HI = b'{"text":"hi"}'
TOPIC = b"\x00\x09chat/room"
MQTT = [
    (PAGE, bytes.fromhex("101200044d5154540402003c0006") + b"page-4"),  # CONNECT, MQTT 3.1.1
    (SERVER, bytes.fromhex("20020000")),  # CONNACK
    (PAGE, bytes.fromhex("820b00010006") + b"chat/#" + b"\x01"),  # SUBSCRIBE chat/# QoS 1
    (SERVER, bytes.fromhex("9003000101")),  # SUBACK
    # PUBLISH QoS 1, split over two frames, then the broker's PUBACK and its delivery.
    (PAGE, b"\x32\x1a" + TOPIC[:5]),
    (PAGE, TOPIC[5:] + b"\x00\x02" + HI),
    (SERVER, bytes.fromhex("40020002") + b"\x32\x1a" + TOPIC + b"\x00\x01" + HI),
    (PAGE, bytes.fromhex("40020001")),  # PUBACK of the delivery
    (PAGE, bytes.fromhex("c000")), (SERVER, bytes.fromhex("d000")),  # PINGREQ, PINGRESP
    (PAGE, bytes.fromhex("e000")),  # DISCONNECT
]


def har(tmp_path, messages, url):
    entry = {"request": {"url": url}, "_resourceType": "websocket", "_webSocketMessages": [
        {"type": "send" if sent else "receive", "time": 1_790_000_000 + n,
         "opcode": 2 if isinstance(payload, bytes) else 1,
         "data": base64.b64encode(payload).decode() if isinstance(payload, bytes) else payload}
        for n, (sent, payload) in enumerate(messages)]}
    path = tmp_path / "recorded.har"
    path.write_text(json.dumps({"log": {"entries": [entry]}}), encoding="utf-8")
    return path


def plan(messages, url):
    return _route(route_pattern(url), [conversation(*messages, url=url)], [])


def suite(tmp_path, messages, url):
    return convert(har(tmp_path, messages, url)).replace("\n    ...    ", "    ")


@pytest.mark.parametrize("messages, protocol", [
    ([STOMP[0]], "stomp"),
    ([STOMP[1]], "stomp"),
    ([(PAGE, '["CONNECT\\naccept-version:1.2\\n\\n\\u0000"]')], "stomp"),  # over SockJS
    ([(PAGE, '{"command": "SEND", "destination": "/app/chat", "body": "hi"}')], "stomp"),
    ([(SERVER, '{"command": "CONNECTED", "headers": {"version": "1.2"}}')], "stomp"),
    ([MQTT[0]], "mqtt"),
    ([(PAGE, b"\x10\x10\x00\x06MQIsdp\x03\x02\x00\x3c\x00\x02id")], "mqtt"),  # MQTT 3.1
    ([(PAGE, '{"type": "connect", "clientId": "a", "protocolVersion": 4}')], "mqtt"),
    ([(PAGE, '{"type": "publish", "topic": "t", "payload": 1}')], "mqtt"),
    ([(PAGE, '{"type": "subscribe", "topics": ["t"]}')], "mqtt"),
    # Look-alikes: a text that only starts with the word, a message with a "command".
    ([(PAGE, "CONNECTING to the server")], None),
    ([(PAGE, '{"command": "jump"}')], None),
    ([(PAGE, b"\x10\x00")], None),
    ([(PAGE, '{"type": "publish"}')], None),
])
def test_detect_stomp_and_mqtt(messages, protocol):
    assert detect_protocol([conversation(*messages)]) == protocol


def test_raw_stomp_frames_become_messages_on_a_protocol_route(tmp_path):
    assert "Route WebSocket    **/stomp    protocol=stomp" in suite(tmp_path, STOMP,
                                                                    "ws://broker.test/stomp")
    route = plan(STOMP, "ws://broker.test/stomp")
    assert route.protocol == "stomp" and not route.greetings
    send = {"command": "SEND", "destination": "/app/chat", "body": {"text": "hi"},
            "headers": {"content-type": "application/json"}}
    message = {"command": "MESSAGE", "destination": "/topic/chat", "body": {"text": "echo: hi"},
               "headers": {"subscription": "sub-0", "message-id": "7"}}
    assert [(json.loads(r.message), [json.loads(a) for a in r.replies], r.match)
            for r in route.rules] == [(send, [message], "json")]
    # The library answers CONNECT and DISCONNECT itself; heart-beats and receipts are plumbing.
    assert [json.loads(m) for m, _ in route.waits] == [
        {"command": "SUBSCRIBE", "destination": "/topic/chat", "id": "sub-0"}, send]


def test_raw_mqtt_packets_become_messages_on_a_protocol_route(tmp_path):
    assert "Route WebSocket    **/mqtt    protocol=mqtt" in suite(tmp_path, MQTT,
                                                                  "ws://broker.test/mqtt")
    route = plan(MQTT, "ws://broker.test/mqtt")
    publish = {"type": "publish", "topic": "chat/room", "payload": {"text": "hi"}, "qos": 1,
               "retain": False}
    assert [(json.loads(r.message), [json.loads(a) for a in r.replies], r.match)
            for r in route.rules] == [(publish, [publish], "json")]
    assert [json.loads(m) for m, _ in route.waits] == [
        {"type": "subscribe", "topics": ["chat/#"], "subscriptions": [{"topic": "chat/#",
                                                                       "qos": 1}]}, publish]
    assert not route.greetings


def test_messages_saved_on_a_protocol_route_stay_as_they_are():
    saved = [(PAGE, '{"type": "connect", "clientId": "page-4", "protocolVersion": 4}'),
             (SERVER, '{"type": "connack", "sessionPresent": false, "returnCode": 0}'),
             (PAGE, '{"type": "publish", "topic": "a", "payload": "x", "qos": 0}'),
             (SERVER, '{"type": "publish", "topic": "a", "payload": "y", "qos": 0}')]
    route = plan(saved, "ws://broker.test/mqtt")
    assert route.protocol == "mqtt"
    assert [(r.message, r.replies) for r in route.rules] == [(saved[2][1], [saved[3][1]])]


def test_a_stomp_frame_without_its_nul_is_kept_as_recorded(tmp_path):
    broken = "SEND\ndestination:/app/chat\n\nno NUL at the end"
    route = plan([*STOMP[:3], (PAGE, broken)], "ws://broker.test/stomp")
    assert route.protocol == "stomp" and route.waits[-1] == (broken, "exact")
    text = suite(tmp_path, [*STOMP[:3], (PAGE, broken)], "ws://broker.test/stomp")
    assert "Wait For Sent Message    SEND\\ndestination:/app/chat\\n\\nno NUL at the end" in text


def test_a_truncated_mqtt_packet_is_kept_as_recorded(tmp_path):
    cut = b"\x32\x1a" + TOPIC + b"\x00\x02" + HI[:4]  # the recording ends inside a PUBLISH
    route = plan([*MQTT[:4], (PAGE, cut)], "ws://broker.test/mqtt")
    assert route.protocol == "mqtt" and route.waits[-1] == (cut, "exact")
    written = suite(tmp_path, [*MQTT[:4], (PAGE, cut)], "ws://broker.test/mqtt")
    assert "Wait For Sent Message    ${{ bytes.fromhex('32 1a 00 09 63" in written


def test_an_invalid_mqtt_packet_is_kept_as_recorded(tmp_path):
    bad = b"\x32\xff\xff\xff\xff\x01"  # a remaining length longer than MQTT allows
    route = plan([*MQTT[:4], (PAGE, bad)], "ws://broker.test/mqtt")
    assert route.protocol == "mqtt" and route.waits[-1] == (bad, "exact")
    assert "bytes.fromhex('32 ff ff ff ff 01')" in suite(tmp_path, [*MQTT[:4], (PAGE, bad)],
                                              "ws://broker.test/mqtt")
