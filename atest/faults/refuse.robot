*** Settings ***
Documentation       Reject WebSocket Connections and Accept WebSocket Connections on mocked and
...                 connected routes: what the page sees of a refused handshake, refusing the
...                 first attempts only, and the server never being contacted.
Resource            faults.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
A Refused Socket On A Mocked Route Never Opens And Closes With 1006
    Route WebSocket    **/echo
    Send On Open    hello
    Reject WebSocket Connections
    Open Probed Socket    /echo
    Probe Event Types Should Be    close
    Probe Close Should Be Abnormal
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    1006
    Should Be Equal    ${close}[reason]    ${EMPTY}
    ${log} =    Traffic Log
    Should Be Equal    ${log}    ${{["close 1006 | refused (Reject WebSocket Connections)"]}}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + "/echo"]}}

A Refused Socket Cannot Send
    [Documentation]    A refused socket goes from CONNECTING to CLOSED, as a real one does.
    Route WebSocket    **/echo
    Reject WebSocket Connections
    Open Probed Socket    /echo
    ${opened} =    Probed Socket Opens
    Should Be Equal    ${opened}    ${False}
    ${state} =    Run JavaScript    window.probe.sockets[0].readyState
    Should Be Equal As Integers    ${state}    3
    ${sent} =    Get Sent Messages
    Should Be Empty    ${sent}

Refused Sockets Do Not Count As Open
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds.
    Route WebSocket    **/echo
    Reject WebSocket Connections
    Open Probed Socket    /echo
    Probe Close Should Be Abnormal
    Wait For WebSocket    timeout=500 ms

A Connected Route Refuses Without Contacting The Server
    [Documentation]    The server sees only the socket opened after Accept: the refused one
    ...                never reached it.
    Route WebSocket    **/echo
    Connect To Server
    Reject WebSocket Connections
    Open Probed Socket    /echo
    Probe Close Should Be Abnormal    0
    Accept WebSocket Connections
    Open Probed Socket    /echo
    Round Trip    ping    socket=1
    Probe Messages Should Be    ping    socket=1
    ${opens} =    Server Events    /echo    open
    Length Should Be    ${opens}    1
    Traffic Log Should Contain    close 1006 | refused (Reject WebSocket Connections)

Times Refuses The First Attempts And The Page Gets In On The Next
    Route WebSocket    **/echo
    Send On Open    welcome
    Reject WebSocket Connections    times=2
    ${opened}    ${seen} =    Page Connects Within Attempts    /echo    5
    Should Be Equal As Integers    ${opened}    3
    Should Be Equal    ${seen}    ${{["close 1006 false", "close 1006 false", "open"]}}
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    3
    ${log} =    Traffic Log
    Should Be Equal    ${log}[0]    close 1006 | refused (Reject WebSocket Connections, 1 of 2)
    Should Be Equal    ${log}[1]    close 1006 | refused (Reject WebSocket Connections, 2 of 2)
    Should Be Equal    ${log}[2]    open None | mocked
    Wait For Received Message    welcome

Times On A Connected Route Lets The Next Attempt Reach The Server
    Route WebSocket    **/greet
    Connect To Server
    Reject WebSocket Connections    times=1
    ${opened}    ${seen} =    Page Connects Within Attempts    /greet    3
    Should Be Equal As Integers    ${opened}    2
    Should Be Equal    ${seen}[0]    close 1006 false
    Wait For Received Message    welcome
    ${opens} =    Wait For Server Event    /greet    open
    Length Should Be    ${opens}    1

Accept WebSocket Connections Ends A Refusal
    Route WebSocket    **/echo
    Reject WebSocket Connections
    Accept WebSocket Connections
    Open Probed Socket    /echo
    ${opened} =    Probed Socket Opens
    Should Be True    ${opened}
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo

Open Sockets Stay Open When Connections Are Refused
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Probed Socket    /echo
    Probed Socket Opens
    Reject WebSocket Connections
    Open Probed Socket    /echo
    Probe Close Should Be Abnormal    1
    Round Trip    ping    socket=0
    Probe Messages Should Be    pong    socket=0
    ${events} =    Probe Events    0
    Should Not Contain    ${{[e['type'] for e in $events]}}    close

Refusals Apply Only To Their Route
    Route WebSocket    **/greet
    Send On Open    hi from greet
    Route WebSocket    **/echo
    Reject WebSocket Connections
    Open Probed Socket    /echo
    Open Probed Socket    /greet
    Probe Close Should Be Abnormal    0
    Probe Messages Should Be    hi from greet    socket=1
