*** Settings ***
Documentation       Replay WebSocket Traffic on a protocol=socket.io route from a HAR of raw
...                 Socket.IO frames, as Chrome records an app that runs without the library:
...                 the recording is decoded with the route's codec, so it answers the real
...                 socket.io-client's events, and the handshake is the mock's, once.
Resource            ../protocols/protocols.resource
Library             RawSocketIO.py
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets


*** Test Cases ***
A Raw Wire-Format Recording Answers The Page's Events
    ${har} =    Record Raw SocketIO Har    ${HTTP}/socketio.html    ${OUTPUT DIR}${/}hars${/}raw-socketio.har
    ${frames} =    Recorded Frames    ${har}
    Should Match Regexp    ${frames}[0]    ^0\\{"sid":
    Should Contain    ${frames}    42["chat message","echo: hi"]
    Clear Socketio Server Events
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Replay WebSocket Traffic    ${har}
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    Page Emits    add    ${{[2, 3]}}    ack=${True}
    Page Should See    ack    ${{{"name": "add", "args": [5]}}}
    Replay Should Be Complete
    ${connects} =    Run JavaScript    () => seenOf(0, "connect").length
    Should Be Equal As Integers    ${connects}    1
    ${received} =    Get Received Messages
    ${answers} =    Evaluate    [m for m in $received if '"connect"' in m]
    Length Should Be    ${answers}    1
    Should Not Contain    ${received}    2
    Page Should Not Have Seen    connect_error    ${{{}}}
    ${seen} =    Socketio Server Events
    Should Be Empty    ${seen}

A Recording Saved On A Protocol Route Still Replays
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}${/}hars${/}decoded-socketio.har
    Open SocketIO Page
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Replay WebSocket Traffic    ${har}
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    Replay Should Be Complete
