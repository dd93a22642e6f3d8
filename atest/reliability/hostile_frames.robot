*** Settings ***
Documentation       Hostile frames on protocol routes (issue 19): a page's plain WebSocket, or a
...                 server that sends whatever a test gives it, speaks broken Socket.IO and
...                 graphql-ws: digits that are not ASCII, ack ids of 5,000 digits, 100,000
...                 nested brackets, NaN, numbers Python cannot convert, control characters,
...                 bad long-polling bodies. Each fails the test with exactly the message that
...                 names the frame and what is wrong, never a Python exception, and the frame
...                 is still in the journal. graphql-ws's mock closes as its protocol says a
...                 server does, and a binary event cut off by a close is reported.
Library             OperatingSystem
Library             HostileServer.py
Resource            ../protocols/protocols.resource
Suite Setup         Start Everything
Suite Teardown      Stop Everything
Test Setup          Open Hostile Page
Test Teardown       Close Page Sockets
Test Timeout        1 minute
Test Tags           hostile-frames


*** Variables ***
${SIO}              ${EMPTY}
${GQL}              ${EMPTY}
${SIO_ROUTE}        (route '**/socket.io/**', protocol socket.io).
${GQL_ROUTE}        (route '**/graphql', protocol graphql-ws).
${DEEP}             nests arrays and objects more than 200 deep, more than the library reads
${DIGITS}           has a number of more than 4300 digits, more than the library reads
${NAN}              is not valid JSON: NaN is not a JSON value (JSON.parse refuses it)
${SUBSCRIBE}        {"type":"subscribe","id":"1","payload":{"query":"{ a }"}}
${INIT}             {"type":"connection_init"}
${HEADER}           452-["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]
${NOT_A_NUMBER}     is not a number. Use a Robot Framework time string such as '500 ms', '2 s' or '1 min'.


*** Test Cases ***
SocketIO Packet Type That Is A Non-ASCII Digit
    [Template]    Page Frame Should Fail The Test
    4٣["x"]    '4٣["x"]'    Socket.IO packet type '٣' is unknown (0-6 are)

SocketIO Packet Type That Is A Superscript Digit
    [Template]    Page Frame Should Fail The Test
    4²["x"]    '4²["x"]'    Socket.IO packet type '²' is unknown (0-6 are)

SocketIO Ack Id With A Non-ASCII Digit
    [Template]    Page Frame Should Fail The Test
    42٣["x"]    '42٣["x"]'    its ack id has '٣', which is no ASCII digit (ack ids are written 0-9)

SocketIO Ack Id Of 5000 Digits
    [Template]    Page Frame Should Fail The Test
    ${{"42" + "1" * 5000 + '["x"]'}}    ${{"'42" + "1" * 78 + "...'"}}
    ...    its ack id has 5000 digits; ack ids go up to 9007199254740991, the largest whole number JavaScript counts exactly

SocketIO Data Nested 100000 Deep
    [Template]    Page Frame Should Fail The Test
    ${{"42" + "[" * 100000}}    ${{"'42" + "[" * 78 + "...'"}}    its data ${DEEP}

SocketIO Data With NaN
    [Template]    Page Frame Should Fail The Test
    42["x",NaN]    '42["x",NaN]'    its data ${NAN}

SocketIO Data With A Number Of 5000 Digits
    [Template]    Page Frame Should Fail The Test
    ${{'42["x",' + "1" * 5000 + "]"}}    ${{"'" + '42["x",' + "1" * 73 + "...'"}}    its data ${DIGITS}

SocketIO Frame With A Control Character
    [Template]    Page Frame Should Fail The Test
    42["x"]\x00    '42["x"]\\x00'    its data is not valid JSON (Extra data: line 1 column 6 (char 5))

SocketIO Namespace Of 2000 Characters
    [Template]    Page Frame Should Fail The Test
    ${{"42/" + "a" * 2000 + ',["x"]'}}    ${{"'42/" + "a" * 77 + "...'"}}
    ...    its namespace is 2001 characters long; the library reads namespaces of up to 1000

SocketIO Binary Packet With Too Many Attachments
    [Template]    Page Frame Should Fail The Test
    452000-["x"]    '452000-["x"]'    a binary packet announces 2000 attachments; the library reads at most 1000

SocketIO Binary Packet With A Non-ASCII Attachment Count
    [Template]    Page Frame Should Fail The Test
    45٣-["x",{"_placeholder":true,"num":0}]    '45٣-["x",{"_placeholder":true,"num":0}]'
    ...    a binary packet must give its number of attachments (ASCII digits 0-9) and '-'

SocketIO Server Frame With A Non-ASCII Digit
    [Template]    Server Frame Should Fail The Test
    socket.io    42٣["x"]    '42٣["x"]'    its ack id has '٣', which is no ASCII digit (ack ids are written 0-9)

SocketIO Server Frame With An Ack Id Of 5000 Digits
    [Template]    Server Frame Should Fail The Test
    socket.io    ${{"43" + "7" * 5000 + "[]"}}    ${{"'43" + "7" * 78 + "...'"}}
    ...    its ack id has 5000 digits; ack ids go up to 9007199254740991, the largest whole number JavaScript counts exactly

SocketIO Server Frame Nested 100000 Deep
    [Template]    Server Frame Should Fail The Test
    socket.io    ${{"42" + "[" * 100000}}    ${{"'42" + "[" * 78 + "...'"}}    its data ${DEEP}

SocketIO Server Open Packet With NaN
    [Template]    Server Frame Should Fail The Test
    socket.io    0{"sid":NaN}    '0{"sid":NaN}'    the open packet's data ${NAN}

A Long-Polling Body With A Part That Is Not Base64
    [Template]    Polling Body Should Fail The Test
    42["a"]\x1eb!!    b!!    'b!!'    a long-polling binary packet is 'b' and base64, but its base64 is not valid

A Long-Polling Body With A Non-ASCII Packet Type
    [Template]    Polling Body Should Fail The Test
    42["a"]\x1e4٣["x"]    4٣["x"]    '4٣["x"]'    Socket.IO packet type '٣' is unknown (0-6 are)

A Long-Polling Body With Data Nested 100000 Deep
    [Template]    Polling Body Should Fail The Test
    ${{'42["a"]\x1e42' + "[" * 100000}}    ${{"42" + "[" * 100000}}
    ...    ${{"'42" + "[" * 78 + "...'"}}    its data ${DEEP}

A graphql-ws Frame Nested 100000 Deep
    [Template]    GraphQL Page Frames Should Fail The Test
    ${{["[" * 100000]}}    The page sent an invalid graphql-ws frame ${{"'" + "[" * 80 + "...'"}}: it ${DEEP} ${GQL_ROUTE}

A graphql-ws Frame With NaN
    [Template]    GraphQL Page Frames Should Fail The Test
    ${{['{"type":"connection_init","payload":{"a":NaN}}']}}
    ...    The page sent an invalid graphql-ws frame '{"type":"connection_init","payload":{"a":NaN}}': it ${NAN} ${GQL_ROUTE}

A graphql-ws Frame With A Number Of 5000 Digits
    [Template]    GraphQL Page Frames Should Fail The Test
    ${{['{"type":"ping","payload":' + "1" * 5000 + "}"]}}
    ...    The page sent an invalid graphql-ws frame ${{"'" + chr(123) + '"type":"ping","payload":' + "1" * 55 + "...'"}}: it ${DIGITS} ${GQL_ROUTE}

A graphql-ws Subscribe Before connection_init
    [Template]    GraphQL Page Frames Should Fail The Test
    ${{[$SUBSCRIBE]}}
    ...    The page sent an invalid graphql-ws frame '${SUBSCRIBE}': a subscribe came before the server acknowledged the connection (connection_ack); the server closes the socket with 4401 Unauthorized ${GQL_ROUTE}

A graphql-ws connection_init Twice
    [Template]    GraphQL Page Frames Should Fail The Test
    ${{[$INIT, $INIT]}}
    ...    The page sent an invalid graphql-ws frame '${INIT}': connection_init came twice; the server closes the socket with 4429 Too many initialisation requests ${GQL_ROUTE}

A graphql-ws Subscribe With An Active Id
    [Template]    GraphQL Page Frames Should Fail The Test
    ${{[$INIT, $SUBSCRIBE, $SUBSCRIBE]}}
    ...    The page sent an invalid graphql-ws frame '${SUBSCRIBE}': operation id '1' is already active; the server closes the socket with 4409 Subscriber for 1 already exists ${GQL_ROUTE}

A graphql-ws Server Frame Nested 100000 Deep
    [Template]    Server Frame Should Fail The Test
    graphql-ws    ${{chr(123) + '"type":"next","id":"1","payload":' + "[" * 100000}}
    ...    ${{"'" + chr(123) + '"type":"next","id":"1","payload":' + "[" * 46 + "...'"}}    it ${DEEP}

A graphql-ws Server Frame With NaN
    [Template]    Server Frame Should Fail The Test
    graphql-ws    {"type":"next","id":"1","payload":{"data":NaN}}    '{"type":"next","id":"1","payload":{"data":NaN}}'    it ${NAN}

The Mock Closes A Subscribe Before connection_init With 4401
    [Template]    GraphQL Mock Should Close
    ${{[$SUBSCRIBE]}}    4401    Unauthorized

The Mock Closes A Second connection_init With 4429
    [Template]    GraphQL Mock Should Close
    ${{[$INIT, $INIT]}}    4429    Too many initialisation requests

The Mock Closes A Subscribe With An Active Id With 4409
    [Template]    GraphQL Mock Should Close
    ${{[$INIT, $SUBSCRIBE, $SUBSCRIBE]}}    4409    Subscriber for 1 already exists

The Mock Closes A Frame That Is No graphql-ws With 4400
    [Template]    GraphQL Mock Should Close
    ${{['{"type":"next","id":"1","payload":{}}']}}    4400
    ...    the page may send complete, connection_init, ping, pong, subscribe, not 'next'

A Binary Event Cut Off By The Page's Close Is In The Journal
    [Documentation]    The page sends a binary event's header (two placeholders) and one of its
    ...    two attachments, then closes: the codec's unfinished() reports it at the close.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Library Should Fail With
    ...    The page sent an invalid Socket.IO frame '${HEADER}': incomplete binary event: 1 of 2 attachments arrived before the socket closed (bytes[3] 01 02 03) ${SIO_ROUTE}
    ...    ([u, f]) => sendRaw(u, f, null, true)
    ...    ${{[$SIO, [$HEADER, {"bytes": [1, 2, 3]}]]}}
    ${sent} =    Get Sent Messages
    List Should Contain Value    ${sent}    ${HEADER}

Emit SocketIO Event Refuses NaN Naming The Argument
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Run Keyword And Expect Error
    ...    EQUALS:Argument 2 of 'Emit Socket.IO Event' is nan, which is not JSON: JSON has no NaN or infinity, and the page's JSON.parse refuses them. Send a finite number, None or a text such as 'NaN'.
    ...    Emit Socket.IO Event
    ...    news
    ...    ok
    ...    ${{float("nan")}}
    Run Keyword And Expect Error
    ...    EQUALS:Argument 1 of 'Emit Socket.IO Event' holds -inf at ['price'], which is not JSON: JSON has no NaN or infinity, and the page's JSON.parse refuses them. Send a finite number, None or a text such as 'NaN'.
    ...    Emit Socket.IO Event
    ...    news
    ...    ${{{"price": float("-inf")}}}
    Emit Socket.IO Event    news    fine
    Page Should See    event    ${{{"name": "news", "args": ["fine"]}}}
    Received Messages Should Not Contain    {"event": "news", "args": ["ok"]}    match=json

Send GraphQL Result Refuses NaN
    Route WebSocket    **/graphql    protocol=graphql-ws
    Run Keyword And Expect Error
    ...    EQUALS:result '{"data": {"n": NaN}}' is not valid JSON: NaN is not a JSON value (JSON.parse refuses it). Write e.g. {"data": {"message": "hi"}}.
    ...    Send GraphQL Result
    ...    OnMessage
    ...    {"data": {"n": NaN}}

Times That Are NaN Or Negative Infinity Say So
    Route WebSocket    **/socket.io/**
    Run Keyword And Expect Error    EQUALS:latency='nan' ${NOT_A_NUMBER}
    ...    Set WebSocket Latency    nan
    Run Keyword And Expect Error    EQUALS:latency='-inf' is negative. Use 0 or more.
    ...    Set WebSocket Latency    -inf
    Run Keyword And Expect Error    EQUALS:timeout='nan' ${NOT_A_NUMBER}
    ...    Wait For Sent Message    ping    timeout=nan
    Run Keyword And Expect Error    EQUALS:delay='-inf' is negative. Use 0 or more.
    ...    Reply When Sent    ping    pong    delay=-inf
    Run Keyword And Expect Error    STARTS:timeout='inf' is longer than 24 hours
    ...    Set WebSocket Timeout    inf


*** Keywords ***
Start Everything
    [Documentation]    The protocol servers and browser, and the hostile server.
    Start Servers And Browser
    Start Hostile Server
    VAR    ${SIO} =    ${WS}/socket.io/?EIO=4&transport=websocket    scope=SUITE
    VAR    ${GQL} =    ${WS}/graphql    scope=SUITE

Stop Everything
    [Documentation]    Stops what Start Everything started.
    Stop Servers And Browser
    Stop Hostile Server

Open Hostile Page
    [Documentation]    Loads the socket.io-client test page with the plain-WebSocket helpers.
    Open SocketIO Page
    ${script} =    Get File    ${CURDIR}/hostile_frames.js
    Run JavaScript    ${script}

Library Should Fail With
    [Documentation]    Runs ${script} with ${args} in the page (if given), then fails unless
    ...    the library fails the test with exactly ${message}: an error on the loop ends
    ...    the library's next keyword, or a wait in progress, at once.
    [Arguments]    ${message}    ${script}=${None}    @{args}
    Run Keyword And Expect Error    EQUALS:${message}    Page Runs And Library Waits    ${script}
    ...    @{args}

Page Runs And Library Waits
    [Documentation]    Runs ${script} (if given) in the page, then waits for a message that
    ...    never comes. Scripts resolve once the library has handled the hostile frame (the
    ...    answer to a ping sent after it came back, the page got the server's frame, the
    ...    POST was answered), so the error is there when Run JavaScript returns.
    [Arguments]    ${script}    @{args}
    IF    $script is not None    Run JavaScript    ${script}    @{args}
    Wait For Received Message    no such message*    match=glob    timeout=5 s

Page Frame Should Fail The Test
    [Documentation]    The page's plain WebSocket sends ${frame} on a mocked Socket.IO route:
    ...    the test fails naming the frame (shown as ${shown}) and ${error}, and the frame
    ...    is in the journal as it came.
    [Arguments]    ${frame}    ${shown}    ${error}
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Library Should Fail With    The page sent an invalid Socket.IO frame ${shown}: ${error} ${SIO_ROUTE}
    ...    ([u, f]) => sendProbed(u, f, null, 0, "2", "3")    ${{[$SIO, [$frame]]}}
    ${sent} =    Get Sent Messages
    List Should Contain Value    ${sent}    ${frame}

Server Frame Should Fail The Test
    [Documentation]    A server sends ${frame} to a page's socket on a connected route that
    ...    speaks ${protocol}: the test fails naming it, it is in the journal and the page
    ...    gets it as it came.
    [Arguments]    ${protocol}    ${frame}    ${shown}    ${error}
    ${url} =    Hostile Frames Url    ${frame}    tail=socket.io/?EIO=4&transport=websocket
    Route WebSocket    **/hostile/**    protocol=${protocol}
    Connect To Server
    ${subprotocol} =    Set Variable If    $protocol == "graphql-ws"    graphql-transport-ws    ${None}
    ${name} =    Set Variable If    $protocol == "graphql-ws"    graphql-ws    Socket.IO
    Library Should Fail With
    ...    The server sent an invalid ${name} frame ${shown}: ${error} (route '**/hostile/**', protocol ${protocol}).
    ...    async ([u, p]) => rawMessages(await sendRaw(u, [], p), 1, 3000)    ${{[$url, $subprotocol]}}
    ${received} =    Get Received Messages
    List Should Contain Value    ${received}    ${frame}
    ${seen} =    Run JavaScript    () => rawMessages(raw.length - 1, 1, 3000)
    Should Be Equal    ${seen}    ${{[$frame]}}

Polling Body Should Fail The Test
    [Documentation]    The page posts long-polling ${body} by hand on a mocked Socket.IO route:
    ...    its event ``a`` is read, its part ${bad} fails the test naming it (shown as
    ...    ${shown}) and ${error}, and both are in the journal.
    [Arguments]    ${body}    ${bad}    ${shown}    ${error}
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Library Should Fail With    The page sent an invalid Socket.IO frame ${shown}: ${error} ${SIO_ROUTE}
    ...    (b) => pollRaw(location.origin, b)    ${body}
    ${sent} =    Get Sent Messages
    List Should Contain Value    ${sent}    {"event": "a", "args": [], "namespace": "/"}
    List Should Contain Value    ${sent}    ${bad}

GraphQL Page Frames Should Fail The Test
    [Documentation]    The page's plain WebSocket (subprotocol graphql-transport-ws) sends
    ...    ${frames}, 100 ms apart, on a mocked graphql-ws route: the test fails with
    ...    exactly ${message}, and the last frame is in the journal.
    [Arguments]    ${frames}    ${message}
    Route WebSocket    **/graphql    protocol=graphql-ws
    Library Should Fail With    ${message}
    ...    ([u, f]) => sendProbed(u, f, "graphql-transport-ws", 100, '{"type":"ping"}', '{"type":"pong"}')
    ...    ${{[$GQL, $frames]}}
    ${sent} =    Get Sent Messages
    List Should Contain Value    ${sent}    ${frames}[-1]

GraphQL Mock Should Close
    [Documentation]    As GraphQL Page Frames Should Fail The Test; then the page's socket must
    ...    close with ${code} and ${reason}, as a graphql-ws server closes it.
    [Arguments]    ${frames}    ${code}    ${reason}
    Route WebSocket    **/graphql    protocol=graphql-ws
    Run Keyword And Expect Error    The page sent an invalid graphql-ws frame *
    ...    Page Runs And Library Waits
    ...    ([u, f]) => sendProbed(u, f, "graphql-transport-ws", 100, '{"type":"ping"}', '{"type":"pong"}')
    ...    ${{[$GQL, $frames]}}
    ${close} =    Run JavaScript    () => rawClose(raw.length - 1, 3000)
    Should Be Equal    ${close}    ${{{"code": int($code), "reason": $reason}}}
