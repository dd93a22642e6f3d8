"""The one interface every stage of the road has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..datatypes import Side
from .passage import Passage, RoadSocket


class Stage:
    """A step of the road. Each method has a default that lets everything pass.

    ``toward_server`` / ``toward_page`` take a passage and return it (it goes
    on to the next stage) or None (this stage took it: answered it, queued
    it, dropped it, or sent other passages on in its place with
    ``socket.road.onward(self, ...)``). The socket hooks let a stage keep
    what it knows of a socket in the stage itself.
    """

    def toward_server(self, passage: Passage) -> Passage | None:
        return passage

    def toward_page(self, passage: Passage) -> Passage | None:
        return passage

    def acts(self, socket: RoadSocket, to: Side) -> bool:
        """Whether the stage may act on the socket's messages toward ``to`` (and, for
        the server's side, hear what was passed by). False leaves it off the
        socket's plan (road.py) until the stage calls ``socket.road.replan(socket)``:
        say False only for what a replan will tell."""
        return True

    def in_page(self, socket: RoadSocket) -> dict[str, Any] | None:
        """What the page would need to do this stage's part for the socket's messages
        by itself (the fast path's answers in the page, road/inpage.py): a dict
        of plain data merged into the page's plan, or None when it cannot (the
        default: a stage that acts is Python's)."""
        return None

    # --------------------------------------------------------- socket hooks

    def admit(self, socket: RoadSocket) -> str | None:
        """A socket opens: None lets it open; a note refuses it (the log's words)."""
        return None

    def opened(self, socket: RoadSocket) -> None:
        """A socket opened (after every stage admitted it)."""

    def session_started(self, socket: RoadSocket) -> None:
        """The app's session is up: at open, or once the protocol's handshake is done."""

    def passed_by(self, passage: Passage) -> str:
        """A stage nearer the page took a page message this stage would have seen;
        returns what the journal adds to its note ('' for nothing)."""
        return ""

    def close_behind(self, socket: RoadSocket, side: Side, close: Callable[[], None]) -> bool:
        """Whether this stage queued ``close`` behind messages still on their way."""
        return False

    def page_closed(self, socket: RoadSocket) -> None:
        """The page closed the socket: nothing more can reach it."""

    def closed(self, socket: RoadSocket) -> None:
        """The socket's close is recorded: what the stage holds of it can go."""
