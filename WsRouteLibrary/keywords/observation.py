"""Observation keywords: waits and assertions over the message journal."""

from __future__ import annotations

from datetime import timedelta

from robot.api.deco import keyword
from robot.utils import secs_to_timestr

from ..datatypes import CloseInfo, EntryKind, MatchMode, SettingScope
from ..model.matching import Matcher, Message
from .base import LibraryComponent, to_seconds


class ObservationKeywords(LibraryComponent):
    @keyword("Wait For WebSocket", tags=["Wait"])
    def wait_for_websocket(self, url: str | None = None, timeout: timedelta | None = None) -> str:
        """Waits until a socket of the route is open and returns its URL.

        Returns at once when one is open already (the newest one's URL).
        ``url`` selects the route by its pattern (default: the current
        route). Fails when none opens within ``timeout`` (default: the
        library timeout), naming the sockets that opened and no route
        caught (see `When a route catches nothing`). On a Socket.IO route
        the URL is the session's, in ``ws://`` form: the long-polling URL
        until the client upgrades, the WebSocket's after (see `Protocols`).

        Example:
        | ${ws_url} =    Wait For WebSocket    **/chat    timeout=10 s
        """
        return self.engine.wait_for_socket(url, self.timeout(timeout))

    @keyword("Wait For Sent Message", tags=["Wait"])
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
        return self._wait(EntryKind.sent, message, url, match, timeout)

    @keyword("Wait For Received Message", tags=["Wait"])
    def wait_for_received_message(
        self,
        message: Message | None = None,
        url: str | None = None,
        match: MatchMode = MatchMode.exact,
        timeout: timedelta | None = None,
    ) -> Message:
        """Waits for a message received by the page and returns it.

        Received messages are all that reached the page: from the server,
        from rules, `Send On Open` and `Send To Page`. Like `Wait For Sent
        Message`, it returns the oldest match no earlier wait returned and
        fails listing the messages seen. ``message`` is compared as ``match``
        says; ``message=None`` matches any message. ``url``, ``match`` and
        ``timeout``: see `Common arguments`.

        Example:
        | ${reply} =    Wait For Received Message    {"type": "joined"*    match=glob
        """
        return self._wait(EntryKind.received, message, url, match, timeout)

    def _wait(self, kind: EntryKind, message: Message | None, url: str | None,
              match: MatchMode, timeout: timedelta | None) -> Message:
        matcher = Matcher(message, match)
        return self.engine.wait_for_message(url, kind, matcher, self.timeout(timeout))

    @keyword("Get Sent Messages", tags=["Assertion"])
    def get_sent_messages(self, url: str | None = None) -> list[Message]:
        """Returns the messages the page sent on the route, oldest first.

        ``url`` selects the route (default: the current route).

        Example:
        | ${sent} =    Get Sent Messages
        | Length Should Be    ${sent}    2
        """
        return self.engine.messages(url, EntryKind.sent)

    @keyword("Get Received Messages", tags=["Assertion"])
    def get_received_messages(self, url: str | None = None) -> list[Message]:
        """Returns the messages the page received on the route, oldest first.

        ``url`` selects the route (default: the current route).

        Example:
        | ${received} =    Get Received Messages
        | Should Be Equal    ${received}[0]    pong
        """
        return self.engine.messages(url, EntryKind.received)

    @keyword("Sent Messages Should Contain", tags=["Assertion"])
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
        self._should(EntryKind.sent, message, url, match, True)

    @keyword("Sent Messages Should Not Contain", tags=["Assertion"])
    def sent_messages_should_not_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails if the page has sent a message matching ``message``.

        ``url`` and ``match``: see `Common arguments`. The failure lists the
        matching messages.

        Example:
        | Sent Messages Should Not Contain    {"password": *}    match=glob
        """
        self._should(EntryKind.sent, message, url, match, False)

    @keyword("Received Messages Should Contain", tags=["Assertion"])
    def received_messages_should_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails unless the page has received a message matching ``message``.

        ``url`` and ``match``: see `Common arguments`. The failure lists the
        recorded messages.

        Example:
        | Received Messages Should Contain    pong
        """
        self._should(EntryKind.received, message, url, match, True)

    @keyword("Received Messages Should Not Contain", tags=["Assertion"])
    def received_messages_should_not_contain(
        self, message: Message, url: str | None = None, match: MatchMode = MatchMode.exact
    ) -> None:
        """Fails if the page has received a message matching ``message``.

        ``url`` and ``match``: see `Common arguments`. The failure lists the
        matching messages.

        Example:
        | Received Messages Should Not Contain    {"type": "error"}    match=json
        """
        self._should(EntryKind.received, message, url, match, False)

    def _should(self, kind: EntryKind, message: Message, url: str | None, match: MatchMode,
                expected: bool) -> None:
        self.engine.should_contain(url, kind, Matcher(message, match), expected)

    @keyword("Wait For WebSocket Close", tags=["Wait"])
    def wait_for_websocket_close(
        self, url: str | None = None, timeout: timedelta | None = None
    ) -> CloseInfo:
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

    @keyword("Clear WebSocket Messages", tags=["Assertion"])
    def clear_websocket_messages(self, url: str | None = None) -> None:
        """Forgets the route's recorded messages; waits start from what comes next.

        Open and close events are kept. ``url`` selects the route (default:
        the current route).

        Example:
        | Clear WebSocket Messages
        | Sent Messages Should Not Contain    ping
        """
        self.engine.clear(url)

    @keyword("Set WebSocket Timeout", tags=["Wait"])
    def set_websocket_timeout(
        self, timeout: timedelta, scope: SettingScope = SettingScope.Suite
    ) -> str:
        """Sets the default timeout of waits and returns the previous one.

        ``timeout`` is a Robot Framework time such as ``10 s``. The previous
        timeout comes back as a time string that this keyword accepts, so a
        test can put it back. ``scope`` says how long the new timeout holds,
        as Browser library's ``Set Browser Timeout`` does:

        | =scope= | =The timeout holds= |
        | ``Suite`` | until the current suite ends (the default); set in a test, for the rest of that test's suite |
        | ``Test`` | until the current test ends; only inside a test |
        | ``Global`` | for the rest of the run, in every suite |

        When that scope ends, the timeout that held before comes back.

        Example:
        | ${old} =    Set WebSocket Timeout    10 s
        | Set WebSocket Timeout    500 ms    scope=Test
        | [Teardown]    Set WebSocket Timeout    ${old}
        """
        previous = self.library.timeout.set(to_seconds(timeout), scope)
        return secs_to_timestr(previous)
