*** Settings ***
Documentation       Drop WebSocket Connections on mocked and connected routes: the page sees a
...                 lost connection (1006, no close handshake), the server side is closed too,
...                 nothing on its way arrives, and it differs from Close Socket.
Resource            faults.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
Dropped Sockets On A Mocked Route Close With 1006 And No Handshake
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Open Probed Socket    /echo
    Probed Socket Opens    0
    Probed Socket Opens    1
    ${dropped} =    Drop WebSocket Connections
    Should Be Equal As Integers    ${dropped}    2
    Probe Close Should Be Abnormal    0
    Probe Close Should Be Abnormal    1
    Probe Event Types Should Be    open    close    socket=0
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    1006
    ${log} =    Traffic Log
    Should Be Equal    ${log}[-1]    close 1006 | dropped (Drop WebSocket Connections)

A Dropped Connected Socket Closes Its Server Side Without A Status Code
    [Documentation]    A browser can neither cut a connection nor send 1006: the server gets a
    ...                close frame without a status code, which it reads as 1005.
    Route WebSocket    **/echo
    Connect To Server
    Open Probed Socket    /echo
    Round Trip    ping
    ${dropped} =    Drop WebSocket Connections
    Should Be Equal As Integers    ${dropped}    1
    Probe Close Should Be Abnormal
    ${closes} =    Wait For Server Event    /echo    close
    Should Be Equal    ${closes}    ${{["1005 "]}}
    Wait Until Server Has No Connections
    Traffic Log Should Contain    close 1006 | dropped (Drop WebSocket Connections)

Close Socket Is A Clean Close, Drop Is Not
    Route WebSocket    **/echo
    Connect To Server
    Open Probed Socket    /echo
    Round Trip    ping
    Close Socket    code=4001    reason=server says bye
    Wait Until Keyword Succeeds    3 s    20 ms    Probe Saw Close
    ${events} =    Probe Events
    ${close} =    Evaluate    [e for e in $events if e['type'] == 'close'][0]
    Should Be Equal As Integers    ${close}[code]    4001
    Should Be Equal    ${close}[wasClean]    ${True}
    ${closes} =    Wait For Server Event    /echo    close
    Should Be Equal    ${closes}    ${{["4001 server says bye"]}}

Drop With No Open Socket Drops Nothing
    Route WebSocket    **/echo
    ${dropped} =    Drop WebSocket Connections
    Should Be Equal As Integers    ${dropped}    0
    Open Probed Socket    /echo
    ${opened} =    Probed Socket Opens
    Should Be True    ${opened}

Drop Leaves Other Routes And Later Sockets Alone
    Route WebSocket    **/greet
    Send On Open    still here
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Probed Socket    /echo
    Open Probed Socket    /greet
    Probed Socket Opens    0
    Probe Messages Should Be    still here    socket=1
    Drop WebSocket Connections    **/echo
    Probe Close Should Be Abnormal    0
    Open Probed Socket    /echo
    Round Trip    ping    socket=2
    Probe Messages Should Be    pong    socket=2
    ${events} =    Probe Events    1
    Should Not Contain    ${{[e['type'] for e in $events]}}    close

Messages On Their Way Are Lost When The Connection Drops
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Probed Socket Opens
    Hold WebSocket Messages
    Send To Page    never arrives
    Drop WebSocket Connections
    Probe Close Should Be Abnormal
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    0
    ${messages} =    Probe Messages
    Should Be Empty    ${messages}
    Traffic Log Should Contain    blocked never arrives | Send To Page; not delivered: connection dropped
    ${received} =    Get Received Messages
    Should Be Empty    ${received}

A Page That Reconnects After A Drop Gets A New Socket
    Route WebSocket    **/echo
    Send On Open    welcome
    Open Probed Socket    /echo
    Probe Messages Should Be    welcome
    Drop WebSocket Connections
    Probe Close Should Be Abnormal
    Open Probed Socket    /echo
    Probe Messages Should Be    welcome    socket=1
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    2
