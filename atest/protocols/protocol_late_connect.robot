*** Settings ***
Documentation       Connect To Server on a protocol route whose mocked sockets are open: the
...                 library played the server's part of their handshakes, which no server saw,
...                 so the keyword fails at once, nothing changes, and the page's session goes
...                 on with the mock. Connected from the start, or after the page's sockets
...                 closed, the route reaches the real server.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Teardown       Close Page Sockets


*** Variables ***
${WHY}      the library played the server's part of their handshakes
${FIX}      Connect To Server before the page opens its sockets (right after Route WebSocket),
...         or close them first (e.g. Navigate To) and connect the page again.


*** Test Cases ***
SocketIO Over A WebSocket Fails At Once And The Mocked Session Goes On
    [Documentation]    FAIL Cannot connect route '**/socket.io/**' to the server: its 1 open socket(s) speak socket.io with the library's mock, and ${WHY} (session id, namespaces), which the server never saw. ${FIX}
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    TRY
        Connect To Server
    EXCEPT    AS    ${error}
        The Mocked SocketIO Session Goes On
        Fail    ${error}
    END

SocketIO Over Long-Polling Fails At Once Too
    [Documentation]    FAIL STARTS: Cannot connect route '**/socket.io/**' to the server: its 1 open socket(s) speak socket.io
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["polling"]}}
    Page Should See    connect
    TRY
        Connect To Server
    EXCEPT    AS    ${error}
        The Mocked SocketIO Session Goes On
        Fail    ${error}
    END

SocketIO Connected Once The Page's Sockets Closed Reaches The Server
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Run Keyword And Expect Error    Cannot connect route*    Connect To Server
    Open SocketIO Page
    Wait For WebSocket Close
    Connect To Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}

GraphQL Fails At Once And The Mocked Operation Goes On
    [Documentation]    FAIL Cannot connect route '**/graphql' to the server: its 1 open socket(s) speak graphql-ws with the library's mock, and ${WHY} (connection_init, operation ids), which the server never saw. ${FIX}
    [Setup]    Open GraphQL Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Page Connects GraphQL
    ${op} =    Page Runs Operation    subscription Ticks { countdown(start: 3) }
    Wait For Sent Message    {"type": "subscribe"}    match=json
    TRY
        Connect To Server
    EXCEPT    AS    ${error}
        Send GraphQL Result    Ticks    {"data": {"countdown": 9}}
        Complete GraphQL Operation    Ticks
        ${results} =    Operation Should End    ${op}
        Should Be Equal    ${results}[0][value]    ${{{"data": {"countdown": 9}}}}
        Fail    ${error}
    END

STOMP Fails At Once Too
    [Documentation]    FAIL STARTS: Cannot connect route '**/stomp' to the server: its 1 open socket(s) speak stomp with the library's mock
    [Setup]    Navigate To    ${HTTP}/stomp.html
    Route WebSocket    **/stomp    protocol=stomp
    Run JavaScript    (u) => stompConnect(u, false)    ${WS}/stomp
    Page Should See    connected
    Connect To Server

A Raw Route Still Connects Its Open Sockets
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**
    Page Connects SocketIO    transports=${{["websocket"]}}
    Wait For WebSocket
    Connect To Server
    Wait For Received Message    42*    match=glob


*** Keywords ***
The Mocked SocketIO Session Goes On
    [Documentation]    The page's socket still talks to the mock, both ways.
    Emit Socket.IO Event    news    still mocked
    Page Should See    event    ${{{"name": "news", "args": ["still mocked"]}}}
    Page Emits    chat message    ${{["to the mock"]}}
    Wait For Sent Message    ["chat message", "to the mock"]
    ${seen} =    Socketio Server Events    chat message
    Should Be Empty    ${seen}
    Received Messages Should Not Contain    {"event": "welcome"}    match=json
