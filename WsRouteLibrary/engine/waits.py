"""Waits and assertions over a route's journal, and the failure messages they give."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Union

from ..datatypes import CloseInfo, EntryKind
from ..errors import quote
from ..model.journal import Entry
from ..model.matching import Message, MessageMatcher, shorten
from ..model.registry import Route, RoutedSocket

# Raises when nothing more can come (the browser is gone); the hint for a
# route that never had a socket.
CanCome = Union[Callable[[], None], None]
Hint = Union[Callable[[Route], str], None]


async def wait_for(route: Route, existing: Callable[[], Any], predicate: Callable[[Entry], bool],
                   timeout: float, failure: Callable[[], str],
                   can_come: Callable[[], None] | None = None) -> Any:
    """What ``existing`` finds now, else the next entry ``predicate`` accepts.

    Fails with ``failure()`` after ``timeout`` seconds, and at once when
    ``can_come`` raises (nothing more can arrive, e.g. the browser is gone).
    """
    found = existing()
    if found is not None:
        return found
    if can_come is not None:
        can_come()
    try:
        return await asyncio.wait_for(route.journal.next_entry(predicate), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(failure()) from None


async def open_sockets(route: Route, timeout: float, can_come: CanCome = None,
                       hint: Hint = None) -> list[RoutedSocket]:
    """The route's open sockets, waiting up to ``timeout`` for one to open.

    ``hint(route)``, if given, ends the failure message: which sockets
    opened that no route caught, and what would have caught them.
    """
    await wait_for(
        route, lambda: route.open_sockets() or None, lambda e: e.kind is EntryKind.open,
        timeout, lambda: (f"No socket of route {quote(route.text)} was open in {secs(timeout)}."
                          + _hint(route, hint)),
        can_come,
    )
    return route.open_sockets()


def _hint(route: Route, hint: Callable[[Route], str] | None) -> str:
    return hint(route) if hint is not None else ""


async def next_message(route: Route, kind: EntryKind, matcher: MessageMatcher,
                       timeout: float, can_come: CanCome = None, hint: Hint = None) -> Message:
    """The oldest matching message of ``kind`` no earlier wait returned; it is consumed.

    ``hint``: as for ``open_sockets``, when the route never had a socket.
    """

    def matches(payload: Message) -> bool:
        return matcher.match(payload) is not None

    def wanted(entry: Entry) -> bool:
        return entry.kind is kind and not entry.consumed and matches(entry.payload)

    def failure() -> str:
        returned = sum(map(matches, route.journal.payloads(kind, consumed=True)))
        name = kind.value
        what = (f"{name.capitalize()} message {matcher.describe()} did not arrive"
                if matcher.expected is not None else f"No {name} message arrived")
        earlier = (f" Earlier waits returned {returned} matching message"
                   f"{'s' if returned != 1 else ''}." if returned else "")
        return (
            f"{what} in {secs(timeout)} on route {quote(route.text)}. "
            f"{describe_messages(name, route.journal.payloads(kind))}{earlier}"
            + ("" if route.sockets else _hint(route, hint))
        )

    entry = await wait_for(route, lambda: route.journal.find_message(kind, matches), wanted,
                           timeout, failure, can_come)
    entry.consumed = True
    return entry.payload


async def first_close(route: Route, timeout: float, can_come: CanCome = None,
                      hint: Hint = None) -> CloseInfo:
    """The first close of a route socket, waiting up to ``timeout``.

    ``hint``: as for ``open_sockets``, when the route never had a socket.
    """

    def closed(entry: Entry) -> bool:
        return entry.kind is EntryKind.close

    entry = await wait_for(
        route, lambda: route.journal.find(closed, EntryKind.close), closed, timeout,
        lambda: (f"No socket of route {quote(route.text)} closed in {secs(timeout)}."
                 + ("" if route.sockets else _hint(route, hint))),
        can_come,
    )
    code, reason = entry.payload
    return CloseInfo(code=code, reason=reason)


def messages(route: Route, kind: EntryKind) -> list[Message]:
    return route.journal.payloads(kind)


def should_contain(route: Route, kind: EntryKind, matcher: MessageMatcher, expected: bool
                   ) -> None:
    """Fails unless (``expected``) or if (not) a recorded message of ``kind`` matches."""
    recorded = messages(route, kind)
    found = [m for m in recorded if matcher.match(m) is not None]
    if bool(found) == expected:
        return
    name = kind.value.capitalize()
    if expected:
        raise AssertionError(
            f"{name} messages on route {quote(route.text)} do not contain "
            f"{matcher.describe()}. {describe_messages(kind.value, recorded)}"
        )
    raise AssertionError(
        f"{name} messages on route {quote(route.text)} contain {matcher.describe()}: "
        f"{', '.join(shorten(m) for m in found[:10])}"
        f"{f' and {len(found) - 10} more ({len(found)} in all)' if len(found) > 10 else ''}."
    )


def describe_messages(kind: str, messages: list[Message], limit: int = 10) -> str:
    if not messages:
        return f"No {kind} messages were recorded."
    shown = [shorten(m) for m in messages[-limit:]]
    more = f" (the last {limit} of {len(messages)})" if len(messages) > limit else ""
    return f"{kind.capitalize()} messages{more}: " + ", ".join(shown) + "."


def secs(seconds: float) -> str:
    """Seconds as a failure message says them: '1 second', '500 milliseconds'."""
    from_int = int(seconds)
    if seconds == from_int:
        return f"{from_int} second{'s' if from_int != 1 else ''}"
    if seconds < 1:
        return f"{round(seconds * 1000)} milliseconds"
    return f"{seconds:g} seconds"
