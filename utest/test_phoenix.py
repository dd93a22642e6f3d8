"""Phoenix Channels codec: serializer v2 arrays, joins, heart-beats, replies, hostile frames."""

from __future__ import annotations

import json
import re

import pytest

from WsRouteLibrary.model.matching import Matcher, render
from WsRouteLibrary.protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage, codec_class
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER
from WsRouteLibrary.protocols.matching import ProtocolMatcher
from WsRouteLibrary.protocols.phoenix import PhoenixCodec


def frame(*fields) -> str:
    return json.dumps(list(fields), separators=(",", ":"))


@pytest.fixture
def codec():
    return PhoenixCodec("ws://127.0.0.1/socket/websocket?vsn=2.0.0")


def join(codec, topic="room:lobby", ref="1", payload=None):
    [message] = codec.from_page(frame(ref, ref, topic, "phx_join", payload or {}))
    return message


def test_registry():
    assert codec_class("phoenix") is PhoenixCodec


def test_a_join_is_a_message_answered_ok_and_the_channel_is_joined(codec):
    message = join(codec, payload={"user": "ann"})
    assert message.document == {"topic": "room:lobby", "event": "phx_join",
                                "payload": {"user": "ann"}, "ref": "1", "join_ref": "1"}
    [answer] = codec.default_answer(message)
    assert codec.carry(answer, TO_PAGE) == [
        '["1","1","room:lobby","phx_reply",{"status":"ok","response":{}}]']
    assert codec.find("room:lobby") == ["1"]
    assert codec.operations == {"1": {"operationName": "room:lobby"}}


def test_a_refused_join_is_not_joined(codec):
    asked = join(codec, "room:vip", "3")
    [refusal] = codec.written('{"status": "error", "response": {"reason": "unauthorized"}}',
                              TO_PAGE, asked)
    assert codec.carry(refusal, TO_PAGE) == [
        '["3","3","room:vip","phx_reply",{"status":"error","response":{"reason":"unauthorized"}}]']
    assert codec.find("room:vip") == []


def test_leave_close_and_error_end_a_channel(codec):
    join(codec, ref="1")
    [leave] = codec.from_page(frame("1", "2", "room:lobby", "phx_leave", {}))
    assert codec.find("room:lobby") == []
    [answer] = codec.default_answer(leave)
    assert answer.document["payload"] == {"status": "ok", "response": {}}
    join(codec, ref="4")
    codec.carry(ProtocolMessage({"topic": "room:lobby", "event": "phx_close", "payload": {},
                                 "join_ref": "4"}), TO_PAGE)
    assert codec.find("room:lobby") == []
    connected = PhoenixCodec(mocked=False)
    join(connected, ref="5")
    connected.from_server(frame("5", None, "room:lobby", "phx_error", {}))
    assert connected.find("room:lobby") == []


def test_heartbeats_are_plumbing_answered(codec):
    [beat] = codec.from_page(frame(None, "7", "phoenix", "heartbeat", {}))
    assert isinstance(beat, Plumbing)
    assert beat.answer == ['[null,"7","phoenix","phx_reply",{"status":"ok","response":{}}]']
    [reply] = codec.from_server(beat.answer[0])
    assert isinstance(reply, Plumbing) and reply.answer == []


def test_a_push_and_its_ok_reply(codec):
    join(codec)
    [push] = codec.from_page(frame("1", "3", "room:lobby", "new_msg", {"body": "hi"}))
    assert push == ('{"topic": "room:lobby", "event": "new_msg", "payload": {"body": "hi"}, '
                    '"ref": "3", "join_ref": "1"}')
    [reply] = codec.written('{"status": "ok", "response": {"id": 1}}', TO_PAGE, push)
    assert codec.encode(reply, TO_PAGE) == [
        '["1","3","room:lobby","phx_reply",{"status":"ok","response":{"id":1}}]']
    [bare] = codec.written('{"status": "ok"}', TO_PAGE, push)
    assert bare.document["payload"] == {"status": "ok", "response": {}}


def test_an_event_reply_goes_to_the_matched_channel(codec):
    join(codec)
    [push] = codec.from_page(frame("1", "3", "room:lobby", "ping", {}))
    [event] = codec.written('{"event": "pong", "payload": {"n": 1}}', TO_PAGE, push)
    assert codec.encode(event, TO_PAGE) == ['["1",null,"room:lobby","pong",{"n":1}]']
    [other] = codec.written('{"topic": "room:other", "event": "x"}', TO_PAGE, push)
    assert codec.encode(other, TO_PAGE) == ['[null,null,"room:other","x",{}]']
    [joined] = codec.written('{"topic": "room:lobby", "event": "x"}', TO_PAGE)
    assert joined.document["join_ref"] == "1"


def test_push_phoenix_event_builds_an_event_for_a_joined_channel(codec):
    join(codec, ref="9")
    message = codec.event("9", "new_msg", {"body": "hi"})
    assert codec.encode(message, TO_PAGE) == ['["9",null,"room:lobby","new_msg",{"body":"hi"}]']


def test_written_to_the_server_gets_a_ref(codec):
    join(codec)
    [push] = codec.written('{"topic": "room:lobby", "event": "new_msg"}', TO_SERVER)
    assert push.document["ref"].startswith("wsroute-") and push.document["join_ref"] == "1"


def test_server_broadcast_decodes_with_null_refs():
    codec = PhoenixCodec(mocked=False)
    [message] = codec.from_server(frame(None, None, "room:lobby", "new_msg", {"a": 1}))
    assert message.document == {"topic": "room:lobby", "event": "new_msg", "payload": {"a": 1}}


@pytest.mark.parametrize(("text", "error"), [
    (b"\x00", "written as JSON text"),
    ("[1]", "must be a JSON object"),
    ('{"hello": 1}', "neither a reply"),
    ('{"event": "x"}', 'names no "topic"'),
    ('{"topic": "", "event": "x"}', '"topic" must be a non-empty text'),
    ('{"topic": "a", "event": "x", "ref": 5}', '"ref" must be a text'),
    ('{"topic": "a", "event": "phx_reply", "payload": {}}', "phx_reply's payload"),
    ('{"status": "ok"}', "only a rule's reply"),
    ("{", "not valid JSON"),
])
def test_bad_written_messages_say_what_is_wrong(codec, text, error):
    with pytest.raises(ProtocolError, match=re.escape(error)):
        codec.written(text, TO_PAGE)


@pytest.mark.parametrize(("wire", "error"), [
    (b"\x00\x01", "binary frames"),
    ("not json", "not valid JSON"),
    ('{"topic":"a"}', r"JSON array \[join_ref, ref, topic, event, payload\]"),
    ('["1","1","a","phx_join"]', "JSON array"),
    ('[1,"1","a","phx_join",{}]', "join_ref must be a text or null"),
    ('["1",2,"a","phx_join",{}]', "ref must be a text or null"),
    ('["1","1","","phx_join",{}]', "topic must be a non-empty text"),
    ('["1","1","a",null,{}]', "event must be a non-empty text"),
    ('["1","1","a","phx_reply",[]]', "phx_reply's payload"),
    ("[" * 100000, "not valid JSON|deep"),
    ('["1","1","a","x",' + "9" * 5000 + "]", "digits"),
    ('["1","1","a","x",NaN]', "NaN"),
])
def test_hostile_frames_are_invalid_never_an_exception(codec, wire, error):
    items = codec.from_page(wire)
    assert len(items) == 1 and isinstance(items[0], Invalid), items
    assert items[0].error.startswith("invalid Phoenix frame")
    assert re.search(error, items[0].error), items[0].error


def test_matching_and_templates_on_the_payload(codec):
    join(codec)
    [push] = codec.from_page(frame("1", "3", "room:lobby", "new_msg", {"body": "hi"}))
    exact = ProtocolMatcher(
        Matcher('{"topic": "room:lobby", "event": "new_msg", "payload": {"body": "hi"}}',
                "exact"), PhoenixCodec)
    assert exact.match(push) is not None
    partial = ProtocolMatcher(Matcher('{"event": "new_msg"}', "json"), PhoenixCodec)
    match = partial.match(push)
    assert match is not None and render("{{payload.body}}", match) == "hi"
    empty = ProtocolMatcher(Matcher('{"topic": "room:lobby", "event": "phx_join"}', "exact"),
                            PhoenixCodec)
    assert empty.match(join(PhoenixCodec())) is not None  # a payload left out is {}
