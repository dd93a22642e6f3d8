"""Routes, their rules, and the registry the dispatchers consult."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ..datatypes import Direction, RuleKind
from ..errors import InvalidInputError, NoSuchRouteError, quote
from .journal import Journal
from .matching import Match, Matcher, Message
from .urlpattern import UrlPattern

# The keyword that makes each kind of rule, as the log names it.
_KEYWORDS = {
    (RuleKind.reply, Direction.sent): "Reply When Sent",
    (RuleKind.reply, Direction.received): "Reply When Received",
    (RuleKind.drop, Direction.sent): "Drop When Sent",
    (RuleKind.drop, Direction.received): "Drop When Received",
    (RuleKind.close, Direction.sent): "Close Socket When Sent",
    (RuleKind.on_open, None): "Send On Open",
}


class Rule:
    """What to do with a matching message: reply, drop or close."""

    def __init__(
        self,
        kind: RuleKind,
        direction: Direction | None,
        matcher: Matcher | None = None,
        replies: Sequence[Message] = (),
        times: int | None = None,
        delay: float = 0.0,
        code: int | None = None,
        reason: str | None = None,
        owner: Any = None,
    ):
        if times is not None and times < 1:
            raise InvalidInputError(
                f"times={times} would never handle a message. Give a number of 1 "
                "or more, or None for no limit."
            )
        if delay < 0:
            raise InvalidInputError(f"delay={delay} s is negative. Give 0 or more.")
        self.kind = kind
        self.direction = direction
        self.matcher = matcher
        self.replies = list(replies)
        self.times = times
        self.delay = delay
        self.code = code
        self.reason = reason
        self.owner = owner
        self._set_number(0)

    def _set_number(self, number: int) -> None:
        # Every message the rule handles is recorded with its label: built
        # once, when Route.add_rule numbers the rule, then shared.
        self.number = number
        what = f" {self.matcher.describe()}" if self.matcher else ""
        self.label = f"rule {number}: {_KEYWORDS[(self.kind, self.direction)]}{what}"


class Route:
    """A routed URL pattern with its rules, sockets and journal."""

    def __init__(self, pattern: UrlPattern, page: Any = None, owner: Any = None,
                 message_limit: int | None = None):
        self.pattern = pattern
        self.page = page  # None: the whole context
        self.owner = owner
        self.rules: list[Rule] = []
        self.sockets: list = []
        self.connected = False
        self.active = True
        self.journal = Journal(message_limit)
        self._numbers = itertools.count(1)

    @property
    def text(self) -> str:
        return self.pattern.text

    def applies(self, url: str, page: Any) -> bool:
        in_scope = self.page is None or self.page is page
        return self.active and in_scope and self.pattern.matches(url)

    def add_rule(self, rule: Rule) -> Rule:
        rule._set_number(next(self._numbers))
        self.rules.append(rule)
        return rule

    def on_open_messages(self) -> list[tuple[Rule, Message]]:
        return [(r, m) for r in self.rules if r.kind is RuleKind.on_open for m in r.replies]

    def take_rule(self, direction: Direction, message: Message
                  ) -> tuple[Rule | None, Match | None]:
        """The newest rule that handles message, counted as used once."""
        for rule in reversed(self.rules):
            if rule.direction is not direction:
                continue
            match = rule.matcher.match(message)
            if match is None:
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times == 0:
                    self.rules.remove(rule)
            return rule, match
        return None, None

    def open_sockets(self) -> list:
        return [s for s in self.sockets if not s.closed]


class Registry:
    """All routes, oldest first; the newest matching route wins.

    Three look-ups, three meanings: ``by_pattern`` (the route with exactly
    this pattern text, or None), ``resolve`` (the route a keyword's ``url``
    argument names, or an error that says how to route it) and
    ``route_for`` (the route that takes a socket with this URL).
    """

    def __init__(self):
        self.routes: list[Route] = []

    def add(self, route: Route) -> Route | None:
        """Adds route, replacing one with the same pattern (returned)."""
        old = self.by_pattern(route.text)
        if old is not None:
            self.remove(old)
            for socket in old.open_sockets():
                socket.route = route
                route.sockets.append(socket)
        self.routes.append(route)
        return old

    def remove(self, route: Route) -> None:
        route.active = False
        self.routes.remove(route)

    def by_pattern(self, text: str) -> Route | None:
        return next((r for r in self.routes if r.text == text), None)

    def route_for(self, url: str, page: Any = None) -> Route | None:
        """The route for a socket opened by page (None: context routes only)."""
        for route in reversed(self.routes):
            if route.applies(url, page):
                return route
        return None

    def resolve(self, text: str | None) -> Route:
        """The route named by pattern text, or the newest one for None."""
        if text is None:
            if not self.routes:
                raise NoSuchRouteError(
                    "No WebSocket route exists yet. Route one first, e.g. "
                    "'Route WebSocket    **/chat'."
                )
            return self.routes[-1]
        route = self.by_pattern(text)
        if route is None:
            known = ", ".join(quote(r.text) for r in self.routes) or "none"
            raise NoSuchRouteError(
                f"No WebSocket route has pattern {quote(text)} (routed now: {known}). "
                f"Route it first with 'Route WebSocket    {text}'."
            )
        return route
