*** Settings ***
Documentation       Latency and holds on protocol routes: what the route sends by itself (the
...                 mock's greeting and handshake answers, Emit Socket.IO Event, Send GraphQL
...                 Result, a rule's answer) waits in the same lane as everything else, and
...                 arrives in the order it was sent, at the real socket.io-client and graphql-ws.
Resource            protocols.resource
Library             ../faults/FaultProbe.py
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Teardown       Close Page Sockets


*** Test Cases ***
SocketIO The Mock's Handshake Waits For A Hold
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Hold WebSocket Messages
    Page Connects SocketIO    transports=${{["websocket"]}}
    Wait For WebSocket
    Sleep    200 ms    # what a hold let through would have reached the page by now
    Page Should Not Have Seen    connect    ${{{}}}
    Release WebSocket Messages
    Page Should See    connect

SocketIO Emitted Events And A Rule's Answer Wait For A Hold In Order
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    ["ask"]    ["answer", "from the rule"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Hold WebSocket Messages
    Emit Socket.IO Event    news    first
    Page Emits    ask
    Wait For Sent Message    ["ask"]
    Emit Socket.IO Event    news    last
    Sleep    200 ms    # what a hold let through would have reached the page by now
    Page Should Not Have Seen    event    ${{{"name": "news"}}}
    Page Should Not Have Seen    event    ${{{"name": "answer"}}}
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    3
    Page Should See    event    ${{{"name": "news", "args": ["last"]}}}
    Events Seen Should Be    news first    answer from the rule    news last

SocketIO Emitted Events And A Rule's Answer Keep Their Order Under Latency
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    ["ask"]    ["answer", "from the rule"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Set WebSocket Latency    300 ms    direction=received
    Emit Socket.IO Event    news    first
    Page Emits    ask
    Wait For Sent Message    ["ask"]
    Emit Socket.IO Event    news    last
    Page Should See    event    ${{{"name": "news", "args": ["last"]}}}
    Events Seen Should Be    news first    answer from the rule    news last
    ${log} =    Traffic Log
    Should Contain Match    ${log}
    ...    received {"event": "news", "args": [[]"first"], "namespace": "/"} | Send To Page; * latency
    Should Contain Match    ${log}
    ...    received {"event": "answer", "args": [[]"from the rule"], *} | rule 1: *; * latency

SocketIO Connected Server Events And Emitted Ones Keep Their Order Under Latency
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome"}}}
    Set WebSocket Latency    300 ms
    Emit Socket.IO Event    news    before one
    Page Emits    chat message    ${{["one"]}}
    Page Emits    chat message    ${{["two"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: two"]}}}
    Events Seen Should Be    welcome    news before one    chat message echo: one
    ...    chat message echo: two
    Wait For Sent Message    ["chat message", "two"]
    Sleep    2.5 s    # the server pings every second: its pings and the page's pongs go late
    Page Should Not Have Seen    disconnect    ${{{}}}

SocketIO A Hold Across The Upgrade From Long-Polling Keeps The Order
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO
    Page Should See    connect
    Wait Until Keyword Succeeds    3 s    20 ms    Page Transport Should Be    websocket
    Hold WebSocket Messages
    FOR    ${n}    IN RANGE    5
        Emit Socket.IO Event    tick    ${n}
    END
    Sleep    200 ms
    Page Should Not Have Seen    event    ${{{"name": "tick"}}}
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    5
    Page Should See    event    ${{{"name": "tick", "args": [4]}}}
    Events Seen Should Be    tick 0    tick 1    tick 2    tick 3    tick 4

SocketIO The Mock's Greeting Waits Over Long-Polling Too
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Hold WebSocket Messages
    Page Connects SocketIO    transports=${{["polling"]}}
    Sleep    300 ms    # what a hold let through would have reached the page by now
    Page Should Not Have Seen    connect    ${{{}}}
    Release WebSocket Messages
    Page Should See    connect
    Hold WebSocket Messages
    Emit Socket.IO Event    news    held while polling
    Sleep    200 ms
    Page Should Not Have Seen    event    ${{{"name": "news"}}}
    Release WebSocket Messages
    Page Should See    event    ${{{"name": "news", "args": ["held while polling"]}}}

GraphQL The Connection Ack Waits For A Hold
    [Setup]    Open GraphQL Page
    Route WebSocket    **/graphql    protocol=graphql-ws
    Hold WebSocket Messages
    Page Connects GraphQL
    ${op} =    Page Runs Operation    subscription Ticks { countdown(start: 3) }
    Wait For Sent Message    {"type": "connection_init"}    match=json
    Sleep    200 ms    # the client subscribes once the ack came
    Sent Messages Should Not Contain    {"type": "subscribe"}    match=json
    Release WebSocket Messages
    Wait For Sent Message    {"type": "subscribe"}    match=json
    Set WebSocket Latency    300 ms    direction=received
    Send GraphQL Result    Ticks    {"data": {"countdown": 9}}
    Send GraphQL Result    Ticks    {"data": {"countdown": 8}}
    Complete GraphQL Operation    Ticks
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}
    ...    ${{[{"type": "next", "value": {"data": {"countdown": 9}}}, {"type": "next", "value": {"data": {"countdown": 8}}}, {"type": "complete"}]}}

SocketIO Connected Over Long-Polling The Server's Greeting Waits For A Hold
    [Setup]    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Hold WebSocket Messages
    Page Connects SocketIO    transports=${{["polling"]}}
    Sleep    300 ms
    Page Should Not Have Seen    connect    ${{{}}}
    Release WebSocket Messages
    Page Should See    connect
    Page Should See    event    ${{{"name": "welcome"}}}
    Set WebSocket Latency    200 ms
    Emit Socket.IO Event    news    before one
    Page Emits    chat message    ${{["one"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: one"]}}}
    Events Seen Should Be    welcome    news before one    chat message echo: one

STOMP The Mock's CONNECTED And Heart-Beats Wait For A Hold
    [Setup]    Navigate To    ${HTTP}/stomp.html
    Route WebSocket    **/stomp    protocol=stomp
    Hold WebSocket Messages
    Run JavaScript    (u) => stompConnect(u, false)    ${WS}/stomp
    Wait For Sent Message    {"command": "CONNECT"}    match=json
    Sleep    300 ms
    Page Should Not Have Seen    connected    ${{{}}}
    Release WebSocket Messages
    Page Should See    connected


*** Keywords ***
Events Seen Should Be
    [Documentation]    Fails unless page socket 0 saw exactly these events, in order (each "name arg", objects left out).
    [Arguments]    @{expected}
    VAR    ${plain} =    (e) => [e.name, ...e.args.filter((a) => typeof a !== "object")].join(" ")
    ${events} =    Run JavaScript    () => seenOf(0, "event").map(${plain})
    Should Be Equal    ${events}    ${expected}
