*** Settings ***
Documentation       wsroute har2robot on a Socket.IO conversation saved on a protocol route: the
...                 suite routes with protocol=socket.io, answers the recorded events, and runs
...                 green against a page whose real socket.io-client talks as recorded.
Resource            ../protocols/protocols.resource
Library             OperatingSystem
Library             String
Library             Har2Robot.py
Suite Setup         Start Servers And Browser
Suite Teardown      Run Keywords    Stop Servers And Browser    AND    Stop Page Server
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets


*** Test Cases ***
Suite From A SocketIO Recording Speaks The Protocol
    ${har} =    Record A SocketIO Chat    ${OUTPUT DIR}${/}hars${/}socketio.har
    ${run} =    Run Wsroute    har2robot    ${har}
    Should Be Equal As Integers    ${run}[rc]    0    ${run}[stderr]
    ${suite} =    Replace String    ${har}    .har    .robot
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    Route WebSocket    **/socket.io/?**    protocol=socket.io
    Should Not Contain    ${text}    "connect"
    ${problems} =    Run Robocop And Dry Run    ${suite}
    Should Be Empty    ${problems}
    ${page} =    Serve Client Page That Talks Like    ${har}    socket.io
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested
    Should Be Equal    ${result}    Page Talks As Recorded: PASS


*** Keywords ***
Record A SocketIO Chat
    [Documentation]    The page's socket.io-client talks to the real server through a
    ...    protocol=socket.io route: welcome, then two chat messages and their echoes.
    [Arguments]    ${path}
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    event    ${{{"name": "welcome"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: hi"]}}}
    Page Emits    chat message    ${{["bye"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["echo: bye"]}}}
    ${har} =    Save WebSocket Traffic    ${path}
    RETURN    ${har}
