*** Settings ***
Documentation       Acceptance tests of issue 19 (hardening) for the traffic core: a real
...                 socket.io-client and graphql-ws client against the library's protocol
...                 routes, mocked and connected to real python-socketio and strawberry
...                 servers. Nothing is lost over the Socket.IO upgrade, a refusal is seen at
...                 once, replays answer with this run's ids, hints cover polling requests, the
...                 journal holds app messages only and no page outlives its test.
...                 Every test is tagged hardening.
Resource            ../protocols/protocols.resource
Library             OperatingSystem
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open Hardening Page
Test Teardown       Close Page Sockets
Test Timeout        1 minute
Test Tags           hardening


*** Variables ***
${COUNTDOWN}        subscription Countdown($from: Int!) { countdown(start: $from) }
${ROUNDS}           4
${BURST}            30


*** Test Cases ***
Every Reply To A Burst From Connect On Arrives In Order Over The Upgrade
    [Documentation]    A chat that logs in again on every reconnect: from each connect on the
    ...    page emits ${BURST} events, one every 5 ms, so they span the client's default
    ...    upgrade from long-polling to WebSocket; a rule answers each. The page must get
    ...    every answer, in order, on each of ${ROUNDS} connections: none is lost to the
    ...    pending poll's noop or the probe of the upgrade.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"event": "msg"}    ["reply", "{{args.0}}"]    match=json
    ${replies} =    Run JavaScript    ([n, r]) => burstsOnConnect(n, 5, r, 3000)    ${{[${BURST}, ${ROUNDS}]}}
    Every Round Should Have Every Reply    ${replies}

Every Reply To Events Emitted At Connect Arrives In Order
    [Documentation]    As above, but the page emits its ${BURST} events at once in its connect
    ...    handler, as an app that sends its login and subscriptions there does.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"event": "msg"}    ["reply", "{{args.0}}"]    match=json
    ${replies} =    Run JavaScript    ([n, r]) => burstsOnConnect(n, 0, r, 3000)    ${{[${BURST}, ${ROUNDS}]}}
    Every Round Should Have Every Reply    ${replies}

Every Server Answer To A Burst Arrives In Order Over The Upgrade On A Connected Route
    [Documentation]    The same chat against the real python-socketio server through a
    ...    connected route: the server echoes each ``chat message``; the page must get
    ...    every echo, in order, on each of ${ROUNDS} connections.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    ${replies} =    Run JavaScript
    ...    ([n, r]) => burstsOnConnect(n, 5, r, 3000, "chat message", "chat message")
    ...    ${{[${BURST}, ${ROUNDS}]}}
    ${expected} =    Evaluate    [[f'echo: {r}-{i}' for i in range(${BURST})] for r in range(${ROUNDS})]
    Lists Should Be Equal    ${replies}    ${expected}

Events The Test Emits During The Upgrade All Arrive In Order
    [Documentation]    The test pushes ${BURST} events with Emit Socket.IO Event from the
    ...    page's namespace connect on, while the client upgrades from long-polling to
    ...    WebSocket; the page must get all of them, in order, on each of ${ROUNDS}
    ...    connections.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    ${socket} =    Run JavaScript    () => connectIo("/", {reconnectionDelay: 50, reconnectionDelayMax: 100})
    FOR    ${round}    IN RANGE    ${ROUNDS}
        Wait For Sent Message    {"connect": "/"}    match=json
        Clear WebSocket Messages
        FOR    ${i}    IN RANGE    ${BURST}
            Emit Socket.IO Event    news    ${round}-${i}
        END
        ${got} =    Run JavaScript    ([i, n]) => eventsOf(i, "news", n, 3000)    ${{[${socket}, ${BURST} * (${round} + 1)]}}
        ${expected} =    Evaluate    [[f'{r}-{i}'] for r in range(${round} + 1) for i in range(${BURST})]
        Lists Should Be Equal    ${got}    ${expected}
        Run JavaScript    (i) => sockets[i].io.engine.close()    ${socket}
    END

A Refused SocketIO Handshake Is Seen At Once On A Mocked Route
    [Documentation]    Reject WebSocket Connections on a mocked Socket.IO route refuses the
    ...    long-polling handshake: socket.io-client (connect timeout 20 s) reports a
    ...    connect_error within 3 s instead of waiting for its timeout.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reject WebSocket Connections
    Page Should See A Refusal

A Refused SocketIO Handshake Is Seen At Once On A Connected Route
    [Documentation]    The same on a route connected to the real python-socketio server: the
    ...    refusal comes before the server is contacted, and the page sees connect_error
    ...    within 3 s.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Reject WebSocket Connections
    Page Should See A Refusal
    ${seen} =    Socketio Server Events    connect
    Should Be Empty    ${seen}

A Replayed graphql-ws Subscription Reaches The Client Under Its Live Id
    [Documentation]    A conversation recorded against the real graphql-ws server is replayed
    ...    to a client whose operation ids differ from the recorded ones (ids are
    ...    ``live-N``): the replay answers under the live id, so the client gets the
    ...    recorded results and completion.
    ${har} =    Record A Countdown Against The Server
    Open GraphQL Hardening Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Replay WebSocket Traffic    ${har}
    Countdown Should Be Replayed To A Client With Ids    live-

A Replayed graphql-ws Subscription Reaches The Client Under Its Live Id With Ignore Id
    [Documentation]    As above with ``match=json    ignore=id``: the recorded id is not
    ...    compared, and the answers still go out under the live id.
    ${har} =    Record A Countdown Against The Server
    Open GraphQL Hardening Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Replay WebSocket Traffic    ${har}    match=json    ignore=id
    Countdown Should Be Replayed To A Client With Ids    other-

A Replayed SocketIO Acknowledgement Reaches The Live Callback
    [Documentation]    A Socket.IO conversation with an acknowledged ``add`` is recorded
    ...    against the real python-socketio server (ack id 0), then replayed to a client
    ...    whose next ack id is 3 (as when it acknowledged three events before): the
    ...    replay takes the live ack id for the recorded one, and its acknowledgement
    ...    answers ack id 3, so the page's callback gets ``5``.
    ${har} =    Record An Acknowledged Add Against The Server
    Replay WebSocket Traffic    ${har}
    Add Should Be Acknowledged After Ack Id    3

A Replayed SocketIO Acknowledgement Reaches The Live Callback With Ignore Ack
    [Documentation]    As above with ``match=json    ignore=ack``: the recorded ack id is not
    ...    compared, and the acknowledgement still answers the live ack id.
    ${har} =    Record An Acknowledged Add Against The Server
    Replay WebSocket Traffic    ${har}    match=json    ignore=ack
    Add Should Be Acknowledged After Ack Id    2

The Docs' SocketIO Pattern Gets A Hint Naming The Missed Polling Request
    [Documentation]    ``*/socket.io/*`` (``*`` stops at ``/``) catches none of the long-polling
    ...    requests of a client that only polls. The timeout of Wait For WebSocket names
    ...    the missed request and a pattern that catches it.
    ...
    ...    FAIL GLOB: No socket of route '*/socket.io/*' was open in 1 second.*://127.0.0.1:*/socket.io/?EIO=4&transport=polling*' would catch it*
    Route WebSocket    */socket.io/*    protocol=socket.io
    Page Connects SocketIO    transports=${{["polling"]}}
    Page Should See    connect
    Wait For WebSocket    timeout=1 s

A Message Wait On The Docs' SocketIO Pattern Names The Missed Requests
    [Documentation]    With the client's default transports (polling, then the upgrade),
    ...    ``*/socket.io/*`` catches neither the polling requests nor the upgrade socket.
    ...    A message wait on the route, which never had a socket, names the missed polling
    ...    request and a pattern that catches it.
    ...
    ...    FAIL GLOB: Sent message '[[]"chat message", "hi"]' did not arrive in 1 second on route '*/socket.io/*'.*://127.0.0.1:*/socket.io/?EIO=4&transport=polling*' would catch it*
    Route WebSocket    */socket.io/*    protocol=socket.io
    Page Connects SocketIO
    Page Should See    connect
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    Wait For Sent Message    ["chat message", "hi"]    timeout=1 s

Get WebSocket Urls Returns The Socket URL After The Upgrade
    [Documentation]    On a mocked Socket.IO route, the page's session is one socket of the
    ...    route; its URL is the ws:// form of the session URL, and once the client has
    ...    upgraded it is the WebSocket's URL (``transport=websocket``), not the
    ...    polling URL no WebSocket ever had. Before the upgrade it would be
    ...    ``ws://HOST/socket.io/?EIO=4&transport=polling``.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO
    Page Should See    connect
    Wait Until Keyword Succeeds    3 s    20 ms    Page Transport Should Be    websocket
    ${url} =    Wait For WebSocket
    Should Start With    ${url}    ws://127.0.0.1:
    Should Contain    ${url}    /socket.io/?EIO=4&transport=websocket
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    1
    Should Be Equal    ${urls}[0]    ${url}

Get WebSocket Urls Returns The ws Form Of The Session URL Without An Upgrade
    [Documentation]    A client that only polls never opens a WebSocket: its session is still
    ...    one socket of the route, and its URL is the ws:// form of the long-polling
    ...    session URL (``ws://HOST/socket.io/?EIO=4&transport=polling``).
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["polling"]}}
    Page Should See    connect
    ${url} =    Wait For WebSocket
    Should Start With    ${url}    ws://127.0.0.1:
    Should Contain    ${url}    /socket.io/?EIO=4&transport=polling
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$url]}}

The SocketIO Journal Holds App Messages And The Namespace Connect Only
    [Documentation]    The journal holds what the app sent and got: the namespace connect
    ...    and its answer (the handshake that carries ``auth``, which rules refuse and
    ...    tests assert on) and events, nothing of Engine.IO's plumbing (open, pings,
    ...    pongs, the probe and the upgrade, noops), over long-polling and WebSocket alike.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    ["chat message", "hi"]    ["chat message", "hello"]
    Page Connects SocketIO    auth=${{{"token": "t1"}}}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Transport Should Be    websocket
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["hello"]}}}
    ${sent} =    Get Sent Messages
    VAR    @{expected} =    {"connect": "/", "auth": {"token": "t1"}}
    ...    {"event": "chat message", "args": ["hi"], "namespace": "/"}
    Lists Should Be Equal    ${sent}    ${expected}
    ${received} =    Get Received Messages
    ${keys} =    Evaluate    [sorted(json.loads(m)) for m in $received]    modules=json
    Should Be Equal    ${keys}    ${{[["connect", "sid"], ["args", "event", "namespace"]]}}

The graphql-ws Journal Holds The Handshake And Operations Only
    [Documentation]    As for Socket.IO: ``connection_init`` (the handshake that carries the
    ...    app's connection params) and its ``connection_ack``, the operations and their
    ...    results, no pings or pongs.
    Open GraphQL Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Connect To Server
    Run JavaScript    (u) => gqlConnect(u, {token: "t1"})    ${WS}/graphql
    ${op} =    Page Runs Operation    ${COUNTDOWN}    ${{{"from": 1}}}
    Operation Should End    ${op}
    ${sent} =    Get Sent Messages
    ${types} =    Evaluate    [json.loads(m)["type"] for m in $sent]    modules=json
    Should Be Equal    ${types}    ${{["connection_init", "subscribe"]}}
    Should Be Equal    ${{json.loads($sent[0])}}    ${{{"type": "connection_init", "payload": {"token": "t1"}}}}
    ${received} =    Get Received Messages
    ${types} =    Evaluate    [json.loads(m)["type"] for m in $received]    modules=json
    Should Be Equal    ${types}    ${{["connection_ack", "next", "complete"]}}

A graphql-ws Subscribe Before connection_init Is Closed With 4401
    [Documentation]    graphql-transport-ws: a subscribe before the connection is
    ...    acknowledged closes the socket with 4401 Unauthorized. The mock must not
    ...    accept it silently: the page's socket closes with 4401 (checked in the
    ...    teardown) and the test fails naming the frame, as for any frame the protocol
    ...    does not allow.
    ...
    ...    FAIL GLOB: The page sent an invalid graphql-ws frame '{"type":"subscribe"*4401*(route '**/graphql', protocol graphql-ws).
    Open GraphQL Hardening Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Run JavaScript    (u) => subscribeFirst(u)    ${WS}/graphql
    [Teardown]    Early Socket Should Have Closed With 4401

A Binary Event Cut Off Before Its Attachment Is In The Journal
    [Documentation]    The page sends a binary event's header packet (one placeholder) and
    ...    closes before its attachment: the header packet is still in the journal
    ...    (checked in the teardown), and the test fails naming it, as for any frame the
    ...    protocol does not allow.
    ...
    ...    FAIL GLOB: The page sent an invalid Socket.IO frame '451-[[]"upload","a.bin",{"_placeholder":true,"num":0}]': incomplete binary event*(route '**/socket.io/**', protocol socket.io).
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Run JavaScript    (u) => headerThenClose(u)    ${WS}/socket.io/?EIO=4&transport=websocket
    Wait For WebSocket Close
    [Teardown]    Cut Off Header Should Be In The Journal

An Earlier Test's Page Routes Its Sockets And Is Closed
    [Documentation]    The first of two tests: a page of its own runs a chat that logs in on
    ...    every (re)connect and reconnects every 200 ms (over WebSocket only), to a host
    ...    where no server runs, so only a route answers it. The test closes its page with
    ...    Close Current Page.
    [Setup]    NONE
    Open Page    ${HTTP}/socketio.html
    Install Page Helpers
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    login    welcome
    Run JavaScript    () => flakyChat("http://127.0.0.1:9/", 200)
    Wait For Sent Message    login
    [Teardown]    Close Current Page

The Next Test's Route Gets Nothing From The Earlier Test's Page
    [Documentation]    The second test routes the same pattern and opens no socket: nothing of
    ...    the earlier test's page may reach its route's journal.
    [Setup]    NONE
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Sleep    1 s
    Sent Messages Should Not Contain    login
    ${urls} =    Get WebSocket Urls
    Should Be Empty    ${urls}


*** Keywords ***
Open Hardening Page
    [Documentation]    Loads the socket.io-client test page with this suite's page helpers.
    Open SocketIO Page
    Install Page Helpers

Open GraphQL Hardening Page
    [Documentation]    Loads the graphql-ws test page with this suite's page helpers.
    Open GraphQL Page
    Install Page Helpers

Install Page Helpers
    [Documentation]    Adds the functions of protocol_hardening.js to the current page.
    ${script} =    Get File    ${CURDIR}/protocol_hardening.js
    Run JavaScript    ${script}

Every Round Should Have Every Reply
    [Documentation]    Fails unless round r of ${replies} is exactly ``r-0`` ... ``r-(BURST-1)``.
    [Arguments]    ${replies}
    ${expected} =    Evaluate    [[f'{r}-{i}' for i in range(${BURST})] for r in range(${ROUNDS})]
    Lists Should Be Equal    ${replies}    ${expected}

Page Should See A Refusal
    [Documentation]    The page's client (connect timeout 20 s, no reconnection) connects with
    ...    its default transports; fails unless it saw connect_error within 3 s.
    Run JavaScript    () => connectIo("/", {timeout: 20000, reconnection: false})
    ${refused} =    Run JavaScript    () => connectErrorWithin(3000)
    Should Be True    ${refused}    The page saw no connect_error within 3 s

Early Socket Should Have Closed With 4401
    [Documentation]    Fails unless the page's socket of ``subscribeFirst`` closed with 4401;
    ...    then loads a blank page.
    ${close} =    Run JavaScript    () => closeOfEarly()
    Close Page Sockets
    Should Be Equal    ${close}[code]    ${4401}    The socket was not closed with 4401: ${close}

Cut Off Header Should Be In The Journal
    [Documentation]    Fails unless the route's sent messages hold the cut-off ``upload``
    ...    header; then loads a blank page.
    ${sent} =    Get Sent Messages
    Close Page Sockets
    Should Contain    ${{" ".join($sent)}}    upload    The cut-off header is not in the journal: ${sent}

Record A Countdown Against The Server
    [Documentation]    Records a countdown from 3 run by the real graphql-ws client against the
    ...    real server; returns the HAR's path.
    Open GraphQL Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Connect To Server
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${COUNTDOWN}    ${{{"from": 3}}}
    Operation Should End    ${op}
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}${/}hardening-countdown.har
    RETURN    ${har}

Record An Acknowledged Add Against The Server
    [Documentation]    Records ``add`` 2, 3 with an ack callback (ack id 0) against the real
    ...    python-socketio server; then loads a fresh page and routes it again (mocked).
    ...    Returns the HAR's path.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    add    ${{[2, 3]}}    ack=${True}
    Page Should See    ack    ${{{"name": "add", "args": [5]}}}
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}${/}hardening-ack.har
    Open Hardening Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    RETURN    ${har}

Add Should Be Acknowledged After Ack Id
    [Documentation]    The page connects, makes its next ack id ${id} and emits ``add`` 2, 3
    ...    with an ack callback; fails unless the callback gets ``5``.
    [Arguments]    ${id}
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Run JavaScript    (n) => { sockets[0].ids = n; }    ${{int($id)}}
    Page Emits    add    ${{[2, 3]}}    ack=${True}
    Wait For Sent Message    {"event": "add", "ack": ${id}}    match=json
    Page Should See    ack    ${{{"name": "add", "args": [5]}}}

Countdown Should Be Replayed To A Client With Ids
    [Documentation]    A graphql-ws client whose operation ids are ${prefix}1, ${prefix}2, ...
    ...    runs the countdown from 3; fails unless it gets 3, 2, 1 and the completion.
    [Arguments]    ${prefix}
    Run JavaScript    ([u, p]) => gqlConnectWithIds(u, p)    ${{[$WS + "/graphql", $prefix]}}
    ${op} =    Page Runs Operation    ${COUNTDOWN}    ${{{"from": 3}}}
    ${results} =    Operation Should End    ${op}
    ${expected} =    Evaluate
    ...    [{"type": "next", "value": {"data": {"countdown": n}}} for n in (3, 2, 1)] + [{"type": "complete"}]
    Should Be Equal    ${results}    ${expected}
