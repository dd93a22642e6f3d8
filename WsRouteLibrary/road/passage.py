"""A message on its way along the road, the socket it travels on, and the port through
which stages reach the shell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from ..datatypes import EntryKind, Fate, Side
from ..model.journal import Entry
from ..model.matching import Message
from ..model.registry import Route


@runtime_checkable
class RoadSocket(Protocol):
    """A routed socket as the road sees it (engine/traffic.py's Socket): its route
    and road, its page side ``ws``, its server side once connected, and whether
    each side is closed. A watch's sockets (engine/watching.py) have no road."""

    number: int
    url: str
    opener: str  # the worker that opened it, for the log ("": the page)
    route: Route
    page: Any
    ws: Any
    server: Any
    closed: bool  # its close is recorded
    page_done: bool  # the page was told to close
    server_done: bool  # the server side is closed or closing
    close_entry: Entry | None
    plan: Any  # the road's: which stages act on its messages (road.py's Plan); None: ask

    @property
    def road(self) -> Way: ...


class Way(Protocol):
    """A socket's road as its stages ask it (road.py's Road). This module cannot
    import road.py or stage.py (both import it), so stages are ``Any`` here."""

    @property
    def speaks(self) -> bool: ...

    def onward(self, stage: Any, passage: Passage) -> bool: ...

    def replan(self, socket: RoadSocket) -> None: ...

    def to_page(self, socket: RoadSocket, message: Message, note: str, after: Any = None,
                answering: Message | None = None, plumbing: bool = False,
                shown: bool = False) -> bool: ...

    def close(self, socket: RoadSocket, code: int | None, reason: str | None,
              note: str) -> None: ...

    def record_close(self, socket: RoadSocket, code: int | None, reason: str | None, note: str,
                     sender: Side = ..., receiver: Side = ...) -> None: ...

    def passed_by(self, stage: Any, passage: Passage) -> str: ...

    def session_started(self, socket: RoadSocket) -> None: ...


class Passage:
    """One message travelling toward ``to`` (:class:`Side` page or server).

    ``origin`` is who sent it: the page, the server, or the library (a
    keyword, a rule's reply, a replay, the protocol's own answers).
    ``message`` is the frame as it came, or the app message a codec made of
    it; ``note`` is what the journal will say of it (for the page's and the
    server's messages, what the stage that decides adds to it); ``late`` how
    long a latency or a hold kept it (added to the note where it is
    recorded).
    """

    __slots__ = ("socket", "to", "origin", "message", "note", "late", "plumbing", "frames",
                 "answering", "ok", "decided", "shown")

    def __init__(self, socket: RoadSocket, to: Side, origin: Side, message: Message, note: str = "",
                 plumbing: bool = False, answering: Message | None = None):
        self.socket = socket
        self.to = to
        self.origin = origin
        self.message = message
        self.note = note
        self.late: str | None = None  # how long a latency or a hold kept it, once it did
        # Protocol housekeeping carried as it came (pings, probes): never an
        # app message, not recorded, not matched.
        self.plumbing = plumbing
        self.frames: tuple[Message, ...] | None = None  # a codec's frames for it (None: itself)
        self.answering = answering  # the message a rule's reply answers
        self.ok = True  # False: it could not be delivered (recorded so)
        # A page message the page answered by itself (road/inpage.py): the rule it
        # applied, or NO_RULE; None: the road decides. ``shown``: a message the page
        # already has (that answer's reply): recorded, not sent again.
        self.decided: Any = None
        self.shown = False

    def said(self, decision: str | None = None) -> str:
        """The journal's note: for a page's message, ``decision`` (what the stage that
        took it did) then how late it was and what the page edge noticed; for
        other messages their note, then how late."""
        if decision is None:
            return self.note + (self.late or "")
        return decision + (self.late or "") + self.note

    def __repr__(self) -> str:
        return (f"Passage(#{self.socket.number} {self.origin.value}->{self.to.value} "
                f"{self.message!r} {self.note!r})")


class Port(Protocol):
    """What the stages may ask of the shell: nothing else reaches Playwright."""

    def record(self, socket: RoadSocket, kind: EntryKind, payload: Any, note: str,
               sender: Side | None = None, receiver: Side | None = None,
               fate: Fate = Fate.delivered) -> Entry | None:
        """Adds an entry to the socket's route journal (None: the route is gone)."""

    def send(self, socket: RoadSocket, side: Side, frame: Message) -> None:
        """Sends one frame to the page or to the server."""

    def close_side(self, socket: RoadSocket, side: Side, code: int | None, reason: str | None,
                   abnormal: bool = False) -> None:
        """Closes the page or the server side (``abnormal``: as a lost network does)."""

    def later(self, delay: float, function: Callable[..., object], *args: Any) -> Any:
        """Runs ``function(*args)`` on the loop after ``delay`` seconds; returns a handle
        with ``cancel()``."""

    def fail(self, message: str) -> None:
        """Fails the running test with ``message`` (at its next keyword or its end)."""

    def guard(self, function: Callable[..., Any], *args: Any) -> Any:
        """Runs ``function``; an error in it fails the running test instead of escaping."""

    def owner(self) -> Any:
        """The test or suite running now, which owns the work a stage starts now."""
