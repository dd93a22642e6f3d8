*** Settings ***
Documentation       Worker sockets beside page sockets on one route, latency on a worker
...                 socket, and workers that start and stop quickly leaving nothing behind.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Worker Page


*** Test Cases ***
Page Socket And Worker Socket Share One Route
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Start Worker    dedicated
    Open Socket    /echo
    Open Worker Socket    /echo
    Page Sends    ping    socket=0
    Page Sends    ping    socket=1
    Page Messages Should Be    pong    socket=0
    Page Messages Should Be    pong    socket=1
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    2
    Send To Page    both
    Page Messages Should Be    pong    both    socket=0
    Page Messages Should Be    pong    both    socket=1
    Close Socket    code=4002
    ${page} =    Page Should See Close    socket=0
    ${worker} =    Page Should See Close    socket=1
    Should Be Equal As Integers    ${page}[code]    4002
    Should Be Equal As Integers    ${worker}[code]    4002

Latency Holds Up A Worker Socket's Messages
    Route WebSocket    **/echo
    Connect To Server
    Set WebSocket Latency    300 ms
    Start Worker    dedicated
    Open Worker Socket    /echo
    Page Sends    slow
    Sleep    100 ms
    ${early} =    Page Messages
    Should Be Empty    ${early}
    Page Should Receive    slow

A Worker Per Request Leaves Nothing Behind
    Route WebSocket    **/echo
    Reply When Sent    request *    answer    match=glob
    Short Workers Answers Should Be    /echo    8
    ...    answer    answer    answer    answer    answer    answer    answer    answer
    Worker Relay Should Hold Nothing
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}

Unrouted Short Workers Reach The Server Directly
    Short Workers Answers Should Be    /echo    3    request 0    request 1    request 2
    Worker Relay Should Hold Nothing

A Worker Started By A Worker Is Routed
    [Documentation]    Playwright's routes do not see a nested worker's script: the shim of
    ...    the worker that starts it starts it with the shim first (nested.robot has more).
    Route WebSocket    **/echo
    Reply When Sent    deep    answer from the route
    ${answer} =    Run JavaScript    ([u, t]) => nestedWorker(u, t)    ${{[$WS + '/echo', 'deep']}}
    Should Be Equal    ${answer}    answer from the route
    Server Should Not Have Seen Anything    /echo

A Route That Catches Nothing Names A Worker Socket Opened Before It
    [Documentation]    FAIL GLOB: *no route caught: ${WS}/greet (in shared worker ${HTTP}/socket-worker.js) (it opened before the route was made*
    Start Worker    shared
    Open Worker Socket    /greet
    Page Should See Open
    Route WebSocket    **/greet
    Wait For WebSocket    timeout=0.5 s

A Watch Records A Dedicated Worker's Socket
    [Documentation]    Playwright reports a dedicated worker's sockets as the page's: the
    ...    watch records them, and the worker's relay connection is not among them.
    Watch WebSocket    **
    Start Worker    dedicated
    Open Worker Socket    /echo
    Page Sends    ping
    ${received} =    Wait For Received Message    ping
    Should Be Equal    ${received}    ping
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo']}}
