"""Traffic: sockets, forwarding, rules and closes, with a fake of Playwright's WebSocketRoute."""


import pytest
from fakes import URL, FakeWebSocketRoute, Net

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind
from WsRouteLibrary.engine.traffic import Socket
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Rule

OPEN, CLOSE, SENT, RECEIVED = EntryKind.open, EntryKind.close, EntryKind.sent, EntryKind.received
TO_SERVER, BLOCKED = EntryKind.to_server, EntryKind.blocked
REPLY, DROP, KILL, ON_OPEN = RuleKind.reply, RuleKind.drop, RuleKind.close, RuleKind.on_open
CLOSING = "not delivered: socket closing"


def rule(kind=REPLY, direction=Direction.sent, expected="ping", mode="exact", replies=("pong",),
         **kwargs):
    matcher = None if kind is ON_OPEN else Matcher(expected, mode)
    return Rule(kind, direction, matcher, replies, **kwargs)


def on_open(*messages):
    return Rule(ON_OPEN, None, None, messages)


def log(route):
    return [(e.kind, e.payload, e.note) for e in route.journal.entries]


@pytest.fixture
def net():
    made = Net()
    yield made
    made.tasks.discard()


class TestOpen:
    def test_mocked_socket_is_recorded_open(self, net):
        route = net.route()
        ws, socket = net.open()
        assert isinstance(socket, Socket)
        assert route.sockets == [socket]
        assert (socket.number, socket.url, socket.route, socket.ws) == (1, URL, route, ws)
        assert socket.server is None and ws.servers == []
        assert not socket.closed and not socket.page_done and not socket.server_done
        assert log(route) == [(OPEN, None, "mocked")]
        entry = route.journal.entries[0]
        assert (entry.socket_number, entry.url, entry.owner) == (1, URL, net.owners.current)
        assert ws.message_handler is not None and ws.close_handler is not None
        assert net.errors == []

    def test_connected_route_connects_at_once(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        assert socket.server is ws.server
        assert ws.server.message_handler is not None and ws.server.close_handler is not None
        assert log(route) == [(OPEN, None, "connected to server")]

    def test_sockets_are_numbered_in_order(self, net):
        chat, feed = net.route("**/chat"), net.route("**/feed")
        numbers = [net.open(url)[1].number for url in (URL, "ws://h/feed", URL)]
        assert numbers == [1, 2, 3]
        assert [s.number for s in chat.sockets] == [1, 3]
        assert [s.number for s in feed.sockets] == [2]

    def test_page_route_socket_knows_its_page(self, net):
        page = object()
        net.route(page=page)
        _, socket = net.open(page=page)
        assert socket.page is page

    def test_send_on_open(self, net):
        route = net.route(rules=[on_open("hello", b"\x01\x02"), on_open("again")])
        ws, _ = net.open()
        assert ws.sent == ["hello", b"\x01\x02", "again"]
        assert log(route) == [
            (OPEN, None, "mocked"),
            (RECEIVED, "hello", "rule 1: Send On Open"),
            (RECEIVED, b"\x01\x02", "rule 1: Send On Open"),
            (RECEIVED, "again", "rule 2: Send On Open"),
        ]

    def test_send_on_open_on_connected_route(self, net):
        route = net.route(connected=True, rules=[on_open("hello")])
        ws, _ = net.open()
        assert ws.sent == ["hello"]
        assert ws.server.sent == []
        assert log(route)[-1] == (RECEIVED, "hello", "rule 1: Send On Open")

    def test_socket_of_removed_route_goes_straight_to_server(self, net):
        route = net.route()
        net.registry.remove(route)
        ws = FakeWebSocketRoute()
        net.traffic.on_socket(ws, None)
        assert len(ws.servers) == 1
        # Nothing is routed: Playwright forwards both ways by itself.
        assert ws.message_handler is None and ws.close_handler is None
        assert ws.servers[0].message_handler is None
        assert route.sockets == [] and route.journal.entries == []
        assert net.errors == []

    def test_socket_of_another_pages_route_goes_straight_to_server(self, net):
        route = net.route(page=object())
        ws = FakeWebSocketRoute()
        net.traffic.on_socket(ws, object())
        assert len(ws.servers) == 1 and ws.message_handler is None
        assert route.sockets == []


class TestMocked:
    def test_reply_rule_answers_the_page(self, net):
        route = net.route(rules=[rule()])
        ws, _ = net.open()
        ws.message("ping")
        assert ws.sent == ["pong"]
        label = "rule 1: Reply When Sent 'ping'"
        assert route.rules[0].label == label
        assert log(route) == [(OPEN, None, "mocked"), (SENT, "ping", label),
                              (RECEIVED, "pong", label)]
        assert net.errors == []

    def test_reply_fills_templates(self, net):
        route = net.route(rules=[rule(expected=r"hi (\w+)", mode="regexp",
                                      replies=("hello {{1}}", b"\x00", "from {{message}}"))])
        ws, _ = net.open()
        ws.message("hi bob")
        assert ws.sent == ["hello bob", b"\x00", "from hi bob"]
        assert [e.kind for e in route.journal.entries] == [OPEN, SENT, RECEIVED, RECEIVED,
                                                           RECEIVED]

    def test_newest_matching_rule_answers(self, net):
        net.route(rules=[rule(replies=("old",)), rule(replies=("new",)),
                         rule(expected="other", replies=("no",))])
        ws, _ = net.open()
        ws.message("ping")
        assert ws.sent == ["new"]

    def test_rule_with_times_is_used_up(self, net):
        route = net.route(rules=[rule(times=1)])
        ws, _ = net.open()
        ws.message("ping")
        ws.message("ping")
        assert ws.sent == ["pong"]
        assert log(route)[-1] == (SENT, "ping", "no rule (mocked, not forwarded)")

    def test_unanswered_message_is_recorded_and_not_forwarded(self, net):
        route = net.route(rules=[rule()])
        ws, _ = net.open()
        ws.message("other")
        ws.message(b"\xff")
        assert ws.sent == [] and ws.servers == []
        assert log(route)[1:] == [
            (SENT, "other", "no rule (mocked, not forwarded)"),
            (SENT, b"\xff", "no rule (mocked, not forwarded)"),
        ]

    def test_drop_when_sent_answers_nothing(self, net):
        route = net.route(rules=[rule(DROP)])
        ws, _ = net.open()
        ws.message("ping")
        assert ws.sent == []
        assert log(route)[1:] == [(SENT, "ping", "rule 1: Drop When Sent 'ping'")]

    def test_close_socket_when_sent(self, net):
        route = net.route(rules=[rule(KILL, code=4000, reason="bye", replies=())])
        ws, socket = net.open()
        ws.message("ping")
        net.tasks.run()
        label = "rule 1: Close Socket When Sent 'ping'"
        assert ws.closes == [(4000, "bye")]
        assert socket.closed
        assert log(route)[1:] == [(SENT, "ping", label), (CLOSE, (4000, "bye"), label)]

    def test_delayed_reply_waits_for_its_timer(self, net):
        route = net.route(rules=[rule(delay=0.25)])
        ws, _ = net.open()
        ws.message("ping")
        assert ws.sent == []
        assert [delay for delay, _, _ in net.tasks.timers] == [0.25]
        assert log(route)[1:] == [(SENT, "ping", "rule 1: Reply When Sent 'ping'")]
        net.tasks.fire()
        assert ws.sent == ["pong"]
        assert log(route)[-1] == (RECEIVED, "pong", "rule 1: Reply When Sent 'ping'")
        assert net.errors == []

    def test_delayed_reply_after_close_is_blocked(self, net):
        route = net.route(rules=[rule(delay=1)])
        ws, socket = net.open()
        ws.message("ping")
        net.traffic.close(socket, 1000, None, "Close Socket")
        net.tasks.fire()
        assert ws.sent == []
        assert log(route)[-1] == (BLOCKED, "pong", f"rule 1: Reply When Sent 'ping'; {CLOSING}")

    def test_delayed_reply_error_fails(self, net):
        net.route(rules=[rule(delay=1)])
        ws, _ = net.open()
        ws.message("ping")

        def broken(message):
            raise ConnectionError("gone")

        ws.send = broken
        net.tasks.fire()
        assert net.errors == [
            "Unexpected error while handling WebSocket traffic: ConnectionError('gone')"
        ]

    def test_template_error_fails_naming_the_placeholder(self, net):
        route = net.route(rules=[rule(replies=("ok", "{{ nope }}"))])
        ws, _ = net.open()
        ws.message("ping")
        assert ws.sent == []  # no reply at all, not half of them
        assert len(net.errors) == 1
        error = net.errors[0]
        assert "{{nope}}" in error
        assert "'{{ nope }}'" in error
        assert error.endswith("(rule 1: Reply When Sent 'ping' on route '**/chat')")
        assert log(route)[1:] == [(SENT, "ping", "rule 1: Reply When Sent 'ping'")]

    def test_template_error_of_delayed_reply_fails_at_once(self, net):
        net.route(rules=[rule(replies=("{{x}}",), delay=5)])
        ws, _ = net.open()
        ws.message("ping")
        assert net.tasks.timers == []
        assert len(net.errors) == 1 and "{{x}}" in net.errors[0]

    def test_send_to_page(self, net):
        route = net.route()
        ws, socket = net.open()
        assert net.traffic.to_page(socket, "push", "Send To Page") is True
        assert ws.sent == ["push"]
        assert log(route)[-1] == (RECEIVED, "push", "Send To Page")

    def test_send_to_server_of_mocked_socket_does_nothing(self, net):
        route = net.route()
        _, socket = net.open()
        assert net.traffic.to_server(socket, "x", "Send To Server") is False
        assert log(route) == [(OPEN, None, "mocked")]


class TestConnected:
    def test_page_messages_go_to_server(self, net):
        route = net.route(connected=True)
        ws, _ = net.open()
        ws.message("hi")
        ws.message(b"\x01")
        assert ws.server.sent == ["hi", b"\x01"]
        assert ws.sent == []
        assert log(route)[1:] == [(SENT, "hi", "forwarded to server"),
                                  (SENT, b"\x01", "forwarded to server")]

    def test_server_messages_go_to_page(self, net):
        route = net.route(connected=True)
        ws, _ = net.open()
        ws.server.message("news")
        assert ws.sent == ["news"]
        assert ws.server.sent == []
        assert log(route)[1:] == [(RECEIVED, "news", "from server")]

    def test_reply_when_sent_is_not_forwarded(self, net):
        route = net.route(connected=True, rules=[rule()])
        ws, _ = net.open()
        ws.message("ping")
        ws.message("pong?")
        assert ws.sent == ["pong"]
        assert ws.server.sent == ["pong?"]
        assert [e.note for e in route.journal.entries][1:] == [
            "rule 1: Reply When Sent 'ping'", "rule 1: Reply When Sent 'ping'",
            "forwarded to server"]

    def test_drop_when_sent_is_not_forwarded(self, net):
        net.route(connected=True, rules=[rule(DROP)])
        ws, _ = net.open()
        ws.message("ping")
        assert ws.server.sent == [] and ws.sent == []

    def test_drop_when_received_blocks(self, net):
        route = net.route(connected=True, rules=[rule(DROP, Direction.received, "secret")])
        ws, _ = net.open()
        ws.server.message("secret")
        ws.server.message("public")
        assert ws.sent == ["public"]
        assert log(route)[1:] == [
            (BLOCKED, "secret", "rule 1: Drop When Received 'secret'"),
            (RECEIVED, "public", "from server"),
        ]

    def test_reply_when_received_replaces_the_message(self, net):
        route = net.route(connected=True, rules=[
            rule(REPLY, Direction.received, '{"t": "tick"}', "json", replies=("n={{n}}",))])
        ws, _ = net.open()
        ws.server.message('{"t": "tock", "n": 6}')
        ws.server.message('{"t": "tick", "n": 7}')
        assert ws.sent == ['{"t": "tock", "n": 6}', "n=7"]
        label = "rule 1: Reply When Received '{\"t\": \"tick\"}' (match=json)"
        assert log(route)[2:] == [(BLOCKED, '{"t": "tick", "n": 7}', label),
                                  (RECEIVED, "n=7", label)]

    def test_sent_rules_do_not_apply_to_server_messages(self, net):
        net.route(connected=True, rules=[rule(DROP, Direction.sent, "x")])
        ws, _ = net.open()
        ws.server.message("x")
        assert ws.sent == ["x"]

    def test_send_to_server(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        assert net.traffic.to_server(socket, "hello", "Send To Server") is True
        assert ws.server.sent == ["hello"]
        assert log(route)[-1] == (TO_SERVER, "hello", "Send To Server")

    def test_connect_route_connects_open_sockets_once(self, net):
        route = net.route()
        (first, _), (second, closed) = net.open(), net.open()
        net.traffic.close(closed, 1000, None, "Close Socket")
        net.traffic.connect_route(route)
        net.traffic.connect_route(route)
        assert route.connected
        assert len(first.servers) == 1 and second.servers == []
        first.message("now forwarded")
        assert first.server.sent == ["now forwarded"]
        third, _ = net.open()
        assert len(third.servers) == 1

    def test_removed_route_forwards_but_records_nothing(self, net):
        route = net.route(connected=True, rules=[rule(DROP)])
        ws, _ = net.open()
        net.registry.remove(route)
        ws.message("ping")
        ws.server.message("pong")
        assert ws.server.sent == ["ping"]  # the rule went with the route
        assert ws.sent == ["pong"]
        assert log(route) == [(OPEN, None, "connected to server")]

    def test_replacing_route_takes_the_socket_over(self, net):
        old = net.route(connected=True)
        ws, socket = net.open()
        new = net.route(rules=[rule(DROP, Direction.received, "x")])
        ws.server.message("x")
        ws.server.message("y")
        assert socket.route is new and new.sockets == [socket]
        assert ws.sent == ["y"]
        assert log(old) == [(OPEN, None, "connected to server")]
        assert log(new) == [(BLOCKED, "x", "rule 1: Drop When Received 'x'"),
                            (RECEIVED, "y", "from server")]


class TestClose:
    def test_library_close_of_mocked_socket(self, net):
        route = net.route()
        ws, socket = net.open()
        net.traffic.close(socket, 4000, "done", "Close Socket")
        net.tasks.run()
        assert ws.closes == [(4000, "done")]
        assert socket.closed and socket.page_done
        assert route.open_sockets() == []
        assert log(route)[-1] == (CLOSE, (4000, "done"), "Close Socket")

    def test_close_twice_closes_each_side_once(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        net.traffic.close(socket, 4000, "done", "Close Socket")
        net.traffic.close(socket, 4001, "again", "Close Socket")
        net.tasks.run()
        assert ws.closes == [(4000, "done")]
        assert ws.server.closes == [(4000, "done")]
        assert [e.payload for e in route.journal.entries if e.kind is CLOSE] == [(4000, "done")]

    def test_close_without_code(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        net.traffic.close(socket, None, None, "Close Socket")
        net.tasks.run()
        assert ws.closes == [(None, None)]
        assert ws.server.closes == [(None, None)]
        assert log(route)[-1] == (CLOSE, (1005, ""), "Close Socket")

    @pytest.mark.parametrize("code, server_code", [
        (1011, 1000), (1001, 1000), (1000, 1000), (3000, 3000), (4999, 4999),
    ])
    def test_server_gets_a_code_browsers_may_send(self, net, code, server_code):
        route = net.route(connected=True)
        ws, socket = net.open()
        net.traffic.close(socket, code, "oops", "Close Socket")
        net.tasks.run()
        assert ws.closes == [(code, "oops")]
        assert ws.server.closes == [(server_code, "oops")]
        assert log(route)[-1] == (CLOSE, (code, "oops"), "Close Socket")

    def test_page_close_goes_to_server(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        ws.closed(1001, "leaving")
        net.tasks.run()
        assert ws.server.closes == [(1000, "leaving")]
        assert ws.closes == []  # the page hears of it when the server answers
        assert socket.closed and socket.server_done and not socket.page_done
        ws.server.closed(1000, "leaving")
        net.tasks.run()
        assert ws.closes == [(1000, "leaving")]
        assert ws.server.closes == [(1000, "leaving")]
        assert [e for e in log(route) if e[0] is CLOSE] == [
            (CLOSE, (1001, "leaving"), "closed by page")]

    def test_page_close_of_mocked_socket_is_answered(self, net):
        route = net.route()
        ws, socket = net.open()
        ws.closed(1000, None)
        net.tasks.run()
        assert ws.closes == [(1000, None)]
        assert log(route)[-1] == (CLOSE, (1000, ""), "closed by page")
        net.traffic.close(socket, 4000, "late", "Close Socket")
        net.tasks.run()
        assert ws.closes == [(1000, None)]

    def test_server_close_goes_to_page(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        ws.server.closed(4002, "server bye")
        net.tasks.run()
        assert ws.closes == [(4002, "server bye")]
        assert ws.server.closes == []
        assert socket.closed and socket.server_done and socket.page_done
        assert log(route)[-1] == (CLOSE, (4002, "server bye"), "closed by server")
        ws.closed(4002, "server bye")  # the page's side of the same close
        net.traffic.close(socket, 1000, None, "Close Socket")
        net.tasks.run()
        assert ws.closes == [(4002, "server bye")]
        assert ws.server.closes == []
        assert [e[0] for e in log(route)].count(CLOSE) == 1

    def test_server_close_without_code(self, net):
        route = net.route(connected=True)
        ws, _ = net.open()
        ws.server.closed(None, None)
        net.tasks.run()
        assert ws.closes == [(None, None)]
        assert log(route)[-1] == (CLOSE, (1005, ""), "closed by server")

    def test_messages_to_closing_socket_are_blocked(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        net.traffic.close(socket, 1000, None, "Close Socket")
        assert net.traffic.to_page(socket, "late", "Send To Page") is False
        ws.server.message("in flight")
        assert ws.sent == []
        assert log(route)[-2:] == [
            (BLOCKED, "late", f"Send To Page; {CLOSING}"),
            (BLOCKED, "in flight", f"from server; {CLOSING}"),
        ]

    def test_send_to_server_after_close(self, net):
        route = net.route(connected=True)
        ws, socket = net.open()
        ws.closed(1000, None)
        assert net.traffic.to_server(socket, "late", "Send To Server") is False
        assert ws.server.sent == []
        assert TO_SERVER not in [e[0] for e in log(route)]

    def test_page_gone_closes_that_pages_sockets(self, net):
        page, other = object(), object()
        mine = net.route("**/chat", page=page, connected=True)
        theirs = net.route("**/feed", page=other)
        context = net.route("**/news")
        ws, socket = net.open(page=page)
        _, other_socket = net.open("ws://h/feed", page=other)
        _, context_socket = net.open("ws://h/news")
        net.traffic.page_gone(page)
        assert socket.closed and socket.page_done and socket.server_done
        assert log(mine)[-1] == (CLOSE, (1005, ""), "page closed")
        assert not other_socket.closed and not context_socket.closed
        assert CLOSE not in [e[0] for e in log(theirs) + log(context)]
        # The browser closed both sides itself: nothing is sent to them.
        assert net.tasks.coroutines == []
        net.traffic.close(socket, 1000, None, "Close Socket")
        net.traffic.page_gone(page)
        net.tasks.run()
        assert ws.closes == [] and ws.server.closes == []
        assert [e[0] for e in log(mine)].count(CLOSE) == 1


class TestGuard:
    def test_runs_the_function(self, net):
        calls = []
        net.traffic.guard(lambda *args: calls.append(args), 1, "two")
        assert calls == [(1, "two")]
        assert net.errors == []

    def test_error_fails(self, net):
        def broken(value):
            raise ValueError(f"bad {value}")

        net.traffic.guard(broken, 3)
        assert net.errors == ["Unexpected error while handling WebSocket traffic: "
                              "ValueError('bad 3')"]

    def test_error_in_a_handler_fails_and_traffic_goes_on(self, net):
        route = net.route(rules=[rule()])
        ws, _ = net.open()
        sent = []

        def flaky(message):
            if message == "pong":
                raise RuntimeError("send failed")
            sent.append(message)

        ws.send = flaky
        ws.message("ping")
        assert net.errors == ["Unexpected error while handling WebSocket traffic: "
                              "RuntimeError('send failed')"]
        route.add_rule(rule(expected="again", replies=("fine",)))
        ws.message("again")
        assert sent == ["fine"]
        assert len(net.errors) == 1
