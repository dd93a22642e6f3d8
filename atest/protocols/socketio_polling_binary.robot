*** Settings ***
Documentation       Binary Socket.IO attachments over Engine.IO long-polling (base64 ``b``
...                 packets in the HTTP bodies) and across the upgrade to a WebSocket, with the
...                 real socket.io-client, against the library's mock and a real python-socketio
...                 server.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets
Test Template       Binary Attachments Both Ways


*** Test Cases ***    MODE         TRANSPORTS
Mocked Polling Only    mocked       ${{["polling"]}}
Mocked With The Upgrade    mocked    ${{["polling", "websocket"]}}
Connected Polling Only    connected    ${{["polling"]}}
Connected With The Upgrade    connected    ${{["polling", "websocket"]}}


*** Keywords ***
Binary Attachments Both Ways
    [Documentation]    The page emits Uint8Arrays and gets binary events back (ArrayBuffers),
    ...    over polling and (with the upgrade) after its transport became a WebSocket.
    [Arguments]    ${mode}    ${transports}
    Route WebSocket    **/socket.io/**    protocol=socket.io
    IF    $mode == "connected"
        Connect To Server
    ELSE
        Reply When Sent    {"event": "upload"}    ["uploaded", 2, {"$binary": "/wA="}]    match=json
        Send On Open    ["welcome", {"$binary": "AAEC"}]
    END
    # Emitted before the session is up, the event waits in the client and goes
    # when it connects: over polling, or over the WebSocket if the upgrade won.
    Page Connects SocketIO    transports=${transports}
    Page Emits    upload    ${{["a.bin", {"bytes": [1, 2, 3]}]}}
    Page Should See    connect
    IF    len($transports) == 1    Page Transport Should Be    polling
    Wait For Sent Message    ["upload", "a.bin", {"$binary": "AQID"}]
    IF    $mode == "mocked"
        Page Should See    event    ${{{"name": "welcome", "args": [{"bytes": [0, 1, 2]}]}}}
        Page Should See    event    ${{{"name": "uploaded", "args": [2, {"bytes": [255, 0]}]}}}
        Emit Socket.IO Event    two files    ${{b"\x00\x01"}}    ${{b""}}
        Page Should See    event    ${{{"name": "two files", "args": [{"bytes": [0, 1]}, {"bytes": []}]}}}
    ELSE
        Page Should See    event    ${{{"name": "uploaded", "args": [3, {"bytes": [3, 2, 1]}]}}}
        Wait For Received Message    ["uploaded", 3, {"$binary": "AwIB"}]
        ${seen} =    Socketio Server Events    upload
        Should Be Equal    ${seen}    ${{[["a.bin", b"\x01\x02\x03"]]}}
    END
    IF    len($transports) == 1    RETURN
    Wait Until Keyword Succeeds    3 s    20 ms    Page Transport Should Be    websocket
    Page Emits    upload    ${{["b.bin", {"bytes": [9, 8, 7]}]}}
    Wait For Sent Message    ["upload", "b.bin", {"$binary": "CQgH"}]
    IF    $mode == "connected"
        Page Should See    event    ${{{"name": "uploaded", "args": [3, {"bytes": [7, 8, 9]}]}}}
    ELSE
        Emit Socket.IO Event    after upgrade    ${{b"\xfe"}}
        Page Should See    event    ${{{"name": "after upgrade", "args": [{"bytes": [254]}]}}}
    END
