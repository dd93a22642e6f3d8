*** Settings ***
Documentation       Socket.IO against the library's mock, with the real socket.io-client:
...                 the library does the plumbing, tests write the app's events.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets


*** Test Cases ***
Events Both Ways Over WebSocket
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    ["chat message", "hi"]    ["chat message", "hello from the mock"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect    ${{{"transport": "websocket"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["hello from the mock"]}}}
    ${sent} =    Wait For Sent Message    ["chat message", "hi"]
    Should Be Equal    ${sent}    {"event": "chat message", "args": ["hi"], "namespace": "/"}
    Emit Socket.IO Event    news    ${{{"id": 1}}}    ${2}
    Page Should See    event    ${{{"name": "news", "args": [{"id": 1}, 2]}}}
    Received Messages Should Contain    {"event": "news"}    match=json
    Sent Messages Should Contain    {"connect": "/"}    match=json

Templates Reach The Event's Arguments
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"event": "chat message"}    ["chat message", "echo: {{args.0}}"]    match=json
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    chat message    ${{["spam"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: spam"]}}}

An Acknowledgement Answers The Page's Callback
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"event": "add"}    {"ack": [5]}    match=json
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    add    ${{[2, 3]}}    ack=${True}
    Page Should See    ack    ${{{"name": "add", "args": [5]}}}
    ${sent} =    Wait For Sent Message    ["add", 2, 3]
    Should Contain    ${sent}    "ack": 0

A Named Namespace
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"event": "status", "namespace": "/admin"}    {"ack": [{"ok": true}]}
    ...    match=json
    Page Connects SocketIO    /admin    transports=${{["websocket"]}}
    Page Should See    connect
    Wait For Sent Message    {"connect": "/admin"}    match=json
    Page Emits    status    ack=${True}
    Page Should See    ack    ${{{"name": "status", "args": [{"ok": True}]}}}
    Emit Socket.IO Event    alert    disk full    namespace=/admin
    Page Should See    event    ${{{"name": "alert", "args": ["disk full"]}}}

A Refused Namespace
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"connect": "/admin"}    {"connect_error": "/admin", "message": "not allowed"}
    ...    match=json
    Page Connects SocketIO    /admin    transports=${{["websocket"]}}
    Page Should See    connect_error    ${{{"message": "not allowed"}}}

Binary Events Both Ways
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Page Emits    upload    ${{["a.bin", {"bytes": [1, 2, 3]}]}}
    Wait For Sent Message    ["upload", "a.bin", {"$binary": "AQID"}]
    Emit Socket.IO Event    file    ${{b"\x00\xff"}}
    Page Should See    event    ${{{"name": "file", "args": [{"bytes": [0, 255]}]}}}

Send On Open Waits For The Namespace Connect
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Send On Open    ["welcome", "to the mock"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome", "args": ["to the mock"]}}}

Send To Page Takes The Event Written As JSON
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Send To Page    ["chat message", "pushed"]
    Page Should See    event    ${{{"name": "chat message", "args": ["pushed"]}}}

A Conversation Of Events Saved And Replayed
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    ["chat message", "hi"]    ["chat message", "hello from the recording"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["hello from the recording"]}}}
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}${/}socketio-events.har
    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Replay WebSocket Traffic    ${har}
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["hello from the recording"]}}}
    Replay Should Be Complete
    Sent Messages Should Contain    ["chat message", "hi"]

A Frame That Is Not Socket IO Fails The Test
    [Documentation]    FAIL The page sent an invalid Socket.IO frame '42{"not": "an array"}': an EVENT's data must be an array starting with the event name (route '**/socket.io/**', protocol socket.io).
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Run JavaScript    () => { window.raw = new WebSocket(location.origin.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"); window.raw.onopen = () => window.raw.send('42{"not": "an array"}'); }
    Wait For Sent Message    42*    match=glob

Rules Fail At Once For A Message That Is No Event
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Run Keyword And Expect Error    STARTS: Socket.IO event '[1, 2]' must start with the event name, e.g.
    ...    Wait For Sent Message    [1, 2]    timeout=10 ms
    Run Keyword And Expect Error    STARTS: 'Send GraphQL Result' needs a route that speaks graphql-ws, but route '**/socket.io/**' speaks socket.io.
    ...    Send GraphQL Result    OnX    {"data": {}}

The Default Start Over Long-Polling Upgrades To WebSocket
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    ["chat message", "hi"]    ["chat message", "hello from the mock"]
    Page Connects SocketIO
    Page Should See    connect
    Wait Until Keyword Succeeds    3 s    20 ms    Page Transport Should Be    websocket
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["hello from the mock"]}}}
    Sent Messages Should Contain    {"connect": "/"}    match=json
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    1
    # One socket: the session, under the upgrade WebSocket's URL once it took over.
    Should Contain    ${urls}[0]    transport=websocket
