*** Settings ***
Documentation       Faults belong to the test or suite that set them, as rules do: a test's
...                 refusal, latency and hold end with it, what they held is delivered at once
...                 when the test ends, and what the suite set holds again afterwards. The
...                 route and the page's socket here belong to the suite and live across tests.
Resource            faults.resource
Suite Setup         Start Suite Route And Socket
Suite Teardown      Stop Servers And Browser


*** Test Cases ***
A Test Holds Messages And Ends Without Releasing Them
    Hold WebSocket Messages
    Send To Page    held over
    ${messages} =    Probe Messages
    Should Not Contain    ${messages}    held over

What The Hold Held Was Delivered When That Test Ended
    Probe Messages Should Be    held over
    Send To Page    not held any more
    Probe Messages Should Be    held over    not held any more

A Test Delays Messages By A Minute
    Set WebSocket Latency    1 min
    Send To Page    on its way
    ${messages} =    Probe Messages
    Should Not Contain    ${messages}    on its way

The Delayed Message Arrived When That Test Ended And The Latency Ended With It
    Probe Messages Should Be    held over    not held any more    on its way
    ${old} =    Set WebSocket Latency    0
    Should Be Equal    ${old}    0 seconds

A Test Refuses Every Connection
    Reject WebSocket Connections
    Open Probed Socket    /echo
    Probe Close Should Be Abnormal    1

The Refusal Ended With That Test
    Open Probed Socket    /echo
    ${opened} =    Probed Socket Opens    2
    Should Be True    ${opened}

A Suite Refusal Holds Again After A Test Accepted
    Accept WebSocket Connections    **/greet
    Open Probed Socket    /greet
    ${opened} =    Probed Socket Opens    3
    Should Be True    ${opened}

The Suite's Refusal Is Back
    Open Probed Socket    /greet
    Probe Close Should Be Abnormal    4
    [Teardown]    Accept WebSocket Connections    **/greet

Drop Is Logged With The Test That Dropped
    Open Probed Socket    /echo
    Probed Socket Opens    5
    ${dropped} =    Drop WebSocket Connections    **/echo
    Should Be Equal As Integers    ${dropped}    3
    Probe Close Should Be Abnormal    0
    Probe Close Should Be Abnormal    5


*** Keywords ***
Start Suite Route And Socket
    [Documentation]    Starts the servers and the browser, routes **/echo and **/greet for
    ...                the whole suite (**/greet refusing connections) and opens one probed
    ...                socket (0) on **/echo.
    Start Servers And Browser
    Route WebSocket    **/greet
    Reject WebSocket Connections
    Route WebSocket    **/echo
    Open Probed Socket    /echo
    Probed Socket Opens
