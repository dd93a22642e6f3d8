*** Settings ***
Documentation       Set WebSocket Latency on mocked and connected routes: mocked replies, Send To
...                 Page, forwarding both ways, Send To Server and replay are delayed, in order,
...                 without holding up the test or other routes. Times are checked only as lower
...                 bounds that no load can break: a delayed message never arrives early.
Resource            faults.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
Mocked Replies Arrive After The Latency
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Set WebSocket Latency    300 ms    direction=received
    Open Probed Socket    /echo
    ${ms} =    Round Trip    ping
    Should Be True    ${ms} >= 300    The reply came after ${ms} ms.
    Traffic Log Should Contain    received pong | rule 1: Reply When Sent 'ping'; 300 ms latency
    Traffic Log Should Contain    sent ping | rule 1: Reply When Sent 'ping'

Send To Page Keeps The Order Under Latency
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Probed Socket Opens
    Set WebSocket Latency    100 ms
    FOR    ${n}    IN RANGE    10
        Send To Page    message ${n}
    END
    Probe Messages Should Be    @{{[f"message {n}" for n in range(10)]}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{[f"message {n}" for n in range(10)]}}

Sent Latency Delays What The Rules See
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Set WebSocket Latency    250 ms    direction=sent
    Open Probed Socket    /echo
    ${ms} =    Round Trip    ping
    Should Be True    ${ms} >= 250    The reply came after ${ms} ms.
    Traffic Log Should Contain    sent ping | rule 1: Reply When Sent 'ping'; 250 ms latency
    Traffic Log Should Contain    received pong | rule 1: Reply When Sent 'ping'

Both Directions Delay Forwarding On A Connected Route
    Route WebSocket    **/echo
    Connect To Server
    Open Probed Socket    /echo
    Set WebSocket Latency    200 ms
    ${ms} =    Round Trip    first
    Should Be True    ${ms} >= 400    The echo came after ${ms} ms.
    FOR    ${n}    IN RANGE    10
        Probe Sends    echo ${n}
    END
    Probe Messages Should Be    first    @{{[f"echo {n}" for n in range(10)]}}
    Server Should Have Seen    /echo    first    @{{[f"echo {n}" for n in range(10)]}}
    Traffic Log Should Contain    sent first | forwarded to server; 200 ms latency
    Traffic Log Should Contain    received first | from server; 200 ms latency

Send To Server Waits Behind The Page's Messages
    Route WebSocket    **/echo
    Connect To Server
    Open Probed Socket    /echo
    Round Trip    hello
    Set WebSocket Latency    200 ms    direction=sent
    Probe Sends    from the page
    Send To Server    from the library
    Server Should Have Seen    /echo    hello    from the page    from the library
    Probe Messages Should Be    hello    from the page    from the library

The Page's Close Reaches The Server Behind Its Messages
    Route WebSocket    **/echo
    Connect To Server
    Open Probed Socket    /echo
    Round Trip    hello
    Set WebSocket Latency    200 ms    direction=sent
    Run JavaScript    window.probe.sockets[0].send('last words'); window.probe.sockets[0].close(4000, 'bye')
    ${closes} =    Wait For Server Event    /echo    close
    Should Be Equal    ${closes}    ${{["4000 bye"]}}
    Server Should Have Seen    /echo    hello    last words

Close Socket Travels Behind The Messages Ahead Of It
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Probed Socket Opens
    Set WebSocket Latency    200 ms    direction=received
    Send To Page    one
    Send To Page    two
    Close Socket    code=4000    reason=done
    Probe Event Types Should Be    open    message    message    close
    Probe Messages Should Be    one    two

Set WebSocket Latency Returns The Previous Latency And 0 Turns It Off
    Route WebSocket    **/echo
    ${old} =    Set WebSocket Latency    300 ms
    Should Be Equal    ${old}    0 seconds
    ${old} =    Set WebSocket Latency    1 s    direction=sent
    Should Be Equal    ${old}    300 milliseconds
    ${old} =    Set WebSocket Latency    1.5    direction=received
    Should Be Equal    ${old}    300 milliseconds
    ${old} =    Set WebSocket Latency    0
    Should Be Equal    ${old}    1 second 500 milliseconds
    Open Probed Socket    /echo
    Probed Socket Opens
    Send To Page    at once
    Probe Messages Should Be    at once
    Traffic Log Should Contain    received at once | Send To Page

Latency Holds Up Neither The Test Nor Other Routes
    [Documentation]    A minute of latency on one route: the keywords return at once and the
    ...                other route answers, while the slow route's message is still on its way.
    [Timeout]    30 seconds
    Route WebSocket    **/greet
    Reply When Sent    ping    pong
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Open Probed Socket    /greet
    Probed Socket Opens    0
    Set WebSocket Latency    1 min    url=**/echo
    ${count} =    Send To Page    slow    url=**/echo
    Should Be Equal As Integers    ${count}    1
    Round Trip    ping    socket=1
    Probe Messages Should Be    pong    socket=1
    ${messages} =    Probe Messages    0
    Should Be Empty    ${messages}
    Received Messages Should Not Contain    slow    url=**/echo

Latency Applies To Sockets That Open Later And To Send On Open
    Route WebSocket    **/echo
    Send On Open    welcome    again
    Set WebSocket Latency    200 ms    direction=received
    Open Probed Socket    /echo
    Probe Messages Should Be    welcome    again
    Traffic Log Should Contain    received welcome | rule 1: Send On Open; 200 ms latency

Replayed Messages Keep The Latency
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Probed Socket    /echo
    Round Trip    ping
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}${/}faults-latency.har
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}
    Set WebSocket Latency    300 ms    direction=received
    Open Probed Socket    /echo
    ${ms} =    Round Trip    ping    socket=1
    Should Be True    ${ms} >= 300    The replayed reply came after ${ms} ms.
    Probe Messages Should Be    pong    socket=1
    Traffic Log Should Contain    received pong | replayed from recording*; 300 ms latency


*** Keywords ***
Server Should Have Seen
    [Documentation]    Waits until the server saw exactly ${expected} (in order) on ${path}.
    [Arguments]    ${path}    @{expected}
    Wait Until Keyword Succeeds    3 s    20 ms    Server Messages Should Be    ${path}    @{expected}

Server Messages Should Be
    [Documentation]    Fails unless the messages the server saw on ${path} are ${expected}.
    [Arguments]    ${path}    @{expected}
    ${seen} =    Server Events    ${path}    message
    Lists Should Be Equal    ${seen}    ${expected}
