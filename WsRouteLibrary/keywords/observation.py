"""Observation keywords: waits and assertions over the message journal."""

from __future__ import annotations

from datetime import timedelta

from robot.api.deco import keyword
from robot.utils import secs_to_timestr

from ..engine import describe_messages
from ..errors import quote
from ..journal import RECEIVED, SENT
from ..matching import Matcher, MatchMode, Message, shorten
from .base import LibraryComponent, to_seconds


class ObservationKeywords(LibraryComponent):
    @keyword("Wait For WebSocket")
    def wait_for_websocket(self, url: str | None = None, timeout: timedelta | None = None) -> str:
        """Waits until a socket of the route is open and returns its URL.

        Returns at once when one is open already (the newest one's URL).
        ``url`` selects the route by its pattern (default: the current
        route). Fails when none opens within ``timeout`` (default: the
        library timeout).

        Example:
        | ${ws_url} =    Wait For WebSocket    **/chat    timeout=10 s
        """
        return self.engine.wait_for_socket(url, self.timeout(timeout))

    @keyword("Wait For Sent Message")
    def wait_for_sent_message(
        self,
        message: Message | None = None,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        timeout: timedelta | None = None,
    ) -> Message:
        """Waits for a message sent by the page and returns it.

        Returns the oldest matching message that no earlier `Wait For Sent
        Message` on the route returned, so consecutive waits walk through the
        conversation in order; messages recorded before the call count.
        ``message`` is compared as ``match`` says (see `Matching messages`);
        ``message=None`` matches any message. ``url`` selects the route
        (default: the current route). Fails when no such message comes within
        ``timeout`` (default: the library timeout), listing the messages that
        were sent (the last 10) and saying how many matching ones earlier
        waits already returned.

        Example:
        | Wait For Sent Message    {"op": "join"}    match=json
        | ${next} =    Wait For Sent Message
        """
        return self._wait(SENT, message, url, match, timeout)

    @keyword("Wait For Received Message")
    def wait_for_received_message(
        self,
        message: Message | None = None,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        timeout: timedelta | None = None,
    ) -> Message:
        """Waits for a message received by the page and returns it.

        Received messages are all that reached the page: from the server,
        from rules, `Send On Open` and `Send To Page`. ``message``, ``url``,
        ``match`` and ``timeout`` are as in `Wait For Sent Message`.

        Example:
        | ${reply} =    Wait For Received Message    *"joined"*    match=glob
        """
        return self._wait(RECEIVED, message, url, match, timeout)

    def _wait(self, kind, message, url, match, timeout) -> Message:
        matcher = Matcher(message, match)
        return self.engine.wait_for_message(url, kind, matcher, self.timeout(timeout))

    @keyword("Get Sent Messages")
    def get_sent_messages(self, url: str | None = None) -> list[Message]:
        """Returns the messages the page sent on the route, oldest first.

        ``url`` selects the route (default: the current route).

        Example:
        | ${sent} =    Get Sent Messages
        | Length Should Be    ${sent}    2
        """
        return self.engine.messages(url, SENT)[1]

    @keyword("Get Received Messages")
    def get_received_messages(self, url: str | None = None) -> list[Message]:
        """Returns the messages the page received on the route, oldest first.

        ``url`` selects the route (default: the current route).

        Example:
        | ${received} =    Get Received Messages
        | Should Be Equal    ${received}[0]    pong
        """
        return self.engine.messages(url, RECEIVED)[1]

    @keyword("Sent Messages Should Contain")
    def sent_messages_should_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails unless the page has sent a message matching ``message``.

        ``match`` says how to compare (see `Matching messages`); ``url``
        selects the route (default: the current route). The failure lists
        the recorded messages.

        Example:
        | Sent Messages Should Contain    {"op": "join"}    match=json
        """
        self._should(SENT, message, url, match, True)

    @keyword("Sent Messages Should Not Contain")
    def sent_messages_should_not_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails if the page has sent a message matching ``message``.

        ``url`` and ``match`` are as in `Sent Messages Should Contain`. The
        failure lists the matching messages.

        Example:
        | Sent Messages Should Not Contain    *password*    match=glob
        """
        self._should(SENT, message, url, match, False)

    @keyword("Received Messages Should Contain")
    def received_messages_should_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails unless the page has received a message matching ``message``.

        ``url`` and ``match`` are as in `Sent Messages Should Contain`. The
        failure lists the recorded messages.

        Example:
        | Received Messages Should Contain    pong
        """
        self._should(RECEIVED, message, url, match, True)

    @keyword("Received Messages Should Not Contain")
    def received_messages_should_not_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails if the page has received a message matching ``message``.

        ``url`` and ``match`` are as in `Sent Messages Should Contain`.

        Example:
        | Received Messages Should Not Contain    {"type": "error"}    match=json
        """
        self._should(RECEIVED, message, url, match, False)

    def _should(self, kind, message, url, match, expected: bool) -> None:
        matcher = Matcher(message, match)
        route, messages = self.engine.messages(url, kind)
        found = [m for m in messages if matcher.match(m) is not None]
        if bool(found) == expected:
            return
        if expected:
            raise AssertionError(
                f"{kind.capitalize()} messages on route {quote(route)} do not contain "
                f"{matcher.describe()}. {describe_messages(kind, messages)}"
            )
        raise AssertionError(
            f"{kind.capitalize()} messages on route {quote(route)} contain {matcher.describe()}: "
            f"{', '.join(shorten(m) for m in found[:10])}"
            f"{f' and {len(found) - 10} more ({len(found)} in all)' if len(found) > 10 else ''}."
        )

    @keyword("Wait For WebSocket Close")
    def wait_for_websocket_close(
        self, url: str | None = None, timeout: timedelta | None = None
    ) -> dict:
        """Waits for a socket of the route to close; returns ``code`` and ``reason``.

        Returns the first close of a route socket, also one that happened
        before the call. A close without a status code reports 1005. ``url``
        selects the route (default: the current route). Fails when none
        closes within ``timeout`` (default: the library timeout).

        Example:
        | ${close} =    Wait For WebSocket Close
        | Should Be Equal As Integers    ${close}[code]    1000
        | Should Be Equal    ${close}[reason]    bye
        """
        return self.engine.wait_for_close(url, self.timeout(timeout))

    @keyword("Clear WebSocket Messages")
    def clear_websocket_messages(self, url: str | None = None) -> None:
        """Forgets the route's recorded messages; waits start from what comes next.

        Open and close events are kept. ``url`` selects the route (default:
        the current route).

        Example:
        | Clear WebSocket Messages
        | Sent Messages Should Not Contain    ping
        """
        self.engine.clear(url)

    @keyword("Set WebSocket Timeout")
    def set_websocket_timeout(self, timeout: timedelta) -> str:
        """Sets the default timeout of waits and returns the previous one.

        ``timeout`` is a Robot Framework time such as ``10 s``. The previous
        timeout comes back as a time string that this keyword accepts.

        Example:
        | ${old} =    Set WebSocket Timeout    10 s
        | [Teardown]    Set WebSocket Timeout    ${old}
        """
        previous = self.library.timeout
        self.library.timeout = to_seconds(timeout)
        return secs_to_timestr(previous)
