*** Settings ***
Documentation       An Engine.IO long-polling session lives as long as a socket would: it ends
...                 when its page navigates away or closes, and when the test that owns its
...                 route ends; its close is recorded at once, and nothing it held (held
...                 messages, a delayed answer) reaches a later test. The real socket.io-client
...                 polls the library's mock; the last test stops a real upgrade halfway.
Resource            polling.resource
Library             NestedRun.py    ${CURDIR}${/}nested
Library             TestKit.py
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets


*** Variables ***
${POLLING}      ${{["polling"]}}
# The first step of Engine.IO's upgrade, as socket.io-client takes it: a WebSocket with the
# polling session's sid sends 2probe; resolves with the answer (3probe).
${PROBE}        SEPARATOR=
...             () => new Promise((resolve) => {
...             const url = location.origin.replace(/^http/, "ws")
...             + "/socket.io/?EIO=4&transport=websocket&sid=" + sockets[0].io.engine.id;
...             const ws = new WebSocket(url); window.probe = ws;
...             ws.onopen = () => ws.send("2probe");
...             ws.onmessage = (m) => resolve(m.data);
...             setTimeout(() => resolve("no answer"), 3000); })


*** Test Cases ***
A Page That Navigates Away Ends Its Polling Session At Once
    A Polling Session Holds Messages And A Delayed Answer
    Navigate To    about:blank
    ${close} =    Wait For WebSocket Close    timeout=3 s
    Should Be Equal As Integers    ${close}[code]    1001
    Received Messages Should Not Contain    ["later"]    match=json

A Connected Page That Navigates Away Ends Its Polling Session At Once
    [Documentation]    The same through a connected route: the page's last answer from the
    ...    real server is held, and nothing of the session comes after the navigation.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Page Connects SocketIO    transports=${POLLING}
    Page Should See    connect
    Hold WebSocket Messages    direction=received
    Page Emits    chat message    ${{["kept"]}}
    ${heard} =    Wait For Socketio Server Event    chat message
    Should Be Equal    ${heard}    ${{["kept"]}}
    Navigate To    about:blank
    ${close} =    Wait For WebSocket Close    timeout=3 s
    Should Be Equal As Integers    ${close}[code]    1001
    Received Messages Should Not Contain    ["chat message", "echo: kept"]
    Wait Until Keyword Succeeds    3 s    20 ms    The Server Saw The Client Close

A Page That Closes Ends Its Polling Session At Once
    [Setup]    Open Page    ${HTTP}/socketio.html
    A Polling Session Holds Messages And A Delayed Answer
    Close Current Page
    Wait For WebSocket Close    timeout=3 s

A Polling Session Ends With The Test That Owns Its Route
    [Documentation]    The page stays; the test's end closes the session (see the next test).
    A Polling Session Holds Messages And A Delayed Answer
    [Teardown]    NONE

The Page Saw That Session Close As A Socket's Close
    [Documentation]    The library closed the session of the previous test: the page's client
    ...    got what was held (a test's end delivers it), then saw its transport close at once
    ...    (not at the end of a 25 s poll, nor as an error); the delayed answer never came, and
    ...    no error of that session surfaces here.
    [Setup]    NONE
    Page Should See    disconnect    ${{{"reason": "transport close"}}}
    Page Saw    event    ${{{"name": "held", "args": ["later"]}}}
    Page Should Not Have Seen    event    ${{{"name": "pong"}}}

A Connected Polling Session Ends With The Test That Owns Its Route
    [Documentation]    The page stays; the test's end closes the session (see the next test).
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Connect To Server
    Page Connects SocketIO    transports=${POLLING}
    Page Should See    connect
    Hold WebSocket Messages    direction=received
    Page Emits    chat message    ${{["kept"]}}
    Wait For Socketio Server Event    chat message
    # The server's answer reaches the library by the library's next poll of the server: the
    # test ends once it is held (a full run once ended before, and the answer came too late).
    Wait Until Keyword Succeeds    5 s    20 ms    Route Should Hold Messages    **/socket.io/**
    [Teardown]    NONE

The Page Saw That Connected Session Close As A Socket's Close
    [Documentation]    The held answer of the real server arrived as the test ended, then the
    ...    session's close.
    [Setup]    NONE
    Page Should See    disconnect    ${{{"reason": "transport close"}}}
    Page Saw    event    ${{{"name": "chat message", "args": ["echo: kept"]}}}
    Wait Until Keyword Succeeds    3 s    20 ms    The Server Saw The Client Close

A Page That Navigates Away During The Upgrade Ends The Session
    [Documentation]    The page's WebSocket probes the session (Engine.IO's ``2probe`` and
    ...    ``3probe``) and stops before ``5``, as the client does while its last poll is out:
    ...    the navigation ends the session and the probe.
    A Polling Session Holds Messages And A Delayed Answer
    ${probed} =    Run JavaScript    ${PROBE}
    Should Be Equal    ${probed}    3probe
    Navigate To    about:blank
    ${close} =    Wait For WebSocket Close    timeout=3 s
    Should Be Equal As Integers    ${close}[code]    1001

Each Session's Close Is In The Table Of Its Own Test
    [Documentation]    A nested run: the close of a session that a navigation or the test's end
    ...    ended is recorded in that test's table, at once, after what it held; a later test's
    ...    table has nothing of it.
    [Setup]    Run Nested Suite    polling_lifetime_log    ${OUTPUT DIR}
    ${statuses} =    Nested Statuses    polling_lifetime_log
    Should Be Equal    ${{set($statuses.values())}}    ${{{"PASS"}}}
    ${navigated} =    Last Rows    A Session Is Open When Its Page Navigates Away
    Length Should Be    ${navigated}    7
    Should Be Equal    ${navigated}[4][2]    Send To Page; not delivered: socket closing
    Should Be Equal    ${navigated}[5]    ${{["close", "code 1001", "closed by page"]}}
    Should End With    ${navigated}[6][2]    not delivered: cancelled, the test ended
    ${ended} =    Last Rows    A Session Is Open When Its Test Ends
    Length Should Be    ${ended}    7
    Should Be Equal    ${ended}[4][0]    → page
    Should End With    ${ended}[4][2]    (released: the test ended)
    Should End With    ${ended}[5][2]    not delivered: cancelled, the test ended
    Should Be Equal    ${ended}[6]    ${{["close", "code 1000", "closed, the test ended"]}}
    ${next} =    Traffic Tables    polling_lifetime_log    The Next Test Gets Nothing Of Them
    Should Be Empty    ${next}


*** Keywords ***
Last Rows
    [Documentation]    The rows of the only traffic table of nested ${test}, without their socket cell.
    [Arguments]    ${test}
    ${tables} =    Traffic Tables    polling_lifetime_log    ${test}
    Length Should Be    ${tables}    1
    ${rows} =    Evaluate    [row[1:] for row in $tables[0]["rows"]]
    RETURN    ${rows}

The Server Saw The Client Close
    [Documentation]    Fails unless the real server's session ended by the client's close
    ...    (the library told it), not by its ping timeout.
    ${why} =    Socketio Server Disconnects
    Should Be Equal    ${why}    ${{["client disconnect"]}}
