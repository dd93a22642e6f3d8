"""The journal: recorded events and messages, the message limit, waiters."""

import asyncio

import pytest

from WsRouteLibrary.datatypes import MESSAGE_KINDS, EntryKind
from WsRouteLibrary.model.journal import Entry, Journal

OPEN, CLOSE, SENT, RECEIVED = EntryKind.open, EntryKind.close, EntryKind.sent, EntryKind.received
TO_SERVER, BLOCKED = EntryKind.to_server, EntryKind.blocked


def entry(kind=SENT, payload="m", socket=1, owner=None):
    return Entry(socket, f"ws://h/{socket}", kind, payload, "note", owner)


def fill(journal, count, kind=SENT, prefix="m"):
    added = [entry(kind, f"{prefix}{i}") for i in range(count)]
    for item in added:
        journal.add(item)
    return added


def payloads(journal, kinds=MESSAGE_KINDS):
    return [e.payload for e in journal.entries if e.kind in kinds]


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 5))


class TestEntry:
    def test_fields(self):
        owner = object()
        item = Entry(3, "ws://h/chat", RECEIVED, b"\x01", "from server", owner)
        assert (item.socket_number, item.url, item.kind, item.payload, item.note, item.owner) == (
            3,
            "ws://h/chat",
            RECEIVED,
            b"\x01",
            "from server",
            owner,
        )
        assert item.consumed is False

    def test_sequence_numbers_grow(self):
        first, second, third = entry(), entry(OPEN), entry()
        assert first.seq < second.seq < third.seq

    def test_repr(self):
        assert repr(entry(SENT, "hi", socket=2)) == "Entry(#2 sent 'hi' 'note')"


class TestUnlimited:
    def test_keeps_everything_in_order(self):
        journal = Journal()
        opened = entry(OPEN, None)
        journal.add(opened)
        added = fill(journal, 1000)
        assert journal.entries == [opened, *added]
        assert journal.dropped == 0

    def test_find_and_select(self):
        journal = Journal()
        opened = entry(OPEN, None)
        journal.add(opened)
        sent = fill(journal, 3)
        got = entry(RECEIVED, "r")
        journal.add(got)
        assert journal.find(lambda e: e.kind == SENT) == sent[0]
        assert journal.find(lambda e: e.kind == CLOSE) is None
        assert journal.select(lambda e: e.kind == SENT) == sent
        assert journal.select(lambda e: e.kind != SENT) == [opened, got]
        assert journal.select(lambda e: False) == []


class TestLimit:
    def test_no_trimming_up_to_the_limit(self):
        journal = Journal(message_limit=10)
        added = fill(journal, 10)
        assert journal.entries == added
        assert journal.dropped == 0

    def test_oldest_messages_go_first(self):
        journal = Journal(message_limit=10)
        fill(journal, 11)
        kept = payloads(journal)
        assert len(kept) <= 10
        assert kept == [f"m{i}" for i in range(11 - len(kept), 11)]
        assert journal.dropped == 11 - len(kept)

    @pytest.mark.parametrize("limit", [1, 2, 3, 5, 9, 10, 11, 25, 100])
    def test_never_more_than_limit_and_newest_always_kept(self, limit):
        journal = Journal(message_limit=limit)
        for i in range(limit * 5 + 3):
            journal.add(entry(SENT, i))
            kept = payloads(journal)
            assert 1 <= len(kept) <= limit
            # The newest messages, without gaps, oldest first.
            assert kept == list(range(i + 1 - len(kept), i + 1))
            assert journal.dropped + len(kept) == i + 1

    def test_dropped_accumulates_over_trims(self):
        journal = Journal(message_limit=10)
        fill(journal, 100)
        assert journal.dropped == 100 - len(payloads(journal))
        assert journal.dropped >= 90

    def test_every_message_kind_counts(self):
        journal = Journal(message_limit=4)
        for kind in (SENT, RECEIVED, TO_SERVER, BLOCKED, SENT):
            journal.add(entry(kind, kind))
        assert len(payloads(journal)) <= 4
        assert journal.dropped >= 1
        assert payloads(journal)[-1] == SENT
        assert SENT not in payloads(journal)[:-1]  # the first SENT went first

    def test_open_and_close_are_never_trimmed(self):
        journal = Journal(message_limit=3)
        events = []
        for socket in range(1, 6):
            opened = entry(OPEN, None, socket)
            events.append(opened)
            journal.add(opened)
            fill(journal, 4)
            closed = entry(CLOSE, (1000, ""), socket)
            events.append(closed)
            journal.add(closed)
        assert [e for e in journal.entries if e.kind in (OPEN, CLOSE)] == events
        assert len(payloads(journal)) <= 3
        assert journal.dropped == 20 - len(payloads(journal))

    def test_events_alone_never_trim(self):
        journal = Journal(message_limit=1)
        events = [entry(OPEN, None, n) for n in range(50)]
        for item in events:
            journal.add(item)
        assert journal.entries == events
        assert journal.dropped == 0

    def test_order_of_kept_entries_is_unchanged(self):
        journal = Journal(message_limit=5)
        fill(journal, 3, prefix="a")
        opened = entry(OPEN, None)
        journal.add(opened)
        fill(journal, 6, prefix="b")
        seqs = [e.seq for e in journal.entries]
        assert seqs == sorted(seqs)
        assert opened in journal.entries


class TestRemove:
    def test_removes_what_the_predicate_selects(self):
        journal = Journal()
        opened = entry(OPEN, None)
        journal.add(opened)
        fill(journal, 3, prefix="s")
        received = fill(journal, 2, RECEIVED, prefix="r")
        journal.remove(lambda e: e.kind == SENT)
        assert journal.entries == [opened, *received]

    def test_remove_by_owner(self):
        mine, theirs = object(), object()
        journal = Journal()
        keep = entry(owner=theirs)
        for item in (entry(owner=mine), keep, entry(OPEN, owner=mine)):
            journal.add(item)
        journal.remove(lambda e: e.owner is mine)
        assert journal.entries == [keep]

    def test_removed_messages_no_longer_count_toward_the_limit(self):
        journal = Journal(message_limit=3)
        fill(journal, 3, prefix="old")
        journal.remove(lambda e: e.kind in MESSAGE_KINDS)
        assert journal.entries == []
        new = fill(journal, 3, prefix="new")
        assert journal.entries == new
        assert journal.dropped == 0

    def test_removing_events_keeps_the_message_count(self):
        journal = Journal(message_limit=3)
        journal.add(entry(OPEN, None))
        fill(journal, 3)
        journal.remove(lambda e: e.kind == OPEN)
        journal.add(entry(SENT, "one too many"))
        assert journal.dropped >= 1
        assert payloads(journal)[-1] == "one too many"

    def test_remove_does_not_change_dropped(self):
        journal = Journal(message_limit=2)
        fill(journal, 5)
        dropped = journal.dropped
        assert dropped > 0
        journal.remove(lambda e: True)
        assert journal.dropped == dropped


class TestWaiters:
    def test_future_is_resolved_by_the_next_matching_entry(self):
        async def scenario():
            journal = Journal()
            future = journal.next_entry(lambda e: e.kind == RECEIVED)
            assert not future.done()
            journal.add(entry(SENT, "not this"))
            assert not future.done()
            wanted = entry(RECEIVED, "this")
            journal.add(wanted)
            assert future.done()
            assert await future is wanted
            journal.add(entry(RECEIVED, "later"))
            assert future.result() is wanted

        run(scenario())

    def test_entries_added_before_do_not_count(self):
        async def scenario():
            journal = Journal()
            journal.add(entry(SENT, "old"))
            future = journal.next_entry(lambda e: e.kind == SENT)
            assert not future.done()
            new = entry(SENT, "new")
            journal.add(new)
            assert await future is new

        run(scenario())

    def test_waiting_task_wakes_up(self):
        async def scenario():
            journal = Journal()
            loop = asyncio.get_running_loop()
            wanted = entry(SENT, "ping")
            loop.call_later(0.01, journal.add, entry(SENT, "pong"))
            loop.call_later(0.02, journal.add, wanted)
            return wanted, await journal.next_entry(lambda e: e.payload == "ping")

        wanted, got = run(scenario())
        assert got is wanted

    def test_every_waiter_gets_its_own_entry(self):
        async def scenario():
            journal = Journal()
            sent = journal.next_entry(lambda e: e.kind == SENT)
            anything = journal.next_entry(lambda e: True)
            closed = journal.next_entry(lambda e: e.kind == CLOSE)
            first, second = entry(SENT), entry(CLOSE, (1000, ""))
            journal.add(first)
            journal.add(second)
            assert await sent is first
            assert await anything is first
            assert await closed is second

        run(scenario())

    def test_timed_out_waiter_is_forgotten(self):
        async def scenario():
            journal = Journal()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(journal.next_entry(lambda e: True), 0.01)
            await asyncio.sleep(0)
            journal.add(entry())  # must not touch the cancelled future
            assert journal._waiters == []

        run(scenario())

    def test_resolved_waiters_are_not_kept(self):
        async def scenario():
            journal = Journal()
            futures = [journal.next_entry(lambda e: True) for _ in range(3)]
            journal.add(entry())
            await asyncio.gather(*futures)
            await asyncio.sleep(0)
            assert journal._waiters == []

        run(scenario())

    def test_waiter_sees_an_entry_even_when_it_is_trimmed(self):
        async def scenario():
            journal = Journal(message_limit=1)
            fill(journal, 1)
            future = journal.next_entry(lambda e: e.payload == "wanted")
            wanted = entry(SENT, "wanted")
            journal.add(wanted)
            assert await future is wanted

        run(scenario())

    def test_abort_ends_pending_waiters_with_the_error(self):
        async def scenario():
            journal = Journal()
            first = journal.next_entry(lambda e: True)
            second = journal.next_entry(lambda e: e.kind == CLOSE)
            error = RuntimeError("template failed")
            journal.abort_waiters(error)
            for future in (first, second):
                with pytest.raises(RuntimeError) as raised:
                    await future
                assert raised.value is error
            await asyncio.sleep(0)
            assert journal._waiters == []
            journal.add(entry())  # nothing left to resolve

        run(scenario())

    def test_abort_leaves_resolved_waiters_alone(self):
        async def scenario():
            journal = Journal()
            future = journal.next_entry(lambda e: True)
            added = entry()
            journal.add(added)
            journal.abort_waiters(RuntimeError("late"))
            assert await future is added

        run(scenario())

    def test_needs_a_running_loop(self):
        with pytest.raises(RuntimeError):
            Journal().next_entry(lambda e: True)


class TestColumns:
    """Entries are rows of columns: views made when read, payloads joined by blocks."""

    PAYLOADS = ["text", "", "é\U0001F600", b"\x00\xff", b"", (1000, "bye"), None,
                "x" * 600, b"y" * 600, 12]

    def test_every_kind_of_payload_reads_back_after_its_block_is_sealed(self):
        journal = Journal()
        for round_ in range(60):  # 600 rows: chunks of 16, 64, 256, 1024; two sealed blocks
            for payload in self.PAYLOADS:
                journal.record(1, "ws://h/1", SENT, payload, f"n{round_}", None)
        read = [e.payload for e in journal.entries]
        assert read == self.PAYLOADS * 60
        assert [type(p) for p in read] == [type(p) for p in self.PAYLOADS] * 60
        assert [e.note for e in journal.entries][::10] == [f"n{i}" for i in range(60)]

    def test_a_big_payload_is_kept_as_it_came(self):
        journal = Journal()
        big = "b" * 10_000
        first = journal.record(1, "ws://h/1", SENT, big, "", None)
        for number in range(1000):
            journal.record(1, "ws://h/1", SENT, f"m{number}", "", None)
        assert first.payload is big

    def test_views_of_one_row_are_equal_and_see_each_others_changes(self):
        journal = Journal()
        made = journal.record(1, "ws://h/1", CLOSE, (1005, ""), "page closed", None)
        for number in range(300):
            journal.record(1, "ws://h/1", SENT, f"m{number}", "", None)
        found = journal.find(lambda e: e.kind is CLOSE)
        assert found == made and found is not made and hash(found) == hash(made)
        assert found != journal.entries[1]
        made.payload, made.note, made.consumed = (1006, ""), "browser gone", True
        assert (found.payload, found.note, found.consumed, found.logged) == (
            (1006, ""), "browser gone", True, False)
        found.logged = True
        found.consumed = False
        assert (made.logged, made.consumed) == (True, False)

    def test_a_view_outlives_the_removal_of_its_entry(self):
        journal = Journal()
        owner = object()
        kept = [journal.record(1, "ws://h/1", SENT, f"m{n}", "note", owner) for n in range(700)]
        journal.remove(lambda e: e.owner is owner)
        assert len(journal.entries) == 0 and journal._chunks[-1:] == journal._chunks
        assert [e.payload for e in kept] == [f"m{n}" for n in range(700)]

    def test_entries_read_as_a_list(self):
        journal = Journal()
        made = [journal.record(1, "ws://h/1", SENT, n, "", None) for n in range(2000)]
        entries = journal.entries
        assert len(entries) == 2000
        assert entries[0] == made[0] and entries[-1] == made[-1] and entries[1500] == made[1500]
        assert entries[10:13] == made[10:13]
        assert list(reversed(entries))[:2] == [made[-1], made[-2]]
        assert made[5] in entries
        with pytest.raises(IndexError):
            entries[2000]
        journal.remove(lambda e: e.payload % 2 == 0)
        assert journal.entries[1] == made[3] and journal.entries[-1] == made[-1]
        entries.clear()
        assert journal.entries == [] and journal.find(lambda e: True) is None

    def test_a_long_trimmed_journal_keeps_few_chunks(self):
        journal = Journal(message_limit=1000)
        journal.record(1, "ws://h/1", OPEN, None, "", None)
        for number in range(100_000):
            journal.record(1, "ws://h/1", SENT, f"m{number}", "", None)
        assert journal.dropped + len(payloads(journal)) == 100_000
        assert payloads(journal)[-1] == "m99999"
        assert len(journal._chunks) <= 3  # the open's, and the newest messages'

    def test_the_fields_of_a_recorded_entry(self):
        journal, owner = Journal(), object()
        entry_ = journal.record(7, "ws://h/7", BLOCKED, "no", "rule 1", owner, opener="worker")
        assert (entry_.socket_number, entry_.url, entry_.kind, entry_.owner, entry_.opener) == (
            7, "ws://h/7", BLOCKED, owner, "worker")
        assert entry_.fate.value == "blocked" and entry_.stopped
        assert (entry_.sender.value, entry_.receiver.value) == ("library", "page")
        assert entry_.seq > 0 and entry_.time > 0


class TestQueries:
    """What waits, assertions and owners ask of the journal, answered from its columns."""

    def journal(self):
        journal = Journal()
        journal.record(1, "ws://h/1", OPEN, None, "", "test 1")
        for number in range(700):  # sealed blocks and a raw tail
            journal.record(1, "ws://h/1", SENT, f"s{number}", "", "test 1")
            journal.record(1, "ws://h/1", RECEIVED, b"r%d" % number, "", "test 2")
        journal.record(1, "ws://h/1", CLOSE, (1000, ""), "", "test 2")
        return journal

    def test_payloads_of_a_kind_and_by_whether_a_wait_returned_them(self):
        journal = self.journal()
        assert journal.payloads(SENT) == [f"s{n}" for n in range(700)]
        assert journal.payloads(RECEIVED)[-1] == b"r699"
        for entry_ in journal.entries:
            if entry_.kind is SENT and int(entry_.payload[1:]) % 3 == 0:
                entry_.consumed = True
        assert journal.payloads(SENT, consumed=True) == [f"s{n}" for n in range(0, 700, 3)]
        assert len(journal.payloads(SENT, consumed=False)) == 700 - len(range(0, 700, 3))

    def test_find_message_gives_the_oldest_no_wait_returned(self):
        journal = self.journal()
        found = journal.find_message(SENT, lambda p: p.startswith("s6"))
        assert found.payload == "s6" and found.kind is SENT
        found.consumed = True
        assert journal.find_message(SENT, lambda p: p.startswith("s6")).payload == "s60"
        assert journal.find_message(RECEIVED, lambda p: p == b"r5").payload == b"r5"
        assert journal.find_message(SENT, lambda p: p == b"r5") is None
        assert journal.find(lambda e: True, CLOSE).payload == (1000, "")

    def test_of_kinds_and_clear_messages(self):
        journal = self.journal()
        assert [e.kind for e in journal.of_kinds(frozenset({OPEN, CLOSE}))] == [OPEN, CLOSE]
        journal.clear_messages()
        assert [e.kind for e in journal.entries] == [OPEN, CLOSE]
        journal.record(1, "ws://h/1", SENT, "after", "", None)
        assert journal.payloads(SENT) == ["after"]

    def test_take_unlogged_and_reown(self):
        journal = self.journal()
        first = journal.take_unlogged("test 1")
        assert len(first) == 701 and all(e.logged for e in first)
        assert journal.take_unlogged("test 1") == []
        journal.reown("test 2", "suite")
        assert journal.take_unlogged("test 2") == []
        assert len(journal.take_unlogged("suite")) == 701
        assert {e.owner for e in journal.entries} == {"test 1", "suite"}

    def test_all_logged(self):
        journal = self.journal()
        assert not journal.all_logged() and Journal().all_logged()
        journal.take_unlogged("test 1")
        assert not journal.all_logged()
        journal.take_unlogged("test 2")
        assert journal.all_logged()
        journal.record(1, "ws://h/1", SENT, "late", "", "test 2")
        assert not journal.all_logged()
        journal.clear_messages()
        journal.take_unlogged("test 2")
        assert journal.all_logged()
