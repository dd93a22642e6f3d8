"""graphql-ws codec: the graphql-transport-ws messages of the protocol's PROTOCOL.md."""

from __future__ import annotations

import json

import pytest

from WsRouteLibrary.model.matching import Matcher, render
from WsRouteLibrary.protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage, codec_class
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER
from WsRouteLibrary.protocols.graphqlws import GraphQLWsCodec, operation_name, operation_type
from WsRouteLibrary.protocols.matching import ProtocolMatcher

SUBSCRIPTION = "subscription OnMessage($room: ID!) { message(room: $room) { text } }"


def wire(**fields):
    return json.dumps(fields)


def acknowledged(codec):
    """The codec after the page got connection_ack: it may subscribe."""
    codec.carry(ProtocolMessage({"type": "connection_ack"}), TO_PAGE)
    return codec


def subscribe(codec, identifier="1", query=SUBSCRIPTION, name="OnMessage", variables=None):
    acknowledged(codec)
    payload = {"query": query, "operationName": name, "variables": variables or {"room": "a"}}
    [message] = codec.from_page(wire(id=identifier, type="subscribe", payload=payload))
    return message


@pytest.fixture
def codec():
    return GraphQLWsCodec("ws://127.0.0.1/graphql")


def test_registry_and_subprotocol():
    assert codec_class("graphql-ws") is GraphQLWsCodec
    assert codec_class("graphql-transport-ws") is GraphQLWsCodec
    assert GraphQLWsCodec.subprotocol == "graphql-transport-ws"
    assert GraphQLWsCodec().opening() == []


def test_connection_init_is_answered_with_connection_ack(codec):
    [init] = codec.from_page('{"type":"connection_init","payload":{"token":"t"}}')
    assert init.document == {"type": "connection_init", "payload": {"token": "t"}}
    [ack] = codec.default_answer(init)
    assert codec.encode(ack, TO_PAGE) == ['{"type":"connection_ack"}']
    [item] = codec.from_page('{"type":"connection_init"}')
    assert isinstance(item, Invalid) and "came twice" in item.error


def test_ping_and_pong_are_plumbing(codec):
    [ping] = codec.from_page('{"type":"ping"}')
    assert isinstance(ping, Plumbing) and ping.answer == ['{"type":"pong"}']
    [ping] = codec.from_server('{"type":"ping","payload":{"at":1}}')
    assert isinstance(ping, Plumbing) and ping.answer == []
    [pong] = codec.from_page('{"type":"pong"}')
    assert isinstance(pong, Plumbing) and pong.note == "pong"


def test_subscribe_lifts_the_operation_and_results_carry_its_name(codec):
    message = subscribe(codec)
    assert message.document == {
        "type": "subscribe", "id": "1", "operationName": "OnMessage", "query": SUBSCRIPTION,
        "variables": {"room": "a"},
    }
    [result] = codec.from_server('{"id":"1","type":"next","payload":{"data":{"message":null}}}')
    assert result.document == {"type": "next", "id": "1", "operationName": "OnMessage",
                               "payload": {"data": {"message": None}}}
    [done] = codec.from_server('{"id":"1","type":"complete"}')
    assert done.document == {"type": "complete", "id": "1", "operationName": "OnMessage"}
    assert codec.operations == {}


def test_an_error_ends_the_operation(codec):
    subscribe(codec)
    [error] = codec.from_server('{"id":"1","type":"error","payload":[{"message":"bad"}]}')
    assert error.document["payload"] == [{"message": "bad"}]
    assert codec.find("OnMessage") == []


def test_the_operation_name_comes_from_the_query_when_the_client_sends_none(codec):
    acknowledged(codec)
    [message] = codec.from_page(wire(id="5", type="subscribe", payload={"query": SUBSCRIPTION}))
    assert message.document["operationName"] == "OnMessage"
    assert list(message.document)[:3] == ["type", "id", "operationName"]
    [anonymous] = codec.from_page(wire(id="6", type="subscribe", payload={"query": "{ a }"}))
    assert "operationName" not in anonymous.document


def test_the_page_may_complete_an_operation(codec):
    subscribe(codec, "7")
    [done] = codec.from_page('{"id":"7","type":"complete"}')
    assert done.document == {"type": "complete", "id": "7", "operationName": "OnMessage"}
    assert codec.operations == {}


@pytest.mark.parametrize(("frame", "error"), [
    ("nope", "it is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    (b"\x01", "only text frames"),
    ('{"id":"1"}', 'a message is a JSON object with a text "type"'),
    ('{"type":"next","id":"1","payload":{}}', "the page may send"),
    ('{"type":"subscribe","payload":{"query":"{a}"}}', 'a subscribe needs a text "id"'),
    ('{"type":"subscribe","id":"1","payload":{}}', 'with a text "query"'),
    ('{"type":"connection_init","payload":[1]}', "payload must be an object"),
])
def test_invalid_page_frames(codec, frame, error):
    [item] = codec.from_page(frame)
    assert isinstance(item, Invalid)
    assert error in item.error
    assert item.error.startswith("invalid graphql-ws frame")


@pytest.mark.parametrize(("frame", "error"), [
    ('{"type":"subscribe","id":"1","payload":{"query":"{a}"}}', "the server may send"),
    ('{"type":"next","id":"1","payload":[1]}', "execution result object"),
    ('{"type":"error","id":"1","payload":{}}', "list of GraphQL errors"),
    ('{"type":"complete"}', 'a complete needs a text "id"'),
])
def test_invalid_server_frames(codec, frame, error):
    [item] = codec.from_server(frame)
    assert isinstance(item, Invalid) and error in item.error


def test_a_second_subscribe_with_an_active_id_is_invalid(codec):
    subscribe(codec)
    payload = {"query": "{ a }"}
    [item] = codec.from_page(wire(id="1", type="subscribe", payload=payload))
    assert isinstance(item, Invalid) and "already active" in item.error


def test_a_result_reply_answers_the_matched_subscription(codec):
    operation = subscribe(codec)
    [result] = codec.written('{"data": {"message": {"text": "hi"}}}', TO_PAGE, operation)
    assert codec.encode(result, TO_PAGE) == [
        '{"type":"next","id":"1","payload":{"data":{"message":{"text":"hi"}}}}'
    ]
    assert result.document["operationName"] == "OnMessage"
    [done] = codec.written('{"type": "complete"}', TO_PAGE, operation)
    assert codec.encode(done, TO_PAGE) == ['{"type":"complete","id":"1"}']


def test_a_result_for_a_mutation_or_query_also_completes_it(codec):
    mutation = subscribe(codec, "2", 'mutation Send($t: String!) { send(text: $t) }', "Send")
    messages = codec.written('{"data": {"send": true}}', TO_PAGE, mutation)
    assert [m.document["type"] for m in messages] == ["next", "complete"]
    assert [codec.encode(m, TO_PAGE)[0] for m in messages] == [
        '{"type":"next","id":"2","payload":{"data":{"send":true}}}',
        '{"type":"complete","id":"2"}',
    ]
    query = subscribe(codec, "3", "{ rooms }", None)
    assert len(codec.written('{"data": {"rooms": []}}', TO_PAGE, query)) == 2


def test_a_reply_to_a_server_result_stays_in_its_operation(codec):
    subscribe(codec, "4")
    [result] = codec.from_server('{"id":"4","type":"next","payload":{"data":{"n":1}}}')
    [replaced] = codec.written('{"data": {"n": 100}}', TO_PAGE, result)
    assert codec.encode(replaced, TO_PAGE) == [
        '{"type":"next","id":"4","payload":{"data":{"n":100}}}'
    ]


def test_an_error_reply(codec):
    operation = subscribe(codec)
    [error] = codec.written('{"type": "error", "payload": [{"message": "denied"}]}', TO_PAGE,
                            operation)
    assert codec.encode(error, TO_PAGE) == [
        '{"type":"error","id":"1","payload":[{"message":"denied"}]}'
    ]


def test_an_operation_sent_to_the_server_gets_an_id(codec):
    [operation] = codec.written('{"query": "subscription { ticks }"}', TO_SERVER)
    frame = json.loads(codec.encode(operation, TO_SERVER)[0])
    assert frame["type"] == "subscribe" and frame["id"].startswith("wsroute-")
    assert frame["payload"] == {"query": "subscription { ticks }"}


@pytest.mark.parametrize(("text", "error"), [
    ('{"data": {}}', "names no operation"),
    ('{"hello": 1}', "is neither a result"),
    ("[1]", "must be a JSON object"),
    ('{"type": "subscribe", "query": "{a}"}', "cannot be sent to the page"),
    ("not json", "is not valid JSON"),
])
def test_written_messages_that_cannot_be_sent(codec, text, error):
    with pytest.raises(ProtocolError, match=error):
        codec.written(text, TO_PAGE)


def test_results_pushed_by_operation_name(codec):
    subscribe(codec, "1")
    subscribe(codec, "2", "subscription OnJoin { join }", "OnJoin")
    assert codec.find("OnMessage") == ["1"]
    assert codec.find("2") == ["2"]
    assert codec.result("1", "next", {"data": {"x": 1}}).document == {
        "type": "next", "id": "1", "operationName": "OnMessage", "payload": {"data": {"x": 1}}}


def test_operation_type():
    assert operation_type("subscription OnX { x }") == "subscription"
    assert operation_type("{ x }") == "query"
    assert operation_type('query A { a(s: "mutation") } mutation B { b }', "B") == "mutation"
    assert operation_type("# subscription\nquery Q { q }") == "query"


def test_operation_name():
    assert operation_name("subscription OnX($a: Int) { x }") == "OnX"
    assert operation_name("query { x }") is None
    assert operation_name('{ a(s: "query Fake") }') is None


def matcher(expected, mode="json"):
    return ProtocolMatcher(Matcher(expected, mode), GraphQLWsCodec)


def test_matching_operations_by_name_and_variables(codec):
    operation = subscribe(codec)
    assert matcher('{"operationName": "OnMessage"}').match(operation)
    assert matcher('{"variables": {"room": "a"}}').match(operation)
    assert not matcher('{"operationName": "Other"}').match(operation)
    exact = ('{"type": "subscribe", "operationName": "OnMessage", "query": "' + SUBSCRIPTION
             + '", "variables": {"room": "a"}}')
    assert matcher(exact, "exact").match(operation)
    match = matcher('{"operationName": "OnMessage"}').match(operation)
    assert render('{"data": {"message": {"text": "room {{variables.room}}"}}}', match) == (
        '{"data": {"message": {"text": "room a"}}}')
