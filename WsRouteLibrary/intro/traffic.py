"""The intro's middle: watching, recording and replay, protocols, faults."""

# ruff: noqa: E501 - the tables of libdoc must stay one row a line.

TEXT = r"""= Watching without routing =

A test that only waits for, or asserts on, what the real server sends
need not route the socket: routing, even with `Connect To Server`,
makes a round trip several times slower than the browser's own.
`Watch WebSocket` records sockets without routing them: the page talks
to its server directly, at full speed, and the library records what the
browser reports of each socket as it records a route's traffic.

| Watch WebSocket    **/feed
| Open Page    http://127.0.0.1:8000/
| Wait For Received Message    {"type": "price", "symbol": "ACME"}    match=json
| Sent Messages Should Contain    {"type": "subscribe"}    match=json
| ${close} =    Wait For WebSocket Close
| Should Be Equal As Integers    ${close}[code]    4000

Waits, assertions, `Save WebSocket Traffic` and the log work on a watch
as on a route, on the library's own browser, an attached one and a
browser server; keywords that change traffic fail on a watch and say to
route instead (see `Watch WebSocket`).

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

Each socket the page opens replays the next recorded conversation:
what the server sent before the page's first message greets it, and
each recorded page message, when the page sends it, is answered with
what followed it. A page message that strays from the recording fails
the test showing the expected one, the actual one and where they first
differ; ``ignore`` leaves changing JSON fields (ids, timestamps) out.
Rules of the route win over the recording, so a test can patch one
answer, and `Replay Should Be Complete` fails while recorded page
messages are still to come. `Replay WebSocket Traffic` says what each
argument changes.

= Protocols =

`Route WebSocket` with ``protocol=socket.io`` or ``protocol=graphql-ws``
makes a route speak the protocol an app runs over its WebSocket. Tests
then write the app's events, not the wire format:

- The library does the plumbing itself: on a mocked route it sends
  Engine.IO's open packet and pings on the server's schedule, answers
  probes and pongs, the HTTP long-polling start that ``socket.io-client``
  makes by default and its upgrade to a WebSocket, and graphql-ws's
  pings. It answers the app's handshake too, unless a rule does: a
  namespace connect (``{"connect": "/"}``) with its ``sid``, graphql-ws's
  ``connection_init`` with ``connection_ack``. On a connected route all
  of it passes through untouched.
- Rules, waits, assertions, `Send To Page`, `Send To Server`, `Send On
  Open`, the log and `Save WebSocket Traffic` work on the app's
  messages, decoded from the frames in both directions (a Socket.IO
  binary event and its attachments are one message). The app's
  handshakes are messages too: namespace connects and their answers,
  ``connection_init`` and ``connection_ack`` are recorded (they carry the
  app's ``auth`` and connection parameters, so rules can refuse them and
  tests assert on them). The transport's plumbing is not recorded:
  Engine.IO's open packet, pings, pongs, probes, upgrade and noops,
  graphql-ws's pings and pongs. `Send On Open` messages go once the
  app's session is up (its namespace connect, graphql-ws's
  ``connection_ack``).
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

| Route WebSocket    url=**/socket.io/**    protocol=socket.io
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
| Route WebSocket    url=**/socket.io/**    protocol=socket.io
| Connect To Server
| Drop When Received    {"event": "ad"}    match=json

Connect a protocol route before the page opens its socket: a socket the
mock already greeted cannot be handed to the server.

*Socket.IO's two transports.* A Socket.IO session is one socket of the
route, first over HTTP long-polling, then over the WebSocket the client
upgrades to. A route must match both URLs: ``**/socket.io/**`` does, and
``*/socket.io/*`` neither (``*`` stops at ``/``). Nothing is lost in the
handover, in either direction: what was on its way to the page over
polling arrives over the WebSocket, first and in order, and the page's
packets still arriving by HTTP reach the same socket. No test needs to
wait for the upgrade. `Wait For WebSocket` and `Get WebSocket Urls`
give the session's URL in ``ws://`` form: the long-polling URL
(``ws://HOST/socket.io/?EIO=4&transport=polling``) until the client
upgrades, the upgrade WebSocket's
(``ws://HOST/socket.io/?EIO=4&transport=websocket&sid=...``) after.

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

What the page sees, in Chromium (the keywords' own docs refer here):

| =Fault= | =Events of the page's WebSocket= |
| refused | no ``open``; ``close`` with code 1006, reason empty, ``wasClean`` false |
| dropped | ``close`` with code 1006, reason empty, ``wasClean`` false (after ``open``) |
| a real refused handshake, for comparison | ``error``, then ``close`` with code 1006, ``wasClean`` false |
| a real broken connection, for comparison | ``close`` with code 1006, ``wasClean`` false |

Playwright's routing cannot make the ``error`` event that a browser
fires before the close of a refused handshake: an app that notices a
refusal only through ``error`` does not notice this one. The server of
a dropped connected socket gets a close frame without a status code
(1005): a browser can neither cut a connection nor send 1006.

A latency or a hold applies where messages cross the route, in order,
with a close behind the messages ahead of it (which messages each
direction covers: `Set WebSocket Latency`). Each socket's directions
have their own queue and timer: other routes and the test's keywords
never wait for them. On a protocol route the page's frames, `Send To
Page` and rule replies wait as on any route, but server messages and
the protocol's plumbing reach the page at once.

Like rules, faults belong to the test or suite that set them (see
`Cleanup`). When a test ends, its refusals, latencies and holds end,
and what they delayed or held is delivered at once, in order, logged
with that test. What a suite set holds again when a test's own setting
ends.

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
"""
