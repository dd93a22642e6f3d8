*** Settings ***
Documentation       fast_path=${True}: what the page answers by itself (road/inpage.py), recorded
...                 in the journal as the library's own answers would be, and what it hands back
...                 to the library (fast_path.robot checks which way each socket goes).
Library             WsRouteLibrary    timeout=3 s    fast_path=${True}
Library             TestServers.py
Library             TestKit.py
Resource            fast_path.resource
Suite Setup         Start Servers And Page
Suite Teardown      Run Keywords    Quit Browser    AND    Stop Test Servers
Test Setup          Run Keywords    Navigate To    ${HTTP}/index.html    AND    Clear Server Events


*** Variables ***
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


*** Test Cases ***
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
