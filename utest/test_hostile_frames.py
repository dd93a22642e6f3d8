"""Hostile frames: every parse path of both codecs gives an Invalid item or a clear
ProtocolError naming the frame and what is wrong, never a Python exception."""

from __future__ import annotations

import json

import pytest

from WsRouteLibrary.protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER, Codec, load_json, shown
from WsRouteLibrary.protocols.graphqlws import GraphQLWsCodec
from WsRouteLibrary.protocols.socketio import SocketIOCodec, decode_payload

URL = "ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"
DEEP = "[" * 100_000
DIGITS = "1" * 5000
TOO_DEEP = "nests arrays and objects more than 200 deep, more than the library reads"
TOO_LONG_NUMBER = "has a number of more than 4300 digits, more than the library reads"
NAN = "is not valid JSON: NaN is not a JSON value (JSON.parse refuses it)"

SOCKETIO = [
    ('4٣["x"]', "Socket.IO packet type '٣' is unknown (0-6 are)"),
    ('4²["x"]', "Socket.IO packet type '²' is unknown (0-6 are)"),
    ('42٣["x"]', "its ack id has '٣', which is no ASCII digit (ack ids are written 0-9)"),
    ('42²["x"]', "its ack id has '²', which is no ASCII digit (ack ids are written 0-9)"),
    ("42" + DIGITS + '["x"]',
     "its ack id has 5000 digits; ack ids go up to 9007199254740991, the largest whole number "
     "JavaScript counts exactly"),
    ('429007199254740992["x"]',
     "its ack id 9007199254740992 is larger than 9007199254740991, the largest whole number "
     "JavaScript counts exactly"),
    ("42" + DEEP, "its data " + TOO_DEEP),
    ("42" + "[" * 300 + "]" * 300, "its data " + TOO_DEEP),
    ('42["x",NaN]', "its data " + NAN),
    ('42["x",-Infinity]', "its data is not valid JSON: -Infinity is not a JSON value "
                          "(JSON.parse refuses it)"),
    ('42["x",' + DIGITS + "]", "its data " + TOO_LONG_NUMBER),
    ('45٣-["x",{"_placeholder":true,"num":0}]',
     "a binary packet must give its number of attachments (ASCII digits 0-9) and '-'"),
    ("45" + DIGITS + '-["x"]',
     "a binary packet announces more than 1000 attachments; the library reads at most 1000"),
    ('452000-["x"]',
     "a binary packet announces 2000 attachments; the library reads at most 1000"),
    ('450-["x"]', "a binary packet carries 1 attachment or more, not 0"),
    ("42/" + "a" * 2000 + ',["x"]',
     "its namespace is 2001 characters long; the library reads namespaces of up to 1000"),
    ('42["x"]\x00', "its data is not valid JSON (Extra data: line 1 column 6 (char 5))"),
    ("\x1b[31m", "Engine.IO packet type '\\x1b' is unknown (0-6 are)"),
]


@pytest.mark.parametrize("direction", ["from_page", "from_server"])
@pytest.mark.parametrize(("frame", "error"), SOCKETIO)
def test_hostile_socketio_frames_are_invalid_items(direction, frame, error):
    items = getattr(SocketIOCodec(URL), direction)(frame)
    assert len(items) == 1 and isinstance(items[0], Invalid), items
    [item] = items
    assert item.frame == frame
    assert item.error == f"invalid Socket.IO frame {shown(frame)}: {error}"
    assert item.close is None  # Socket.IO's mock does not close on a bad frame
    assert not any(ord(c) < 0x20 for c in item.error), "no raw control characters"


def test_shown_quotes_control_characters_and_cuts_long_frames():
    assert shown("42\x00\n'x'") == "'42\\x00\\n'x''"
    assert shown("a" * 100) == "'" + "a" * 80 + "...'"
    assert shown(b"\x00\x01") == "bytes[2] 00 01"


def test_the_open_packet_from_the_server_is_read_safely():
    codec = SocketIOCodec(URL)
    [item] = codec.from_server("0" + DEEP)
    assert isinstance(item, Invalid)
    assert item.error.endswith(": the open packet's data " + TOO_DEEP)
    [item] = codec.from_server('0{"sid":NaN}')
    assert item.error.endswith(": the open packet's data " + NAN)


def test_a_placeholder_numbered_true_is_no_placeholder():
    codec = SocketIOCodec(URL)
    assert codec.from_page('451-["x",{"_placeholder":true,"num":true}]') == []
    [message] = codec.from_page(b"\x01")
    assert message.document["args"] == [{"_placeholder": True, "num": True}]


def test_a_deep_binary_placeholder_is_invalid_not_a_recursion_error():
    codec = SocketIOCodec(URL)
    header = '451-["x",' + "[" * 250 + '{"_placeholder":true,"num":0}' + "]" * 250 + "]"
    [item] = codec.from_page(header)
    assert isinstance(item, Invalid) and item.error.endswith("its data " + TOO_DEEP)


@pytest.mark.parametrize(("text", "error"), [
    ("[" * 100_000, "Socket.IO message '" + "[" * 80 + "...' " + TOO_DEEP),
    ('["x", NaN]', "Socket.IO message '[\"x\", NaN]' " + NAN),
    ('["x", ' + DIGITS + "]", "Socket.IO message '[\"x\", " + "1" * 74 + "...' "
     + TOO_LONG_NUMBER),
    ('{"event": "x", "args": [Infinity]}',
     "Socket.IO message '{\"event\": \"x\", \"args\": [Infinity]}' is not valid JSON: "
     "Infinity is not a JSON value (JSON.parse refuses it)"),
    ('["x"]\x00', "Socket.IO message '[\"x\"]\\x00' is not valid JSON (Extra data"),
])
def test_hostile_written_socketio_messages_fail_clearly(text, error):
    for read in (lambda: SocketIOCodec(URL).written(text, TO_PAGE),
                 lambda: SocketIOCodec(URL).written(text, TO_SERVER),
                 lambda: SocketIOCodec.document(text)):
        with pytest.raises(ProtocolError) as raised:
            read()
        assert str(raised.value).startswith(error)


def test_long_polling_bodies_keep_bad_parts_as_invalid_frames():
    codec = SocketIOCodec("ws://127.0.0.1/socket.io/?EIO=4&transport=polling")
    frames = decode_payload('42["a"]\x1eb!!\x1ebÄÖ\x1e4٣\x1ebAQID')
    assert frames == ['42["a"]', "b!!", "bÄÖ", "4٣", b"\x01\x02\x03"]
    items = [item for frame in frames for item in codec.from_page(frame)]
    assert isinstance(items[0], ProtocolMessage)
    assert [item.error for item in items[1:4]] == [
        "invalid Socket.IO frame 'b!!': a long-polling binary packet is 'b' and base64, but "
        "its base64 is not valid",
        "invalid Socket.IO frame 'bÄÖ': a long-polling binary packet is 'b' and base64, but "
        "its base64 is not valid",
        "invalid Socket.IO frame '4٣': Socket.IO packet type '٣' is unknown (0-6 are)",
    ]
    assert isinstance(items[4], Invalid) and "no binary packet awaits" in items[4].error
    assert decode_payload("") == []
    assert decode_payload("b") == [b""]


def test_a_long_polling_body_from_the_server_is_read_the_same_way():
    codec = SocketIOCodec("ws://127.0.0.1/socket.io/?EIO=4&transport=polling")
    [frame] = decode_payload("b" + "!" * 100)
    [item] = codec.from_server(frame)
    assert isinstance(item, Invalid) and "its base64 is not valid" in item.error


# ------------------------------------------------------------ unfinished


def test_an_incomplete_binary_event_is_reported_when_the_socket_closes():
    codec = SocketIOCodec(URL)
    header = '452-["x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]'
    assert codec.from_page(header) == []
    assert codec.from_page(b"\x01\x02") == []
    ack = '461-7[{"_placeholder":true,"num":0}]'
    assert codec.from_server(ack) == []
    items = codec.unfinished()
    assert [item.frame for item in items] == [header, ack]
    assert [item.frames for item in items] == [(header, b"\x01\x02"), (ack,)]
    assert [item.direction for item in items] == [TO_SERVER, TO_PAGE]
    assert items[0].error == (
        f"invalid Socket.IO frame {shown(header)}: incomplete binary event: 1 of 2 attachments "
        "arrived before the socket closed (bytes[2] 01 02)"
    )
    assert items[1].error == (
        f"invalid Socket.IO frame {shown(ack)}: incomplete binary acknowledgement: 0 of 1 "
        "attachments arrived before the socket closed"
    )
    assert codec.unfinished() == []  # reported once


def test_a_complete_socket_has_nothing_unfinished():
    codec = SocketIOCodec(URL)
    assert codec.from_page('451-["x",{"_placeholder":true,"num":0}]') == []
    assert len(codec.from_page(b"\x01")) == 1
    assert codec.unfinished() == []
    assert Codec().unfinished() == []
    assert GraphQLWsCodec().unfinished() == []


def test_a_text_frame_before_the_attachments_ends_the_binary_event_and_is_read():
    codec = SocketIOCodec(URL)
    header = '451-["x",{"_placeholder":true,"num":0}]'
    assert codec.from_page(header) == []
    first, second = codec.from_page('42["y"]')
    assert isinstance(first, Invalid) and first.frame == header
    assert first.error.endswith("incomplete binary event: 0 of 1 attachments arrived before "
                                "the next text frame")
    assert second.document == {"event": "y", "args": [], "namespace": "/"}


# ------------------------------------------------------------ graphql-ws

GRAPHQL = [
    ("[" * 100_000, "it " + TOO_DEEP),
    ('{"type":"ping","payload":' + DIGITS + "}", "it " + TOO_LONG_NUMBER),
    ('{"type":"connection_init","payload":{"a":NaN}}', "it " + NAN),
    ("\x00", "it is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    ('{"type":"\x07"}', None),
]


@pytest.mark.parametrize("direction", ["from_page", "from_server"])
@pytest.mark.parametrize(("frame", "error"), GRAPHQL)
def test_hostile_graphql_frames_are_invalid_items(direction, frame, error):
    [item] = getattr(GraphQLWsCodec(), direction)(frame)
    assert isinstance(item, Invalid)
    assert item.frame == frame
    if error is not None:
        assert item.error == f"invalid graphql-ws frame {shown(frame)}: {error}"
    assert not any(ord(c) < 0x20 for c in item.error), "no raw control characters"
    if direction == "from_page":  # the library plays the server: it closes as one does
        code, reason = item.close
        assert code == 4400 and 0 < len(reason.encode()) <= 123
    else:
        assert item.close is None


def init(codec):
    [message] = codec.from_page('{"type":"connection_init"}')
    [ack] = codec.default_answer(message)
    codec.carry(ack, TO_PAGE)


SUBSCRIBE = json.dumps({"type": "subscribe", "id": "1", "payload": {"query": "{ a }"}})


def test_subscribe_before_connection_init_closes_with_4401():
    codec = GraphQLWsCodec()
    [item] = codec.from_page(SUBSCRIBE)
    assert isinstance(item, Invalid)
    assert item.error == (
        f"invalid graphql-ws frame {shown(SUBSCRIBE)}: a subscribe came before the server "
        "acknowledged the connection (connection_ack); the server closes the socket with 4401 "
        "Unauthorized"
    )
    assert item.close == (4401, "Unauthorized")
    assert codec.operations == {}


def test_subscribe_after_connection_init_but_before_the_ack_closes_with_4401():
    codec = GraphQLWsCodec()
    codec.from_page('{"type":"connection_init"}')
    [item] = codec.from_page(SUBSCRIBE)
    assert isinstance(item, Invalid) and item.close == (4401, "Unauthorized")


def test_subscribe_after_the_ack_is_an_operation():
    codec = GraphQLWsCodec()
    init(codec)
    [message] = codec.from_page(SUBSCRIBE)
    assert isinstance(message, ProtocolMessage)


def test_a_server_ack_on_a_connected_route_allows_subscribe():
    codec = GraphQLWsCodec(mocked=False)
    codec.from_page('{"type":"connection_init"}')
    codec.from_server('{"type":"connection_ack"}')
    [message] = codec.from_page(SUBSCRIBE)
    assert isinstance(message, ProtocolMessage)


def test_a_second_connection_init_closes_with_4429():
    codec = GraphQLWsCodec()
    init(codec)
    [item] = codec.from_page('{"type":"connection_init"}')
    assert isinstance(item, Invalid)
    assert item.error.endswith(": connection_init came twice; the server closes the socket "
                               "with 4429 Too many initialisation requests")
    assert item.close == (4429, "Too many initialisation requests")


def test_a_duplicate_subscribe_closes_with_4409():
    codec = GraphQLWsCodec()
    init(codec)
    codec.from_page(SUBSCRIBE)
    [item] = codec.from_page(SUBSCRIBE)
    assert isinstance(item, Invalid)
    assert item.error.endswith(": operation id '1' is already active; the server closes the "
                               "socket with 4409 Subscriber for 1 already exists")
    assert item.close == (4409, "Subscriber for 1 already exists")


def test_a_close_reason_fits_a_close_frame():
    codec = GraphQLWsCodec()
    init(codec)
    frame = json.dumps({"type": "subscribe", "id": "é" * 200, "payload": {"query": "{ a }"}})
    codec.from_page(frame)
    [item] = codec.from_page(frame)
    code, reason = item.close
    assert code == 4409 and len(reason.encode()) <= 123


def test_a_connected_route_leaves_closing_to_the_real_server():
    codec = GraphQLWsCodec(mocked=False)
    [item] = codec.from_page(SUBSCRIBE)
    assert isinstance(item, Invalid) and "4401" in item.error and item.close is None
    [item] = codec.from_page("nope")
    assert isinstance(item, Invalid) and item.close is None


def test_plumbing_and_invalid_items_default_to_no_close():
    assert Plumbing().close is None
    assert Invalid("x", "bad").close is None
    assert Invalid("x", "bad").frames == ()


@pytest.mark.parametrize(("text", "error"), [
    ("[" * 100_000, "GraphQL message '" + "[" * 80 + "...' " + TOO_DEEP),
    ('{"data": {"a": NaN}}', "GraphQL message '{\"data\": {\"a\": NaN}}' " + NAN),
    ('{"data": ' + DIGITS + "}", "GraphQL message '{\"data\": " + "1" * 71 + "...' "
     + TOO_LONG_NUMBER),
])
def test_hostile_written_graphql_messages_fail_clearly(text, error):
    for read in (lambda: GraphQLWsCodec().written(text, TO_PAGE),
                 lambda: GraphQLWsCodec.document(text)):
        with pytest.raises(ProtocolError) as raised:
            read()
        assert str(raised.value).startswith(error)


# ------------------------------------------------------------ load_json


def test_load_json_reads_what_json_parse_reads():
    assert load_json('{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    deep = "[" * 200 + "]" * 200
    assert load_json(deep) is not None
    assert load_json('"' + "[" * 1000 + '"') == "[" * 1000  # brackets in a string are text


@pytest.mark.parametrize(("text", "error"), [
    ("[" * 201 + "]" * 201, "it " + TOO_DEEP),
    ("{" * 100_000, "it "),
    ("NaN", "it " + NAN),
    (DIGITS, "it " + TOO_LONG_NUMBER),
    ("[1,", "it is not valid JSON (Expecting value: line 1 column 4 (char 3))"),
])
def test_load_json_errors(text, error):
    with pytest.raises(ProtocolError) as raised:
        load_json(text)
    assert str(raised.value).startswith(error)
