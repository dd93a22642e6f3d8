"""What the journal holds per recorded message, and a big message kept once."""

import sys

from fakes import Net

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Rule


def held(entries):
    """Bytes the entries hold, object by object (bench/journal_scale.py counts so)."""
    return sum(sys.getsizeof(e) + sys.getsizeof(e.payload) + sys.getsizeof(e.time)
               + sys.getsizeof(e.seq) + 8 for e in entries)  # 8: the list's pointer


def echoing(template="{{message}}"):
    net = Net()
    route = net.route(rules=[Rule(RuleKind.reply, Direction.sent, Matcher(None, "exact"),
                                  [template])])
    ws, _ = net.open()
    return route, ws


def test_a_small_message_costs_the_journal_at_most_400_bytes():
    route, ws = echoing("ok")
    for number in range(1000):
        ws.message(f"message number {number:08d}")
    messages = [e for e in route.journal.entries if e.kind is not EntryKind.open]
    assert len(messages) == 2000
    assert held(messages) / len(messages) <= 400


def test_a_big_message_answered_with_itself_is_stored_once():
    route, ws = echoing()
    big = "é" * 1_000_000 + " \U0001F600"  # not ASCII: both ends check its text
    ws.message(big)
    sent, received = [e for e in route.journal.entries if e.kind is not EntryKind.open]
    assert (sent.kind, received.kind) == (EntryKind.sent, EntryKind.received)
    assert sent.payload is big and received.payload is big
    assert ws.sent == [big]
