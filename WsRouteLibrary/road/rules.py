"""The rules stage: the route's rules answer, drop or close on the messages they match;
`Send On Open` greets; delayed replies are work owned by the test that was running."""

from __future__ import annotations

from typing import Any

from ..datatypes import Direction, EntryKind, Fate, RuleKind, Side
from ..errors import PatternTimeoutError, TemplateError, quote
from ..model.matching import Match, Message, render
from ..model.registry import Route, Rule
from .inpage import NO_RULE, page_rules
from .passage import Passage, Port, RoadSocket
from .stage import Stage

_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
_SENT, _RECEIVED = Direction.sent, Direction.received
_SENT_ENTRY = EntryKind.sent
_DROP = RuleKind.drop
_BLOCKED, _HANDLED = Fate.blocked, Fate.handled


class Delayed:
    """Messages sent to the page later: owned by the test that was running, cancelled with it."""

    __slots__ = ("route", "socket", "replies", "note", "owner", "handle", "after", "answering")

    def __init__(self, socket: RoadSocket, replies: list[Message], note: str, owner: Any,
                 after: Stage, answering: Message | None):
        self.route: Route = socket.route
        self.socket = socket
        self.replies = replies
        self.note = note
        self.owner = owner
        self.after = after
        self.answering = answering
        self.handle: Any = None  # the loop's timer, with cancel()


class Later:
    """Delayed work of every stage: sent when due, unless its test or route ends first."""

    def __init__(self, port: Port):
        self.port = port

    def send(self, delay: float, socket: RoadSocket, replies: list[Message], note: str,
             after: Stage, answering: Message | None = None) -> Delayed:
        """Sends ``replies`` to the page from below ``after`` in ``delay`` seconds."""
        delayed = Delayed(socket, replies, note, self.port.owner(), after, answering)
        delayed.handle = self.port.later(delay, self.port.guard, self._fire, delayed)
        delayed.route.pending.append(delayed)
        return delayed

    @staticmethod
    def now(socket: RoadSocket, replies: list[Message], note: str, after: Stage,
            answering: Message | None = None) -> None:
        for reply in replies:
            socket.road.to_page(socket, reply, note, after, answering)

    def _fire(self, delayed: Delayed) -> None:
        if delayed in delayed.route.pending:
            delayed.route.pending.remove(delayed)
            self.now(delayed.socket, delayed.replies, delayed.note, delayed.after,
                     delayed.answering)

    def cancel(self, route: Route, why: str, owner: Any = None) -> None:
        """Cancels the route's delayed work (only ``owner``'s, if given) and records it."""
        for delayed in [d for d in route.pending if owner is None or d.owner is owner]:
            route.pending.remove(delayed)
            delayed.handle.cancel()
            for reply in delayed.replies:
                self.port.record(delayed.socket, EntryKind.blocked, reply,
                                 f"{delayed.note}; not delivered: cancelled, {why}",
                                 _LIBRARY, _PAGE, Fate.blocked)

    def end_owner(self, routes: list[Route], owner: Any, parent: Any, remove: bool) -> None:
        """A test or suite ends: its delayed work is cancelled, or passes to ``parent``."""
        for route in routes:
            if remove:
                self.cancel(route, f"the {owner.name.split()[0]} ended", owner)
            else:
                for delayed in route.pending:
                    if delayed.owner is owner:
                        delayed.owner = parent


def _applied(rule: Any, message: Message) -> tuple[Rule, Match] | None:
    """The rule a page applied to its message by itself, with its match; None when it is
    no rule of the library's or does not match the message."""
    matcher = rule.matcher if isinstance(rule, Rule) else None
    match = matcher.match(message) if matcher is not None else None
    return None if match is None else (rule, match)


class RuleStage(Stage):
    """Applies the newest matching rule to the page's and the server's messages."""

    def __init__(self, port: Port, later: Later):
        self.port = port
        self.later = later

    def toward_server(self, passage: Passage) -> Passage | None:
        socket = passage.socket
        route = socket.route
        message = passage.message
        decided = passage.decided
        if decided is NO_RULE:  # the page's own plan had no rule for it (road/inpage.py)
            return passage
        # The rule the page applied by itself, checked: one that does not match (a page's
        # word is data) leaves the message to the rules, as if the page had not answered.
        taken: tuple[Rule | None, Match | None] | None = (
            _applied(decided, message) if decided is not None else None)
        shown = taken is not None
        if taken is None:
            # Removed since (not active): its rules act no more.
            if (passage.origin is not _PAGE or passage.plumbing or not route.rules
                    or not route.active):
                return passage
            try:
                taken = route.take_rule(_SENT, message)
            except PatternTimeoutError as error:  # that rule is gone: try the others
                self.port.fail(str(error))
                taken = self._take(route, _SENT, message) or (None, None)
        rule, match = taken
        if rule is None or match is None:
            return passage
        if shown and not route.use(rule):
            self.port.fail(
                f"The page answered a message ({rule.label}) with a count of times it no "
                f"longer held on route {quote(route.text)}: another socket of the route "
                "used the rule's last time before this page heard that it shares the "
                "route. Give each socket its own rule or route, or set fast_path=${False}.")
        kind = rule.kind
        self.port.record(socket, _SENT_ENTRY, message,
                         passage.said(rule.label + socket.road.passed_by(self, passage)),
                         _PAGE, _LIBRARY, _BLOCKED if kind is _DROP else _HANDLED)
        self._apply(rule, match, socket, shown)
        return None

    def in_page(self, socket: RoadSocket) -> dict[str, Any] | None:
        """The route's rules the page can apply itself (road/inpage.py)."""
        route = socket.route
        if not route.active:
            return None
        return page_rules(route.rules, route.open_sockets() == [socket])

    def toward_page(self, passage: Passage) -> Passage | None:
        if passage.origin is not _SERVER or passage.plumbing or not passage.socket.route.rules:
            return passage
        socket = passage.socket
        taken = self._take(socket.route, _RECEIVED, passage.message)
        if taken is None:
            return passage
        rule, match = taken
        self.port.record(socket, EntryKind.blocked, passage.message, rule.label, _SERVER,
                         _LIBRARY, Fate.blocked)
        self._apply(rule, match, socket)
        return None

    def session_started(self, socket: RoadSocket) -> None:
        """`Send On Open`: each socket of the route gets these, in order."""
        for rule, message in socket.route.on_open_messages():
            socket.road.to_page(socket, message, rule.label, self)

    def _take(self, route: Route, direction: Direction, message: Message
              ) -> tuple[Rule, Match] | None:
        """The rule that takes the message and what it matched, or None."""
        while route.active:
            try:
                rule, match = route.take_rule(direction, message)
            except PatternTimeoutError as error:  # that rule is gone: try the others
                self.port.fail(str(error))
                continue
            return None if rule is None or match is None else (rule, match)
        return None

    def _apply(self, rule: Rule, match: Match, socket: RoadSocket, shown: bool = False) -> None:
        if rule.kind is RuleKind.close:
            socket.road.close(socket, rule.code, rule.reason, rule.label)
        elif rule.kind is RuleKind.reply:
            try:
                replies = [render(template, match) for template in rule.replies]
            except TemplateError as error:
                self.port.fail(f"{error} ({rule.label} on route {quote(socket.route.text)})")
                return
            if rule.delay:
                self.later.send(rule.delay, socket, replies, rule.label, self, match.message)
            else:
                to_page, label, answering = socket.road.to_page, rule.label, match.message
                for reply in replies:
                    to_page(socket, reply, label, self, answering, False, shown)
