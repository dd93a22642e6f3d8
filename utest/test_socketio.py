"""Socket.IO codec: Engine.IO v4 / Socket.IO v5 frames against the protocols' own examples."""

from __future__ import annotations

import json

import pytest

from WsRouteLibrary.datatypes import MatchMode
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.matching import Matcher, render
from WsRouteLibrary.protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage, codec_class
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER
from WsRouteLibrary.protocols.matching import ProtocolMatcher
from WsRouteLibrary.protocols.socketio import (
    SocketIOCodec,
    decode_payload,
    encode_payload,
    parse_packet,
)

URL = "ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"


def documents(items):
    return [item.document for item in items]


@pytest.fixture
def codec():
    return SocketIOCodec(URL)


def test_registry_names_the_protocols():
    assert codec_class("socket.io") is SocketIOCodec
    assert codec_class("Socket.IO") is SocketIOCodec
    assert codec_class(None) is None
    assert codec_class("None") is None
    with pytest.raises(InvalidInputError, match="Protocol 'smoke-signals' is not supported. "
                                                "Use socket.io or graphql-ws or .*, or None"):
        codec_class("smoke-signals")


def test_the_mock_opens_with_an_engineio_open_packet(codec):
    [frame] = codec.opening()
    assert frame[0] == "0"
    handshake = json.loads(frame[1:])
    assert handshake["sid"] == codec.sid
    assert handshake["upgrades"] == []
    assert handshake["pingInterval"] == 25000 and handshake["pingTimeout"] == 20000
    assert codec.heartbeat() == (25.0, "2")


def test_long_polling_is_offered_the_websocket_upgrade():
    codec = SocketIOCodec("ws://127.0.0.1/socket.io/?EIO=4&transport=polling")
    [frame] = codec.opening()
    assert json.loads(frame[1:])["upgrades"] == ["websocket"]


def test_a_socket_that_upgrades_long_polling_gets_no_open_packet():
    codec = SocketIOCodec(URL + "&sid=abc123")
    assert codec.opening() == []
    assert codec.sid == "abc123"
    [probe] = codec.from_page("2probe")
    assert isinstance(probe, Plumbing) and probe.answer == ["3probe"]
    [upgrade] = codec.from_page("5")
    assert isinstance(upgrade, Plumbing) and upgrade.answer == []


def test_connect_to_the_default_and_a_named_namespace(codec):
    assert documents(codec.from_page("40")) == [{"connect": "/"}]
    assert documents(codec.from_page('40/admin,{"token":"abc"}')) == [
        {"connect": "/admin", "auth": {"token": "abc"}}
    ]
    [answer] = codec.default_answer(ProtocolMessage({"connect": "/admin"}))
    [frame] = codec.encode(answer, TO_PAGE)
    assert frame.startswith('40/admin,{"sid":"')
    assert documents(codec.from_server('40{"sid":"xyz"}')) == [{"connect": "/", "sid": "xyz"}]


def test_connect_error_and_disconnect(codec):
    assert documents(codec.from_server('44/admin,{"message":"Not authorized"}')) == [
        {"connect_error": "/admin", "message": "Not authorized"}
    ]
    [refusal] = codec.written('{"connect_error": "/admin", "message": "no"}', TO_PAGE)
    assert codec.encode(refusal, TO_PAGE) == ['44/admin,{"message":"no"}']
    assert documents(codec.from_page("41/admin,")) == [{"disconnect": "/admin"}]
    [bye] = codec.written('{"disconnect": "/"}', TO_PAGE)
    assert codec.encode(bye, TO_PAGE) == ["41"]


def test_events_with_and_without_acknowledgement(codec):
    assert documents(codec.from_page('42["hello",1]')) == [
        {"event": "hello", "args": [1], "namespace": "/"}
    ]
    assert documents(codec.from_page('42/admin,13["project:delete",123]')) == [
        {"event": "project:delete", "args": [123], "namespace": "/admin", "ack": 13}
    ]
    assert documents(codec.from_server('43/admin,13[]')) == [
        {"ack": 13, "args": [], "namespace": "/admin"}
    ]


def test_binary_event_waits_for_its_attachments(codec):
    header = '451-["hello",{"_placeholder":true,"num":0}]'
    assert codec.from_page(header) == []
    [message] = codec.from_page(b"\x01\x02\x03")
    assert message.document == {"event": "hello", "args": [{"$binary": "AQID"}], "namespace": "/"}
    assert message.frames == (header, b"\x01\x02\x03")
    ack_header = '462-/admin,15[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]'
    assert codec.from_server(ack_header) == []
    assert codec.from_server(b"\x01") == []
    [ack] = codec.from_server(b"\x02")
    assert ack.document == {"ack": 15, "args": [{"$binary": "AQ=="}, {"$binary": "Ag=="}],
                            "namespace": "/admin"}


def test_binary_arguments_are_encoded_as_attachments(codec):
    [message] = codec.written('["file", "a.bin", {"$binary": "AQID"}]', TO_PAGE)
    assert codec.encode(message, TO_PAGE) == [
        '451-["file","a.bin",{"_placeholder":true,"num":0}]', b"\x01\x02\x03"
    ]
    [ack] = codec.written('{"ack": 4, "args": [{"$binary": "AA=="}]}', TO_PAGE)
    assert codec.encode(ack, TO_PAGE) == ['461-4[{"_placeholder":true,"num":0}]', b"\x00"]


def test_engineio_plumbing(codec):
    [ping] = codec.from_server("2")
    assert isinstance(ping, Plumbing) and ping.frames == ["2"] and ping.answer == []
    [pong] = codec.from_page("3")
    assert isinstance(pong, Plumbing) and pong.note == "pong"
    [open_] = codec.from_server('0{"sid":"x","upgrades":[],"pingInterval":300}')
    assert isinstance(open_, Plumbing) and open_.note == "open"
    assert isinstance(codec.from_page("6")[0], Plumbing)


@pytest.mark.parametrize(("frame", "error"), [
    ("9", "Engine.IO packet type '9' is unknown"),
    ("", "Engine.IO packet type '' is unknown"),
    ("0{}", "only the server sends the open packet"),
    ("4x", "Socket.IO packet type 'x' is unknown"),
    ("42{nope", "its data is not valid JSON"),
    ('42{"a":1}', "an EVENT's data must be an array starting with the event name"),
    ("42[1,2]", "an EVENT's data must be an array starting with the event name"),
    ('43["x"]', "an ACK must carry the id"),
    ("40[1]", "a CONNECT's data must be an object"),
    ('45["x"]', "a binary packet must give its number of attachments"),
    (b"\x01", "no binary packet awaits an attachment"),
])
def test_invalid_frames_are_reported_with_the_frame(codec, frame, error):
    [item] = codec.from_page(frame)
    assert isinstance(item, Invalid)
    assert error in item.error
    assert item.error.startswith("invalid Socket.IO frame ")


def test_a_text_frame_where_an_attachment_was_due_ends_the_binary_packet(codec):
    assert codec.from_page('451-["x",{"_placeholder":true,"num":0}]') == []
    item, message = codec.from_page('42["y"]')
    assert isinstance(item, Invalid) and "incomplete binary event: 0 of 1" in item.error
    assert message.document == {"event": "y", "args": [], "namespace": "/"}
    assert documents(codec.from_page('42["y"]')) == [{"event": "y", "args": [], "namespace": "/"}]


def test_invalid_server_open_packet(codec):
    [item] = codec.from_server('0{"upgrades":[]}')
    assert isinstance(item, Invalid) and "must carry a sid" in item.error


def test_packet_text_round_trips():
    for text in ['2["a",1]', '2/admin,["a"]', '3/admin,13[]', "0/admin,", "1", '4{"message":"x"}']:
        assert parse_packet(text).text() == text


def test_written_shorthands(codec):
    assert codec.written("ping", TO_PAGE)[0].document == {"event": "ping", "args": [],
                                                          "namespace": "/"}
    assert codec.written('["chat", "hi", 2]', TO_SERVER)[0].document == {
        "event": "chat", "args": ["hi", 2], "namespace": "/"}
    event = codec.written('{"event": "x", "args": [], "namespace": "/admin"}', TO_PAGE)[0]
    assert codec.encode(event, TO_PAGE) == ['42/admin,["x"]']


def test_a_reply_takes_the_namespace_and_ack_of_the_matched_event(codec):
    [asked] = codec.from_page('42/admin,7["save",{"id":1}]')
    [ack] = codec.written('{"ack": ["ok"]}', TO_PAGE, answering=asked)
    assert codec.encode(ack, TO_PAGE) == ['43/admin,7["ok"]']
    [event] = codec.written('["saved"]', TO_PAGE, answering=asked)
    assert codec.encode(event, TO_PAGE) == ['42/admin,["saved"]']
    [plain] = codec.from_page('42["save"]')
    with pytest.raises(ProtocolError, match="asked for no acknowledgement"):
        codec.written('{"ack": ["ok"]}', TO_PAGE, answering=plain)


@pytest.mark.parametrize(("text", "error"), [
    ("[1, 2]", "must start with the event name"),
    ("[]", "must start with the event name"),
    ("42", "is no event"),
    ('{"foo": 1}', "is no Socket.IO message"),
    ('{"event": "x", "namespace": "admin"}', "a namespace starts with '/'"),
    ('["x", {"$binary": "!!"}]', "must hold base64"),
    ("[nope", "is not valid JSON"),
])
def test_written_messages_that_cannot_be_sent(codec, text, error):
    with pytest.raises(ProtocolError, match=error):
        codec.written(text, TO_PAGE)


def protocol_matcher(expected, mode="exact"):
    return ProtocolMatcher(Matcher(expected, mode), SocketIOCodec)


def message(frame):
    return SocketIOCodec(URL).from_page(frame)[0]


def test_exact_matches_the_event_ignoring_the_ack_id_and_defaulting_the_namespace():
    assert protocol_matcher('["chat", "hi"]').match(message('42["chat","hi"]'))
    assert protocol_matcher('["chat", "hi"]').match(message('423["chat","hi"]'))
    assert not protocol_matcher('["chat", "hi"]').match(message('42/admin,["chat","hi"]'))
    assert not protocol_matcher('["chat"]').match(message('42["chat","hi"]'))
    assert protocol_matcher("chat").match(message('42["chat"]'))
    assert protocol_matcher('{"event": "chat", "args": [], "ack": 3}').match(
        message('423["chat"]'))
    assert not protocol_matcher('{"event": "chat", "args": [], "ack": 4}').match(
        message('423["chat"]'))


def test_json_containment_on_documents():
    admin = message('42/admin,["chat",{"text":"hi","room":1}]')
    assert protocol_matcher('{"event": "chat"}', "json").match(admin)
    assert protocol_matcher('{"namespace": "/admin"}', "json").match(admin)
    assert protocol_matcher('["chat", {"text": "hi"}]', "json").match(admin)
    assert not protocol_matcher('["chat"]', "json").match(admin)
    assert not protocol_matcher('{"event": "other"}', "json").match(admin)


def test_glob_and_regexp_see_the_canonical_text():
    event = message('42["chat","hi"]')
    assert str(event) == '{"event": "chat", "args": ["hi"], "namespace": "/"}'
    assert protocol_matcher('*"event": "chat"*', "glob").match(event)
    match = protocol_matcher(r'.*"args": \["(\w+)"\].*', "regexp").match(event)
    assert match.groups.group(1) == "hi"


def test_templates_reach_the_document_in_every_mode():
    event = message('427["echo","hello",{"n":2}]')
    match = protocol_matcher('{"event": "echo"}', MatchMode.json).match(event)
    assert render('["echoed", "{{args.0}}", {{args.1}}]', match) == '["echoed", "hello", {"n": 2}]'
    match = protocol_matcher('*echo*', "glob").match(event)
    assert render("{{ack}}", match) == "7"


def test_invalid_frames_are_matched_as_plain_text():
    invalid = SocketIOCodec(URL).from_page("4x")[0]
    assert protocol_matcher("4x").match(invalid.frame)
    assert not protocol_matcher("chat").match(invalid.frame)


def test_bytes_cannot_be_matched_on_a_protocol_route():
    with pytest.raises(InvalidInputError, match="matched as text"):
        protocol_matcher(b"\x01")


def test_long_polling_payloads():
    body = '40\x1e42["a"]\x1ebAQID'
    assert decode_payload(body) == ["40", '42["a"]', b"\x01\x02\x03"]
    assert encode_payload(["40", '42["a"]', b"\x01\x02\x03"]) == body
    assert decode_payload("") == []
    [bad] = decode_payload("b!!")  # kept as text: the codec reports it as an invalid frame
    assert bad == "b!!"
    [item] = SocketIOCodec(URL).from_page(bad)
    assert isinstance(item, Invalid) and "its base64 is not valid" in item.error
