*** Settings ***
Documentation       Sockets of workers that Playwright's routes do not see the scripts of:
...                 workers started by workers (the shim starts them itself, its script
...                 first) and blob: workers (the marker copies the blob behind the shim),
...                 mocked, connected and logged as a page's; a data: worker's sockets are
...                 not routed, and the log says so once a test.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Nested Page
Test Tags           nested
Test Timeout        30 s


*** Test Cases ***
Nested Worker Socket Answers From Rules
    [Template]    Run Worker Check
    Mocked Socket Answers    nested socket-worker.js

Nested Worker Socket Meets The Server Through A Rule
    [Template]    Run Worker Check
    Connected Socket Rewrites    nested socket-worker.js

Worker Two Levels Deep Is Routed
    [Template]    Run Worker Check
    Mocked Socket Answers    nested nest-worker.js socket-worker.js

Nested Module Worker Is Routed
    [Template]    Run Worker Check
    Mocked Socket Answers    nested module:socket-worker.js

Blob Worker Started By A Worker Is Routed
    [Template]    Run Worker Check
    Mocked Socket Answers    nested blob:socket-worker.js

Log Names The Nested Worker By Its Script
    [Template]    Run Worker Check
    Log Names Worker    nested socket-worker.js    socket-worker.js

Nested Worker Resolves Relative URLs Against Its Script
    [Documentation]    The nested worker runs from a blob: script: its importScripts and
    ...    fetch of relative URLs and its location still mean its own script's URL.
    Start Worker    nested import-worker.js
    Mocked Socket Answers
    ${where} =    Run JavaScript    () => where()
    Should Be Equal    ${where}[location]    ${HTTP}/import-worker.js
    Should Be Equal    ${where}[href]    ${HTTP}/import-worker.js
    Should Be Equal    ${where}[fetched]    fetched relative to the script
    ${errors} =    Run JavaScript    () => workerErrors()
    Should Be Empty    ${errors}

Unrouted Nested Worker Socket Reaches Its Server
    Start Worker    nested socket-worker.js
    Open Worker Socket    /echo
    Page Sends    direct
    Page Messages Should Be    direct
    Server Should Have Seen    /echo    direct

Data Worker Started By A Worker Is Not Routed And The Log Says So
    Route WebSocket    **/echo
    Reply When Sent    ping    from the route
    Start Worker    nested data:socket-worker.js
    Open Worker Socket    /echo
    Page Sends    ping
    Page Messages Should Be    ping
    Server Should Have Seen    /echo    ping
    Log Notes Should Contain    The sockets of the dedicated worker 'data:text/javascript,
    ...    count=1

A Watch Records A Nested Worker's Socket And Not Its Relay Connection
    Watch WebSocket    **
    Start Worker    nested socket-worker.js
    Open Worker Socket    /echo
    Page Sends    ping
    ${received} =    Wait For Received Message    ping
    Should Be Equal    ${received}    ping
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo']}}

Ended Nested Workers Leave Nothing Behind
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Start Worker    nested nest-worker.js socket-worker.js
    Open Worker Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Run JavaScript    () => worker.port.terminate()
    Worker Relay Should Hold Nothing

Blob Worker Socket Answers From Rules
    [Template]    Run Worker Check
    Mocked Socket Answers    blob

Blob Worker Socket Meets The Server Through A Rule
    [Template]    Run Worker Check
    Connected Socket Rewrites    blob

Module Blob Worker Socket Answers From Rules
    [Template]    Run Worker Check
    Mocked Socket Answers    blob module

Shared Blob Worker Socket Answers From Rules
    [Template]    Run Worker Check
    Mocked Socket Answers    blob shared

Log Names The Blob Worker
    Start Worker    blob
    Route WebSocket    **/echo
    Open Worker Socket    /echo
    Wait For WebSocket
    Log Table And Diagram Should Name    (in dedicated worker blob:${HTTP}/

Data Worker Socket Is Not Routed And The Log Says So Once
    Route WebSocket    **/echo
    Reply When Sent    ping    from the route
    Start Worker    data
    Start Worker    data
    Open Worker Socket    /echo
    Page Sends    ping
    Page Messages Should Be    ping
    Server Should Have Seen    /echo    ping
    Log Notes Should Contain    The sockets of the dedicated worker 'data:text/javascript,
    ...    count=1
    Log Notes Should Contain    opaque origin    count=1

A Page Whose Policy Keeps The Relay Out Says So Once A Worker
    [Documentation]    The page's connect-src keeps out the marker's requests to the relay:
    ...    Playwright reports them failed, and the log names each worker (a script URL
    ...    no route had yet, a blob:) and the policy; their sockets reach the server.
    Navigate To    ${HTTP}/nested.html?csp
    Route WebSocket    **/echo
    Reply When Sent    ping    from the route
    Start Worker    dedicated csp
    Start Worker    blob
    Open Worker Socket    /echo
    Page Sends    ping
    Page Messages Should Be    ping
    Server Should Have Seen    /echo    ping
    Log Notes Should Contain    The sockets of the dedicated worker '${HTTP}/socket-worker.js?csp'
    ...    count=1
    Log Notes Should Contain    The sockets of the dedicated worker 'blob:${HTTP}/    count=1
    Log Notes Should Contain    relay on 127.0.0.1 to name it (csp)    count=2

A Service Worker The Library Did Not Serve Is Named Once
    [Documentation]    A service worker whose script the library never answered (as one
    ...    installed before it came) controls the page: each load of the page says so,
    ...    once in the test's log, naming it and what to do.
    ${script} =    Run JavaScript    () => registerUnmarked()
    Should Be Equal    ${script}    ${HTTP}/socket-worker.js?unmarked
    Navigate To    ${HTTP}/nested.html
    Navigate To    ${HTTP}/nested.html
    Log Notes Should Contain    The sockets of the service worker '${script}' are not routed
    ...    count=1
    Log Notes Should Contain    installed before this run    count=1
    [Teardown]    Run JavaScript    () => unregisterAll()


*** Keywords ***
Fresh Nested Page
    [Documentation]    Loads the nested workers' page again: no sockets, no worker yet.
    Navigate To    ${HTTP}/nested.html
    Clear Server Events
