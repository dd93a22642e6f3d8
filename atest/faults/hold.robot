*** Settings ***
Documentation       Hold WebSocket Messages and Release WebSocket Messages on mocked and
...                 connected routes: messages wait in order, are delivered in order on release,
...                 and the log shows how long each was held.
Resource            faults.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
Held Messages To The Page Wait And Arrive In Order On Release
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Probed Socket Opens
    Hold WebSocket Messages
    Send To Page    one
    Send To Page    two
    Send To Page    three
    Received Messages Should Not Contain    one
    ${messages} =    Probe Messages
    Should Be Empty    ${messages}
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    3
    Probe Messages Should Be    one    two    three
    Wait For Received Message    one
    ${log} =    Traffic Log
    Should Match Regexp    ${log}[1]    ^received one \\| Send To Page; held \\d+\\.\\d{3} s$

Held Mocked Replies Wait While The Page's Messages Go On
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Probed Socket    /echo
    Probed Socket Opens
    Hold WebSocket Messages    direction=received
    Probe Sends    ping
    Wait For Sent Message    ping
    Received Messages Should Not Contain    pong
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    1
    Probe Messages Should Be    pong

Held Page Messages Reach The Server In Order On Release
    Route WebSocket    **/echo
    Connect To Server
    Open Probed Socket    /echo
    Round Trip    hello
    Hold WebSocket Messages    direction=sent
    Probe Sends    a
    Probe Sends    b
    Send To Server    c
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{["hello"]}}
    Sent Messages Should Not Contain    a
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    3
    Probe Messages Should Be    hello    a    b    c
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{["hello", "a", "b", "c"]}}
    Traffic Log Should Contain    sent a | forwarded to server; held * s

Holding Both Directions Stalls A Connected Route
    Route WebSocket    **/push
    Connect To Server
    Open Probed Socket    /push
    Probed Socket Opens
    Hold WebSocket Messages    direction=both
    Probe Sends    push 3
    Wait Until Keyword Succeeds    3 s    20 ms    Route Should Hold Messages    **/push
    ${seen} =    Server Events    /push    message
    Should Be Empty    ${seen}
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    1
    Probe Messages Should Be    tick 1    tick 2    tick 3

Server Messages Are Held While The Server Keeps Sending
    Route WebSocket    **/push
    Connect To Server
    Open Probed Socket    /push
    Probed Socket Opens
    Hold WebSocket Messages
    Probe Sends    push 5
    Wait For Server Event    /push    message
    Received Messages Should Not Contain    tick 1
    ${messages} =    Probe Messages
    Should Be Empty    ${messages}
    Release WebSocket Messages
    Probe Messages Should Be    tick 1    tick 2    tick 3    tick 4    tick 5

A Close Waits Behind Held Messages
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Probed Socket Opens
    Hold WebSocket Messages
    Send To Page    before the close
    Close Socket    code=4000    reason=later
    ${events} =    Probe Events
    Should Be Equal    ${{[e['type'] for e in $events]}}    ${{["open"]}}
    Release WebSocket Messages
    Probe Event Types Should Be    open    message    close

Release Without A Hold Releases Nothing
    Route WebSocket    **/echo
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    0
    Open Probed Socket    /echo
    Probed Socket Opens
    Send To Page    straight through
    Probe Messages Should Be    straight through

A Hold Holds Up No Other Route
    Route WebSocket    **/greet
    Reply When Sent    ping    pong
    Route WebSocket    **/echo
    Hold WebSocket Messages
    Open Probed Socket    /echo
    Open Probed Socket    /greet
    Probed Socket Opens    0
    Send To Page    held
    Round Trip    ping    socket=1
    Probe Messages Should Be    pong    socket=1
    ${messages} =    Probe Messages    0
    Should Be Empty    ${messages}

Sockets That Open During A Hold Are Held Too
    Route WebSocket    **/echo
    Send On Open    welcome
    Hold WebSocket Messages
    Open Probed Socket    /echo
    ${opened} =    Probed Socket Opens
    Should Be True    ${opened}
    Received Messages Should Not Contain    welcome
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    1
    Probe Messages Should Be    welcome
