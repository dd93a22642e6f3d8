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

`Route WebSocket` with ``protocol=NAME`` makes a route speak the protocol
an app runs over its WebSocket: ``socket.io``, ``graphql-ws``,
``stomp`` (also over SockJS), ``mqtt``, ``signalr`` and ``phoenix`` are
built in (their sections follow), and `Protocol plug-ins` add others.
Each protocol is tested in mocked mode against its real browser client
(``socket.io-client``, ``graphql-ws``, ``@stomp/stompjs`` with
``sockjs-client``, ``mqtt``, ``@microsoft/signalr``, ``phoenix``);
connected mode against real servers is tested for Socket.IO and
graphql-ws (STOMP and MQTT against RabbitMQ come next; no SignalR hub or
Phoenix server installs on the project's machine).
Tests then write the app's events, not the wire format:

- The library does the plumbing itself: on a mocked route it greets,
  pings and answers as the protocol's server does (handshakes,
  heart-beats, probes, the HTTP side-requests a client makes first), and
  answers the app's handshake unless a rule does. On a connected route
  all of it passes through untouched.
- Rules, waits, assertions, `Send To Page`, `Send To Server`, `Send On
  Open`, replay, the faults, the log and `Save WebSocket Traffic` work on
  the app's messages, decoded from the frames in both directions. The
  app's handshakes are messages too (they carry its ``auth`` and
  connection parameters, so rules can refuse them and tests assert on
  them); the transport's plumbing (pings, pongs, probes, upgrades) is not
  recorded. `Send On Open` messages go once the app's session is up.
- A frame the protocol does not allow is recorded as it came and fails
  the test with a message that shows it; a mocked server closes the
  socket where the protocol says a server does.

Every message is recorded and matched as JSON, its *canonical text*
(each protocol's section shows them), and written the same way in a
suite:

| =match= | =On a protocol route= |
| ``exact`` | the message equals the one written, as JSON (spacing and key order do not matter); ids the app picks itself, left out, are not compared |
| ``json`` | the message contains the one written (see `Matching messages`) |
| ``glob``, ``regexp`` | over the canonical text |

Replies are templates over the matched message's canonical JSON
(``{{args.0}}``, ``{{variables.room}}``), in every match mode, and a
reply answers the message its rule matched (an acknowledgement, a
result of that operation). Connect a protocol route before the page
opens its socket: a socket the mock already greeted cannot be handed to
the server.

%PROTOCOLS%

= Protocol plug-ins =

A protocol of your own is a Python module on the Python path, named in
the library's import: ``Library    WsRouteLibrary    plugins=mymodule.MyProtocol``
(several separated by commas). ``MyProtocol`` subclasses
``WsRouteLibrary.keywords.plugins.ProtocolPlugin``: its ``codec`` class
attribute is a ``WsRouteLibrary.protocols.base.Codec`` subclass that
decodes a frame into app messages, plumbing or an invalid frame, encodes
messages into frames, says what a mocked server answers and keeps the
socket's state (it knows nothing of Playwright or Robot Framework); its
``name`` is what ``protocol=`` takes. The class's keywords join the
library's, and its docstring becomes its section of this documentation.
``examples/plugins/jsonrpc.py`` is a complete one in about 100 lines:
JSON-RPC 2.0, where ``Reply When Sent    {"method": "add"}    {"result": 5}    match=json``
answers a request under its own id.

= Contracts =

Rules and assertions catch the messages a tester thought of; a contract
catches every other one: the renamed field, the number sent as a string,
the enum value the backend added. `Use AsyncAPI Document` reads the
AsyncAPI 2.x or 3.0 document (YAML or JSON, ``$ref`` entries resolved, also to
other files next to it) of the application the page talks to, and from
then on checks, live, every message that crosses the route: on mocked,
connected and replayed routes, the page's messages, the server's, and
those the library sends (rules' replies, `Send To Page`,
`Send Example Message`).

The document describes the server. In 2.x a channel's ``subscribe``
messages are what the page receives and its ``publish`` messages what the
page sends; in 3.0 the ``send`` operations are what the page receives and
the ``receive`` operations what it sends. A message that fits none of its
direction's definitions fails the test, at the next library keyword or at
the test's end, and still goes on (a contract observes, it does not block):

| Message '{"price": "abc"}' to the page does not fit AsyncAPI document 'quotes.yaml' (route '**/quotes'): closest message 'Quote', $.price: 'abc' is not of type 'number'.

The closest definition is the one whose ``const`` / ``enum`` properties
the message satisfies (in a ``oneOf``, the branch they select), else the
one it breaks least. A message that is no JSON fits nothing. The channel
is the one ``channel`` names, else the one whose ``address`` matches the
socket URL's path (``{parameters}`` match a path segment), else the only
one. The log of every test says which message definitions were seen and
which were not: the contract's coverage.

On a protocol route the decoded message is checked: its document, as
`Wait For Sent Message` returns it. For Socket.IO that is
``{"event": "chat message", "args": ["hi"], "namespace": "/"}``, so the
document's payload schema describes the event's name and arguments. The
protocol's own handshake (the page's Socket.IO ``connect`` and its
answer, graphql-ws ``connection_init`` / ``connection_ack``) is not
checked. A Socket.IO socket's URL path is ``/socket.io/``: give
``channel`` when the document has several channels.

`Send Example Message` sends the document's examples, so a route can be
mocked from the document alone; `Messages Should Match Schema` checks the
messages recorded so far against a JSON Schema and lists every one that
does not fit.

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
