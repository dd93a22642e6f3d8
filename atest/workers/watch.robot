*** Settings ***
Documentation       Watch WebSocket on the sockets of shared and service workers, which
...                 Playwright's events do not report: the worker's own socket talks to the
...                 real server, the library's shim reports what passed, and the watch
...                 records it as a page's socket, with the worker named.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Worker Page
Test Template       Run Worker Check


*** Test Cases ***
Shared Worker Socket Is Recorded As A Page Socket Is    Recorded As A Page Socket    shared
Service Worker Socket Is Recorded As A Page Socket Is    Recorded As A Page Socket    service
Waits And Assertions Work On A Shared Worker's Socket    Waits And Assertions    shared
Waits And Assertions Work On A Service Worker's Socket    Waits And Assertions    service
Server Close Of A Shared Worker's Socket Is Recorded    Server Close    shared
Server Close Of A Service Worker's Socket Is Recorded    Server Close    service
Refused Handshake In A Shared Worker Is A Close Without An Open    Refused Handshake    shared
Refused Handshake In A Service Worker Is A Close Without An Open    Refused Handshake    service
Removed Watch Stops Recording A Shared Worker's Socket That Keeps Working
    Removed Watch Stops Recording    shared
Removed Watch Stops Recording A Service Worker's Socket That Keeps Working
    Removed Watch Stops Recording    service
A Route Takes A Shared Worker's Socket Before A Watch    Route Before Watch    shared
A Route Takes A Service Worker's Socket Before A Watch    Route Before Watch    service

A Shared Worker That Goes Away Closes Its Watched Socket With Going Away
    [Template]    NONE
    Watch WebSocket    **/echo
    Start Worker    shared
    Open Worker Socket    /echo
    Wait For WebSocket
    Navigate To    ${HTTP}/workers.html
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 1001, 'reason': ''}}}
    ${entries} =    Journal Of Socket    **/echo    ${WS}/echo
    Should Be Equal    ${entries}[-1][2]    watched; the worker went away
    ${server} =    Wait For Server Event    /echo    close
    Should Be Equal    ${server}    ${{['1001 ']}}

A Service Worker Socket Is Left Open By A Test Whose Watch Ends With It
    [Documentation]    The next test checks that its watch is gone with it.
    [Template]    NONE
    Watch WebSocket    **/echo
    Start Worker    service
    Open Worker Socket    /echo
    Page Sends    left open
    Wait For Received Message    left open

The Ended Watch Records Nothing More Of The Socket It Left
    [Documentation]    The service worker is the same, and closes the socket of the previous
    ...    test when this page says hello: neither that close nor the frames its socket
    ...    passed before reach the new watch, whose only socket is its own.
    [Template]    NONE
    Watch WebSocket    **/echo
    Start Worker    service
    Wait For Server Event    /echo    close
    Open Worker Socket    /echo
    Page Sends    new
    Wait For Received Message    new
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo']}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['new']}}
    Run Keyword And Expect Error    No socket of route '**/echo' closed in 100 milliseconds.
    ...    Wait For WebSocket Close    timeout=100 ms


*** Keywords ***
Recorded As A Page Socket
    [Documentation]    A page socket and a worker socket on one watch do the same things;
    ...    their journals are the same but for the opener, which names the worker.
    ${kind} =    Run JavaScript    () => worker.kind
    Watch WebSocket    **/echo?*
    Open Socket    /echo?page
    Open Worker Socket    /echo?worker
    FOR    ${socket}    IN    0    1
        Page Sends    hello    socket=${socket}
        Page Should Receive    hello    socket=${socket}
        Page Sends Bytes    ${{[0, 16, 255]}}    socket=${socket}
        Page Should Receive    bytes:00 10 ff    socket=${socket}
        Page Closes Socket    4000    done    socket=${socket}
        Page Should See Close    socket=${socket}
    END
    Wait Until Keyword Succeeds    3 s    20 ms    Socket Journal Should Have    ${WS}/echo?page    6
    Wait Until Keyword Succeeds    3 s    20 ms    Socket Journal Should Have    ${WS}/echo?worker    6
    ${page} =    Journal Of Socket    **/echo?*    ${WS}/echo?page
    ${worker} =    Journal Of Socket    **/echo?*    ${WS}/echo?worker
    VAR    @{expected} =
    ...    ${{('open', None, 'watched', 'page', 'server', 'delivered')}}
    ...    ${{('sent', 'hello', 'watched', 'page', 'server', 'delivered')}}
    ...    ${{('received', 'hello', 'watched', 'server', 'page', 'delivered')}}
    ...    ${{('sent', b'\x00\x10\xff', 'watched', 'page', 'server', 'delivered')}}
    ...    ${{('received', b'\x00\x10\xff', 'watched', 'server', 'page', 'delivered')}}
    ...    ${{('close', (4000, 'done'), 'watched', 'server', 'page', 'delivered')}}
    Should Be Equal    ${{[e[:-1] for e in $page]}}    ${expected}
    Should Be Equal    ${{[e[:-1] for e in $worker]}}    ${expected}
    Should Be Equal    ${{{e[-1] for e in $page}}}    ${{{''}}}
    Should Be Equal    ${{{e[-1] for e in $worker}}}    ${{{$kind + ' worker ' + $HTTP + '/socket-worker.js'}}}
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{['hello', b'\x00\x10\xff'] * 2}}

Socket Journal Should Have
    [Documentation]    Fails unless the watch's journal has ${count} entries about ${url}.
    [Arguments]    ${url}    ${count}
    ${entries} =    Journal Of Socket    **/echo?*    ${url}
    Length Should Be    ${entries}    ${count}

Waits And Assertions
    [Documentation]    Waits, assertions, the URL list and the log work on a watched worker
    ...    socket; the server saw what the worker sent; the relay keeps nothing once it
    ...    closed, and no note says the watch cannot see it.
    ${kind} =    Run JavaScript    () => worker.kind
    Watch WebSocket    **/echo
    Open Worker Socket    /echo
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo
    Page Sends    ping
    ${sent} =    Wait For Sent Message    ping
    ${received} =    Wait For Received Message
    Should Be Equal    ${sent}    ping
    Should Be Equal    ${received}    ping
    Page Sends    {"type": "price", "symbol": "ACME", "value": 42}
    ${price} =    Wait For Received Message    {"type": "price"}    match=json
    Should Be Equal    ${price}    {"type": "price", "symbol": "ACME", "value": 42}
    Sent Messages Should Contain    ping
    Received Messages Should Contain    p*    match=glob
    Received Messages Should Not Contain    pong
    Run Keyword And Expect Error
    ...    Received messages on route '**/echo' do not contain 'pong'. Received messages: 'ping', '{"type": "price", "symbol": "ACME", "value": 42}'.
    ...    Received Messages Should Contain    pong
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo']}}
    Server Should Have Seen    /echo    ping
    Page Closes Socket    4000    done
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4000, 'reason': 'done'}}}
    ${server} =    Wait For Server Event    /echo    close
    Should Be Equal    ${server}    ${{['4000 done']}}
    Log Table And Diagram Should Name    ${kind} worker ${HTTP}/socket-worker.js
    Log Notes Should Contain    cannot see    count=0
    Worker Relay Should Hold No Socket

Server Close
    [Documentation]    The server closes the worker's socket: its code and reason are recorded.
    Watch WebSocket    **/close
    Open Worker Socket    /close
    Page Sends    4001 going away
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4001, 'reason': 'going away'}}}
    ${page} =    Page Should See Close
    Should Be Equal    ${page}[code]    ${4001}

Refused Handshake
    [Documentation]    The server refuses the handshake: a close without an open.
    Watch WebSocket    **/reject
    Open Worker Socket    /reject
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}[code]    ${1006}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/reject']}}
    ${entries} =    Journal Of Socket    **/reject    ${WS}/reject
    Should Be Equal    ${{[e[:3] for e in $entries]}}
    ...    ${{[('close', (1006, ''), 'watched; the connection failed: no handshake')]}}
    Run Keyword And Expect Error
    ...    No socket of route '**/reject' was open in 100 milliseconds.
    ...    Wait For WebSocket    timeout=100 ms

Removed Watch Stops Recording
    [Documentation]    Unrouting the watch stops the recording, not the socket; a new watch
    ...    of the pattern records sockets opened from then on only.
    Watch WebSocket    **/echo
    Open Worker Socket    /echo
    Page Sends    one
    Wait For Received Message    one
    Unroute WebSocket
    Watch WebSocket    **/echo
    Page Sends    two
    Page Should Receive    two
    ${received} =    Get Received Messages
    Should Be Empty    ${received}
    ${urls} =    Get WebSocket Urls
    Should Be Empty    ${urls}
    Server Should Have Seen    /echo    two

Route Before Watch
    [Documentation]    A socket that a route also matches is the route's, as a page's is.
    Watch WebSocket    **/echo*
    Route WebSocket    **/echo
    Send On Open    from the mock
    Open Worker Socket    /echo
    Page Should Receive    from the mock
    ${urls} =    Get WebSocket Urls    **/echo*
    Should Be Empty    ${urls}
    ${seen} =    Server Events    /echo    open
    Should Be Empty    ${seen}
