"""The library's own part of a broker's handshakes on a road (Plumbing.back, Codec.settled),
and a route's codec state kept across its sockets, with the fake WebSocketRoute."""

from __future__ import annotations

from test_mqtt import CONNECT, SUBSCRIBE, h
from test_speaking import protocol_net
from test_traffic import rule

from WsRouteLibrary.datatypes import Direction, RuleKind
from WsRouteLibrary.protocols import MqttCodec

MQTT = "ws://h/mqtt"


def test_connected_mqtt_acknowledges_a_dropped_broker_publish_itself():
    drop = rule(RuleKind.drop, Direction.received, expected='{"payload": "drop"}', mode="json",
                replies=())
    net, route = protocol_net(MqttCodec, "**/mqtt", connected=True, rules=[drop])
    ws, socket = net.open(MQTT)
    server = ws.server
    ws.message(h(CONNECT[4]))
    server.message(h("20020000"))  # CONNACK
    ws.message(h(SUBSCRIBE[4]))
    server.message(h("900400030101"))  # SUBACK: QoS 1 both
    server.sent.clear()
    ws.sent.clear()
    server.message(h("320b0003612f780009") + b"drop")  # QoS 1, the broker's id 9: dropped
    assert server.sent == [h("40020009")] and ws.sent == []  # PUBACK from the library
    server.message(h("320b0003612f78000a") + b"keep")  # id 10: to the page as the library's 1
    assert server.sent == [h("40020009"), h("4002000a")]
    assert ws.sent == [h("320b0003612f780001") + b"keep"]
    ws.message(h("40020001"))  # the page's PUBACK stays with the library
    assert server.sent == [h("40020009"), h("4002000a")]


def test_retained_messages_reach_a_later_socket_of_the_route():
    net, route = protocol_net(MqttCodec, "**/mqtt")
    ws, socket = net.open(MQTT)
    ws.message(h(CONNECT[4]))
    ws.message(h("31070003612f6268") + b"i")  # retains "hi" on a/b
    ws.closed(1000, "")
    later, _ = net.open(MQTT)
    later.message(h(CONNECT[4]))
    later.sent.clear()
    later.message(h(SUBSCRIBE[4]))
    assert later.sent[-1] == h("31070003612f6268") + b"i"  # retain set, QoS 0
    net.tasks.discard()
