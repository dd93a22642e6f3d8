*** Settings ***
Documentation       Phoenix Channels against the library's mock, with the real phoenix client:
...                 the library answers joins and heart-beats; rules refuse joins and answer pushes.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open Phoenix Page
Test Teardown       Close Page Sockets


*** Test Cases ***
A Join Is Answered Ok
    Route WebSocket    **/socket/**    protocol=phoenix
    Page Connects Phoenix
    Page Joins    room:lobby    ${{{"user": "ann"}}}
    Page Should Have Seen    ${{{"topic": "room:lobby", "what": "join", "status": "ok", "response": {}}}}
    Sent Messages Should Contain    {"topic": "room:lobby", "event": "phx_join", "payload": {"user": "ann"}}
    Received Messages Should Contain    {"topic": "room:lobby", "event": "phx_reply", "payload": {"status": "ok", "response": {}}}
    ${urls} =    Get WebSocket Urls
    Should Match Regexp    ${urls}[0]    ^ws://127\\.0\\.0\\.1:\\d+/socket/websocket\\?.*vsn=2\\.0\\.0

A Join Refused By A Rule
    Route WebSocket    **/socket/**    protocol=phoenix
    Reply When Sent    {"topic": "room:vip", "event": "phx_join"}
    ...    {"status": "error", "response": {"reason": "unauthorized"}}    match=json
    Page Connects Phoenix
    Page Joins    room:vip
    Page Should Have Seen
    ...    ${{{"topic": "room:vip", "what": "join", "status": "error", "response": {"reason": "unauthorized"}}}}

A Push Is Answered By A Rule
    Route WebSocket    **/socket/**    protocol=phoenix
    Reply When Sent    {"event": "new_msg"}    {"status": "ok", "response": {"echo": "{{payload.body}}"}}
    ...    match=json
    Page Connects Phoenix
    Page Joins    room:lobby
    Run JavaScript    ([t, e, p]) => phxPush(t, e, p)    ${{["room:lobby", "new_msg", {"body": "hi"}]}}
    Page Should Have Seen
    ...    ${{{"topic": "room:lobby", "what": "reply", "event": "new_msg", "status": "ok", "response": {"echo": "hi"}}}}

A Push Answered With An Event To The Channel
    Route WebSocket    **/socket/**    protocol=phoenix
    Reply When Sent    {"event": "ping"}    {"event": "pong", "payload": {"n": "{{payload.n}}"}}    match=json
    Page Connects Phoenix
    Page Joins    room:lobby
    Run JavaScript    ([t, e, p]) => phxPush(t, e, p)    ${{["room:lobby", "ping", {"n": 5}]}}
    Page Should Have Seen    ${{{"topic": "room:lobby", "what": "event", "event": "pong", "payload": {"n": "5"}}}}

Push Phoenix Event Reaches The Joined Channel
    Route WebSocket    **/socket/**    protocol=phoenix
    Page Connects Phoenix
    Page Joins    room:lobby
    Page Joins    room:other
    ${count} =    Push Phoenix Event    room:lobby    new_msg    {"body": "hi"}
    Should Be Equal As Integers    ${count}    1
    Page Should Have Seen    ${{{"topic": "room:lobby", "what": "event", "event": "new_msg", "payload": {"body": "hi"}}}}
    ${seen} =    Run JavaScript    () => seen.filter((s) => s.topic === "room:other" && s.what === "event")
    Should Be Empty    ${seen}

Push Phoenix Event Waits For A Joined Channel
    [Documentation]    FAIL No joined Phoenix channel 'room:vip' was active on route '**/socket/**' in 300 milliseconds. Active operations: room:lobby.
    Route WebSocket    **/socket/**    protocol=phoenix
    Reply When Sent    {"topic": "room:vip", "event": "phx_join"}    {"status": "error", "response": {}}    match=json
    Page Connects Phoenix
    Page Joins    room:lobby
    Page Joins    room:vip
    Page Should Have Seen    ${{{"topic": "room:vip", "what": "join", "status": "error", "response": {}}}}
    Push Phoenix Event    room:vip    new_msg    timeout=300 ms

A Left Channel Is Not Reached
    [Documentation]    FAIL No joined Phoenix channel 'room:lobby' was active on route '**/socket/**' in 300 milliseconds. Active operations: none.
    Route WebSocket    **/socket/**    protocol=phoenix
    Page Connects Phoenix
    Page Joins    room:lobby
    Run JavaScript    (t) => phxLeave(t)    room:lobby
    Page Should Have Seen    ${{{"topic": "room:lobby", "what": "left"}}}
    Push Phoenix Event    room:lobby    new_msg    timeout=300 ms

Heart-beats Keep The Socket Connected
    Route WebSocket    **/socket/**    protocol=phoenix
    # A reply later than the next heart-beat makes the client reconnect: leave room for a
    # loaded machine's round trip.
    Page Connects Phoenix    heartbeat_ms=700
    Page Joins    room:lobby
    Wait Until Keyword Succeeds    20 s    50 ms    Page Got Heartbeat Replies    3
    ${state} =    Run JavaScript    () => [socket.isConnected(), opens]
    Should Be Equal    ${state}    ${{[True, 1]}}
    Sent Messages Should Not Contain    *heartbeat*    match=glob

A Frame That Is No Phoenix Message Fails The Test
    [Documentation]    FAIL The page sent an invalid Phoenix frame '["1","1","room:lobby","phx_join"]': a message is a JSON array [join_ref, ref, topic, event, payload] (route '**/socket/**', protocol phoenix).
    Route WebSocket    **/socket/**    protocol=phoenix
    Run JavaScript    () => { const ws = new WebSocket(location.origin.replace("http", "ws") + "/socket/websocket?vsn=2.0.0"); ws.onopen = () => ws.send('["1","1","room:lobby","phx_join"]'); }
    Wait For Sent Message    *phx_join*    match=glob


*** Keywords ***
Open Phoenix Page
    [Documentation]    Loads the phoenix client test page.
    Navigate To    ${HTTP}/phoenix.html

Page Connects Phoenix
    [Documentation]    The page's Phoenix.Socket connects to /socket, heart-beating every ${heartbeat_ms}.
    [Arguments]    ${heartbeat_ms}=30000
    Run JavaScript    (h) => phxConnect(h)    ${{int($heartbeat_ms)}}

Page Joins
    [Documentation]    The page joins channel ${topic} with ${params}.
    [Arguments]    ${topic}    ${params}=${{{}}}
    Run JavaScript    ([t, p]) => phxJoin(t, p)    ${{[$topic, $params]}}

Page Should Have Seen
    [Documentation]    Waits until the page saw an entry equal to ${expected}.
    [Arguments]    ${expected}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Saw    ${expected}

Page Saw
    [Documentation]    Fails unless the page saw an entry equal to ${expected}.
    [Arguments]    ${expected}
    ${seen} =    Run JavaScript    () => seen
    Should Contain    ${seen}    ${expected}

Page Got Heartbeat Replies
    [Documentation]    Fails unless the page's socket got at least ${count} heart-beat replies.
    [Arguments]    ${count}
    ${got} =    Run JavaScript    () => heartbeats
    Should Be True    ${got} >= ${count}    The page got ${got} heart-beat replies
