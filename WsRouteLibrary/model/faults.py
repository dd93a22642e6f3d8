"""Faults of a route (refused connections, latency, held messages) and the lanes that delay them.

Pure: no event loop, no Playwright. Each setting is owned by the test or
suite that made it, as routes and rules are: when that owner ends, its
value goes and the one before it holds again, or it passes to the
enclosing owner (``auto_cleanup`` says which). A *lane* is one direction of
one socket: the messages (and the close) on their way, in order.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from ..datatypes import Direction
from ..errors import InvalidInputError

# A due time this close to now counts as now: the event loop may run a timer
# a clock tick early.
_TOLERANCE = 0.0005
_order = itertools.count()  # the order items came in, across lanes

T = TypeVar("T")


class Layers(Generic[T]):
    """A setting that tests and suites change in turn; the newest owner's value holds."""

    def __init__(self, default: T):
        self.default = default
        self._layers: list[tuple[Any, T]] = []  # (owner, value), oldest first

    @property
    def value(self) -> T:
        return self._layers[-1][1] if self._layers else self.default

    @property
    def top(self) -> tuple[Any, T] | None:
        """The layer that holds now, ``(owner, value)``, or None for the default."""
        return self._layers[-1] if self._layers else None

    def set(self, owner: Any, value: T) -> T:
        """``owner`` sets ``value`` (replacing its own earlier one); returns the value before."""
        previous = self.value
        self._layers = [layer for layer in self._layers if layer[0] is not owner]
        self._layers.append((owner, value))
        return previous

    def owned_by(self, owner: Any) -> bool:
        return any(layer[0] is owner for layer in self._layers)

    def end_owner(self, owner: Any, parent: Any, remove: bool) -> bool:
        """``owner`` ended: its value goes (``remove``) or passes to ``parent``.

        Returns whether the owner had a value here.
        """
        mine = [layer for layer in self._layers if layer[0] is owner]
        if not mine:
            return False
        if remove:
            self._layers = [layer for layer in self._layers if layer[0] is not owner]
        else:  # the ended owner's value is newer than the parent's: it wins
            self._layers = [(parent if layer_owner is owner else layer_owner, value)
                            for layer_owner, value in self._layers if layer_owner is not parent]
        return True


class Refusal:
    """`Reject WebSocket Connections`: how many connections to refuse (None: all)."""

    __slots__ = ("times", "refused")

    def __init__(self, times: int | None):
        self.times = times
        self.refused = 0

    @property
    def done(self) -> bool:
        return self.times is not None and self.refused >= self.times

    def take(self) -> str:
        """Counts one refused connection; returns what the log says of it."""
        self.refused += 1
        if self.times is None:
            return "refused (Reject WebSocket Connections)"
        return f"refused (Reject WebSocket Connections, {self.refused} of {self.times})"


class RouteFaults:
    """What a route does to its connections and messages besides its rules."""

    def __init__(self) -> None:
        # A Refusal, or None: connections are accepted.
        self.refusal: Layers[Refusal | None] = Layers(None)
        self.latency = {d: Layers(0.0) for d in Direction}  # seconds
        self.hold = {d: Layers(False) for d in Direction}

    def refuse(self) -> str | None:
        """The log's note when the next connection is to be refused, else None."""
        refusal = self.refusal.value
        if refusal is None or refusal.done:
            return None
        return refusal.take()

    def all_layers(self) -> Iterable[Layers[Any]]:
        yield self.refusal
        yield from self.latency.values()
        yield from self.hold.values()

    def end_owner(self, owner: Any, parent: Any, remove: bool) -> bool:
        """``owner`` ended; returns whether it had set anything here."""
        return any([layers.end_owner(owner, parent, remove) for layers in self.all_layers()])


def check_times(times: int | None) -> int | None:
    if times is not None and times < 1:
        raise InvalidInputError(
            f"times={times} would refuse no connection. Give 1 or more, or None to refuse "
            "every connection until 'Accept WebSocket Connections'."
        )
    return times


# The longest latency: a network slower than this is a stall (`Hold WebSocket
# Messages`), and a longer value is most likely a unit mistake ("50" for 50 ms).
MAX_LATENCY = 600.0


def check_latency(seconds: float) -> float:
    """``seconds`` if it is a latency a network can have, else an error that names it."""
    shown = describe_latency(seconds)
    if math.isnan(seconds) or seconds < 0:
        raise InvalidInputError(
            f"Latency {shown} is negative. Give 0 (no latency) or more, e.g. '50 ms'."
        )
    if seconds > MAX_LATENCY:
        raise InvalidInputError(
            f"Latency {shown} is longer than {MAX_LATENCY / 60:g} minutes. Give a network "
            "delay such as '50 ms' or '2 s' (a plain number is seconds); to stop messages "
            "altogether use 'Hold WebSocket Messages'."
        )
    return seconds


def describe_latency(seconds: float) -> str:
    """A latency as the log shows it: '50 ms', '1.5 s', '2 min', '1 h'."""
    if seconds < 1:
        return f"{seconds * 1000:.4g} ms"
    if seconds < 60:
        return f"{seconds:.4g} s"
    if seconds < 3600:
        return f"{seconds / 60:.4g} min"
    return f"{seconds / 3600:.4g} h"


class Item:
    """Something on its way in a lane: a message, or a close.

    ``deliver(note)`` hands it on, ``note`` saying how long it was held or
    delayed; ``lose(why)`` records that it never arrived.
    """

    __slots__ = ("deliver", "lose", "message", "order", "queued", "due", "held", "latency")

    def __init__(self, deliver: Callable[[str], Any], lose: Callable[[str], Any] | None,
                 message: bool):
        self.deliver = deliver
        self.lose = lose
        self.message = message
        self.order = next(_order)
        self.queued = 0.0
        self.due = 0.0
        self.held = False
        self.latency = 0.0

    def note(self, now: float) -> str:
        """What the log adds to the item's note when it is delivered at ``now``."""
        if self.held:
            return f"; held {now - self.queued:.3f} s"
        if self.latency:
            return f"; {describe_latency(self.latency)} latency"
        return ""


class Lane:
    """One direction of one socket: items in order, each due when its latency has passed.

    An item is never due before the one ahead of it, so a latency that
    shrinks keeps the order. While the lane is held nothing is due.
    """

    __slots__ = ("items", "close_queued")

    def __init__(self) -> None:
        self.items: deque[Item] = deque()
        self.close_queued = False

    def push(self, item: Item, now: float, latency: float) -> None:
        item.queued = now
        item.latency = latency
        item.due = now + latency
        if self.items and self.items[-1].due > item.due:
            item.due = self.items[-1].due
        self.items.append(item)

    def take_due(self, now: float, held: bool) -> list[Item]:
        """The items due at ``now``, in order, taken from the lane; none while held."""
        if held:
            for item in self.items:
                item.held = True
            return []
        due = []
        while self.items and self.items[0].due <= now + _TOLERANCE:
            due.append(self.items.popleft())
        return due

    def next_due(self) -> float | None:
        return self.items[0].due if self.items else None

    def take_all(self) -> list[Item]:
        items = list(self.items)
        self.items.clear()
        return items
