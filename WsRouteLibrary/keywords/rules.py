"""Rule keywords: declarative answers the event loop carries out."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robot.api.deco import keyword

from ..datatypes import Direction, MatchMode, RuleKind
from ..model.closing import check_close_code, check_close_reason
from ..model.matching import Matcher, Message
from ..model.registry import Rule
from .base import LibraryComponent, to_seconds


class RuleKeywords(LibraryComponent):
    def _add(self, url: str | None, rule: Rule) -> None:
        logger.info(f"Added {self.engine.add_rule(url, rule)}.")

    def _reply(self, direction: Direction, message: Message, replies: tuple[Message, ...],
               url: str | None, match: MatchMode, times: int | None,
               delay: timedelta | None) -> None:
        seconds = 0.0 if delay is None else to_seconds(delay, "delay")
        rule = Rule(RuleKind.reply, direction, Matcher(message, match), replies, times, seconds)
        self._add(url, rule)

    @keyword("Reply When Sent", tags=["Rule"])
    def reply_when_sent(
        self,
        message: Message,
        *replies: Message,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        times: int | None = None,
        delay: timedelta | None = None,
    ) -> None:
        """Answers a matching message the page sends with ``replies``.

        Each reply goes, in order, to the socket that sent the message;
        nothing goes to the server. With no replies the message is swallowed
        (as `Drop When Sent`). ``message`` is compared as ``match`` says (see
        `Matching messages`); a bytes ``message`` or reply is a binary frame.
        Replies are templates (see `Reply templates`): ``{{message}}`` is the
        matched message.

        ``url`` selects the route (default: the current route). ``times`` is
        how many messages the rule handles before it retires (default: no
        limit). ``delay`` sends the replies that long after the message,
        holding up no other traffic. The newest matching rule wins.

        Example:
        | Reply When Sent    ping    pong
        | Reply When Sent    {"op": "join"}    {"op": "joined", "room": "{{room}}"}    match=json
        | Reply When Sent    buy *    {"status": "filled"}    match=glob    times=1    delay=200 ms
        """
        self._reply(Direction.sent, message, replies, url, match, times, delay)

    @keyword("Reply When Received", tags=["Rule"])
    def reply_when_received(
        self,
        message: Message,
        *replies: Message,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        times: int | None = None,
        delay: timedelta | None = None,
    ) -> None:
        """Replaces a matching server message with ``replies`` (connected routes).

        The server's message does not reach the page; the replies do, in
        order, on the same socket; they are templates (see `Reply
        templates`). ``message`` is compared as ``match`` says. ``url``,
        ``match``, ``times`` and ``delay``: see `Common arguments`.

        Example:
        | Connect To Server
        | Reply When Received    {"type": "price"}    {"type": "price", "value": 0}    match=json
        """
        self._reply(Direction.received, message, replies, url, match, times, delay)

    @keyword("Drop When Sent", tags=["Rule"])
    def drop_when_sent(
        self,
        message: Message,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        times: int | None = None,
    ) -> None:
        """Drops a matching message the page sends: it is recorded, never forwarded.

        Useful on connected routes to keep a message from the server. On a
        mocked route every unanswered message is dropped anyway; the rule
        then only marks it in the log. ``message`` is compared as ``match``
        says. ``url``, ``match`` and ``times``: see `Common arguments`.

        Example:
        | Drop When Sent    {"type": "telemetry"}    match=json
        """
        self._add(url, Rule(RuleKind.drop, Direction.sent, Matcher(message, match), times=times))

    @keyword("Drop When Received", tags=["Rule"])
    def drop_when_received(
        self,
        message: Message,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        times: int | None = None,
    ) -> None:
        """Keeps a matching server message from the page (connected routes).

        The message is recorded as blocked and not delivered. ``message`` is
        compared as ``match`` says. ``url``, ``match`` and ``times``: see
        `Common arguments`.

        Example:
        | Drop When Received    heartbeat    times=3
        """
        matcher = Matcher(message, match)
        self._add(url, Rule(RuleKind.drop, Direction.received, matcher, times=times))

    @keyword("Close Socket When Sent", tags=["Rule"])
    def close_socket_when_sent(
        self,
        message: Message,
        code: int = 1000,
        reason: str = "",
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
    ) -> None:
        """Closes the socket when the page sends a matching message.

        The page sees a close event with ``code`` and ``reason``; a server
        connection, if any, is closed too and does not get the message.
        ``code`` must be one a server may send: 1000-1003, 1007-1014 or
        3000-4999. ``message`` is compared as
        ``match`` says; ``url`` and ``match``: see `Common arguments`. The rule handles every matching message.

        Example:
        | Close Socket When Sent    logout    code=4001    reason=bye
        """
        matcher = Matcher(message, match)
        code = check_close_code(code)
        check_close_reason(reason)
        self._add(url, Rule(RuleKind.close, Direction.sent, matcher, code=code, reason=reason))

    @keyword("Send On Open", tags=["Rule"])
    def send_on_open(self, *messages: Message, url: str | None = None) -> None:
        """Sends ``messages``, in order, to each socket of the route as it opens.

        Applies to sockets opened after this keyword; use `Send To Page` for
        open ones. Messages are sent as they are (no templates). ``url``
        selects the route (default: the current route).

        Example:
        | Route WebSocket    **/ticker
        | Send On Open    {"type": "hello"}    {"type": "price", "value": 42}
        """
        self._add(url, Rule(RuleKind.on_open, None, replies=messages))
