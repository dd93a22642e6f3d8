"""The journal: every event and message of a route's sockets, in order, with waiters.

Entries are kept in columns, in chunks of up to :data:`CHUNK` entries
(a journal's first chunks are small), not as objects of their own: a
recorded message costs some bytes in a few large buffers, not half a dozen
small objects. The small objects a flood makes on its way (Playwright's
events, and a task for each send) come and go by the thousand; one small
object kept among them keeps its part of the allocator's memory (an arena
of 1 MiB) from going back, and the process would grow by kilobytes per
message. Each block of 256 rows joins its texts into one string and its
bytes into one buffer. An :class:`Entry` is a view of one row: made when
read, it reads and writes the row, so every view of an entry sees the same
entry, however many are made.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from typing import Any

from ..datatypes import MESSAGE_KINDS, EntryKind, Fate, Side

_next_seq = itertools.count(1).__next__
_new = object.__new__
_monotonic = time.monotonic
_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
_BLOCKED, _BLOCKED_FATE = EntryKind.blocked, Fate.blocked

CHUNK = 16384  # the most entries a chunk holds
_NOTES = 4096  # distinct notes a journal shares; more are kept as they come

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

# Enumerations are kept as a byte each: their index in these lists.
_KINDS, _SIDES, _FATES = list(EntryKind), list(Side), list(Fate)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}
_SIDE_CODE = {side: code for code, side in enumerate(_SIDES)}
_FATE_CODE = {fate: code for code, fate in enumerate(_FATES)}
_MESSAGE_CODES = frozenset(_KIND_CODE[kind] for kind in MESSAGE_KINDS)
_LIVE, _CONSUMED, _LOGGED = 1, 2, 4  # flag bits
_RAW, _TEXT, _BYTES = 0, 1, 2  # where a chunk keeps a payload
_BLOCK = 256  # rows whose texts a chunk joins at once
_SMALL = 512  # the longest text or bytes joined: a longer one is an object of its own
_JOINED = (str, bytes)
_ONLY_TEXT = {str}


class _Chunk:
    """Up to ``size`` entries, column by column; ``n`` are filled, ``live`` kept.

    Every object of a chunk is made with it, at once: an object made later,
    in the middle of a flood, would keep its part of the allocator's memory.
    """

    __slots__ = ("size", "n", "live", "seq", "time", "socket", "kind", "sender", "receiver",
                 "fate", "flags", "url", "note", "owner", "opener", "payloads", "where",
                 "start", "stop", "texts", "blobs")

    def __init__(self, size: int):
        self.size, self.n, self.live = size, 0, 0
        self.seq, self.socket = array("q", bytes(8 * size)), array("i", bytes(4 * size))
        self.time = array("d", bytes(8 * size))
        self.kind, self.sender, self.receiver = bytearray(size), bytearray(size), bytearray(size)
        self.fate, self.flags = bytearray(size), bytearray(size)
        self.url: list[Any] = [None] * size
        self.note: list[Any] = [None] * size
        self.owner: list[Any] = [None] * size
        self.opener: list[Any] = [None] * size
        # A payload as it came (_RAW) until its block of _BLOCK rows is sealed:
        # then a small text or bytes is a slice start:stop of its block's one
        # string or buffer. A big one stays as it came, one object however many
        # entries hold it (a reply with the message), and so does any other
        # payload (a close's pair).
        self.payloads: list[Any] = [None] * size
        self.where = bytearray(size)
        self.start, self.stop = array("I", bytes(4 * size)), array("I", bytes(4 * size))
        blocks = -(-size // _BLOCK)
        self.texts: list[str] = [""] * blocks
        self.blobs: list[bytes] = [b""] * blocks

    def put(self, seq: int, moment: float, socket_number: int, url: str, kind: EntryKind,
            payload: Any, note: str, owner: Any, sender: Side, receiver: Side, fate: Fate,
            opener: str, flags: int) -> int:
        i = self.n
        self.seq[i], self.time[i], self.socket[i] = seq, moment, socket_number
        self.kind[i] = _KIND_CODE[kind]
        self.sender[i], self.receiver[i] = _SIDE_CODE[sender], _SIDE_CODE[receiver]
        self.fate[i], self.flags[i] = _FATE_CODE[fate], flags
        self.url[i], self.note[i], self.owner[i], self.opener[i] = url, note, owner, opener
        self.payloads[i] = payload
        self.n = i + 1
        return i

    def payload(self, i: int) -> Any:
        # The payload first, then where it is: a seal on the loop's thread sets
        # where before it lets the payload go, so a reader on another thread
        # finds it one way or the other.
        payload, where = self.payloads[i], self.where[i]
        if where == _RAW:
            return payload
        if where == _TEXT:
            return self.texts[i // _BLOCK][self.start[i]:self.stop[i]]
        return self.blobs[i // _BLOCK][self.start[i]:self.stop[i]]

    def set_payload(self, i: int, payload: Any) -> None:
        self.payloads[i] = payload
        self.where[i] = _RAW

    def seal(self, block: int) -> None:
        """Joins the texts of a block of rows into one string, its bytes into one buffer."""
        first, end = block * _BLOCK, min(self.n, (block + 1) * _BLOCK)
        payloads, where, start, stop = self.payloads, self.where, self.start, self.stop
        rows = payloads[first:end]
        if set(map(type, rows)) == _ONLY_TEXT and max(map(len, rows)) <= _SMALL:
            # The common block, texts only, joined without a loop of Python's.
            lengths = list(map(len, rows))
            self.texts[block] = "".join(rows)
            stop[first:end] = array("I", accumulate(lengths))
            start[first:end] = array("I", accumulate(lengths[:-1], initial=0))
            where[first:end] = bytes([_TEXT]) * (end - first)
            payloads[first:end] = [None] * (end - first)
            return
        texts: list[str] = []
        blobs: list[bytes] = []
        text_at = blob_at = 0
        sealed = []
        for i in range(first, end):
            payload = payloads[i]
            if where[i] != _RAW or type(payload) not in _JOINED or len(payload) > _SMALL:
                continue
            if type(payload) is str:
                texts.append(payload)
                start[i], text_at = text_at, text_at + len(payload)
                stop[i] = text_at
                sealed.append((i, _TEXT))
            else:
                blobs.append(payload)
                start[i], blob_at = blob_at, blob_at + len(payload)
                stop[i] = blob_at
                sealed.append((i, _BYTES))
        self.texts[block], self.blobs[block] = "".join(texts), b"".join(blobs)
        for i, kept in sealed:
            where[i] = kept
            payloads[i] = None

    def nbytes(self) -> int:
        """The bytes the chunk's buffers hold (its shared objects not counted)."""
        held = sum(sys.getsizeof(column) for column in (
            self.seq, self.socket, self.time, self.kind, self.sender, self.receiver, self.fate,
            self.flags, self.url, self.note, self.owner, self.opener, self.payloads, self.where,
            self.start, self.stop, self.texts, self.blobs))
        held += sum(sys.getsizeof(p) for p in self.payloads if p is not None)
        return held + sum(map(sys.getsizeof, self.texts)) + sum(map(sys.getsizeof, self.blobs))


def _column(name: str, doc: str) -> property:
    column = attrgetter(name)

    def get(self: Entry) -> Any:
        return column(self._chunk)[self._i]

    def put(self: Entry, value: Any) -> None:
        column(self._chunk)[self._i] = value

    return property(get, put, doc=doc)


def _coded(name: str, members: list[Any], codes: dict[Any, int], doc: str) -> property:
    column = attrgetter(name)

    def get(self: Entry) -> Any:
        return members[column(self._chunk)[self._i]]

    def put(self: Entry, value: Any) -> None:
        column(self._chunk)[self._i] = codes[value]

    return property(get, put, doc=doc)


def _flag(bit: int, doc: str) -> property:
    def get(self: Entry) -> bool:
        return bool(self._chunk.flags[self._i] & bit)

    def put(self: Entry, value: bool) -> None:
        flags = self._chunk.flags
        flags[self._i] = flags[self._i] | bit if value else flags[self._i] & ~bit

    return property(get, put, doc=doc)


def _ends(kind: EntryKind, sender: Side | None, receiver: Side | None,
          fate: Fate) -> tuple[Side, Side, Fate]:
    if sender is None or receiver is None:
        default = _DEFAULT_ENDS[kind]
        sender = sender or default[0]
        receiver = receiver or default[1]
    return sender, receiver, _BLOCKED_FATE if kind is _BLOCKED else fate


class Entry:
    """One thing that happened on a socket: a view of its row in a journal.

    ``sender`` and ``receiver`` (a :class:`Side`) say who sent a message or a
    close and who it was for; ``fate`` whether it arrived (see :class:`Fate`).
    The log reads these fields; ``note`` is prose for people, never parsed.
    ``payload`` is a message's text or bytes, for a close a (code, reason)
    pair; ``consumed``: a wait returned it; ``logged``: a log table showed
    it; ``opener``: the worker that opened the socket ("": the page).

    Made by hand, an entry keeps a row of its own until a journal takes it
    (:meth:`Journal.add`); a journal's entries are best made by
    :meth:`Journal.record`. Two views of one row are equal.
    """

    __slots__ = ("_chunk", "_i")

    def __init__(self, socket_number: int, url: str, kind: EntryKind, payload: Any, note: str,
                 owner: Any, sender: Side | None = None, receiver: Side | None = None,
                 fate: Fate = Fate.delivered, opener: str = ""):
        chunk = _Chunk(1)
        sender, receiver, fate = _ends(kind, sender, receiver, fate)
        chunk.put(_next_seq(), _monotonic(), socket_number, url, kind, payload, note, owner,
                  sender, receiver, fate, opener, 0)
        self._chunk, self._i = chunk, 0

    @classmethod
    def _of(cls, chunk: _Chunk, i: int) -> Entry:
        entry = object.__new__(cls)
        entry._chunk, entry._i = chunk, i
        return entry

    seq = _column("seq", "Its number: later entries, of any journal, have greater ones.")
    time = _column("time", "When it was recorded (``time.monotonic``).")
    socket_number = _column("socket", "The number of its socket.")
    url = _column("url", "The URL of its socket.")
    note = _column("note", "Prose for people, never parsed.")
    owner = _column("owner", "The test or suite it belongs to.")
    opener = _column("opener", 'The worker that opened its socket ("": the page).')
    kind = _coded("kind", _KINDS, _KIND_CODE, "What it records.")
    sender = _coded("sender", _SIDES, _SIDE_CODE, "Who sent it.")
    receiver = _coded("receiver", _SIDES, _SIDE_CODE, "Who it was for.")
    fate = _coded("fate", _FATES, _FATE_CODE, "Whether it arrived.")
    consumed = _flag(_CONSUMED, "Whether a wait returned it.")
    logged = _flag(_LOGGED, "Whether a log table showed it.")

    @property
    def payload(self) -> Any:
        return self._chunk.payload(self._i)

    @payload.setter
    def payload(self, value: Any) -> None:
        self._chunk.set_payload(self._i, value)

    @property
    def stopped(self) -> bool:
        """Whether the message or close did not reach its receiver."""
        return self.fate is Fate.blocked or self.fate is Fate.lost

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return self._chunk is other._chunk and self._i == other._i

    def __hash__(self) -> int:
        return hash((id(self._chunk), self._i))

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


class Entries:
    """A journal's entries, oldest first, read as a list is read."""

    __slots__ = ("_journal",)

    def __init__(self, journal: Journal):
        self._journal = journal

    def __len__(self) -> int:
        return self._journal._count

    def __iter__(self) -> Iterator[Entry]:
        return self._journal._views()

    def __reversed__(self) -> Iterator[Entry]:
        return reversed(list(self))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        count = self._journal._count
        at = index + count if index < 0 else index
        if not 0 <= at < count:
            raise IndexError(f"entry {index} of {count}")
        return self._journal._view_at(at)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Entries, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a view, equal to lists

    def clear(self) -> None:
        self._journal.clear()

    def __repr__(self) -> str:
        return f"Entries({list(self)!r})"


class Journal:
    """A route's entries, oldest first, with waiters for entries to come.

    At most ``message_limit`` message entries are kept (``None``: no limit);
    when more arrive, the oldest messages go and ``dropped`` counts them.
    Open and close events are always kept. A chunk stays while one of its
    entries does (or a view of one is held): an event among dropped messages
    keeps its chunk. Not thread-safe: changed on the event loop only.
    """

    def __init__(self, message_limit: int | None = None):
        self.message_limit = message_limit
        self.dropped = 0
        self.dropped_logged = 0  # how many of the dropped a log table told of
        self._messages = 0
        self._count = 0  # entries kept
        self._chunks: list[_Chunk] = []
        self._made = 0  # chunks made: a journal's first are small, few routes see a flood
        self._notes: dict[str, str] = {}
        self._waiters: list[tuple[Callable[[Entry], bool], asyncio.Future[Entry]]] = []

    @property
    def entries(self) -> Entries:
        return Entries(self)

    def record(self, socket_number: int, url: str, kind: EntryKind, payload: Any, note: str,
               owner: Any, sender: Side | None = None, receiver: Side | None = None,
               fate: Fate = Fate.delivered, opener: str = "") -> Entry:
        """Records an entry (the arguments are :class:`Entry`'s) and returns it."""
        sender, receiver, fate = _ends(kind, sender, receiver, fate)
        chunk, i = self._put(_next_seq(), _monotonic(), socket_number, url, kind, payload, note,
                             owner, sender, receiver, fate, opener, _LIVE)
        entry = Entry._of(chunk, i)
        self._added(kind, entry)
        return entry

    def add(self, entry: Entry) -> None:
        """Takes an entry made by hand: from now on it is a view of its row here."""
        own, at = entry._chunk, entry._i
        kind = entry.kind
        chunk, i = self._put(own.seq[at], own.time[at], own.socket[at], own.url[at], kind,
                             own.payload(at), own.note[at], own.owner[at], entry.sender,
                             entry.receiver, entry.fate, own.opener[at], own.flags[at] | _LIVE)
        entry._chunk, entry._i = chunk, i
        self._added(kind, entry)

    def _put(self, seq: int, moment: float, socket_number: int, url: str, kind: EntryKind,
             payload: Any, note: str, owner: Any, sender: Side, receiver: Side, fate: Fate,
             opener: str, flags: int) -> tuple[_Chunk, int]:
        chunks = self._chunks
        chunk = chunks[-1] if chunks else None
        if chunk is None or chunk.n == chunk.size:
            if chunk is not None and chunk.n % _BLOCK:
                chunk.seal(chunk.n // _BLOCK)
            chunk = _Chunk(min(CHUNK, 16 << 2 * self._made))
            self._made += 1
            chunks.append(chunk)
        shared = self._notes.get(note)
        if shared is not None:
            note = shared
        elif len(self._notes) < _NOTES:
            self._notes[note] = note
        self._count += 1
        chunk.live += 1
        i = chunk.put(seq, moment, socket_number, url, kind, payload, note, owner, sender,
                      receiver, fate, opener, flags)
        if not chunk.n % _BLOCK:
            chunk.seal(i // _BLOCK)
        return chunk, i

    def _added(self, kind: EntryKind, entry: Entry) -> None:
        if kind in MESSAGE_KINDS:
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

    def _views(self) -> Iterator[Entry]:
        return self._rows(None)

    def _rows(self, kinds: frozenset[EntryKind] | None) -> Iterator[Entry]:
        """Views of the entries of ``kinds`` (None: every kind); the columns choose,
        so other rows cost no view."""
        codes = bytes(_KIND_CODE[kind] for kind in (kinds if kinds is not None else _KINDS))
        for chunk in list(self._chunks):
            flags, kind = chunk.flags, chunk.kind
            for i in range(chunk.n):
                if flags[i] & _LIVE and kind[i] in codes:
                    entry = _new(Entry)  # Entry._of, without a call per row
                    entry._chunk, entry._i = chunk, i
                    yield entry

    def of_kinds(self, kinds: frozenset[EntryKind]) -> list[Entry]:
        """The entries of ``kinds``, oldest first."""
        return list(self._rows(kinds))

    def payloads(self, kind: EntryKind, consumed: bool | None = None) -> list[Any]:
        """The payloads of the entries of ``kind``, oldest first; with ``consumed``
        True or False only those a wait returned or did not return."""
        return [payload for _, _, payload in self._payload_rows(kind, consumed)]

    def find_message(self, kind: EntryKind, test: Callable[[Any], bool]) -> Entry | None:
        """The oldest entry of ``kind`` no wait returned whose payload ``test`` accepts."""
        for chunk, i, payload in self._payload_rows(kind, False):
            if test(payload):
                return Entry._of(chunk, i)
        return None

    def _payload_rows(self, kind: EntryKind, consumed: bool | None
                      ) -> Iterator[tuple[_Chunk, int, Any]]:
        code = _KIND_CODE[kind]
        mask = _LIVE if consumed is None else _LIVE | _CONSUMED
        value = _LIVE | _CONSUMED if consumed else _LIVE
        for chunk in list(self._chunks):
            flags, kinds, payloads, where = chunk.flags, chunk.kind, chunk.payloads, chunk.where
            texts, blobs, start, stop = chunk.texts, chunk.blobs, chunk.start, chunk.stop
            for i in range(chunk.n):
                if kinds[i] == code and flags[i] & mask == value:
                    payload, kept = payloads[i], where[i]  # in this order: see _Chunk.payload
                    if kept != _RAW:
                        payload = (texts if kept == _TEXT else blobs)[i // _BLOCK][
                            start[i]:stop[i]]
                    yield chunk, i, payload

    def _view_at(self, at: int) -> Entry:
        for chunk in self._chunks:
            if at >= chunk.live:
                at -= chunk.live
                continue
            flags = chunk.flags
            for i in range(chunk.n):
                if flags[i] & _LIVE:
                    if not at:
                        return Entry._of(chunk, i)
                    at -= 1
        raise IndexError(at)

    def _drop_rows(self, chosen: Callable[[_Chunk, int], bool], most: int | None = None) -> int:
        """Stops keeping the rows chosen, oldest first (at most ``most``); returns
        how many messages went."""
        messages = 0
        for chunk in self._chunks:
            flags, kinds = chunk.flags, chunk.kind
            for i in range(chunk.n):
                if most is not None and messages >= most:
                    break
                if flags[i] & _LIVE and chosen(chunk, i):
                    flags[i] &= ~_LIVE
                    chunk.live -= 1
                    self._count -= 1
                    messages += kinds[i] in _MESSAGE_CODES
        # An empty chunk goes, but the last, which takes the next entries.
        self._chunks = [c for c in self._chunks[:-1] if c.live] + self._chunks[-1:]
        self._messages -= messages
        return messages

    def _trim(self, limit: int) -> None:
        # Drop a tenth more than needed at once, so trimming is rare.
        excess = self._messages - limit + limit // 10
        self.dropped += self._drop_rows(lambda chunk, i: chunk.kind[i] in _MESSAGE_CODES, excess)

    def find(self, predicate: Callable[[Entry], bool],
             kind: EntryKind | None = None) -> Entry | None:
        """The oldest entry ``predicate`` accepts; only entries of ``kind`` are asked, if
        given."""
        rows = self._rows(frozenset({kind}) if kind is not None else None)
        return next((e for e in rows if predicate(e)), None)

    def select(self, predicate: Callable[[Entry], bool]) -> list[Entry]:
        return [e for e in self._views() if predicate(e)]

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
        of = Entry._of
        self._drop_rows(lambda chunk, i: predicate(of(chunk, i)))

    def take_unlogged(self, owner: Any) -> list[Entry]:
        """The entries of ``owner`` no log table showed yet; from now on they count as shown."""
        taken = []
        for chunk in self._chunks:
            flags, owners = chunk.flags, chunk.owner
            for i in range(chunk.n):
                if owners[i] is owner and flags[i] & (_LIVE | _LOGGED) == _LIVE:
                    flags[i] |= _LOGGED
                    taken.append(Entry._of(chunk, i))
        return taken

    def all_logged(self) -> bool:
        """Whether a log table showed every entry kept."""
        return not any(flags[i] & (_LIVE | _LOGGED) == _LIVE
                       for chunk in self._chunks for flags in (chunk.flags,)
                       for i in range(chunk.n))

    def reown(self, owner: Any, heir: Any) -> None:
        """Gives ``heir`` the entries of ``owner``."""
        for chunk in self._chunks:
            owners = chunk.owner
            for i in range(chunk.n):
                if owners[i] is owner:
                    owners[i] = heir

    def clear_messages(self) -> None:
        """Keeps no message; opens and closes stay (``dropped`` is unchanged)."""
        self._drop_rows(lambda chunk, i: chunk.kind[i] in _MESSAGE_CODES)

    def clear(self) -> None:
        """Keeps no entry (``dropped`` is unchanged)."""
        self._chunks, self._count, self._messages, self._made = [], 0, 0, 0

    def nbytes(self) -> int:
        """The bytes the journal's buffers hold (shared objects, such as URLs, not counted)."""
        return sum(chunk.nbytes() for chunk in self._chunks) + sys.getsizeof(self._chunks)
