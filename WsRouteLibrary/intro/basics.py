"""The intro's first part: what routing does, URL patterns, arguments, matching, templates."""

# ruff: noqa: E501 - the tables of libdoc must stay one row a line.

TEXT = r"""WsRouteLibrary mocks, intercepts and scripts the WebSocket traffic of a web page.

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
untouched (what that costs: `Limits of Playwright's routing`).

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

= When a route catches nothing =

The usual mistakes with URL patterns: ``**/feed`` does not match
``wss://host/feed?token=abc`` (the query is part of the URL),
``ws://localhost/...`` is not ``ws://127.0.0.1/...``, a page URL's
``http://`` is not a socket's ``ws://``, ``*`` stops at ``/`` (so
``*/socket.io/*`` misses every Socket.IO URL), and a route made after the
page opened its socket catches nothing. The library notes every socket that
opens and no route takes, so when a wait on a route times out
(`Wait For WebSocket`, `Send To Page`, or a wait for a message or a
close on a route that never had a socket), the failure names those
sockets, says why the route missed each and which pattern would have
caught it; the test's log says the same under its traffic table:

| No socket of route 'ws://localhost:8000/feed' was open in 5 seconds. A socket
| opened that no route caught: ws://127.0.0.1:8000/feed (it connects to 127.0.0.1,
| the pattern names localhost: to a URL pattern they are different hosts;
| 'ws://127.0.0.1:8000/feed' would catch it).

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
"""
