r"""WsRouteLibrary: mock, intercept and script a web page's WebSockets."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from typing import Any

from robot.api import logger
from robotlibcore import DynamicCore

from .engine import Engine
from .errors import WsRouteError
from .keywords import (
    ActionKeywords,
    ObservationKeywords,
    RoutingKeywords,
    RuleKeywords,
    SessionKeywords,
)
from .keywords.base import to_seconds
from .logtable import render_table
from .version import __version__

__all__ = ["WsRouteLibrary", "WsRouteError", "__version__"]


class AutoCleanup(Enum):
    """When routes, rules and recorded messages are removed automatically."""

    test = "test"
    suite = "suite"
    manual = "manual"


class WsRouteLibrary(DynamicCore):
    r"""WsRouteLibrary mocks, intercepts and scripts the WebSocket traffic of a web page.

    It wraps Playwright's WebSocket routing (``route_web_socket`` and
    ``WebSocketRoute``) in keywords: route a socket URL, answer what the page
    sends, push server messages, pass traffic through to the real server
    while blocking or rewriting it, close sockets with codes, and assert on
    the conversation. It drives a browser of its own, or one that Browser
    library or SeleniumLibrary started.

    %TOC%

    = A first suite =

    | *** Settings ***
    | Library    WsRouteLibrary
    |
    | *** Test Cases ***
    | Chat Shows The Mocked Answer
    |     Open Page    http://127.0.0.1:8000/chat.html
    |     Route WebSocket    **/chat
    |     Reply When Sent    {"text": "hi"}    {"from": "bot", "text": "hello {{text}}"}    match=json
    |     Run JavaScript    document.querySelector('#connect').click()
    |     Run JavaScript    window.chat.send('hi')
    |     Wait For Received Message    *hello hi*    match=glob
    |     Sent Messages Should Contain    {"text": "hi"}    match=json

    = How routing works =

    `Route WebSocket` takes over every WebSocket whose URL matches its
    pattern and that opens after the keyword ran; a page need not reload.
    Such a socket is *mocked*: it opens at once without contacting any
    server, and what the page sends is recorded and answered only by rules.
    `Connect To Server` turns a route *connected*: its sockets talk to the
    real server, and rules can still answer, drop or rewrite messages in
    both directions. Sockets that no route matches go to their server
    untouched.

    The library runs Playwright on its own thread, so mocks answer in real
    time: while a test is in ``Sleep``, while another library drives the
    page, always. Rules are declarative (match, then reply, drop or close)
    because Robot Framework keywords cannot run inside the browser's
    traffic.

    Keywords that take ``url=None`` act on the *current route*: the one most
    recently created with `Route WebSocket`. Give a route's pattern, exactly
    as it was routed, to act on another one. A pattern that was never
    routed fails, naming the routes that exist.

    "Sent" always means sent by the page; "received" means received by the
    page, from the server, from a rule or from `Send To Page`.

    | Route WebSocket    **/ticker
    | Send On Open    {"type": "price", "value": 100}
    | Navigate To    http://127.0.0.1:8000/ticker.html
    | Send To Page    {"type": "price", "value": 101}

    = URL patterns =

    A route pattern is a glob or a regular expression.

    | =Pattern= | =Meaning= |
    | ``**`` | any characters, ``/`` included |
    | ``*`` | any characters except ``/`` |
    | ``{a,b}`` | ``a`` or ``b`` |
    | ``\`` | the next character literally |
    | ``/body/flags`` | a regular expression searched in the URL; flags ``i``, ``m``, ``s``, ``u`` |

    Every other glob character, ``?`` included, is literal. A relative glob
    (``/chat``, ``chat``) resolves against the ``base_url`` of `Launch
    Browser`, whose ``http`` scheme becomes ``ws``. An invalid pattern fails
    the keyword at once.

    | Route WebSocket    **/chat
    | Route WebSocket    ws://127.0.0.1:*/feed?symbol={ACME,INIT}
    | Route WebSocket    /chat\?room=\d+/i

    = Matching messages =

    Rule, wait and assertion keywords compare messages as their ``match``
    argument says:

    | =match= | =A message matches when= |
    | ``exact`` | it equals the argument (the default) |
    | ``glob`` | the whole text matches a shell pattern: ``*``, ``?``, ``[abc]`` |
    | ``regexp`` | the whole text matches a Python regular expression |
    | ``json`` | it parses as JSON and contains the argument: every key of an expected object is present with a matching value (recursively), lists match item by item with equal length, scalars are equal |

    A ``bytes`` argument (``${{b'\x01\x02'}}``) is a binary frame; a string
    is a text frame. In ``exact`` mode text never equals binary; the other
    modes read a binary message as UTF-8 text. Invalid JSON with
    ``match=json`` fails at once. Binary frames show in logs as hex.

    | Reply When Sent    ping    pong
    | Reply When Sent    get *    {"items": []}    match=glob
    | Reply When Sent    buy (\\d+)    bought {{1}}    match=regexp
    | Wait For Sent Message    {"op": "join", "room": "lobby"}    match=json

    = Reply templates =

    Replies of `Reply When Sent` and `Reply When Received` are templates:

    | =Placeholder= | =Filled with= |
    | ``{{message}}`` | the whole matched message |
    | ``{{a.b.0}}`` | with ``match=json``, the value at that path: strings without quotes, other values as JSON |
    | ``{{1}}``, ``{{name}}`` | with ``match=regexp``, a numbered or named group |

    A placeholder that the message cannot fill sends nothing and fails the
    running test with a message naming the placeholder and the message.

    | Reply When Sent    {"op": "echo"}    {"echo": {{payload}}}    match=json
    | Reply When Sent    (?P<cmd>\\w+) .*    done {{cmd}}    match=regexp

    = Timeouts =

    Waits use the import argument ``timeout`` (default 5 seconds) unless
    given their own; `Set WebSocket Timeout` changes it. Times are Robot
    Framework time strings: ``500 ms``, ``2 s``, ``1 min``. A wait also
    ends when a Robot Framework test or keyword timeout interrupts it.

    = Cleanup =

    The import argument ``auto_cleanup`` says when routes, rules and
    recorded messages go away:

    | =auto_cleanup= | =Effect= |
    | ``test`` | the default: what a test created is removed when it ends; what a suite setup created lives until that suite ends |
    | ``suite`` | everything lives until the suite that created it ends |
    | ``manual`` | nothing is removed automatically; use `Unroute WebSocket` |

    Open sockets of a removed route stay open with nothing answering them.

    = The log and errors =

    Every test's WebSocket traffic appears in the log as a table: time since
    the test started, socket and route, direction, message (shortened,
    binary as hex) and what handled it. Traffic of suite setups and
    teardowns appears at the suite's end.

    Errors that happen while the browser talks to the library (a template
    that cannot be filled, anything unexpected) fail the test in which they
    happened, at the next keyword of this library or when the test ends.
    None is lost.

    Each route keeps its most recent ``message_limit`` messages (import
    argument, default 100000; ``None`` keeps all). Older ones are dropped
    and the log says how many.

    = Playwright's WebSocketRoute and these keywords =

    | =Playwright= | =Keyword= |
    | ``page.route_web_socket(url, handler)`` | `Route WebSocket` with ``scope=page`` |
    | ``context.route_web_socket(url, handler)`` | `Route WebSocket` |
    | ``ws.connect_to_server()`` | `Connect To Server` |
    | ``ws.on_message(handler)`` | `Reply When Sent`, `Drop When Sent`, `Close Socket When Sent` |
    | ``server.on_message(handler)`` | `Reply When Received`, `Drop When Received` |
    | ``ws.send(message)`` | `Send To Page`, `Send On Open` |
    | ``server.send(message)`` | `Send To Server` |
    | ``ws.close(code, reason)`` | `Close Socket` |
    | ``ws.on_close(handler)`` | `Wait For WebSocket Close` |
    | ``ws.url`` | `Get WebSocket Urls`, `Wait For WebSocket` |
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_VERSION = __version__
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(
        self,
        timeout: timedelta = "5 s",
        headless: bool = True,
        executable_path: str | None = None,
        auto_cleanup: AutoCleanup = AutoCleanup.test,
        message_limit: int | None = 100000,
    ):
        """Imports the library.

        ``timeout`` is the default of every wait (a Robot Framework time).
        ``headless`` and ``executable_path`` are used when `Open Page`
        launches a browser by itself; ``executable_path`` is also the default
        of `Launch Browser`. ``auto_cleanup`` is ``test``, ``suite`` or
        ``manual`` (see `Cleanup`). ``message_limit`` is how many messages
        each route keeps (``None``: all).

        | Library    WsRouteLibrary    timeout=10 s    auto_cleanup=suite
        """
        self.timeout = to_seconds(timeout)
        if message_limit is not None and message_limit < 1:
            raise WsRouteError(
                f"message_limit={message_limit} would keep no messages. Give 1 or "
                "more, or None to keep all."
            )
        self.auto_cleanup = auto_cleanup
        self.engine = Engine(headless, executable_path, message_limit)
        self.ROBOT_LIBRARY_LISTENER = self
        DynamicCore.__init__(
            self,
            [
                SessionKeywords(self),
                RoutingKeywords(self),
                RuleKeywords(self),
                ActionKeywords(self),
                ObservationKeywords(self),
            ],
        )

    def run_keyword(self, name: str, args: tuple, kwargs: dict | None = None) -> Any:
        self._raise_errors()
        result = DynamicCore.run_keyword(self, name, args, kwargs)
        self._raise_errors()
        return result

    def _raise_errors(self) -> None:
        errors = self.engine.take_errors()
        if errors:
            raise AssertionError(_join_errors(errors))

    # Listener interface: scopes for cleanup, the traffic log, errors.

    def start_suite(self, data: Any, result: Any) -> None:
        self.engine.start_scope(f"suite {data.name}")

    def end_suite(self, data: Any, result: Any) -> None:
        self._end_scope(result, self.auto_cleanup is not AutoCleanup.manual)

    def start_test(self, data: Any, result: Any) -> None:
        self.engine.start_scope(f"test {data.name}")

    def end_test(self, data: Any, result: Any) -> None:
        self._end_scope(result, self.auto_cleanup is AutoCleanup.test)

    def _end_scope(self, result: Any, remove: bool) -> None:
        entries, routes_of, errors, started, dropped = self.engine.end_scope(remove)
        if entries:
            logger.info(render_table(entries, routes_of, started, dropped), html=True)
        if errors:
            message = _join_errors(errors)
            logger.error(message)
            result.status = "FAIL"
            result.message = f"{result.message}\n\n{message}" if result.message else message

    def close(self) -> None:
        self.engine.shutdown()


def _join_errors(errors: list[str]) -> str:
    if len(errors) == 1:
        return errors[0]
    return f"{len(errors)} errors happened on WebSockets:\n" + "\n".join(
        f"{number}) {error}" for number, error in enumerate(errors, 1)
    )
