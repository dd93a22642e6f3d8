"""The journal: every event and message of a route's sockets, in order, with waiters."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..datatypes import MESSAGE_KINDS, EntryKind, Fate, Side

_next_seq = itertools.count(1).__next__
_monotonic = time.monotonic
_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
_BLOCKED, _BLOCKED_FATE = EntryKind.blocked, Fate.blocked

# Who sends and who receives an entry of each kind unless the entry says
# otherwise: a page message reaches the library, a received one the page.
_DEFAULT_ENDS = {
    EntryKind.open: (_PAGE, _LIBRARY),
    EntryKind.close: (_LIBRARY, _PAGE),
    EntryKind.sent: (_PAGE, _LIBRARY),
    EntryKind.received: (_LIBRARY, _PAGE),
    EntryKind.to_server: (_LIBRARY, _SERVER),
    EntryKind.blocked: (_LIBRARY, _PAGE),
}


class Entry:
    """One thing that happened on a socket.

    ``sender`` and ``receiver`` (a :class:`Side`) say who sent a message or a
    close and who it was for; ``fate`` whether it arrived (see :class:`Fate`).
    The log reads these fields; ``note`` is prose for people, never parsed.
    """

    __slots__ = ("seq", "time", "socket_number", "url", "kind", "payload", "note", "owner",
                 "consumed", "logged", "sender", "receiver", "fate", "opener")

    def __init__(self, socket_number: int, url: str, kind: EntryKind, payload: Any, note: str,
                 owner: Any, sender: Side | None = None, receiver: Side | None = None,
                 fate: Fate = Fate.delivered, opener: str = ""):
        self.seq = _next_seq()
        self.time = _monotonic()
        self.socket_number = socket_number
        self.url = url
        self.kind = kind
        # A message's text or bytes; for a close a (code, reason) pair.
        self.payload = payload
        self.note = note
        self.owner = owner
        self.consumed = False  # a wait returned it
        self.logged = False  # a log table showed it
        if sender is None or receiver is None:
            default = _DEFAULT_ENDS[kind]
            sender = sender or default[0]
            receiver = receiver or default[1]
        self.sender = sender
        self.receiver = receiver
        self.fate = _BLOCKED_FATE if kind is _BLOCKED else fate
        self.opener = opener  # the worker that opened the socket ("": the page)

    @property
    def stopped(self) -> bool:
        """Whether the message or close did not reach its receiver."""
        return self.fate is Fate.blocked or self.fate is Fate.lost

    def __repr__(self) -> str:
        return f"Entry(#{self.socket_number} {self.kind.value} {self.payload!r} {self.note!r})"


@dataclass
class TrafficReport:
    """What a log table shows: entries not logged yet, oldest first.

    ``routes`` gives each entry's route pattern by sequence number;
    ``started`` is when the test or suite started (``time.monotonic``);
    ``dropped`` counts, by route pattern, messages dropped for the message
    limit since the last table; ``notes`` are sentences for the log, such as
    the hints a wait gave about sockets no route caught.
    """

    entries: list[Entry] = field(default_factory=list)
    routes: dict[int, str] = field(default_factory=dict)
    started: float = 0.0
    dropped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Journal:
    """A route's entries, oldest first, with waiters for entries to come.

    At most ``message_limit`` message entries are kept (``None``: no limit);
    when more arrive, the oldest messages go and ``dropped`` counts them.
    Open and close events are always kept. Not thread-safe: used on the
    event loop only.
    """

    def __init__(self, message_limit: int | None = None):
        self.message_limit = message_limit
        self.entries: list[Entry] = []
        self.dropped = 0
        self.dropped_logged = 0  # how many of the dropped a log table told of
        self._messages = 0
        self._waiters: list[tuple[Callable[[Entry], bool], asyncio.Future[Entry]]] = []

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        if entry.kind in MESSAGE_KINDS:
            self._messages += 1
            if self.message_limit is not None and self._messages > self.message_limit:
                self._trim(self.message_limit)
        if self._waiters:
            for waiter in list(self._waiters):
                predicate, future = waiter
                if future.done():
                    continue
                try:
                    wanted = predicate(entry)
                except Exception as error:  # noqa: BLE001 - the wait reports it, traffic goes on
                    future.set_exception(error)
                    continue
                if wanted:
                    future.set_result(entry)
                    self._waiters.remove(waiter)

    def _trim(self, limit: int) -> None:
        # Drop a tenth more than needed at once, so trimming is rare.
        excess = self._messages - limit + limit // 10
        kept = []
        for entry in self.entries:
            if excess and entry.kind in MESSAGE_KINDS:
                excess -= 1
                self.dropped += 1
                self._messages -= 1
            else:
                kept.append(entry)
        self.entries = kept

    def find(self, predicate: Callable[[Entry], bool]) -> Entry | None:
        return next((e for e in self.entries if predicate(e)), None)

    def select(self, predicate: Callable[[Entry], bool]) -> list[Entry]:
        return [e for e in self.entries if predicate(e)]

    def next_entry(self, predicate: Callable[[Entry], bool]) -> asyncio.Future[Entry]:
        """A future resolved with the next added entry that satisfies predicate."""
        future: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        future.add_done_callback(self._forget)
        return future

    def abort_waiters(self, error: Exception) -> None:
        """Ends every pending ``next_entry`` future with ``error``."""
        for _, future in list(self._waiters):
            if not future.done():
                future.set_exception(error)

    def _forget(self, future: asyncio.Future[Entry]) -> None:
        self._waiters = [w for w in self._waiters if w[1] is not future]

    def remove(self, predicate: Callable[[Entry], bool]) -> None:
        kept = [e for e in self.entries if not predicate(e)]
        self._messages -= sum(1 for e in self.entries if e.kind in MESSAGE_KINDS) - sum(
            1 for e in kept if e.kind in MESSAGE_KINDS
        )
        self.entries = kept
