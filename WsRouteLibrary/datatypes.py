"""Closed sets of values (enums) and typed dictionaries the keywords take and return."""

from __future__ import annotations

from enum import Enum
from typing import TypedDict


class MatchMode(Enum):
    """How a message argument is compared with a WebSocket message."""

    exact = "exact"
    glob = "glob"
    regexp = "regexp"
    json = "json"


class RouteScope(Enum):
    """Which pages a route covers: every page of the context, or the current one."""

    context = "context"
    page = "page"


class AutoCleanup(Enum):
    """When routes, rules and recorded messages are removed automatically."""

    test = "test"
    suite = "suite"
    manual = "manual"


class SettingScope(Enum):
    """How long a setting such as the timeout holds, as in Browser library.

    ``Global``: for the rest of the run. ``Suite``: until the current suite
    ends. ``Test``: until the current test ends (only inside a test).
    """

    Global = "Global"
    Suite = "Suite"
    Test = "Test"


class SupportedBrowsers(Enum):
    """Browsers Playwright can launch. Only Chromium can be attached to over CDP."""

    chromium = "chromium"
    firefox = "firefox"
    webkit = "webkit"


# Members of these enums are looked up in sets for every message: Enum's own
# __hash__ is a Python function (hash of the name) costing about 0.1 µs a
# call, while members are singletons compared by identity, so the identity
# hash of object is both right and a C call.
class Direction(Enum):
    """Which way a message goes: sent by the page, or received by the page."""

    __hash__ = object.__hash__  # identity: see the note above Direction

    sent = "sent"
    received = "received"


class Side(Enum):
    """Who sends or receives a message: the page, the library (a rule, a replay, a
    keyword, a fault) or the real server."""

    __hash__ = object.__hash__  # identity: see the note above Direction

    page = "page"
    library = "library"
    server = "server"


class Fate(Enum):
    """What became of a journal entry's message or close.

    ``delivered``: it reached its receiver. ``handled``: the library took it
    (a rule, a replay or the mock answered it; the receiver is the library).
    ``blocked``: it was meant for its receiver and stopped on the way (a rule,
    a closing socket, cancelled delayed work). ``lost``: the network lost it
    (a dropped connection).
    """

    __hash__ = object.__hash__  # identity: see the note above Direction

    delivered = "delivered"
    handled = "handled"
    blocked = "blocked"
    lost = "lost"


class FaultDirection(Enum):
    """Which messages a latency or a hold applies to: those the page sends
    (``sent``), those it receives (``received``), or ``both``."""

    sent = "sent"
    received = "received"
    both = "both"

    @property
    def directions(self) -> tuple[Direction, ...]:
        if self is FaultDirection.both:
            return (Direction.sent, Direction.received)
        return (Direction(self.value),)


class EntryKind(Enum):
    """What a journal entry records."""

    __hash__ = object.__hash__  # identity: see the note above Direction

    open = "open"
    close = "close"
    sent = "sent"  # sent by the page
    received = "received"  # received by the page
    to_server = "to server"  # sent to the server by the library
    blocked = "blocked"  # meant for the page, not delivered (a rule, a closing socket)


# The entry kinds that hold a message (and count against the message limit).
MESSAGE_KINDS = frozenset({EntryKind.sent, EntryKind.received, EntryKind.to_server,
                           EntryKind.blocked})
# The entry kind under which a direction's messages are recorded.
ENTRY_OF = {Direction.sent: EntryKind.sent, Direction.received: EntryKind.received}


class RuleKind(Enum):
    """What a rule does with the message it matches."""

    __hash__ = object.__hash__  # identity: see the note above Direction

    reply = "reply"
    drop = "drop"
    close = "close"
    on_open = "on open"


class CloseInfo(TypedDict):
    """How a socket closed: ``code`` (1005 when none was given) and ``reason``."""

    code: int
    reason: str
