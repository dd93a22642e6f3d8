"""decode_recording: a browser's recording of protocol frames as a protocol route's messages."""

from __future__ import annotations

import json

from WsRouteLibrary.model.har import Conversation, RecordedMessage
from WsRouteLibrary.protocols import GraphQLWsCodec, SocketIOCodec
from WsRouteLibrary.protocols.base import decode_recording

PAGE, SERVER = True, False


def conversation(*messages: tuple[bool, str | bytes]) -> Conversation:
    found = Conversation(3, "ws://127.0.0.1:1/socket.io/?EIO=4&transport=websocket", 1.0,
                         entry=7)
    for number, (sent, payload) in enumerate(messages, 1):
        found.messages.append(RecordedMessage(number, sent, payload, 100.0 + number))
    return found


def payloads(decoded: Conversation) -> list[tuple[bool, object]]:
    return [(m.sent, json.loads(m.payload) if isinstance(m.payload, str) else m.payload)
            for m in decoded.messages]


def test_raw_socketio_frames_become_events_and_plumbing_goes():
    decoded = decode_recording(conversation(
        (SERVER, '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}'),
        (PAGE, "40"),
        (SERVER, '40{"sid":"xyz"}'),
        (SERVER, "2"),
        (PAGE, "3"),
        (PAGE, '42["chat message","hi"]'),
        (SERVER, '42["chat message","echo: hi"]'),
        (PAGE, '420["add",2,3]'),
        (SERVER, "430[5]"),
    ), SocketIOCodec)
    assert payloads(decoded) == [
        (PAGE, {"connect": "/"}),
        (SERVER, {"connect": "/", "sid": "xyz"}),
        (PAGE, {"event": "chat message", "args": ["hi"], "namespace": "/"}),
        (SERVER, {"event": "chat message", "args": ["echo: hi"], "namespace": "/"}),
        (PAGE, {"event": "add", "args": [2, 3], "namespace": "/", "ack": 0}),
        (SERVER, {"ack": 0, "args": [5], "namespace": "/"}),
    ]
    assert [m.number for m in decoded.messages] == [1, 2, 3, 4, 5, 6]
    # Each keeps its time and its place in the file, for the replay's messages.
    assert [m.index for m in decoded.messages] == [1, 2, 5, 6, 7, 8]
    assert decoded.messages[2].time == 106.0
    assert (decoded.number, decoded.entry, decoded.started) == (3, 7, 1.0)


def test_a_binary_event_is_one_message_with_its_attachment():
    decoded = decode_recording(conversation(
        (SERVER, '451-["file",{"_placeholder":true,"num":0}]'),
        (SERVER, b"\x00\xff"),
    ), SocketIOCodec)
    assert payloads(decoded) == [
        (SERVER, {"event": "file", "args": [{"$binary": "AP8="}], "namespace": "/"})]
    assert decoded.messages[0].index == 1


def test_saved_messages_and_foreign_frames_stay_as_recorded():
    saved = '{"event": "chat message", "args": ["hi"], "namespace": "/"}'
    decoded = decode_recording(conversation(
        (PAGE, saved), (SERVER, "not socket.io"), (SERVER, b"\x01")), SocketIOCodec)
    assert [m.payload for m in decoded.messages] == [saved, "not socket.io", b"\x01"]


def test_graphql_frames_and_a_saved_subscribe():
    saved = '{"type": "subscribe", "id": "1", "query": "{ hello }"}'
    decoded = decode_recording(conversation(
        (PAGE, '{"type":"connection_init"}'),
        (SERVER, '{"type":"connection_ack"}'),
        (PAGE, saved),
    ), GraphQLWsCodec)
    assert decoded.messages[-1].payload == saved
    assert payloads(decoded)[:2] == [(PAGE, {"type": "connection_init"}),
                                     (SERVER, {"type": "connection_ack"})]
