"""Protocol traffic (engine/speaking.py) with the fake WebSocketRoute of test_traffic."""

from __future__ import annotations

import json

from test_traffic import OPEN, RECEIVED, SENT, Net, rule

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind
from WsRouteLibrary.engine import speaking
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.protocols import GraphQLWsCodec, SocketIOCodec

SIO = "ws://h/socket.io/?EIO=4&transport=websocket"
GQL = "ws://h/graphql"


def protocol_net(codec, text, connected=False, rules=()):
    net = Net()
    route = net.route(text, connected=connected)
    route.codec = codec
    for each in rules:
        if each.matcher is not None:
            each.matcher = speaking.matcher(route, each.matcher)
        route.add_rule(each)
    return net, route


def entries(route, *kinds):
    return [(e.kind, str(e.payload)) for e in route.journal.entries if e.kind in kinds]


def test_the_mock_greets_and_pings_on_its_own_schedule():
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**")
    ws, socket = net.open(SIO)
    [greeting] = ws.sent
    assert greeting.startswith('0{"sid":') and '"pingInterval":25000' in greeting
    [(delay, _, _)] = net.tasks.timers
    assert delay == 25.0
    net.tasks.fire()
    assert ws.sent[-1] == "2"
    assert [t[0] for t in net.tasks.timers] == [25.0]  # and again
    ws.message("3")  # the page's pong: plumbing, not recorded
    assert entries(route, SENT, RECEIVED) == []
    ws.closed(1000, "")
    net.tasks.fire()
    assert ws.sent[-1] == "2" and len([f for f in ws.sent if f == "2"]) == 1
    net.tasks.discard()


def test_namespace_connect_is_answered_then_send_on_open_goes():
    hello = rule(RuleKind.on_open, None, replies=('["hello", 1]',))
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**", rules=[hello])
    ws, socket = net.open(SIO)
    assert len(ws.sent) == 1  # only the open packet: the app has no namespace yet
    ws.message("40")
    assert ws.sent[1].startswith('40{"sid":"')
    assert ws.sent[2] == '42["hello",1]'
    assert entries(route, SENT) == [(SENT, '{"connect": "/"}')]
    assert [kind for kind, _ in entries(route, RECEIVED)] == [RECEIVED, RECEIVED]
    notes = [e.note for e in route.journal.entries if e.kind is SENT]
    assert notes == ["answered by the library"]


def test_probe_is_answered_and_not_recorded():
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**")
    ws, socket = net.open(SIO)
    ws.message("2probe")
    assert ws.sent[-1] == "3probe"
    assert entries(route, SENT, RECEIVED) == []


def test_an_invalid_frame_is_recorded_as_it_came_and_fails_the_test():
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**")
    ws, socket = net.open(SIO)
    ws.message("42nope")
    assert entries(route, SENT) == [(SENT, "42nope")]
    [error] = net.errors
    assert error.startswith("The page sent an invalid Socket.IO frame '42nope': its data is not")
    assert error.endswith("(route '**/socket.io/**', protocol socket.io).")


def test_a_reply_acknowledges_the_matched_event():
    ack = rule(expected='{"event": "save"}', mode="json", replies=('{"ack": ["ok"]}',))
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**", rules=[ack])
    ws, socket = net.open(SIO)
    ws.message('42/admin,7["save",{"id":1}]')
    assert ws.sent[-1] == '43/admin,7["ok"]'
    assert net.errors == []


def test_a_reply_that_is_no_message_fails_the_test():
    bad = rule(expected="save", replies=('{"ack": ["ok"]}',))
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**", rules=[bad])
    ws, socket = net.open(SIO)
    ws.message('42["save"]')
    [error] = net.errors
    assert "asked for no acknowledgement" in error


def test_connected_plumbing_passes_through_unrecorded_and_events_are_decoded():
    drop = rule(RuleKind.drop, Direction.received, expected='{"event": "ad"}', mode="json",
                replies=())
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**", connected=True, rules=[drop])
    ws, socket = net.open(SIO)
    server = ws.server
    assert ws.sent == []  # the server greets, not the library
    server.message('0{"sid":"s","upgrades":[],"pingInterval":300,"pingTimeout":200}')
    server.message("2")
    ws.message("3")
    ws.message("40")
    server.message('40{"sid":"n"}')
    server.message('42["ad","buy!"]')
    server.message('42["news","hi"]')
    assert ws.sent == ['0{"sid":"s","upgrades":[],"pingInterval":300,"pingTimeout":200}', "2",
                       '40{"sid":"n"}', '42["news","hi"]']
    assert server.sent == ["3", "40"]
    assert [(e.kind, str(e.payload)) for e in route.journal.entries if e.kind is not OPEN] == [
        (SENT, '{"connect": "/"}'),
        (RECEIVED, '{"connect": "/", "sid": "n"}'),
        (EntryKind.blocked, '{"event": "ad", "args": ["buy!"], "namespace": "/"}'),
        (RECEIVED, '{"event": "news", "args": ["hi"], "namespace": "/"}'),
    ]
    assert net.tasks.timers == []  # no heartbeat of its own when connected


def test_binary_event_is_forwarded_with_its_attachment():
    net, route = protocol_net(SocketIOCodec, "**/socket.io/**", connected=True)
    ws, socket = net.open(SIO)
    ws.message('451-["up",{"_placeholder":true,"num":0}]')
    assert ws.server.sent == []  # held until the attachment came
    ws.message(b"\x01")
    assert ws.server.sent == ['451-["up",{"_placeholder":true,"num":0}]', b"\x01"]
    assert entries(route, SENT) == [
        (SENT, '{"event": "up", "args": [{"$binary": "AQ=="}], "namespace": "/"}')]


def test_graphql_results_pushed_to_an_operation():
    net, route = protocol_net(GraphQLWsCodec, "**/graphql")
    ws, socket = net.open(GQL)
    ws.message('{"type":"connection_init"}')
    assert ws.sent == ['{"type":"connection_ack"}']
    ws.message(json.dumps({"id": "1", "type": "subscribe",
                           "payload": {"query": "subscription OnX { x }"}}))
    result = net.traffic.codec_of(socket).result("1", "next", {"data": {"x": 1}})
    net.traffic.to_page(socket, result, "test")
    assert ws.sent[-1] == '{"type":"next","id":"1","payload":{"data":{"x":1}}}'
    matcher = speaking.matcher(route, Matcher('{"type": "next", "operationName": "OnX"}', "json"))
    assert [e for e in route.journal.entries if e.kind is RECEIVED and matcher.match(e.payload)]
