*** Settings ***
Documentation       Socket.IO in connected mode against a real python-socketio server, with the
...                 real socket.io-client: the library decodes the server's traffic both ways.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets


*** Test Cases ***
Events Both Ways Through The Library
    Route SocketIO To The Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    Wait For Received Message    {"event": "welcome"}    match=json
    Wait For Received Message    ["chat message", "echo: hi"]
    Sent Messages Should Contain    ["chat message", "hi"]
    Sent Messages Should Contain    {"connect": "/"}    match=json
    Received Messages Should Contain    {"connect": "/"}    match=json
    ${seen} =    Wait For Socketio Server Event    chat message
    Should Be Equal    ${seen}    ${{["hi"]}}

Rules Drop And Replace Server Events
    Route SocketIO To The Server
    Drop When Received    {"event": "welcome"}    match=json
    Reply When Received    ["chat message", "echo: hi"]    ["chat message", "rewritten"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["rewritten"]}}}
    Page Should Not Have Seen    event    ${{{"name": "welcome"}}}
    Page Should Not Have Seen    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    Received Messages Should Not Contain    {"event": "welcome"}    match=json

A Rule Keeps A Page Event From The Server
    Route SocketIO To The Server
    Reply When Sent    ["chat message", "secret"]    ["chat message", "kept from the server"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    chat message    ${{["secret"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["kept from the server"]}}}
    Page Emits    chat message    ${{["public"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: public"]}}}
    ${seen} =    Socketio Server Events    chat message
    Should Be Equal    ${seen}    ${{["public"]}}

The Server's Acknowledgement Reaches The Page
    Route SocketIO To The Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    add    ${{[2, 3]}}    ack=${True}
    Page Should See    ack    ${{{"name": "add", "args": [5]}}}
    Wait For Sent Message    {"event": "add", "args": [2, 3], "ack": 0}    match=json
    Wait For Received Message    {"ack": 0, "args": [5]}    match=json

Binary Events Through The Library
    Route SocketIO To The Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    upload    ${{["a.bin", {"bytes": [1, 2, 3]}]}}
    Page Should See    event    ${{{"name": "uploaded", "args": [3, {"bytes": [3, 2, 1]}]}}}
    Wait For Sent Message    ["upload", "a.bin", {"$binary": "AQID"}]
    Wait For Received Message    ["uploaded", 3, {"$binary": "AwIB"}]

A Named Namespace With An Acknowledgement
    Route SocketIO To The Server
    Page Connects SocketIO    /admin    transports=${{["websocket"]}}
    Page Should See    connect
    Page Emits    status    ack=${True}
    Page Should See    ack    ${{{"name": "status", "args": [{"ok": True, "users": 1}]}}}
    Wait For Received Message    {"ack": 0, "namespace": "/admin"}    match=json
    Wait For Socketio Server Event    connect    namespace=/admin

The Server's Heartbeat Passes Through
    [Documentation]    The server pings every second and drops a client that misses a pong for two.
    Route SocketIO To The Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Sleep    3.5 s
    Page Should Not Have Seen    disconnect    ${{{}}}
    Page Emits    chat message    ${{["still here"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: still here"]}}}
    Received Messages Should Not Contain    2    match=glob
    Sent Messages Should Not Contain    3    match=glob

Send To Server Emits As The Page Would
    Route SocketIO To The Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect
    Send To Server    ["chat message", "from the library"]
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: from the library"]}}}
    Wait For Socketio Server Event    chat message

The Default Start Over Long-Polling Then The Upgrade
    [Documentation]    socket.io-client's default: HTTP long-polling, then the upgrade to a
    ...    WebSocket; rules and the journal work across both.
    Route SocketIO To The Server
    Reply When Received    {"event": "welcome"}    ["welcome", "rewritten while polling"]    match=json
    Page Connects SocketIO
    Page Should See    connect
    Page Should See    event    ${{{"name": "welcome", "args": ["rewritten while polling"]}}}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Transport Should Be    websocket
    Page Emits    chat message    ${{["after the upgrade"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: after the upgrade"]}}}
    Sent Messages Should Contain    {"connect": "/"}    match=json
    Received Messages Should Contain    ["chat message", "echo: after the upgrade"]
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    1
    # One socket: the session, under the upgrade WebSocket's URL once it took over.
    Should Contain    ${urls}[0]    transport=websocket


*** Keywords ***
Route SocketIO To The Server
    [Documentation]    Routes the page's Socket.IO sockets as Socket.IO and connects them to the real server.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
