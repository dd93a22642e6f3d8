"""Owners: tests and suites own routes, rules and entries; their traffic reports and errors."""

import pytest

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind
from WsRouteLibrary.engine.owners import OwnerReport, Owners
from WsRouteLibrary.model.journal import Entry, TrafficReport
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Registry, Route, Rule
from WsRouteLibrary.model.urlpattern import UrlPattern

OPEN, SENT, RECEIVED = EntryKind.open, EntryKind.sent, EntryKind.received


class Run:
    """A registry and its owners; routes, rules and entries are made by the current owner."""

    def __init__(self):
        self.registry = Registry()
        self.owners = Owners(self.registry)

    def route(self, text="**/chat", message_limit=None):
        made = Route(UrlPattern(text), None, self.owners.current, message_limit)
        self.registry.add(made)
        return made

    def rule(self, route, expected="ping"):
        made = Rule(RuleKind.reply, Direction.sent, Matcher(expected), ["pong"],
                    owner=self.owners.current)
        return route.add_rule(made)

    def entry(self, route, payload="m", kind=SENT):
        made = Entry(1, "ws://h/chat", kind, payload, "note", self.owners.current)
        route.journal.add(made)
        return made


def payloads(report):
    return [e.payload for e in report.entries]


@pytest.fixture
def run():
    return Run()


class TestStack:
    def test_library_owns_at_first(self, run):
        assert run.owners.current.name == "library"
        assert run.owners.current.parent is None
        assert run.owners.current.errors == []

    def test_start_and_end_nest(self, run):
        library = run.owners.current
        run.owners.start("suite S")
        suite = run.owners.current
        run.owners.start("test T")
        test = run.owners.current
        assert (suite.name, suite.parent) == ("suite S", library)
        assert (test.name, test.parent) == ("test T", suite)
        assert isinstance(run.owners.end(remove=True), OwnerReport)
        assert run.owners.current is suite
        run.owners.end(remove=False)
        assert run.owners.current is library

    def test_ending_the_library_keeps_it(self, run):
        library = run.owners.current
        route = run.route()
        run.owners.end(remove=False)
        assert run.owners.current is library
        assert route.owner is library and run.registry.routes == [route]

    def test_owner_started_is_monotonic_time(self, run):
        before = run.owners.current.started
        run.owners.start("test T")
        assert run.owners.current.started >= before


class TestEndRemoving:
    def test_removes_routes_of_the_owner(self, run):
        run.owners.start("suite S")
        kept = run.route("**/kept")
        run.owners.start("test T")
        gone = run.route("**/gone")
        run.owners.end(remove=True)
        assert run.registry.routes == [kept]
        assert not gone.active and kept.active
        assert run.registry.route_for("ws://h/gone") is None

    def test_removes_rules_and_entries_of_the_owner_from_other_routes(self, run):
        run.owners.start("suite S")
        route = run.route()
        suite_rule = run.rule(route, "a")
        suite_entry = run.entry(route, "before")
        run.owners.start("test T")
        run.rule(route, "b")
        run.entry(route, "during")
        run.entry(route, "open", OPEN)
        run.owners.end(remove=True)
        assert route.rules == [suite_rule]
        assert route.journal.entries == [suite_entry]
        assert route.take_rule(Direction.sent, "b") == (None, None)

    def test_message_count_follows_removed_entries(self, run):
        run.owners.start("suite S")
        route = run.route(message_limit=3)
        run.owners.start("test T")
        for i in range(3):
            run.entry(route, f"t{i}")
        run.owners.end(remove=True)
        for i in range(3):
            run.entry(route, f"s{i}")
        assert [e.payload for e in route.journal.entries] == ["s0", "s1", "s2"]
        assert route.journal.dropped == 0

    def test_report_has_the_owners_traffic_and_errors(self, run):
        run.owners.start("suite S")
        route = run.route()
        run.entry(route, "suite's")
        run.owners.start("test T")
        started = run.owners.current.started
        run.entry(route, "test's")
        run.owners.current.errors.append("boom")
        report = run.owners.end(remove=True)
        assert payloads(report.traffic) == ["test's"]
        assert report.traffic.started == started
        assert report.errors == ["boom"]
        assert run.owners.current.errors == []


class TestEndHandingOver:
    def test_parent_takes_routes_rules_and_entries(self, run):
        run.owners.start("suite S")
        suite = run.owners.current
        older = run.route("**/older")
        run.owners.start("test T")
        route = run.route()
        made_rule = run.rule(route)
        rule_on_older = run.rule(older)
        entry = run.entry(older)
        run.owners.end(remove=False)
        assert run.registry.routes == [older, route]
        assert route.active
        assert route.owner is suite and made_rule.owner is suite
        assert rule_on_older.owner is suite and entry.owner is suite
        assert route.rules == [made_rule] and older.rules == [rule_on_older]
        assert older.journal.entries == [entry]
        run.owners.end(remove=True)  # now the suite's to remove
        assert run.registry.routes == []

    def test_entries_handed_over_are_not_reported_again(self, run):
        run.owners.start("suite S")
        route = run.route()
        run.owners.start("test T")
        run.entry(route, "test's")
        report = run.owners.end(remove=False)
        assert payloads(report.traffic) == ["test's"]
        run.entry(route, "suite's")
        assert payloads(run.owners.unlogged()) == ["suite's"]

    def test_grandparent_takes_what_the_parent_was_given(self, run):
        library = run.owners.current
        run.owners.start("suite S")
        run.owners.start("test T")
        route = run.route()
        entry = run.entry(route)
        run.owners.end(remove=False)
        run.owners.end(remove=False)
        assert route.owner is library and entry.owner is library
        assert payloads(run.owners.unlogged()) == []

    def test_parents_own_unlogged_entries_stay_unlogged(self, run):
        run.owners.start("suite S")
        route = run.route()
        run.owners.start("test 1")
        run.owners.end(remove=False)
        between = run.entry(route, "between tests")  # e.g. a server's push
        run.owners.start("test 2")
        run.entry(route, "test 2's")
        run.owners.end(remove=False)
        assert between in run.owners.unlogged().entries


class TestUnlogged:
    def test_entries_in_sequence_order_with_their_routes(self, run):
        chat, feed = run.route("**/chat"), run.route("**/feed")
        first = run.entry(feed, "1")
        second = run.entry(chat, "2")
        third = run.entry(feed, "3")
        fourth = run.entry(chat, "4", RECEIVED)
        report = run.owners.unlogged()
        assert isinstance(report, TrafficReport)
        assert report.entries == [first, second, third, fourth]
        assert report.routes == {first.seq: "**/feed", second.seq: "**/chat",
                                 third.seq: "**/feed", fourth.seq: "**/chat"}
        assert report.started == run.owners.current.started
        assert report.dropped == {}

    def test_each_entry_is_reported_once(self, run):
        route = run.route()
        run.entry(route, "a")
        run.entry(route, "b")
        assert payloads(run.owners.unlogged()) == ["a", "b"]
        assert payloads(run.owners.unlogged()) == []
        run.entry(route, "c")
        report = run.owners.unlogged()
        assert payloads(report) == ["c"]
        assert list(report.routes.values()) == ["**/chat"]
        assert payloads(run.owners.unlogged()) == []

    def test_only_the_current_owners_entries(self, run):
        run.owners.start("suite S")
        route = run.route()
        run.entry(route, "suite's")
        run.owners.start("test T")
        run.entry(route, "test's")
        assert payloads(run.owners.unlogged()) == ["test's"]
        run.owners.end(remove=True)
        assert payloads(run.owners.unlogged()) == ["suite's"]

    def test_dropped_messages_counted_once_by_route(self, run):
        small = run.route("**/small", message_limit=10)
        other = run.route("**/other", message_limit=10)
        for i in range(11):
            run.entry(small, f"m{i}")
        run.entry(other)
        dropped = small.journal.dropped
        assert dropped > 0 and other.journal.dropped == 0
        report = run.owners.unlogged()
        assert report.dropped == {"**/small": dropped}
        assert run.owners.unlogged().dropped == {}
        for i in range(20):
            run.entry(small, f"n{i}")
        assert run.owners.unlogged().dropped == {"**/small": small.journal.dropped - dropped}

    def test_dropped_entries_are_not_reported(self, run):
        route = run.route(message_limit=2)
        made = [run.entry(route, f"m{i}") for i in range(5)]
        report = run.owners.unlogged()
        assert report.entries == route.journal.entries
        assert report.entries == made[-len(report.entries):]
        assert report.dropped == {"**/chat": 5 - len(report.entries)}


class TestErrors:
    def test_take_errors_empties_the_list(self, run):
        run.owners.current.errors.extend(["one", "two"])
        assert run.owners.take_errors() == ["one", "two"]
        assert run.owners.take_errors() == []
        assert run.owners.current.errors == []

    def test_take_errors_of_the_current_owner_only(self, run):
        run.owners.current.errors.append("library's")
        run.owners.start("test T")
        run.owners.current.errors.append("test's")
        assert run.owners.take_errors() == ["test's"]
        report = run.owners.end(remove=True)
        assert report.errors == []
        assert run.owners.take_errors() == ["library's"]

    def test_errors_are_not_handed_over(self, run):
        run.owners.start("test T")
        run.owners.current.errors.append("test's")
        assert run.owners.end(remove=False).errors == ["test's"]
        assert run.owners.take_errors() == []
