"""The library class: import arguments, its keyword classes and its listener."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robotlibcore import DynamicCore

from .datatypes import AutoCleanup
from .engine import Engine
from .errors import InvalidInputError, LoopError
from .keywords import (
    ActionKeywords,
    FaultKeywords,
    ObservationKeywords,
    RecordingKeywords,
    RoutingKeywords,
    RuleKeywords,
    SessionKeywords,
    WatchKeywords,
)
from .keywords.base import convert_time, to_seconds
from .keywords.plugins import load_plugins, plugin_sections
from .keywords.protocols import ProtocolKeywords
from .listener import LibraryListener, join_errors
from .settings import ScopedSetting
from .version import __version__


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

    The demo app of the project's ``examples/app`` (serve it with ``python3
    -m http.server 8000`` in that folder) shows live prices from a socket
    at ``/ticker``. This suite plays the server:

    | ``*** Settings ***``
    | Library    WsRouteLibrary
    |
    | ``*** Test Cases ***``
    | Ticker Shows The Opening Prices
    |     Route WebSocket    **/ticker
    |     Send On Open    {"type": "hello", "market": "open"}
    |     Reply When Sent    {"type": "subscribe"}
    |     ...    {"type": "snapshot", "prices": {"{{symbols.0}}": 101.25}}    match=json
    |     Open Page    http://127.0.0.1:8000/
    |     Wait For Sent Message    {"type": "subscribe", "symbols": ["ACME", "INIT", "WSCO"]}    match=json
    |     Send To Page    {"type": "price", "symbol": "ACME", "price": 102.75}
    |     Wait Until Keyword Succeeds    5 s    50 ms    Price Should Be    ACME    102.75
    |
    | ``*** Keywords ***``
    | Price Should Be
    |     [Arguments]    ${symbol}    ${expected}
    |     ${price} =    Run JavaScript
    |     ...    (s) => document.querySelector('tr[data-symbol="' + s + '"] .price').textContent
    |     ...    ${symbol}
    |     Should Be Equal    ${price}    ${expected}

    = How routing works =

    `Route WebSocket` takes over every WebSocket whose URL matches its
    pattern and that opens after the keyword ran; a page need not reload.
    Such a socket is *mocked*: it opens at once without contacting any
    server, and what the page sends is recorded and answered only by rules.
    `Connect To Server` turns a route *connected*: its sockets talk to the
    real server, and rules can still answer, drop or rewrite messages in
    both directions. Sockets that no route matches go to their server
    untouched: those whose URL no glob route ever matched do so inside the
    browser at full speed; those a removed route or a regular-expression
    route made Playwright look at pass through Playwright's driver (see
    `Limits of Playwright's routing`).

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

    = Watching without routing =

    A test that only waits for, or asserts on, what the real server sends
    need not route the socket. Routing, even with `Connect To Server`,
    passes every message through Playwright's driver and the library's
    Python, which makes a round trip several times slower than the
    browser's own. `Watch WebSocket` records sockets without routing them:
    the page talks to its server directly, at full speed, and the library
    records what the browser reports of each socket (its messages both
    ways, its open, its close with code and reason) as it records a route's
    traffic.

    | Watch WebSocket    **/feed
    | Open Page    http://127.0.0.1:8000/
    | Wait For Received Message    {"type": "price", "symbol": "ACME"}    match=json
    | Sent Messages Should Contain    {"type": "subscribe"}    match=json
    | ${close} =    Wait For WebSocket Close
    | Should Be Equal As Integers    ${close}[code]    4000

    Waits, assertions, `Get Sent Messages`, `Get WebSocket Urls`, `Save
    WebSocket Traffic` and the log work on a watch as on a route; a watch is
    the current route for ``url=None`` and is cleaned up as a route is.
    Keywords that change traffic (rules, `Send To Page`, `Send To Server`,
    `Close Socket`, the fault keywords) fail on a watch and say to route
    instead. A socket that a route matches is the route's, not the watch's.
    A watch works on the library's own browser, on an attached one and
    through a browser server. The page's open and close events reach the
    library through a small script that the first watch adds to every page
    (it wraps the page's ``WebSocket`` class, which stays a ``WebSocket``
    to the page); pages that loaded before the first watch get it at once.

    = When a route catches nothing =

    The usual mistakes with URL patterns: ``**/feed`` does not match
    ``wss://host/feed?token=abc`` (the query is part of the URL),
    ``ws://localhost/...`` is not ``ws://127.0.0.1/...``, a page URL's
    ``http://`` is not a socket's ``ws://``, and a route made after the page
    opened its socket catches nothing. The library notes every socket that
    opens and no route takes, so when a wait on a route times out
    (`Wait For WebSocket`, `Send To Page`, or a wait for a message or a
    close on a route that never had a socket), the failure names those
    sockets, says why the route missed each and which pattern would have
    caught it; the test's log says the same under its traffic table:

    | No socket of route '**/feed' was open in 5 seconds. A socket opened that
    | no route caught: ws://127.0.0.1:8000/feed?token=abc (its query ?token=abc
    | is part of the URL that the pattern must match; '**/feed?*' would catch it).

    = Common arguments =

    Many keywords share these arguments, and they mean the same in each:

    | =Argument= | =Meaning= |
    | ``url`` | the route to act on, by its pattern exactly as it was given to `Route WebSocket`; ``None`` (the default): the current route, the one routed most recently |
    | ``message`` | a message to compare with: a string is a text frame, ``bytes`` a binary frame; compared as ``match`` says |
    | ``match`` | how ``message`` is compared: ``exact`` (the default), ``glob``, ``regexp`` or ``json``; see `Matching messages` |
    | ``timeout`` | how long the keyword waits, a Robot Framework time (``500 ms``, ``2 s``); ``None``: the library timeout (see `Timeouts`) |
    | ``times`` | how many messages a rule handles before it retires; ``None``: no limit |
    | ``delay`` | how long after the matching message a rule's replies go out, holding up no other traffic; ``None``: at once |

    Keywords carry tags that group them, so the keyword list can be
    filtered by area: ``Session`` (browsers and pages), ``Routing``,
    ``Rule`` (declarative answers), ``Action`` (act on open sockets now),
    ``Wait``, ``Assertion``, ``Recording`` (HAR files), ``Fault`` (refused,
    dropped and slow connections) and ``Watch`` (recording without routing).

    = URL patterns =

    A route pattern is a glob or a regular expression.

    | =Pattern= | =Meaning= |
    | ``**`` | any characters, ``/`` included |
    | ``*`` | any characters except ``/`` |
    | ``{a,b}`` | ``a`` or ``b`` |
    | ``\`` | the next character literally |
    | ``/body/flags`` | a regular expression searched in the URL; flags ``i``, ``m``, ``s`` (JavaScript's ``d g u v y`` are accepted and ignored) |

    A text is read as a regular expression only when what follows its last
    ``/`` is empty or a set of those flags: ``/api/chat`` is a relative glob
    (``chat`` is no set of flags), ``/chat/i`` a regular expression.
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
    Values are inserted as they are, not escaped: in a JSON reply, a text
    that contains ``"`` makes the reply invalid JSON; insert such a value
    with a JSON path to its parent object, or match with ``regexp``.

    | Reply When Sent    {"op": "echo"}    {"echo": {{payload}}}    match=json
    | Reply When Sent    (?P<cmd>\\w+) .*    done {{cmd}}    match=regexp

    = Recording and replay =

    Record a real conversation once, then let the recording play the
    server in every later run. `Save WebSocket Traffic` writes a route's
    sockets, mocked or connected, to a HAR file in the shape Chrome DevTools
    and Playwright write (``_resourceType`` ``websocket``,
    ``_webSocketMessages``); DevTools' Network panel opens it. `Replay
    WebSocket Traffic` makes a route answer from such a file, or from a HAR
    that Playwright (``record_har_path``), Browser library (``recordHar``)
    or Chrome DevTools ("Save all as HAR with content") wrote; only its
    WebSocket entries count.

    | ``*** Test Cases ***``
    | Record The Chat Once
    |     Route WebSocket    **/chat
    |     Connect To Server
    |     Open Page    http://127.0.0.1:8000/chat.html
    |     Wait For Received Message    {"type": "joined"}    match=json
    |     Save WebSocket Traffic    ${CURDIR}/chat.har
    |
    | Replay The Chat Without A Server
    |     Route WebSocket    **/chat
    |     Replay WebSocket Traffic    ${CURDIR}/chat.har    match=json    ignore=id, ts
    |     Reply When Sent    {"type": "say"}    {"type": "error", "text": "muted"}    match=json
    |     Open Page    http://127.0.0.1:8000/chat.html
    |     Wait Until Keyword Succeeds    5 s    100 ms    Replay Should Be Complete

    How a recording is replayed:

    - Each socket the page opens takes the next recorded conversation of
      the file, in file order; after the last, the last again.
    - Server messages recorded before the page's first message arrive as
      the socket opens. When the page sends the next recorded page message,
      the server messages that followed it are sent back: at once
      (``timing=immediate``) or with the recorded gaps (``timing=recorded``).
    - Page messages are compared as ``match`` says; ``ignore`` leaves JSON
      paths (``id``, ``meta.ts``, ``items.*.id``) out of a ``match=json``
      comparison, for ids, timestamps and tokens that change every run.
    - A page message that is not the next recorded one fails the test with
      the expected message, the actual one and where they first differ
      (``strict=True``), or is recorded and skipped (``strict=False``).
    - Rules of the route win: a rule that answers a page message replaces
      its recorded answer, so a test can patch one answer of a recording.
    - The log table notes, for each message, where in the recording it
      comes from: ``replayed from recording, conversation 2, message 7``.
    - `Replay Should Be Complete` fails while the page has not sent every
      recorded page message, listing them.

    = Protocols =

    `Route WebSocket` with ``protocol=socket.io`` or ``protocol=graphql-ws``
    makes a route speak the protocol an app runs over its WebSocket. Tests
    then write the app's events, not the wire format:

    - The library does the plumbing itself: on a mocked route it sends
      Engine.IO's open packet and pings on the server's schedule, answers
      the page's namespace connects (``40``), probes and pongs, answers the
      HTTP long-polling start that ``socket.io-client`` makes by default and
      its upgrade to a WebSocket, and answers graphql-ws's
      ``connection_init`` with ``connection_ack`` and its pings with pongs.
      On a connected route that plumbing passes through untouched.
    - Rules, waits, assertions, `Send To Page`, `Send To Server`, `Send On
      Open`, the log and `Save WebSocket Traffic` work on the app's
      messages, decoded from the frames in both directions (a Socket.IO
      binary event and its attachments are one message). Plumbing is not
      recorded. `Send On Open` messages go once the app's session is up (its
      namespace connect, graphql-ws's ``connection_ack``).
    - A frame the protocol does not allow is recorded as it came and fails
      the test with a message that shows it.

    Every message is recorded and matched as JSON, its *canonical text*:

    | =Message= | =Canonical text= |
    | Socket.IO event | ``{"event": "chat", "args": ["hi"], "namespace": "/"}``, with ``"ack": 3`` when the sender waits for an acknowledgement |
    | Socket.IO acknowledgement | ``{"ack": 3, "args": ["ok"], "namespace": "/"}`` |
    | Socket.IO namespace connect, refusal, disconnect | ``{"connect": "/admin"}`` (with ``"auth"`` from the page, ``"sid"`` to it), ``{"connect_error": "/admin", "message": "..."}``, ``{"disconnect": "/admin"}`` |
    | Socket.IO binary argument | ``{"$binary": "AQID"}`` (base64) |
    | GraphQL operation | ``{"type": "subscribe", "id": "1", "operationName": "OnMessage", "query": "...", "variables": {...}}`` |
    | GraphQL result, error, end | ``{"type": "next", "id": "1", "operationName": "OnMessage", "payload": {"data": ...}}``, ``"type": "error"`` with a list of errors, ``"type": "complete"`` |
    | graphql-ws handshake | ``{"type": "connection_init", "payload": {...}}``, ``{"type": "connection_ack"}`` |

    The ``operationName`` of GraphQL messages is the name the app gave the
    operation (taken from its query when the client sends none), so a test
    follows an operation by that name.

    How messages are written in a suite:

    | =match= | =On a protocol route= |
    | ``exact`` | the message equals the one written, as JSON (spacing and key order do not matter); a Socket.IO namespace left out is ``/``; ack ids, ``sid``, GraphQL ``id`` and ``operationName`` left out are not compared |
    | ``json`` | the message contains the one written (see `Matching messages`) |
    | ``glob``, ``regexp`` | over the canonical text |

    A Socket.IO event may be written as an array, ``["chat message", "hi"]``
    (the event's name, then its arguments), or just as its name when it has
    no arguments (``ping``). Replies are templates over the matched
    message's canonical JSON (``{{args.0}}``, ``{{variables.room}}``), in
    every match mode. A reply answers the message its rule matched:

    - Socket.IO: a reply event goes to the matched event's namespace;
      ``{"ack": [...]}`` acknowledges the matched event with those
      arguments; ``{"connect_error": "/admin", "message": "..."}`` refuses a
      namespace connect.
    - graphql-ws: a result ``{"data": ...}`` is a ``next`` for the matched
      operation; for a query or mutation a ``complete`` follows by itself,
      a subscription stays active. ``{"type": "error", "payload": [...]}``
      and ``{"type": "complete"}`` end it.

    | Route WebSocket    **/socket.io/**    protocol=socket.io
    | Reply When Sent    ["chat message", "hi"]    ["chat message", "hello from the mock"]
    | Reply When Sent    {"event": "add"}    {"ack": [5]}    match=json
    | Reply When Sent    {"connect": "/admin"}    {"connect_error": "/admin", "message": "not allowed"}    match=json
    | Wait For Sent Message    ["upload", "a.bin", {"$binary": "AQID"}]
    | Emit Socket.IO Event    news    ${article}    namespace=/feed
    |
    | Route WebSocket    **/graphql    protocol=graphql-ws
    | Reply When Sent    {"operationName": "SendMessage"}    {"data": {"sendMessage": "{{variables.text}}"}}    match=json
    | Wait For Sent Message    {"operationName": "OnMessage", "variables": {"room": "lobby"}}    match=json
    | Send GraphQL Result    OnMessage    {"data": {"message": {"text": "hi"}}}
    | Complete GraphQL Operation    OnMessage
    |
    | Route WebSocket    **/socket.io/**    protocol=socket.io
    | Connect To Server
    | Drop When Received    {"event": "ad"}    match=json

    Connect a protocol route before the page opens its socket: a socket the
    mock already greeted cannot be handed to the server. A route for
    Socket.IO should match its WebSocket and its long-polling URL alike,
    e.g. ``**/socket.io/**``.

    *Adding a protocol.* Each protocol is one module of the package
    ``WsRouteLibrary.protocols`` with a ``Codec`` subclass (see its
    ``base.py``): it decodes a frame into app messages, plumbing or an
    invalid frame, encodes messages into frames, says what a mocked server
    answers and sends by itself, and keeps the socket's state. It knows
    nothing of Playwright or Robot Framework; listing it in the package's
    registry makes ``protocol=NAME`` pick it. STOMP, SignalR or Phoenix
    channels fit the same seam.

    = Faults and network conditions =

    The code that breaks in production is the reconnect logic, the spinner,
    the "connection lost" banner and the retry with backoff. These keywords
    make a route fail the way networks and servers fail, on mocked and
    connected routes alike:

    | =Keyword= | =What the page goes through= |
    | `Reject WebSocket Connections` | sockets that open are refused, as by a server that refuses the handshake; ``times=2`` refuses two and accepts the third; on a connected route the server is never contacted |
    | `Accept WebSocket Connections` | sockets open again |
    | `Drop WebSocket Connections` | open sockets end as a lost network ends them: no close handshake, nothing on its way arrives |
    | `Set WebSocket Latency` | every message in a direction arrives that much later, in order |
    | `Hold WebSocket Messages` | messages in a direction stall, in order, until `Release WebSocket Messages` |

    What the page sees, in Chromium:

    | =Fault= | =Events of the page's WebSocket= |
    | refused | no ``open``; ``close`` with code 1006, reason empty, ``wasClean`` false |
    | dropped | ``close`` with code 1006, reason empty, ``wasClean`` false (after ``open``) |
    | a real refused handshake, for comparison | ``error``, then ``close`` with code 1006, ``wasClean`` false |
    | a real broken connection, for comparison | ``close`` with code 1006, ``wasClean`` false |

    Playwright's routing cannot make the ``error`` event that a browser
    fires before the close of a refused handshake: an app that notices a
    refusal only through ``error`` does not notice this one. The server of
    a dropped connected socket gets a close frame without a status code
    (1005): a browser can neither cut a connection nor send 1006. The log
    records refusals and drops as closes with code 1006 and the notes
    ``refused`` and ``dropped``; `Wait For WebSocket Close` returns them.

    A latency or a hold applies where messages cross the route: in the
    ``received`` direction to everything the page gets (mocked replies,
    `Send To Page`, `Send On Open`, server messages, replayed messages),
    in the ``sent`` direction to what the page sends, before the rules,
    the recording and the server see it (and to `Send To Server`). A
    close waits behind the messages ahead of it. Messages are recorded
    when they are delivered, and the log notes each one's latency or how
    long it was held. Each socket's directions have their own queue and
    timer: other routes and the test's keywords never wait for them. On a
    protocol route (``protocol=socket.io``, ``graphql-ws``) the page's
    frames, `Send To Page` and rule replies wait as on any route, but
    server messages and the protocol's plumbing reach the page at once.

    Like rules, faults belong to the test or suite that set them (see
    `Cleanup`). When a test ends, its refusals, latencies and holds end;
    what they delayed or held is delivered at once, in order, as a network
    delivers what it buffered when a stall ends, and is logged with that
    test. What a suite set holds again when a test's own setting ends.

    | Reconnects After Two Refused Connections
    |     Route WebSocket    **/ticker
    |     Reject WebSocket Connections    times=2
    |     Open Page    http://127.0.0.1:8000/
    |     Wait For WebSocket    timeout=15 s
    |     ${urls} =    Get WebSocket Urls
    |     Length Should Be    ${urls}    3
    |
    | The Connection Drops
    |     Route WebSocket    **/ticker
    |     Open Page    http://127.0.0.1:8000/
    |     Wait For WebSocket
    |     Drop WebSocket Connections
    |     ${close} =    Wait For WebSocket Close
    |     Should Be Equal As Integers    ${close}[code]    1006

    = Timeouts =

    Waits use the import argument ``timeout`` (default 5 seconds) unless
    given their own; `Set WebSocket Timeout` changes it for the current
    suite, the current test or the whole run, and the old value comes back
    when that scope ends. Times are Robot
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
    binary as hex) and what handled it. Traffic of a suite setup or
    teardown appears inside that setup or teardown.

    Errors that happen while the browser talks to the library (a template
    that cannot be filled, anything unexpected) fail the test in which they
    happened, at the next keyword of this library or when the test ends; a
    wait in progress ends at once with the error. None is lost.

    Each route keeps its most recent ``message_limit`` messages (import
    argument, default 100000; ``None`` keeps all). Older ones are dropped
    and the log says how many.

    = Limits of Playwright's routing =

    - Playwright tells nothing when the real server accepts a connected
      socket. `Wait For WebSocket` returns when the socket is created, and
      `Send On Open` or `Send To Page` on a connected route open the page
      side at once, before the server answered (messages the page sends
      meanwhile are held back and reach the server when it is up).
    - With the page's default ``binaryType`` ``blob``, Playwright reads each
      binary frame asynchronously, so a text frame right behind a binary
      one can overtake it. Pages that set ``binaryType = "arraybuffer"``
      keep their order.
    - The page may close a socket only with 1000 or 3000-4999 (a browser
      rule); a `Close Socket` code that only servers may send (e.g. 1011)
      reaches the page as given and the real server as 1000 with the reason.
    - A socket closed by navigation or by closing the page has no close
      code in Playwright; `Wait For WebSocket Close` reports 1005.
    - Playwright cannot unroute. Every glob ever routed in a context keeps
      Playwright looking at sockets whose URL it matches, and once a
      regular-expression route (``/body/flags``) or a ``scope=page`` route
      exists, Playwright looks at every socket of the context (or page),
      because only globs are sure to read the same in the browser. Sockets
      that no current route matches still reach their server unchanged,
      but through Playwright's driver: a round trip then costs several times
      more (see the README's performance figures).

    = Using with Browser library and SeleniumLibrary =

    The library routes the WebSockets of a Chromium that Browser library or
    SeleniumLibrary started. ``Attach To Browser    SeleniumLibrary`` finds
    SeleniumLibrary's current browser by itself, local or on Selenium Grid 4,
    with no port to choose. Otherwise start that Chromium with
    ``--remote-debugging-port=PORT`` and give `Attach To Browser` the address
    ``http://127.0.0.1:PORT``. The other library keeps driving the browser
    and checking the page; routes apply to every context, page and popup of
    that browser, also those opened after attaching. No keyword name is
    shared with either library, so none needs a prefix.

    - Route first, then load the page. WebSockets that a page opened before
      the library attached are not routed; `Attach To Browser` warns about
      every page that was already loaded. Reload such a page, or navigate
      it, after routing.
    - `Quit Browser` only disconnects: the browser belongs to the library
      that started it. Pages that stay open keep Playwright's routing script
      until they reload or navigate, and a WebSocket they open meanwhile does
      not connect.
    - Only Chromium speaks the DevTools Protocol that attaching needs.

    With Browser library (``pip install robotframework-browser
    robotframework-browser-batteries``: the batteries bring Browser library's
    NodeJS side, no ``rfbrowser init`` needed; ``executablePath`` runs a
    system Chromium instead of a downloaded one):

    | ``*** Settings ***``
    | Library           Browser
    | Library           WsRouteLibrary
    | Suite Setup       Start Chromium And Attach
    | Suite Teardown    Run Keywords    Quit Browser    AND    Close Browser    ALL
    |
    | ``*** Test Cases ***``
    | Chat Shows The Mocked Answer
    |     Route WebSocket    **/chat
    |     Reply When Sent    hello    Hi from the mock
    |     Go To    http://127.0.0.1:8000/chat.html
    |     Fill Text    id=text    hello
    |     Click    id=send
    |     Get Text    id=last    ==    Hi from the mock
    |     Sent Messages Should Contain    hello
    |
    | ``*** Keywords ***``
    | Start Chromium And Attach
    |     New Browser    chromium    executablePath=/usr/bin/chromium
    |     ...    args=["--remote-debugging-port=9222"]
    |     New Page    about:blank
    |     Attach To Browser    http://127.0.0.1:9222

    With SeleniumLibrary (``pip install robotframework-seleniumlibrary``
    and a chromedriver matching the Chromium; ``--no-sandbox`` is needed
    when running as root; add ``remote_url=http://grid:4444`` to
    ``Open Browser`` to run the browser on Selenium Grid 4):

    | ``*** Settings ***``
    | Library           SeleniumLibrary
    | Library           WsRouteLibrary
    | Suite Setup       Start Chrome And Attach
    | Suite Teardown    Run Keywords    Quit Browser    AND    Close All Browsers
    |
    | ``*** Test Cases ***``
    | Chat Shows The Mocked Answer
    |     Route WebSocket    **/chat
    |     Reply When Sent    hello    Hi from the mock
    |     Go To    http://127.0.0.1:8000/chat.html
    |     Input Text    id=text    hello
    |     Click Button    id=send
    |     Wait Until Element Contains    id=last    Hi from the mock
    |     Sent Messages Should Contain    hello
    |
    | ``*** Keywords ***``
    | Start Chrome And Attach
    |     VAR    ${options}    add_argument("--headless=new")    add_argument("--no-sandbox")
    |     ...    separator=;
    |     Open Browser    about:blank    chrome    options=${options}
    |     Attach To Browser    SeleniumLibrary

    *Running at scale.* With pabot every process has its own library
    instance, its own Playwright and its own routes. `Attach To Browser`
    with ``SeleniumLibrary`` needs no port, locally or on Selenium Grid 4
    (whose ``se:cdp`` address it uses); for a browser started by hand, give
    each process's browser its own debugging port (a free one, not a fixed
    ``9222``) so processes never attach to each other's browsers. To run the
    browsers elsewhere, start ``python -m playwright launch-server`` on the browser
    machine and use `Connect To Browser Server`: every client, e.g. every
    pabot process, gets its own context on the shared browser, and the
    routes of one client never touch the pages of another. The client and
    the server need the same Playwright version. ``playwright run-server``
    works too but launches Playwright's own browser build, which must be
    installed where the server runs.

    = Playwright's WebSocketRoute and these keywords =

    ``ws`` is the page side of a routed socket, ``server`` the server side
    that ``ws.connect_to_server()`` returns. Names in parentheses are those of
    Playwright's pre-release API (1.48 development builds).

    | =Playwright= | =Keyword= |
    | ``page.route_web_socket(url, handler)`` | `Route WebSocket` with ``scope=page`` |
    | ``context.route_web_socket(url, handler)`` | `Route WebSocket` |
    | ``ws.connect_to_server()`` (``connect``) | `Connect To Server` |
    | ``ws.on_message(handler)`` (``routeSend``) | `Reply When Sent`, `Drop When Sent`, `Close Socket When Sent`; other page messages are recorded (`Wait For Sent Message`) and, on a connected route, forwarded |
    | ``server.on_message(handler)`` (``routeReceive``) | `Reply When Received`, `Drop When Received`; other server messages are forwarded and recorded (`Wait For Received Message`) |
    | ``ws.send(message)`` (``receive``) | `Send To Page`, `Send On Open` |
    | ``server.send(message)`` (``send``) | `Send To Server` |
    | ``ws.close(code, reason)`` | `Close Socket`, `Close Socket When Sent` |
    | ``server.close(code, reason)`` | `Close Socket` and `Close Socket When Sent` on a connected route; a page's close reaches the server by itself |
    | ``ws.on_close(handler)`` | `Wait For WebSocket Close` (the page closed) |
    | ``server.on_close(handler)`` | `Wait For WebSocket Close` (the server closed; the page gets the same code and reason) |
    | ``ws.url``, ``server.url`` | `Get WebSocket Urls`, `Wait For WebSocket` |
    | ``ws.protocols``, ``server.protocols`` | `Connect To Server`: the server chooses among them and the page sees its choice; on a mocked route (`Route WebSocket`) the page sees the first |
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_CONVERTERS = {timedelta: convert_time}
    ROBOT_LIBRARY_VERSION = __version__

    def __init__(
        self,
        timeout: timedelta = "5 s",
        headless: bool = True,
        executable_path: str | None = None,
        auto_cleanup: AutoCleanup = AutoCleanup.test,
        message_limit: int | None = 100000,
        plugins: str | None = None,
    ):
        """Imports the library.

        ``timeout`` is the default of every wait (a Robot Framework time).
        ``headless`` and ``executable_path`` are used when `Open Page`
        launches a browser by itself; ``executable_path`` is also the default
        of `Launch Browser`. ``auto_cleanup`` is ``test``, ``suite`` or
        ``manual`` (see `Cleanup`). ``message_limit`` is how many messages
        each route keeps (``None``: all). ``plugins`` adds protocols of your
        own, as ``module.Class`` names separated by commas (see `Protocol
        plug-ins`).

        | Library    WsRouteLibrary    timeout=10 s    auto_cleanup=suite
        | Library    WsRouteLibrary    plugins=myprotocols.JsonRpc
        """
        if message_limit is not None and message_limit < 1:
            raise InvalidInputError(
                f"message_limit={message_limit} would keep no messages. Give 1 or "
                "more, or None to keep all."
            )
        self.timeout = ScopedSetting(to_seconds(timeout))
        self.auto_cleanup = auto_cleanup
        self.engine = Engine(headless, executable_path, message_limit)
        self.listener = LibraryListener(self.engine, auto_cleanup, [self.timeout])
        self.plugins = load_plugins(self, plugins)
        DynamicCore.__init__(
            self,
            [
                *self.plugins,
                SessionKeywords(self),
                RoutingKeywords(self),
                RuleKeywords(self),
                ActionKeywords(self),
                FaultKeywords(self),
                ObservationKeywords(self),
                WatchKeywords(self),
                ProtocolKeywords(self),
                RecordingKeywords(self),
                self.listener,
            ],
        )

    def get_keyword_documentation(self, name: str) -> str:
        """The intro is followed by a section of each protocol plug-in."""
        documentation = DynamicCore.get_keyword_documentation(self, name)
        if name == "__intro__":
            documentation += plugin_sections(self.plugins)
        return documentation

    def run_keyword(self, name: str, args: tuple, kwargs: dict | None = None) -> Any:
        self._raise_errors()
        try:
            result = DynamicCore.run_keyword(self, name, args, kwargs)
        except LoopError:  # a wait ended by an error on the loop: report that
            self._raise_errors()
            raise
        self._raise_errors()
        return result

    def _raise_errors(self) -> None:
        errors = self.engine.take_errors()
        if errors:
            self.listener.raised(errors)
            raise AssertionError(join_errors(errors))

