"""SignalR codec: the JSON hub protocol's records, the handshake and the negotiate answer."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from WsRouteLibrary.model.matching import Matcher, render
from WsRouteLibrary.protocols import (
    TRANSPORTS,
    Invalid,
    Plumbing,
    ProtocolError,
    ProtocolMessage,
    codec_class,
)
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER
from WsRouteLibrary.protocols.matching import ProtocolMatcher
from WsRouteLibrary.protocols.negotiate import NEGOTIATE, Negotiate
from WsRouteLibrary.protocols.signalr import HANDSHAKE, PING, SEPARATOR, SignalRCodec

RS = SEPARATOR


def record(**fields) -> str:
    return json.dumps(fields, separators=(",", ":")) + RS


@pytest.fixture
def codec():
    made = SignalRCodec("ws://127.0.0.1/chathub?id=x")
    [handshake] = made.from_page(HANDSHAKE)
    assert handshake.document == {"type": "handshake", "protocol": "json", "version": 1}
    return made


def test_registry_and_transport():
    assert codec_class("signalr") is SignalRCodec
    assert TRANSPORTS[SignalRCodec] is Negotiate
    assert NEGOTIATE.search("http://127.0.0.1:8/chathub/negotiate?negotiateVersion=1")
    assert not NEGOTIATE.search("http://127.0.0.1:8/chathub?id=abc")


def test_handshake_is_answered_with_an_empty_object_and_starts_the_session():
    codec = SignalRCodec()
    [handshake] = codec.from_page(HANDSHAKE)
    [answer] = codec.default_answer(handshake)
    assert answer.document == {"type": "handshake_response"}
    assert codec.encode(answer, TO_PAGE) == ["{}" + RS]
    assert codec.starts_session(answer)
    refused = ProtocolMessage({"type": "handshake_response", "error": "no"})
    assert not codec.starts_session(refused)
    assert codec.encode(refused, TO_PAGE) == ['{"error":"no"}' + RS]


def test_server_handshake_response_then_messages_in_one_frame():
    codec = SignalRCodec(mocked=False)
    items = codec.from_server("{}" + RS + record(type=1, target="Hello", arguments=[1]))
    assert [item.document for item in items] == [
        {"type": "handshake_response"}, {"target": "Hello", "arguments": [1]}]
    assert items[1].frames == (record(type=1, target="Hello", arguments=[1]),)


def test_a_messagepack_handshake_is_refused_and_closed():
    codec = SignalRCodec()
    plumbing, invalid = codec.from_page('{"protocol":"messagepack","version":1}' + RS)
    assert isinstance(plumbing, Plumbing) and "error" in plumbing.answer[0]
    assert isinstance(invalid, Invalid) and invalid.close == (1000, "handshake refused")
    assert "'messagepack'" in invalid.error


def test_invocation_is_shown_as_an_array(codec):
    frame = record(type=1, invocationId="0", target="SendMessage", arguments=["alice", "hi"])
    [message] = codec.from_page(frame)
    assert message == '["SendMessage", "alice", "hi"]'
    assert message.document == {"target": "SendMessage", "arguments": ["alice", "hi"],
                                "invocationId": "0"}
    assert message.frames == (frame,)


def test_several_records_in_one_frame_are_split(codec):
    frame = (record(type=1, target="A", arguments=[]) + PING
             + record(type=1, target="B", arguments=[2]))
    first, ping, second = codec.from_page(frame)
    assert first == '["A"]' and second == '["B", 2]'
    assert isinstance(ping, Plumbing) and ping.answer == [] and ping.note == "ping"


@pytest.mark.parametrize(("fields", "document"), [
    ({"type": 2, "invocationId": "1", "item": 5},
     {"type": "stream_item", "invocationId": "1", "item": 5}),
    ({"type": 3, "invocationId": "1", "result": [1]},
     {"type": "completion", "invocationId": "1", "result": [1]}),
    ({"type": 3, "invocationId": "1", "error": "boom"},
     {"type": "completion", "invocationId": "1", "error": "boom"}),
    ({"type": 3, "invocationId": "1"}, {"type": "completion", "invocationId": "1"}),
    ({"type": 4, "invocationId": "2", "target": "Counter", "arguments": [3], "streamIds": []},
     {"type": "stream_invocation", "target": "Counter", "arguments": [3], "invocationId": "2",
      "streamIds": []}),
    ({"type": 5, "invocationId": "2"}, {"type": "cancel_invocation", "invocationId": "2"}),
    ({"type": 7, "error": "bye", "allowReconnect": True},
     {"type": "close", "error": "bye", "allowReconnect": True}),
])
def test_every_message_type_decodes_and_encodes_back(codec, fields, document):
    [message] = codec.from_page(record(**fields))
    assert message.document == document
    assert json.loads(codec.encode(message, TO_SERVER)[0][:-1]) == fields


@pytest.mark.parametrize("kind", [6, 8, 9])
def test_pings_and_stateful_reconnect_records_are_plumbing(codec, kind):
    [item] = codec.from_page(record(type=kind, sequenceId=1) if kind != 6 else PING)
    assert isinstance(item, Plumbing) and item.answer == []


def test_the_mock_pings_on_aspnets_schedule():
    assert SignalRCodec().heartbeat() == (15.0, '{"type":6}' + RS)


def test_a_result_completes_the_matched_invocation(codec):
    [asked] = codec.from_page(record(type=1, invocationId="7", target="Get", arguments=[]))
    [done] = codec.written('{"result": {"a": 1}}', TO_PAGE, asked)
    assert codec.encode(done, TO_PAGE) == [
        '{"type":3,"invocationId":"7","result":{"a":1}}' + RS]
    [failed] = codec.written('{"error": "no"}', TO_PAGE, asked)
    assert failed.document == {"type": "completion", "invocationId": "7", "error": "no"}
    [item] = codec.written('{"item": 3}', TO_PAGE, asked)
    assert item.document == {"type": "stream_item", "invocationId": "7", "item": 3}


def test_other_replies_are_invocations_to_the_page(codec):
    [message] = codec.written('["ReceiveMessage", "bob", "yo"]', TO_PAGE)
    assert message == '["ReceiveMessage", "bob", "yo"]'
    assert codec.encode(message, TO_PAGE) == [
        '{"type":1,"target":"ReceiveMessage","arguments":["bob","yo"]}' + RS]
    [bare] = codec.written("Refresh", TO_PAGE)
    assert bare.document == {"target": "Refresh", "arguments": []}
    [close] = codec.written('{"type": "close", "error": "bye"}', TO_PAGE)
    assert codec.encode(close, TO_PAGE) == ['{"type":7,"error":"bye"}' + RS]


def test_a_result_without_an_invocation_id_is_a_clear_error(codec):
    [sent] = codec.from_page(record(type=1, target="Send", arguments=[]))
    with pytest.raises(ProtocolError, match=r"called send\(\), not invoke\(\)"):
        codec.written('{"result": 1}', TO_PAGE, sent)
    with pytest.raises(ProtocolError, match="only a rule's reply"):
        codec.written('{"result": 1}', TO_PAGE)


@pytest.mark.parametrize(("text", "error"), [
    (b"\x01", "written as text"),
    ("[]", "must start with the target"),
    ("[1, 2]", "must start with the target"),
    ('{"hello": 1}', "neither an invocation"),
    ('{"type": "nope"}', "has type 'nope'"),
    ('{"type": "completion", "invocationId": "1", "error": 5}', '"error" must be a text'),
    ('{"target": "A", "arguments": 5}', '"arguments" must be a list'),
    ("[NaN]", "NaN"),
    ("  ", "cannot be empty"),
])
def test_bad_written_messages_say_what_is_wrong(codec, text, error):
    with pytest.raises(ProtocolError, match=error if error != "NaN" else "NaN is not a JSON"):
        codec.written(text, TO_PAGE)


@pytest.mark.parametrize(("frame", "error"), [
    (b"\x93\x01", "in text frames"),
    (b"{}\x1e", "refuses binary ones"),
    ('{"type":6}', "must end with the record separator"),
    ("not json" + RS, "is not valid JSON"),
    ("[1,2]" + RS, "a record is a JSON object"),
    (RS, "is not valid JSON"),
    ('{"type":"1"}' + RS, 'a number "type"'),
    ('{"type":true}' + RS, 'a number "type"'),
    ('{"type":42}' + RS, "no SignalR message type"),
    ('{"type":1,"target":5}' + RS, 'needs a text "target"'),
    ('{"type":1,"target":"A","arguments":{}}' + RS, '"arguments" must be a list'),
    ('{"type":1,"target":"A","invocationId":3}' + RS, 'needs a text "invocationId"'),
    ('{"type":2,"item":1}' + RS, 'needs a text "invocationId"'),
    ('{"type":3,"invocationId":"1","result":1,"error":"x"}' + RS, "not both"),
    ('{"type":7,"allowReconnect":"yes"}' + RS, "true or false"),
    ('{"type":1,"target":"A","headers":[]}' + RS, '"headers" must be an object'),
    ("[" * 100000 + RS, "not valid JSON|deep"),
    ('{"type":1,"target":"A","arguments":[' + "1" * 5000 + "]}" + RS, "digits"),
])
def test_hostile_records_are_invalid_never_an_exception(codec, frame, error):
    items = codec.from_page(frame)
    assert len(items) == 1 and isinstance(items[0], Invalid), items
    assert "SignalR" in items[0].error
    assert re.search(error, items[0].error), items[0].error


def test_a_bad_record_among_good_ones_is_invalid_alone(codec):
    good, bad = codec.from_page(record(type=1, target="A", arguments=[]) + "oops" + RS)
    assert good == '["A"]'
    assert isinstance(bad, Invalid) and bad.frame == "oops" + RS


def test_matching_an_invocation_by_its_array():
    codec = SignalRCodec()
    codec.from_page(HANDSHAKE)
    [message] = codec.from_page(record(type=1, invocationId="3", target="SendMessage",
                                       arguments=["alice", "hi"]))
    exact = ProtocolMatcher(Matcher('["SendMessage", "alice", "hi"]', "exact"), SignalRCodec)
    assert exact.match(message) is not None
    other = ProtocolMatcher(Matcher('["SendMessage", "alice"]', "exact"), SignalRCodec)
    assert other.match(message) is None
    partial = ProtocolMatcher(Matcher('{"target": "SendMessage"}', "json"), SignalRCodec)
    match = partial.match(message)
    assert match is not None
    assert render("{{arguments.1}}", match) == "hi"


def test_negotiate_answers_a_mocked_signalr_route_only():
    class Route:
        def __init__(self, codec, connected=False):
            self.codec, self.connected = codec, connected

    class Request:
        url = "http://127.0.0.1:8/chathub/negotiate?negotiateVersion=1"
        method = "POST"
        headers = {"origin": "http://127.0.0.1:9"}
        frame = None

    class HttpRoute:
        request = Request()

        def __init__(self):
            self.answer, self.fell_back = None, False

        async def fulfill(self, **answer):
            self.answer = answer

        async def fallback(self):
            self.fell_back = True

    class Shell:
        def __init__(self, route):
            self.route = route

        def route_for(self, url, page):
            assert url == "ws://127.0.0.1:8/chathub/negotiate?negotiateVersion=1"
            return self.route

    http = HttpRoute()
    asyncio.run(Negotiate(Shell(Route(SignalRCodec))).handle(http))
    body = json.loads(http.answer["body"])
    assert body["negotiateVersion"] == 1 and body["connectionToken"]
    assert body["availableTransports"] == [{"transport": "WebSockets",
                                            "transferFormats": ["Text", "Binary"]}]
    assert http.answer["headers"]["Access-Control-Allow-Origin"] == "http://127.0.0.1:9"
    for other in (Route(SignalRCodec, connected=True), Route(None), None):
        http = HttpRoute()
        asyncio.run(Negotiate(Shell(other)).handle(http))
        assert http.fell_back and http.answer is None
