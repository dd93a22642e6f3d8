"""Routes, rules and the registry: which route and which rule handle a message."""

import pytest

from WsRouteLibrary.datatypes import Direction, RuleKind
from WsRouteLibrary.errors import WsRouteError
from WsRouteLibrary.model.journal import Journal
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Registry, Route, Rule
from WsRouteLibrary.model.urlpattern import UrlPattern

SENT, RECEIVED = Direction.sent, Direction.received
REPLY, DROP, CLOSE, ON_OPEN = RuleKind.reply, RuleKind.drop, RuleKind.close, RuleKind.on_open


class FakeSocket:
    """What the registry needs of the engine's sockets."""

    def __init__(self, route, closed=False):
        self.route = route
        self.closed = closed


def route(text, page=None, **kwargs):
    return Route(UrlPattern(text), page, **kwargs)


def rule(expected="ping", direction=SENT, kind=REPLY, mode="exact", replies=("pong",), **kwargs):
    return Rule(kind, direction, Matcher(expected, mode), replies, **kwargs)


def routed(*texts):
    registry = Registry()
    for text in texts:
        registry.add(route(text))
    return registry


class TestFind:
    def test_matching_route(self):
        registry = routed("**/chat", "**/feed")
        assert registry.route_for("ws://h/chat").text == "**/chat"
        assert registry.route_for("ws://h/feed").text == "**/feed"
        assert registry.route_for("ws://h/other") is None

    def test_newest_matching_route_wins(self):
        registry = routed("ws://h/**", "**/chat", "/news/")
        assert registry.route_for("ws://h/chat").text == "**/chat"
        assert registry.route_for("ws://h/news").text == "/news/"
        assert registry.route_for("ws://h/feed").text == "ws://h/**"

    def test_removed_route_no_longer_matches(self):
        registry = routed("ws://h/**", "**/chat")
        newest = registry.resolve("**/chat")
        registry.remove(newest)
        assert not newest.active
        assert not newest.applies("ws://h/chat", None)
        assert registry.route_for("ws://h/chat").text == "ws://h/**"
        assert registry.routes == [registry.resolve("ws://h/**")]

    def test_empty_registry(self):
        assert Registry().route_for("ws://h/chat") is None


class TestPageScope:
    def test_page_route_only_applies_to_its_page(self):
        page, other = object(), object()
        registry = Registry()
        registry.add(route("**/chat", page))
        assert registry.route_for("ws://h/chat", page).page is page
        assert registry.route_for("ws://h/chat", other) is None
        assert registry.route_for("ws://h/chat") is None  # the context dispatcher

    def test_context_route_applies_to_every_page(self):
        page = object()
        registry = routed("**/chat")
        assert registry.route_for("ws://h/chat", page).page is None
        assert registry.route_for("ws://h/chat", object()).page is None
        assert registry.route_for("ws://h/chat").page is None

    def test_newest_wins_across_scopes(self):
        page = object()
        registry = Registry()
        registry.add(route("**/chat", page))
        registry.add(route("ws://h/**"))
        assert registry.route_for("ws://h/chat", page).text == "ws://h/**"
        registry.add(route("**/c*", page))
        assert registry.route_for("ws://h/chat", page).text == "**/c*"
        assert registry.route_for("ws://h/chat").text == "ws://h/**"


class TestReplace:
    def test_same_pattern_replaces_route_and_rules(self):
        registry = Registry()
        old = route("**/chat")
        registry.add(old)
        old.add_rule(rule())
        new = route("**/chat")
        assert registry.add(new) is old
        assert registry.routes == [new]
        assert not old.active
        assert registry.route_for("ws://h/chat") is new
        assert new.rules == []
        assert new.take_rule(SENT, "ping") == (None, None)

    def test_replaced_route_becomes_newest_and_current(self):
        registry = routed("**/chat", "**/feed")
        new = route("**/chat")
        registry.add(new)
        assert registry.resolve(None) is new
        assert [r.text for r in registry.routes] == ["**/feed", "**/chat"]

    def test_new_route_adopts_open_sockets(self):
        registry = Registry()
        old = route("**/chat")
        registry.add(old)
        open_one, closed_one, open_two = (
            FakeSocket(old),
            FakeSocket(old, closed=True),
            FakeSocket(old),
        )
        old.sockets.extend([open_one, closed_one, open_two])
        new = route("**/chat")
        registry.add(new)
        assert new.sockets == [open_one, open_two]
        assert open_one.route is new and open_two.route is new
        assert closed_one.route is old
        assert new.open_sockets() == [open_one, open_two]

    def test_new_journal_starts_empty(self):
        registry = Registry()
        old = route("**/chat")
        registry.add(old)
        new = route("**/chat")
        registry.add(new)
        assert new.journal is not old.journal

    def test_different_text_does_not_replace(self):
        registry = routed("**/chat")
        assert registry.add(route("**/chat*")) is None
        assert len(registry.routes) == 2

    def test_first_add_returns_none(self):
        assert Registry().add(route("**/chat")) is None


class TestGet:
    def test_none_is_the_newest_route(self):
        registry = routed("**/chat", "**/feed")
        assert registry.resolve(None).text == "**/feed"

    def test_none_after_removing_the_newest(self):
        registry = routed("**/chat", "**/feed")
        registry.remove(registry.resolve("**/feed"))
        assert registry.resolve(None).text == "**/chat"

    def test_none_without_routes_fails(self):
        with pytest.raises(WsRouteError) as error:
            Registry().resolve(None)
        assert str(error.value) == (
            "No WebSocket route exists yet. Route one first, e.g. 'Route WebSocket    **/chat'."
        )

    def test_pattern_selects_its_route(self):
        registry = routed("**/chat", "**/feed")
        assert registry.resolve("**/chat").text == "**/chat"

    def test_pattern_is_compared_as_text_not_matched(self):
        registry = routed("**/chat")
        with pytest.raises(WsRouteError):
            registry.resolve("ws://h/chat")

    def test_unknown_pattern_names_routes_and_how_to_route_it(self):
        registry = routed("**/chat", "/feed/i")
        with pytest.raises(WsRouteError) as error:
            registry.resolve("**/news")
        assert str(error.value) == (
            "No WebSocket route has pattern '**/news' (routed now: '**/chat', '/feed/i'). "
            "Route it first with 'Route WebSocket    **/news'."
        )

    def test_unknown_pattern_without_routes(self):
        with pytest.raises(WsRouteError) as error:
            Registry().resolve("**/news")
        assert str(error.value) == (
            "No WebSocket route has pattern '**/news' (routed now: none). "
            "Route it first with 'Route WebSocket    **/news'."
        )

    def test_removed_pattern_is_unknown(self):
        registry = routed("**/chat")
        registry.remove(registry.resolve("**/chat"))
        with pytest.raises(WsRouteError, match="routed now: none"):
            registry.resolve("**/chat")


class TestRoute:
    def test_fields(self):
        page, owner = object(), object()
        made = route("**/chat", page, owner=owner, message_limit=5)
        assert made.text == "**/chat"
        assert made.page is page and made.owner is owner
        assert made.active and not made.connected
        assert made.rules == [] and made.sockets == []
        assert isinstance(made.journal, Journal) and made.journal.message_limit == 5

    def test_applies(self):
        made = route("**/chat")
        assert made.applies("ws://h/chat", None)
        assert made.applies("ws://h/chat", object())
        assert not made.applies("ws://h/feed", None)

    def test_open_sockets(self):
        made = route("**/chat")
        first, second = FakeSocket(made), FakeSocket(made)
        made.sockets.extend([first, second])
        second.closed = True
        assert made.open_sockets() == [first]


class TestRules:
    def test_newest_matching_rule_wins(self):
        made = route("**/chat")
        old = made.add_rule(rule("p*", mode="glob"))
        new = made.add_rule(rule("ping"))
        other = made.add_rule(rule("other"))
        taken, match = made.take_rule(SENT, "ping")
        assert taken is new
        assert match.message == "ping"
        assert made.take_rule(SENT, "pong")[0] is old
        assert made.take_rule(SENT, "other")[0] is other

    def test_no_rule_matches(self):
        made = route("**/chat")
        made.add_rule(rule("ping"))
        assert made.take_rule(SENT, "pong") == (None, None)
        assert route("**/x").take_rule(SENT, "ping") == (None, None)

    def test_direction_must_agree(self):
        made = route("**/chat")
        sent = made.add_rule(rule("ping", SENT))
        received = made.add_rule(rule("ping", RECEIVED, kind=DROP, replies=()))
        assert made.take_rule(SENT, "ping")[0] is sent
        assert made.take_rule(RECEIVED, "ping")[0] is received

    def test_rule_returns_the_match_for_templates(self):
        made = route("**/chat")
        made.add_rule(rule(r"buy (\d+)", mode="regexp"))
        _, match = made.take_rule(SENT, "buy 3")
        assert match.groups.group(1) == "3"
        made.add_rule(rule('{"op": "join"}', mode="json"))
        _, match = made.take_rule(SENT, '{"op": "join", "room": "x"}')
        assert match.document == {"op": "join", "room": "x"}

    def test_on_open_rules_do_not_handle_messages(self):
        made = route("**/chat")
        made.add_rule(Rule(ON_OPEN, None, replies=["hello"]))
        assert made.take_rule(SENT, "hello") == (None, None)
        assert made.take_rule(RECEIVED, "hello") == (None, None)

    def test_on_open_messages_in_order(self):
        made = route("**/chat")
        first = made.add_rule(Rule(ON_OPEN, None, replies=["a", b"\x01"]))
        made.add_rule(rule("ping"))
        second = made.add_rule(Rule(ON_OPEN, None, replies=["c"]))
        assert made.on_open_messages() == [(first, "a"), (first, b"\x01"), (second, "c")]

    def test_no_on_open_messages(self):
        assert route("**/chat").on_open_messages() == []


class TestTimes:
    def test_rule_retires_after_times(self):
        made = route("**/chat")
        forever = made.add_rule(rule("ping", replies=("forever",)))
        twice = made.add_rule(rule("ping", replies=("twice",), times=2))
        assert made.take_rule(SENT, "ping")[0] is twice
        assert made.take_rule(SENT, "ping")[0] is twice
        assert twice not in made.rules
        assert made.take_rule(SENT, "ping")[0] is forever
        assert made.take_rule(SENT, "ping")[0] is forever
        assert made.rules == [forever]

    def test_times_one_retires_at_once(self):
        made = route("**/chat")
        made.add_rule(rule("ping", times=1))
        assert made.take_rule(SENT, "ping")[0] is not None
        assert made.take_rule(SENT, "ping") == (None, None)
        assert made.rules == []

    def test_only_handled_messages_count(self):
        made = route("**/chat")
        once = made.add_rule(rule("ping", times=1))
        assert made.take_rule(SENT, "pong") == (None, None)
        assert made.take_rule(RECEIVED, "ping") == (None, None)
        assert made.take_rule(SENT, "ping")[0] is once

    def test_shadowed_rule_does_not_count(self):
        made = route("**/chat")
        once = made.add_rule(rule("ping", times=1))
        newer = made.add_rule(rule("ping"))
        for _ in range(3):
            assert made.take_rule(SENT, "ping")[0] is newer
        assert once in made.rules

    def test_no_limit_by_default(self):
        made = route("**/chat")
        forever = made.add_rule(rule("ping"))
        for _ in range(100):
            assert made.take_rule(SENT, "ping")[0] is forever

    @pytest.mark.parametrize("times", [0, -1])
    def test_times_below_one_fails(self, times):
        with pytest.raises(WsRouteError) as error:
            rule(times=times)
        assert str(error.value) == (
            f"times={times} would never handle a message. Give a number of 1 "
            "or more, or None for no limit."
        )

    def test_negative_delay_fails(self):
        with pytest.raises(WsRouteError) as error:
            rule(delay=-0.5)
        assert str(error.value) == "delay=-0.5 s is negative. Give 0 or more."


class TestRule:
    def test_fields(self):
        owner = object()
        made = Rule(CLOSE, SENT, Matcher("bye"), code=4000, reason="done", owner=owner, delay=0.25)
        assert (made.kind, made.direction, made.code, made.reason, made.owner, made.delay) == (
            CLOSE,
            SENT,
            4000,
            "done",
            owner,
            0.25,
        )
        assert made.replies == [] and made.times is None

    def test_replies_are_a_list_copy(self):
        replies = ["a"]
        made = rule(replies=replies)
        replies.append("b")
        assert made.replies == ["a"]

    def test_numbers_count_per_route(self):
        chat, feed = route("**/chat"), route("**/feed")
        assert [chat.add_rule(rule()).number for _ in range(3)] == [1, 2, 3]
        assert feed.add_rule(rule()).number == 1

    @pytest.mark.parametrize(
        "made, label",
        [
            (Rule(REPLY, SENT, Matcher("ping")), "Reply When Sent 'ping'"),
            (Rule(REPLY, RECEIVED, Matcher("p*", "glob")), "Reply When Received 'p*' (match=glob)"),
            (Rule(DROP, SENT, Matcher(b"\x01")), "Drop When Sent bytes[1] 01"),
            (Rule(DROP, RECEIVED, Matcher(None)), "Drop When Received any message"),
            (Rule(CLOSE, SENT, Matcher("bye")), "Close Socket When Sent 'bye'"),
            (Rule(ON_OPEN, None, replies=["hi"]), "Send On Open"),
        ],
    )
    def test_label_names_rule_keyword_and_message(self, made, label):
        route("**/x").add_rule(made)
        assert made.label == f"rule 1: {label}"


class TestPageSocketWay:
    """The fast path's question: which way does a page's socket of this URL go?"""

    def test_a_context_route_takes_it(self):
        assert routed("**/chat").page_socket_way("ws://h/chat") == "take"

    def test_no_route_passes_it_to_the_browser(self):
        assert routed("**/chat").page_socket_way("ws://h/feed") == "pass"

    def test_a_page_route_that_may_take_it_leaves_it_to_playwright(self):
        registry = routed("**/chat")
        registry.add(route("**/chat", page=object()))
        assert registry.page_socket_way("ws://h/chat") == "page"

    def test_a_page_route_of_another_url_does_not_matter(self):
        registry = routed("**/chat")
        registry.add(route("**/feed", page=object()))
        assert registry.page_socket_way("ws://h/chat") == "take"
        assert registry.page_socket_way("ws://h/news") == "pass"

    def test_a_watch_takes_nothing(self):
        registry = Registry()
        registry.add(route("**/chat", watch=True))
        assert registry.page_socket_way("ws://h/chat") == "pass"

    def test_an_unrouted_route_takes_nothing(self):
        registry = routed("**/chat")
        registry.remove(registry.routes[0])
        assert registry.page_socket_way("ws://h/chat") == "pass"
