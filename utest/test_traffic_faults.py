"""Traffic under faults (refusals, drops, latency, holds), with fakes of Playwright's
WebSocketRoute and of the clock: what reaches the page and the server, when, and what is logged."""

import asyncio

import pytest
from fakes import URL, FakeWebSocketRoute, Net

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Rule

OPEN, CLOSE, SENT, RECEIVED = EntryKind.open, EntryKind.close, EntryKind.sent, EntryKind.received
TO_SERVER, BLOCKED = EntryKind.to_server, EntryKind.blocked
SENT_WAY, RECEIVED_WAY = (Direction.sent,), (Direction.received,)
BOTH = (Direction.sent, Direction.received)


class FakeChannel:
    """The driver channel of Playwright's client, which takes ``wasClean``."""

    def __init__(self):
        self.closes = []

    async def closePage(self, code, reason, wasClean, timeout=0):  # noqa: N802, N803
        self.closes.append((code, reason, wasClean))


class FakeImpl:
    def __init__(self):
        self._channel = FakeChannel()


class ChannelWebSocketRoute(FakeWebSocketRoute):
    """A page side whose client exposes the driver channel, as Playwright's does."""

    def __init__(self, url=URL):
        super().__init__(url)
        self._impl_obj = FakeImpl()


def reply(expected="ping", *replies, direction=Direction.sent):
    return Rule(RuleKind.reply, direction, Matcher(expected, "exact"), replies or ("pong",))


def log(route, kinds=None):
    return [(e.kind, e.payload, e.note) for e in route.journal.entries
            if kinds is None or e.kind in kinds]


# ---------------------------------------------------------------- refusals


def test_a_refused_socket_never_opens_and_the_page_sees_1006():
    net = Net()
    route = net.route()
    net.faults.reject(route, None, net.owner)
    ws, socket, refusal = net.opened()
    assert asyncio.iscoroutine(refusal)  # the routing handler awaits it before `open`
    asyncio.run(refusal)
    assert ws.closes == [(1006, "")]
    assert log(route) == [(CLOSE, (1006, ""), "refused (Reject WebSocket Connections)")]
    assert socket.closed and socket.page_done
    assert not route.open_sockets()
    assert not net.errors


def test_a_refusal_goes_through_the_driver_channel_with_was_clean_false():
    net = Net()
    route = net.route()
    net.faults.reject(route, None, net.owner)
    ws, _, refusal = net.opened(ws=ChannelWebSocketRoute())
    asyncio.run(refusal)
    assert ws._impl_obj._channel.closes == [(1006, "", False)]
    assert ws.closes == []  # not the public close, which reports a clean close


def test_a_connected_route_refuses_without_contacting_the_server():
    net = Net()
    route = net.route(connected=True)
    net.faults.reject(route, None, net.owner)
    ws, _, refusal = net.opened()
    asyncio.run(refusal)
    assert ws.servers == []


def test_times_refuses_that_many_then_accepts():
    net = Net()
    route = net.route(rules=[Rule(RuleKind.on_open, None, None, ("hello",))])
    net.faults.reject(route, 2, net.owner)
    results = [net.opened() for _ in range(3)]
    for _, _, refusal in results[:2]:
        asyncio.run(refusal)
    ws, socket, accepted = results[2]
    assert accepted is None
    assert ws.sent == ["hello"]
    assert [(kind, note) for kind, _, note in log(route)] == [
        (CLOSE, "refused (Reject WebSocket Connections, 1 of 2)"),
        (CLOSE, "refused (Reject WebSocket Connections, 2 of 2)"),
        (OPEN, "mocked"),
        (RECEIVED, "rule 1: Send On Open"),
    ]
    assert route.open_sockets() == [socket]


def test_accept_ends_a_refusal():
    net = Net()
    route = net.route()
    net.faults.reject(route, None, net.owner)
    net.faults.accept(route, net.owner)
    _, _, result = net.opened()
    assert result is None
    assert log(route)[0][0] is OPEN


def test_a_test_s_refusal_ends_with_the_test():
    net = Net()
    route = net.route()  # the suite's
    net.owners.start("test T")
    net.faults.reject(route, None, net.owner)
    net.traffic.end_owner(net.owner, net.owner.parent, remove=True)
    net.owners.end(remove=True)
    _, _, result = net.opened()
    assert result is None


def test_a_refused_socket_s_close_reports_from_playwright_are_ignored():
    net = Net()
    route = net.route()
    net.faults.reject(route, None, net.owner)
    ws, _, refusal = net.opened()
    asyncio.run(refusal)
    ws.closed(1006, "")  # Playwright echoes the page's close
    assert len(log(route)) == 1
    assert ws.closes == [(1006, "")]


# ------------------------------------------------------------------ drops


def test_drop_closes_the_page_with_1006_and_logs_dropped():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.traffic.drop(socket)
    net.loop.run()
    assert ws.closes == [(1006, "")]
    assert log(route)[-1] == (CLOSE, (1006, ""), "dropped (Drop WebSocket Connections)")
    ws.closed(1006, "")  # the page's close event comes back: nothing more happens
    net.loop.run()
    assert ws.closes == [(1006, "")]
    assert len(log(route)) == 2


def test_drop_closes_the_server_side_without_a_status_code():
    net = Net()
    route = net.route(connected=True)
    ws, socket, _ = net.opened(ws=ChannelWebSocketRoute())
    net.traffic.drop(socket)
    net.loop.run()
    assert ws._impl_obj._channel.closes == [(1006, "", False)]
    assert ws.server.closes == [(None, None)]
    ws.server.closed(1005, "")  # the server's close comes back
    assert [e.note for e in route.journal.entries if e.kind is CLOSE] == [
        "dropped (Drop WebSocket Connections)"]


def test_drop_loses_what_was_on_its_way_and_records_it():
    net = Net()
    route = net.route(connected=True)
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 1.0, BOTH, net.owner)
    net.traffic.to_page(socket, "to page", "Send To Page")
    ws.message("from page")
    net.traffic.to_server(socket, "to server", "Send To Server")
    net.traffic.drop(socket)
    net.loop.advance(5)
    net.loop.run()
    assert ws.sent == [] and ws.server.sent == []
    assert log(route)[1:] == [
        (BLOCKED, "to page", "Send To Page; not delivered: connection dropped"),
        (SENT, "from page", "sent; not delivered: connection dropped"),
        (TO_SERVER, "to server", "Send To Server; not delivered: connection dropped"),
        (CLOSE, (1006, ""), "dropped (Drop WebSocket Connections)"),
    ]


# ---------------------------------------------------------------- latency


def test_received_latency_delays_each_message_and_keeps_order():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    assert net.faults.set_latency(route, 0.05, RECEIVED_WAY, net.owner) == 0.0
    for text in ("a", "b", "c"):
        net.traffic.to_page(socket, text, "Send To Page")
        net.loop.advance(0.01)
    assert ws.sent == []
    assert log(route, {RECEIVED}) == []
    net.loop.advance(0.021)  # "a" was due 50 ms after it was sent
    assert ws.sent == ["a"]
    net.loop.advance(0.02)
    assert ws.sent == ["a", "b", "c"]
    assert log(route, {RECEIVED}) == [(RECEIVED, t, "Send To Page; 50 ms latency")
                                      for t in "abc"]


def test_latency_applies_to_sockets_that_open_later_and_to_send_on_open():
    net = Net()
    route = net.route(rules=[Rule(RuleKind.on_open, None, None, ("hello",))])
    net.faults.set_latency(route, 0.2, BOTH, net.owner)
    ws, _, _ = net.opened()
    assert ws.sent == []
    net.loop.advance(0.2)
    assert ws.sent == ["hello"]


def test_sent_latency_delays_the_page_s_message_before_the_rules_see_it():
    net = Net()
    route = net.route(rules=[reply("ping", "pong")])
    ws, _, _ = net.opened()
    net.faults.set_latency(route, 0.1, SENT_WAY, net.owner)
    ws.message("ping")
    assert log(route, {SENT, RECEIVED}) == [] and ws.sent == []
    net.loop.advance(0.1)
    assert ws.sent == ["pong"]  # no latency toward the page
    assert log(route, {SENT, RECEIVED}) == [
        (SENT, "ping", "rule 1: Reply When Sent 'ping'; 100 ms latency"),
        (RECEIVED, "pong", "rule 1: Reply When Sent 'ping'"),
    ]


def test_both_directions_on_a_connected_route_delay_forwarding_each_way():
    net = Net()
    route = net.route(connected=True)
    ws, _, _ = net.opened()
    net.faults.set_latency(route, 0.05, BOTH, net.owner)
    ws.message("up")
    ws.server.message("down")
    assert ws.server.sent == [] and ws.sent == []
    net.loop.advance(0.05)
    assert ws.server.sent == ["up"] and ws.sent == ["down"]
    assert log(route, {SENT, RECEIVED}) == [
        (SENT, "up", "forwarded to server; 50 ms latency"),
        (RECEIVED, "down", "from server; 50 ms latency"),
    ]


def test_send_to_server_waits_behind_the_page_s_messages():
    net = Net()
    route = net.route(connected=True)
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 0.05, SENT_WAY, net.owner)
    ws.message("first")
    assert net.traffic.to_server(socket, "second", "Send To Server") is True
    net.loop.advance(0.05)
    assert ws.server.sent == ["first", "second"]


def test_latency_on_one_route_leaves_another_route_alone():
    net = Net()
    slow = net.route("**/slow")
    net.route("**/fast")
    slow_ws, _, _ = net.opened("ws://h/slow")
    fast_ws, fast, _ = net.opened("ws://h/fast")
    net.faults.set_latency(slow, 1.0, BOTH, net.owner)
    net.traffic.to_page(fast, "now", "Send To Page")
    assert fast_ws.sent == ["now"]
    assert not net.traffic.faults.has_lanes(fast)


def test_latency_zero_turns_it_off_and_returns_the_previous_one():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 0.3, BOTH, net.owner)
    assert net.faults.set_latency(route, 0, BOTH, net.owner) == 0.3
    net.traffic.to_page(socket, "now", "Send To Page")
    assert ws.sent == ["now"]
    assert log(route, {RECEIVED}) == [(RECEIVED, "now", "Send To Page")]


def test_a_shorter_latency_does_not_let_a_message_overtake():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 1.0, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "slow", "Send To Page")
    net.faults.set_latency(route, 0, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "fast", "Send To Page")
    assert ws.sent == []
    net.loop.advance(1.0)
    assert ws.sent == ["slow", "fast"]


def test_a_server_close_reaches_the_page_behind_the_server_s_messages():
    net = Net()
    route = net.route(connected=True)
    ws, _, _ = net.opened()
    net.faults.set_latency(route, 0.05, RECEIVED_WAY, net.owner)
    ws.server.message("bye")
    ws.server.closed(4000, "done")
    net.loop.run()
    assert ws.sent == [] and ws.closes == []
    net.loop.advance(0.05)
    net.loop.run()
    assert ws.sent == ["bye"]
    assert ws.closes == [(4000, "done")]
    assert log(route, {RECEIVED, BLOCKED}) == [(RECEIVED, "bye", "from server; 50 ms latency")]


def test_close_socket_travels_behind_replies_on_their_way():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 0.05, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "last words", "Send To Page")
    net.traffic.close(socket, 4001, "bye", "Close Socket")
    net.traffic.to_page(socket, "too late", "Send To Page")
    net.loop.run()
    assert ws.closes == []
    net.loop.advance(0.05)
    net.loop.run()
    assert ws.sent == ["last words"]
    assert ws.closes == [(4001, "bye")]
    assert log(route, {BLOCKED}) == [
        (BLOCKED, "too late", "Send To Page; not delivered: socket closing")]


def test_messages_on_their_way_to_a_page_that_closed_are_not_delivered():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 0.05, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "late", "Send To Page")
    ws.closed(1000, "")
    net.loop.advance(0.05)
    net.loop.run()
    assert ws.sent == []
    assert log(route, {BLOCKED}) == [
        (BLOCKED, "late", "Send To Page; not delivered: socket closing")]
    assert ws.closes == [(1000, "")]  # the page's close is answered


def test_the_page_s_close_reaches_the_server_behind_its_messages():
    net = Net()
    route = net.route(connected=True)
    ws, _, _ = net.opened()
    net.faults.set_latency(route, 0.05, SENT_WAY, net.owner)
    ws.message("last")
    ws.closed(1000, "bye")
    net.loop.run()
    assert ws.server.sent == [] and ws.server.closes == []
    net.loop.advance(0.05)
    net.loop.run()
    assert ws.server.sent == ["last"]
    assert ws.server.closes == [(1000, "bye")]


def test_a_test_s_latency_ends_with_it_and_what_it_delayed_arrives_at_once():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.owners.start("test T")
    net.faults.set_latency(route, 5.0, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "in flight", "Send To Page")
    net.traffic.end_owner(net.owner, net.owner.parent, remove=True)
    net.owners.end(remove=True)
    assert ws.sent == ["in flight"]
    net.traffic.to_page(socket, "after", "Send To Page")
    assert ws.sent == ["in flight", "after"]
    assert not net.loop.pending()


# ------------------------------------------------------------------ holds


def test_held_messages_wait_in_order_and_release_counts_them():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.hold(route, RECEIVED_WAY, net.owner)
    for text in ("a", "b", "c"):
        net.traffic.to_page(socket, text, "Send To Page")
    net.loop.advance(60)
    assert ws.sent == []
    assert log(route, {RECEIVED}) == []
    assert net.faults.release(route, net.owner) == 3
    assert ws.sent == ["a", "b", "c"]
    assert [note for _, _, note in log(route, {RECEIVED})] == [
        "Send To Page; held 60.000 s"] * 3
    assert net.faults.release(route, net.owner) == 0


def test_holding_sent_messages_holds_the_page_s_messages_and_send_to_server():
    net = Net()
    route = net.route(connected=True)
    ws, socket, _ = net.opened()
    net.faults.hold(route, SENT_WAY, net.owner)
    ws.message("one")
    net.traffic.to_server(socket, "two", "Send To Server")
    ws.server.message("down")  # the other direction flows
    assert ws.sent == ["down"] and ws.server.sent == []
    net.loop.advance(1.5)
    assert net.faults.release(route, net.owner) == 2
    assert ws.server.sent == ["one", "two"]
    assert log(route, {SENT, TO_SERVER}) == [
        (SENT, "one", "forwarded to server; held 1.500 s"),
        (TO_SERVER, "two", "Send To Server; held 1.500 s"),
    ]


def test_a_hold_set_after_messages_queued_for_latency_holds_them_too():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 0.1, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "m", "Send To Page")
    net.faults.hold(route, RECEIVED_WAY, net.owner)
    net.loop.advance(1)
    assert ws.sent == []
    assert net.faults.release(route, net.owner) == 1
    assert ws.sent == ["m"]


def test_a_test_s_hold_ends_with_it_and_delivers_what_it_held_in_order():
    net = Net()
    route = net.route()  # the suite's
    ws, socket, _ = net.opened()
    net.owners.start("test T")
    net.faults.hold(route, BOTH, net.owner)
    net.traffic.to_page(socket, "x", "Send To Page")
    net.traffic.to_page(socket, "y", "Send To Page")
    net.loop.advance(2)
    net.traffic.end_owner(net.owner, net.owner.parent, remove=True)
    report = net.owners.end(remove=True)
    assert ws.sent == ["x", "y"]
    assert [(e.payload, e.note) for e in report.traffic.entries if e.kind is RECEIVED] == [
        ("x", "Send To Page; held 2.000 s (released: the test ended)"),
        ("y", "Send To Page; held 2.000 s (released: the test ended)")]


def test_without_cleanup_a_test_s_hold_passes_to_the_suite():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.owners.start("test T")
    net.faults.hold(route, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "x", "Send To Page")
    net.traffic.end_owner(net.owner, net.owner.parent, remove=False)
    net.owners.end(remove=False)
    assert ws.sent == []
    assert net.faults.release(route, net.owner) == 1
    assert ws.sent == ["x"]


def test_a_suite_s_hold_stays_when_a_test_s_latency_ends():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.hold(route, RECEIVED_WAY, net.owner)
    net.owners.start("test T")
    net.faults.set_latency(route, 0.5, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "x", "Send To Page")
    net.traffic.end_owner(net.owner, net.owner.parent, remove=True)
    net.owners.end(remove=True)
    assert ws.sent == []
    assert net.faults.release(route, net.owner) == 1
    assert ws.sent == []  # released, it still keeps the latency it was sent with
    net.loop.advance(0.5)
    assert ws.sent == ["x"]


def test_unrouting_delivers_what_was_held_and_ends_the_faults():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.hold(route, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "x", "Send To Page")
    net.faults.route_gone(route)
    net.registry.remove(route)
    assert ws.sent == ["x"]
    net.traffic.to_page(socket, "y", "Send To Page")  # no route: no hold
    assert ws.sent == ["x", "y"]


def test_a_hold_and_release_on_a_route_without_sockets():
    net = Net()
    route = net.route()
    net.faults.hold(route, BOTH, net.owner)
    assert net.faults.release(route, net.owner) == 0
    ws, _, _ = net.opened()
    assert ws.sent == []


@pytest.mark.parametrize("direction", [SENT_WAY, RECEIVED_WAY, BOTH])
def test_an_error_while_delivering_fails_the_test_and_the_rest_still_arrives(direction):
    net = Net()
    route = net.route(rules=[Rule(RuleKind.reply, Direction.sent, Matcher("x", "exact"),
                                  ("{{missing}}",))])
    ws, socket, _ = net.opened()
    net.faults.hold(route, direction, net.owner)
    ws.message("x")  # its reply cannot be filled: an error when it is handled
    net.traffic.to_page(socket, "after", "Send To Page")
    net.faults.release(route, net.owner)
    assert ws.sent == ["after"]
    assert len(net.errors) == 1 and "missing" in net.errors[0]


def test_nothing_is_sent_after_the_browser_quit():
    net = Net()
    route = net.route()
    ws, socket, _ = net.opened()
    net.faults.set_latency(route, 0.05, RECEIVED_WAY, net.owner)
    net.traffic.to_page(socket, "late", "Send To Page")
    route.sockets = []  # what Quit Browser does
    net.loop.advance(1)
    assert ws.sent == []
    assert not net.errors
