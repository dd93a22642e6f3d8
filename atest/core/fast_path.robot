*** Settings ***
Documentation       fast_path=${True}: the page's sockets that a context route takes go over
...                 the library's relay, not through Playwright's routing; the others stay
...                 the browser's own, or Playwright's where a page route may take them.
...                 The whole acceptance suite also runs with the fast path on (make test);
...                 these tests check which way each socket went.
Library             Collections
Library             WsRouteLibrary    timeout=3 s    fast_path=${True}
Library             TestServers.py
Library             TestKit.py
Suite Setup         Start Servers And Page
Suite Teardown      Run Keywords    Quit Browser    AND    Stop Test Servers
Test Setup          Run Keywords    Navigate To    ${HTTP}/index.html    AND    Clear Server Events


*** Variables ***
${HTTP}     ${EMPTY}
${WS}       ${EMPTY}
# Which class made socket i: Playwright's routing mock, the browser's own, or the library's.
${MADE_BY}     SEPARATOR=
...         (i) => { const ws = window.sockets[i]; if ('_passthrough' in ws) return 'playwright';
...         ${SPACE}return String(Object.getPrototypeOf(ws).constructor).includes('[native code]')
...         ${SPACE}? 'browser' : 'library'; }
# A Blob (read before it is sent), text, bytes, text: on one socket, in one go.
# 500 numbered messages, back to back, once socket 0 is open; resolves once all are answered.
${FLOOD}     SEPARATOR=
...         async () => { await window.whenOpen(0); const ws = window.sockets[0]; let left = 500;
...         ${SPACE}const done = new Promise((resolve) => ws.addEventListener('message',
...         ${SPACE}() => { if (--left === 0) resolve(); }));
...         ${SPACE}for (let i = 0; i < 500; i++) ws.send('m ' + i); await done; }
${THREE_PINGS}     SEPARATOR=
...         async () => { await window.whenOpen(0); const ws = window.sockets[0];
...         ${SPACE}ws.send('ping'); ws.send('ping'); ws.send('ping'); }
# Socket 1 sends first, then socket 0, in one go.
${SECOND_FIRST}     SEPARATOR=
...         async () => { await window.whenOpen(0); await window.whenOpen(1);
...         ${SPACE}window.sockets[1].send('ping'); window.sockets[0].send('ping'); }
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

A Rule The Page Can Apply Is Answered In The Page And Recorded In Order
    [Documentation]    The page answers by itself; the journal has every message at once,
    ...    with no wait, as the library's own answers would have left it.
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Drop When Sent    quiet
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    ping
    Page Should Receive    pong
    Page Sends    quiet
    Page Sends    other
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['ping', 'quiet', 'other']}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['pong']}}
    Page Should Answer By Itself    **/echo

A Reply That Echoes The Message Is Answered In The Page Too
    Route WebSocket    **/echo
    Reply When Sent    h?*    you said {{message}}    match=glob
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    hi
    Page Should Receive    you said hi
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['you said hi']}}
    Page Should Answer By Itself    **/echo

A Glob With A Set Is Answered In The Page As fnmatch Reads It
    Route WebSocket    **/echo
    Reply When Sent    p[!a-h]ng*    pong    match=glob
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    pang
    Page Sends    ping\n*
    Page Should Receive    pong
    ${answered} =    Messages Answered In The Page    **/echo
    Should Be Equal As Integers    ${answered}    2
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['pong']}}

A JSON Rule's Reply Is Filled In The Page As The Library Fills It
    [Documentation]    A value the page might write otherwise (a float: Python keeps 7.0)
    ...    is the library's to fill: the page hands that message over, then answers again.
    Route WebSocket    **/echo
    Reply When Sent    {"op": "get"}    {"id": {{id}}, "tags": {{tags}}, "who": "{{user.name}}"}
    ...    match=json
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    {"op": "get", "id": 7, "tags": ["a", 1, {"b": null}], "user": {"name": "Zoë"}}
    Page Should Receive    {"id": 7, "tags": ["a", 1, {"b": null}], "who": "Zoë"}
    ${answered} =    Messages Answered In The Page    **/echo
    Should Be Equal As Integers    ${answered}    1
    Page Sends    {"op":"get","id":7.0,"tags":[],"user":{"name":"x"}}
    Page Should Receive    {"id": 7.0, "tags": [], "who": "x"}
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    {"op":"get","id":"a\\"b","tags":true,"user":{"name":"y"}}
    Page Should Receive    {"id": a"b, "tags": true, "who": "y"}
    ${answered} =    Messages Answered In The Page    **/echo
    Should Be Equal As Integers    ${answered}    2
    ${received} =    Get Received Messages
    Length Should Be    ${received}    3

A Placeholder The Message Cannot Fill Fails The Test As Without The Fast Path
    [Documentation]    FAIL GLOB: *Reply template * has placeholder {{id}} that message *
    Route WebSocket    **/echo
    Reply When Sent    {"op": "get"}    {{id}}    match=json
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    {"op": "get"}
    Wait For Sent Message    {"op": "get"}    match=json

A Flood Answered In The Page Is Recorded Whole And In Order
    Route WebSocket    **/echo
    Reply When Sent    *    ack    match=glob
    Drop When Sent    {"skip": true}    match=json
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Run JavaScript    ${FLOOD}
    ${sent} =    Get Sent Messages
    ${expected} =    Evaluate    ['m %d' % i for i in range(500)]
    Should Be Equal    ${sent}    ${expected}
    ${received} =    Get Received Messages
    Length Should Be    ${received}    500
    Page Should Answer By Itself    **/echo

A Message The Page Cannot Decide Goes To The Library And The Page Answers Again After
    [Documentation]    The regular expression is the library's to apply: the page hands
    ...    that message over, then takes its plan again.
    Route WebSocket    **/echo
    Reply When Sent    x.*    matched    match=regexp
    Reply When Sent    ping    pong
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    xyz
    Page Should Receive    matched
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    ping
    Page Should Receive    pong
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['xyz', 'ping']}}

A Rule Made While The Page Answers Applies To Its Next Message
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Reply When Sent    ping    newer
    Page Sends    ping
    Page Should Receive    newer
    Reply When Sent    ping    once    times=1
    Page Should Answer By Itself    **/echo
    Page Sends    ping
    Page Should Receive    once
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['newer', 'once']}}

A Rule With Times Is Counted In The Page As The Library Counts It
    [Documentation]    The route's only socket holds the rule's count: the page spends it
    ...    and the rule retires at its last use, as without the fast path.
    Route WebSocket    **/echo
    Reply When Sent    ping    always
    Reply When Sent    ping    twice    times=2
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Run JavaScript    ${THREE_PINGS}
    Page Should Receive    always
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['twice', 'twice', 'always']}}
    Page Should Answer By Itself    **/echo
    Page Sends    ping
    Page Should Receive    always
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['twice', 'twice', 'always', 'always']}}

A Second Socket On The Route Takes The Count Back From The Page
    [Documentation]    Once the route has two sockets the count is the library's: the
    ...    first message that reaches it, from either socket, spends it.
    Route WebSocket    **/echo
    Reply When Sent    ping    later
    Reply When Sent    ping    once    times=1
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Open Socket    /echo
    Run JavaScript    ${SECOND_FIRST}
    Page Should Receive    once    1
    Page Should Receive    later    0
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['once', 'later']}}

A Delayed Reply Is Matched In The Page And Sent By The Library When Due
    [Documentation]    The page keeps answering by itself; the delayed reply is work of the
    ...    test's, which the library sends when it is due (or cancels with the test).
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Reply When Sent    slow    late {{message}}    delay=300 ms
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    slow
    Page Sends    ping
    Page Should Receive    pong
    Page Should Receive    late slow
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['pong', 'late slow']}}
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['slow', 'ping']}}
    Page Should Answer By Itself    **/echo

A Close Rule Closes The Socket From The Page
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Close Socket When Sent    bye    code=4000    reason=done
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Page Sends    ping
    Page Should Receive    pong
    Page Sends    bye
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4000, 'reason': 'done'}}}
    Wait Until Keyword Succeeds    3 s    50 ms    Page Has Closed    4000    done
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['ping', 'bye']}}

A Fault Set While The Page Answers Takes The Socket Back At Once
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/echo
    Hold WebSocket Messages
    Page Should Answer By Itself    **/echo    expected=${False}
    Page Sends    ping
    Wait Until Keyword Succeeds    3 s    50 ms    Route Should Hold Messages    **/echo
    ${received} =    Get Received Messages
    Should Be Empty    ${received}
    Release WebSocket Messages
    Page Should Receive    pong


*** Keywords ***
Start Servers And Page
    [Documentation]    Test servers on free ports, and the library's browser on the test page.
    ${urls} =    Start Test Servers
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    Launch Browser
    Open Page    ${HTTP}/index.html

Open Socket
    [Documentation]    Opens a WebSocket in the page to ${WS}${path}.
    [Arguments]    ${path}
    Run JavaScript    (u) => openSocket(u)    ${WS}${path}

Socket Should Be
    [Documentation]    Socket ${index} was made by ${kind}'s class.
    [Arguments]    ${kind}    ${index}=0
    ${made} =    Run JavaScript    ${MADE_BY}    ${{int($index)}}
    Should Be Equal    ${made}    ${kind}

Page Sends
    [Documentation]    The page sends ${text} on socket 0 once it is open.
    [Arguments]    ${text}
    Run JavaScript    (t) => sendText(0, t)    ${text}

Page Should Receive
    [Documentation]    Socket ${index} of the page got ${text}.
    [Arguments]    ${text}    ${index}=0
    Wait Until Keyword Succeeds    3 s    50 ms    Page Has Received    ${text}    ${index}

Server Saw Close
    [Documentation]    The test server saw a socket of ${path} close with ${close}.
    [Arguments]    ${path}    ${close}
    ${closes} =    Server Events    ${path}    close
    Should Contain    ${closes}    ${close}

Page Has Closed
    [Documentation]    Socket 0 of the page saw its close with ${code} and ${reason}.
    [Arguments]    ${code}    ${reason}
    ${events} =    Run JavaScript    () => window.events.filter((e) => e.socket === 0 && e.type === 'close')
    Should Be Equal As Integers    ${events}[0][code]    ${code}
    Should Be Equal    ${events}[0][reason]    ${reason}

Page Has Received
    [Documentation]    Socket ${index} of the page has got ${text} by now.
    [Arguments]    ${text}    ${index}
    ${messages} =    Run JavaScript    (i) => messages(i)    ${{int($index)}}
    Should Contain    ${messages}    ${text}
