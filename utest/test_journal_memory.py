"""What the journal holds per recorded message, and a big message kept once."""

import gc
import sys

from fakes import Net

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Rule


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
    assert route.journal.nbytes() / len(messages) <= 400
    # Not small objects of their own: the allocator's blocks grow by far fewer than the
    # 4,000 entries (one block each of a chunk's current block of 256 rows, joined yet).
    gc.collect()
    before = sys.getallocatedblocks()
    for number in range(1000, 3000):
        ws.message(f"message number {number:08d}")
    gc.collect()
    assert sys.getallocatedblocks() - before < 1000


def test_a_big_message_answered_with_itself_is_stored_once():
    route, ws = echoing()
    big = "é" * 1_000_000 + " \U0001F600"  # not ASCII: both ends check its text
    ws.message(big)
    sent, received = [e for e in route.journal.entries if e.kind is not EntryKind.open]
    assert (sent.kind, received.kind) == (EntryKind.sent, EntryKind.received)
    assert sent.payload is big and received.payload is big
    assert ws.sent == [big]
    for number in range(600):  # their block of rows is sealed: small texts are joined
        ws.message(f"m{number}")
    assert sent.payload is big and received.payload is big
    assert [e.payload for e in route.journal.entries][-2:] == ["m599", "m599"]
