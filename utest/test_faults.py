"""Faults of a route, pure: owned settings, refusal counts, input checks and lanes."""

import pytest

from WsRouteLibrary.datatypes import Direction, FaultDirection
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.faults import (
    Item,
    Lane,
    Layers,
    Refusal,
    RouteFaults,
    check_latency,
    check_times,
    describe_latency,
)

SUITE, TEST, OTHER = object(), object(), object()


# ------------------------------------------------------------------ Layers


def test_layers_hold_the_default_until_set():
    layers = Layers(0.0)
    assert layers.value == 0.0
    assert layers.top is None


def test_set_returns_the_value_it_replaces():
    layers = Layers(0.0)
    assert layers.set(SUITE, 0.1) == 0.0
    assert layers.set(TEST, 0.2) == 0.1
    assert layers.set(TEST, 0.3) == 0.2
    assert layers.value == 0.3


def test_an_ended_owner_s_value_goes_and_the_one_before_holds_again():
    layers = Layers(0.0)
    layers.set(SUITE, 0.1)
    layers.set(TEST, 0.2)
    assert layers.end_owner(TEST, SUITE, remove=True)
    assert layers.value == 0.1
    assert layers.end_owner(SUITE, None, remove=True)
    assert layers.value == 0.0


def test_an_owner_that_set_nothing_changes_nothing():
    layers = Layers(False)
    layers.set(SUITE, True)
    assert not layers.end_owner(TEST, SUITE, remove=True)
    assert layers.value is True


def test_setting_again_moves_an_owner_s_value_to_the_top():
    layers = Layers(0)
    layers.set(SUITE, 1)
    layers.set(TEST, 2)
    layers.set(SUITE, 3)  # the suite's newer value wins while the test's stays below
    assert layers.value == 3
    layers.end_owner(SUITE, None, remove=True)
    assert layers.value == 2


def test_without_removal_the_value_passes_to_the_parent_and_wins_over_its_own():
    layers = Layers(0)
    layers.set(SUITE, 1)
    layers.set(TEST, 2)
    assert layers.end_owner(TEST, SUITE, remove=False)
    assert layers.value == 2
    assert layers.owned_by(SUITE) and not layers.owned_by(TEST)
    layers.end_owner(SUITE, None, remove=True)
    assert layers.value == 0


# ----------------------------------------------------------------- refusal


def test_refusal_counts_down_and_names_each_attempt():
    faults = RouteFaults()
    faults.refusal.set(TEST, Refusal(2))
    assert faults.refuse() == "refused (Reject WebSocket Connections, 1 of 2)"
    assert faults.refuse() == "refused (Reject WebSocket Connections, 2 of 2)"
    assert faults.refuse() is None
    assert faults.refuse() is None


def test_refusal_without_times_refuses_until_accepted():
    faults = RouteFaults()
    faults.refusal.set(TEST, Refusal(None))
    assert [faults.refuse() for _ in range(3)] == ["refused (Reject WebSocket Connections)"] * 3
    faults.refusal.set(TEST, None)
    assert faults.refuse() is None


def test_a_test_s_accept_ends_with_it_and_the_suite_s_refusal_holds_again():
    faults = RouteFaults()
    faults.refusal.set(SUITE, Refusal(None))
    faults.refusal.set(TEST, None)
    assert faults.refuse() is None
    assert faults.end_owner(TEST, SUITE, remove=True)
    assert faults.refuse() is not None


def test_route_faults_end_every_setting_of_an_owner():
    faults = RouteFaults()
    faults.latency[Direction.sent].set(TEST, 0.05)
    faults.hold[Direction.received].set(TEST, True)
    faults.refusal.set(SUITE, Refusal(1))
    assert faults.end_owner(TEST, SUITE, remove=True)
    assert faults.latency[Direction.sent].value == 0.0
    assert faults.hold[Direction.received].value is False
    assert faults.refusal.value is not None
    assert not faults.end_owner(OTHER, SUITE, remove=True)


# ----------------------------------------------------------------- inputs


@pytest.mark.parametrize("times", [0, -1])
def test_times_below_one_fails_and_says_what_to_give(times):
    with pytest.raises(InvalidInputError, match=rf"^times={times} would refuse no connection\. "
                       r"Give 1 or more, or None"):
        check_times(times)


def test_times_none_and_positive_pass():
    assert check_times(None) is None
    assert check_times(3) == 3


def test_negative_latency_fails():
    with pytest.raises(InvalidInputError, match=r"^Latency -50 ms is negative\. Give 0"):
        check_latency(-0.05)


@pytest.mark.parametrize("seconds", [601, float("inf"), float("nan")])
def test_absurd_latency_fails(seconds):
    with pytest.raises(InvalidInputError, match="^Latency"):
        check_latency(seconds)


def test_an_hour_of_latency_names_hold_instead():
    with pytest.raises(InvalidInputError, match=r"^Latency 1 h is longer than 10 minutes\. .*"
                       r"'Hold WebSocket Messages'\.$"):
        check_latency(3600)


@pytest.mark.parametrize("seconds", [0, 0.05, 600])
def test_latency_within_limits_passes(seconds):
    assert check_latency(seconds) == seconds


@pytest.mark.parametrize(("seconds", "text"), [(0.05, "50 ms"), (0.0005, "0.5 ms"),
                                               (1.5, "1.5 s"), (0, "0 ms"), (-0.05, "-50 ms"),
                                               (90, "1.5 min"), (7200, "2 h")])
def test_describe_latency(seconds, text):
    assert describe_latency(seconds) == text


def test_fault_direction_both_means_sent_and_received():
    assert FaultDirection.both.directions == (Direction.sent, Direction.received)
    assert FaultDirection.sent.directions == (Direction.sent,)
    assert FaultDirection.received.directions == (Direction.received,)


# ------------------------------------------------------------------ lanes


def item(name, log, message=True):
    return Item(lambda note: log.append((name, note)), None, message)



def test_an_item_is_due_after_its_latency():
    lane = Lane()
    log = []
    lane.push(item("a", log), now=10.0, latency=0.05)
    assert lane.next_due() == pytest.approx(10.05)
    assert lane.take_due(10.04, held=False) == []
    [due] = lane.take_due(10.05, held=False)
    due.deliver(due.note(10.05))
    assert log == [("a", "; 50 ms latency")]
    assert lane.next_due() is None


def test_a_shorter_latency_never_overtakes_the_item_ahead():
    lane = Lane()
    log = []
    lane.push(item("slow", log), now=0.0, latency=1.0)
    lane.push(item("fast", log), now=0.1, latency=0.0)
    assert lane.take_due(0.5, held=False) == []
    due = lane.take_due(1.0, held=False)
    for each in due:
        each.deliver("")
    assert [name for name, _ in log] == ["slow", "fast"]


def test_nothing_is_due_while_held_and_the_note_says_how_long():
    lane = Lane()
    log = []
    lane.push(item("a", log), now=1.0, latency=0.0)
    lane.push(item("b", log), now=1.5, latency=0.0)
    assert lane.take_due(5.0, held=True) == []
    due = lane.take_due(3.25, held=False)
    for each in due:
        each.deliver(each.note(3.25))
    assert log == [("a", "; held 2.250 s"), ("b", "; held 1.750 s")]


def test_an_item_without_latency_or_hold_adds_nothing_to_its_note():
    lane = Lane()
    lane.push(item("a", []), now=1.0, latency=0.0)
    [due] = lane.take_due(1.0, held=False)
    assert due.note(1.0) == ""


def test_take_all_empties_the_lane_in_order():
    lane = Lane()
    log = []
    for name in "abc":
        lane.push(item(name, log), now=0.0, latency=10.0)
    assert [i.deliver("") for i in lane.take_all()] == [None] * 3
    assert [name for name, _ in log] == ["a", "b", "c"]
    assert not lane.items
