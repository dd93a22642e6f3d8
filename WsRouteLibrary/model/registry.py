"""Routes, their rules, and the registry the dispatchers consult."""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any, Protocol

from ..datatypes import Direction, RuleKind
from ..errors import InvalidInputError, NoSuchRouteError, PatternTimeoutError, quote
from .frames import check_text
from .journal import Journal
from .matching import Match, Message, MessageMatcher
from .replay import Replay
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


class RoutedSocket(Protocol):
    """A socket on a route, as the floors above read it: a routed socket
    (engine/traffic.py) or a watched one (engine/watching.py), which this
    floor does not know by name. A watched socket not recorded yet has no
    route; every socket in ``Route.sockets`` has one."""

    number: int
    url: str
    page: Any
    ws: Any
    server: Any
    closed: bool
    page_done: bool
    server_done: bool

    @property
    def route(self) -> Route | None: ...

    @route.setter
    def route(self, route: Route) -> None: ...


class Pending(Protocol):
    """Delayed work of a route (road/rules.py): replies sent to a socket's page
    later, owned by the test that was running, cancelled with it."""

    socket: Any
    replies: list[Message]
    note: str
    owner: Any
    handle: Any


class CodecClass(Protocol):
    """A protocol's codec class (protocols/), as a route keeps it: called with a
    socket's URL, it makes that socket's codec. This floor knows no protocol."""

    @property
    def name(self) -> str: ...

    def __call__(self, url: str = "", mocked: bool = True) -> Any: ...


class Rule:
    """What to do with a matching message: reply, drop or close."""

    def __init__(
        self,
        kind: RuleKind,
        direction: Direction | None,
        matcher: MessageMatcher | None = None,
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
        for reply in replies:
            check_text(reply, "Reply" if kind is RuleKind.reply else "Message")
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

    @property
    def keyword(self) -> str:
        """The keyword that makes this kind of rule."""
        return _KEYWORDS[(self.kind, self.direction)]

    def _set_number(self, number: int) -> None:
        # Every message the rule handles is recorded with its label: built
        # once, when Route.add_rule numbers the rule, then shared.
        self.number = number
        what = f" {self.matcher.describe()}" if self.matcher else ""
        self.label = f"rule {number}: {_KEYWORDS[(self.kind, self.direction)]}{what}"


class Route:
    """A routed URL pattern with its rules, sockets and journal.

    A *watch* (``watch=True``, made by 'Watch WebSocket') records the
    sockets its pattern matches without routing them: it never takes a
    socket from the browser, and keywords that act on sockets refuse it
    (see ``Registry.resolve``).
    """

    def __init__(self, pattern: UrlPattern, page: Any = None, owner: Any = None,
                 message_limit: int | None = None, watch: bool = False):
        self.pattern = pattern
        self.watch = watch
        self.created = time.monotonic()  # sockets opened before it were not its to take
        self.page = page  # None: the whole context
        self.owner = owner
        self.rules: list[Rule] = []
        self.sockets: list[RoutedSocket] = []
        self.connected = False
        self.active = True
        self.journal = Journal(message_limit)
        self.pending: list[Pending] = []  # delayed work not done yet (cancelled with its test)
        self.replay: Replay | None = None  # a recording answering its sockets
        self.codec: CodecClass | None = None  # the protocol's codec class; None: raw frames
        # What the protocol keeps across the route's sockets while the route lives (a mock
        # broker's retained messages): each socket's codec joins it (protocols/base.py).
        self.shared: dict[str, Any] = {}
        self._numbers = itertools.count(1)

    @property
    def text(self) -> str:
        return self.pattern.text

    def applies(self, url: str, page: Any) -> bool:
        in_scope = self.page is None or self.page is page
        return self.active and not self.watch and in_scope and self.pattern.matches(url)

    def add_rule(self, rule: Rule) -> Rule:
        rule._set_number(next(self._numbers))
        self.rules.append(rule)
        return rule

    def on_open_messages(self) -> list[tuple[Rule, Message]]:
        return [(r, m) for r in self.rules if r.kind is RuleKind.on_open for m in r.replies]

    def take_rule(self, direction: Direction, message: Message
                  ) -> tuple[Rule | None, Match | None]:
        """The newest rule that handles message, counted as used once.

        A rule whose pattern runs too long on the message is removed, so it
        cannot stall traffic again, and the error says so.
        """
        for rule in reversed(self.rules):
            matcher = rule.matcher
            if rule.direction is not direction or matcher is None:
                continue  # an on-open rule has neither
            try:
                match = matcher.match(message)
            except PatternTimeoutError as error:
                self.rules.remove(rule)
                raise PatternTimeoutError(
                    f"{error} The rule ({rule.label}) was removed from route "
                    f"{quote(self.text)}."
                ) from None
            if match is None:
                continue
            self.use(rule)
            return rule, match
        return None, None

    def use(self, rule: Rule) -> bool:
        """Counts one use of ``rule``; a rule with ``times`` retires at its last one.
        False: it had none left (a page answered with a count it no longer held)."""
        if rule.times is None:
            return True
        if rule.times <= 0:
            return False
        rule.times -= 1
        if rule.times == 0 and rule in self.rules:
            self.rules.remove(rule)
        return True

    def open_sockets(self) -> list[RoutedSocket]:
        return [s for s in self.sockets if not s.closed]


TAKE_WAY, PAGE_WAY, PASS_WAY = "take", "page", "pass"


class Registry:
    """All routes, oldest first; the newest matching route wins.

    Three look-ups, three meanings: ``by_pattern`` (the route with exactly
    this pattern text, or None), ``resolve`` (the route a keyword's ``url``
    argument names, or an error that says how to route it) and
    ``route_for`` (the route that takes a socket with this URL).

    A removed route is *retired*: kept until the log has shown its entries,
    then forgotten, its open sockets detached so nothing of it stays
    reachable from the browser's handlers. A route that an inner owner (a
    test) replaced or removed is *hidden* and comes back when that owner
    ends.
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.changes = 0  # how often ``routes`` changed: a socket's way may have (page_socket_way)
        self.retired: list[Route] = []
        self._hidden: list[tuple[Route, Any, int]] = []  # (route, hidden by, its index)

    def add(self, route: Route) -> Route | None:
        """Adds route, replacing one with the same pattern (returned)."""
        old = self.by_pattern(route.text)
        if old is not None:
            self.remove(old, by=route.owner)
            _move_open_sockets(old, route)
        self.routes.append(route)
        self.changes += 1
        return old

    def remove(self, route: Route, by: Any = None) -> None:
        """Removes route; ``by``, an owner other than the route's, hides it until it ends."""
        index = self.routes.index(route)
        route.active = False
        del self.routes[index]
        self.changes += 1
        self.retired.append(route)
        if by is not None and route.owner is not None and by is not route.owner:
            self._hidden.append((route, by, index))

    def end_owner(self, owner: Any, parent: Any, remove: bool) -> None:
        """Routes that ``owner`` hid come back (``remove``), or stay hidden by ``parent``."""
        for item in [h for h in self._hidden if h[1] is owner]:
            self._hidden.remove(item)
            route, _, index = item
            if not remove:
                self._hidden.append((route, parent, index))
                continue
            if self.by_pattern(route.text) is not None:
                continue  # routed again meanwhile by an outer owner: that one stays
            route.active = True
            self.retired.remove(route)
            self.routes.insert(min(index, len(self.routes)), route)
            self.changes += 1
            replacer = next((r for r in self.retired if r.text == route.text
                             and r.owner is owner), None)
            if replacer is not None:
                _move_open_sockets(replacer, route)

    def forget_retired(self) -> None:
        """Lets go of retired routes the log has shown: their sockets are detached."""
        hidden = {id(h[0]) for h in self._hidden}
        for route in list(self.retired):
            if id(route) in hidden or not route.journal.all_logged():
                continue
            self.retired.remove(route)
            for socket in route.sockets:
                if socket.route is route:
                    socket.route = DETACHED
            route.sockets = []

    def by_pattern(self, text: str) -> Route | None:
        return next((r for r in self.routes if r.text == text), None)

    def route_for(self, url: str, page: Any = None) -> Route | None:
        """The route for a socket opened by page (None: context routes only)."""
        for route in reversed(self.routes):
            if route.applies(url, page):
                return route
        return None

    def page_socket_way(self, url: str) -> str:
        """Which way a page's socket of ``url`` goes on the fast path: ``take`` (a context
        route takes it), ``page`` (a page route may: Playwright's routing knows the socket's
        page and decides) or ``pass`` (no route: the browser's own socket). It changes only
        when ``routes`` does (``changes`` counts that): a page may keep the answer until then."""
        if any(r.page is not None and r.applies(url, r.page) for r in self.routes):
            return PAGE_WAY
        return TAKE_WAY if self.route_for(url, None) is not None else PASS_WAY

    def resolve(self, text: str | None, acting: str | None = None) -> Route:
        """The route named by pattern text, or the newest one for None.

        ``acting``: the keyword that acts on the route's sockets or traffic
        (rules, actions, faults); it refuses a watch, which routes nothing.
        """
        if text is None:
            if not self.routes:
                raise NoSuchRouteError(
                    "No WebSocket route exists yet. Route one first, e.g. "
                    "'Route WebSocket    **/chat'."
                )
            return _refuse_watch(self.routes[-1], acting)
        route = self.by_pattern(text)
        if route is None:
            known = ", ".join(quote(r.text) for r in self.routes) or "none"
            raise NoSuchRouteError(
                f"No WebSocket route has pattern {quote(text)} (routed now: {known}). "
                f"Route it first with 'Route WebSocket    {text}'."
            )
        return _refuse_watch(route, acting)


def _refuse_watch(route: Route, acting: str | None) -> Route:
    if acting is not None and route.watch:
        raise InvalidInputError(
            f"Route {quote(route.text)} is a watch: it records the page's traffic without "
            f"routing it, so {quote(acting)} cannot act on it. Route it with "
            f"'Route WebSocket    {route.text}' instead."
        )
    return route


def _move_open_sockets(source: Route, target: Route) -> None:
    if source.watch is not target.watch:
        return  # a watch's sockets are the browser's, a route's the library's: left as they are
    for socket in source.open_sockets():
        socket.route = target
        target.sockets.append(socket)
    source.sockets = [s for s in source.sockets if s.closed]


# The route of sockets whose route is gone: inactive, so their traffic
# passes (or, mocked, is dropped) unrecorded and no rule applies.
DETACHED = Route(UrlPattern("**"))
DETACHED.active = False
