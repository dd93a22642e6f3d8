*** Settings ***
Documentation       fast_path=${True}: the page's sockets that a context route takes go over
...                 the library's relay, not through Playwright's routing; the others stay
...                 the browser's own, or Playwright's where a page route may take them.
...                 The whole acceptance suite also runs with the fast path on (make test);
...                 these tests check which way each socket went.
Library             WsRouteLibrary    timeout=3 s    fast_path=${True}
Library             TestServers.py
Library             TestKit.py
Resource            fast_path.resource
Suite Setup         Start Servers And Page
Suite Teardown      Run Keywords    Quit Browser    AND    Stop Test Servers
Test Setup          Run Keywords    Navigate To    ${HTTP}/index.html    AND    Clear Server Events


*** Variables ***
${SEND_MIXED}     SEPARATOR=
...         async () => { await window.whenOpen(0); const ws = window.sockets[0];
...         ${SPACE}ws.send(new Blob(['b1'])); ws.send('t1');
...         ${SPACE}ws.send(new Uint8Array([98, 50])); ws.send('t2'); }


*** Test Cases ***
A Routed Socket Is The Library's And Is Answered
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Socket Should Be    library
    Page Sends    ping
    Page Should Receive    pong
    ${sent} =    Wait For Sent Message    ping
    Should Be Equal    ${sent}    ping
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}

Frames Reach The Library In The Order The Page Sent Them
    Route WebSocket    **/echo
    Open Socket    /echo
    Socket Should Be    library
    Run JavaScript    ${SEND_MIXED}
    Wait For Sent Message    t2
    ${sent} =    Get Sent Messages
    ${expected} =    Evaluate    [b'b1', 't1', b'b2', 't2']
    Should Be Equal    ${sent}    ${expected}

An Unrouted Socket Is The Browser's Own
    Route WebSocket    **/echo
    Open Socket    /greet
    Socket Should Be    browser
    Page Should Receive    welcome

A Page Route Leaves Its Sockets To Playwright
    Route WebSocket    **/echo    scope=page
    Reply When Sent    ping    pong
    Open Socket    /echo
    Socket Should Be    playwright
    Page Sends    ping
    Page Should Receive    pong

A Connected Socket Reaches Its Server From The Page
    Route WebSocket    **/greet
    Connect To Server
    Open Socket    /greet
    Socket Should Be    library
    Page Should Receive    welcome
    Page Sends    hi
    Page Should Receive    hi
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['welcome', 'hi']}}
    Close Socket    code=4001    reason=done
    Wait Until Keyword Succeeds    3 s    50 ms    Server Saw Close    /greet    4001 done

Every Socket Is An Instance Of WebSocket
    Route WebSocket    **/echo
    Route WebSocket    **/page    scope=page
    Open Socket    /echo
    Open Socket    /greet
    Open Socket    /page
    ${kinds} =    Run JavaScript    () => [0, 1, 2].map((i) => (${MADE_BY})(i))
    Should Be Equal    ${kinds}    ${{['library', 'browser', 'playwright']}}
    ${instances} =    Run JavaScript    () => window.sockets.map((ws) => ws instanceof WebSocket)
    Should Be Equal    ${instances}    ${{[True, True, True]}}
    ${names} =    Run JavaScript    () => [WebSocket.name, WebSocket.OPEN, typeof WebSocket.prototype.send]
    Should Be Equal    ${names}    ${{['WebSocket', 1, 'function']}}

A Page's Own Wrapper Of WebSocket Still Reaches The Route
    Run JavaScript    () => { const Before = WebSocket; window.WebSocket = function (url, protocols) { const ws = new Before(url, protocols); ws.wrapped = true; return ws; }; }
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Socket Should Be    library
    ${wrapped} =    Run JavaScript    () => window.sockets[0].wrapped
    Should Be True    ${wrapped}
    Page Sends    ping
    Page Should Receive    pong

A Route Made After The Socket Opened Does Not Take It
    Open Socket    /greet
    Page Should Receive    welcome
    Route WebSocket    **/greet
    Reply When Sent    hi    mocked
    Socket Should Be    browser
    Page Sends    hi
    Page Should Receive    hi
    ${sent} =    Get Sent Messages
    Should Be Empty    ${sent}

Unrouting Leaves The Next Socket To The Browser
    Route WebSocket    **/greet
    Reply When Sent    hi    mocked
    Open Socket    /greet
    Socket Should Be    library
    Unroute WebSocket
    Open Socket    /greet
    Socket Should Be    browser    1
    Page Should Receive    welcome    1

A Route Made After A Socket Of Its URL Passed Takes The Next One
    [Documentation]    The page keeps the way it was told for a URL (a socket opened again asks
    ...    nothing) while its link to the relay is open, and forgets it when the routes change.
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Should Receive    pong
    Open Socket    /greet
    Socket Should Be    browser    1
    Page Should Receive    welcome    1
    Open Socket    /greet
    Socket Should Be    browser    2
    Route WebSocket    **/greet
    Send On Open    mocked hello
    Open Socket    /greet
    Socket Should Be    library    3
    Page Should Receive    mocked hello    3
    Unroute WebSocket    **/greet
    Open Socket    /greet
    Socket Should Be    browser    4
    Page Should Receive    welcome    4

A Page That Cannot Ask The Library Leaves Its Sockets To Playwright
    [Documentation]    The page's Content-Security-Policy allows sockets but not the plain
    ...    request the library's script asks with: the socket goes through Playwright's
    ...    routing, as without the fast path, and is answered all the same.
    Navigate To    ${HTTP}/csp.html
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Socket Should Be    playwright
    Page Sends    ping
    Page Should Receive    pong
    ${sent} =    Wait For Sent Message    ping
    Should Be Equal    ${sent}    ping
