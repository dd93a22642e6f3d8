*** Settings ***
Documentation       Bad input to the fault keywords fails at once, naming the input and the fix.
Resource            faults.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
Negative Latency
    [Documentation]    FAIL Latency -50 ms is negative. Give 0 (no latency) or more, e.g. '50 ms'.
    Route WebSocket    **/echo
    Set WebSocket Latency    -50 ms

Absurd Latency
    [Documentation]    FAIL Latency 1 h is longer than 10 minutes. Give a network delay such as \
    ...    '50 ms' or '2 s' (a plain number is seconds); to stop messages altogether use 'Hold \
    ...    WebSocket Messages'.
    Route WebSocket    **/echo
    Set WebSocket Latency    1 hour

Latency Too Large For Any Clock
    [Documentation]    FAIL STARTS: latency='1e300' is longer than 24 hours, the longest time \
    ...    the library waits or delays.
    Route WebSocket    **/echo
    Set WebSocket Latency    1e300

Latency That Is No Time
    [Documentation]    FAIL latency='fast' is not a time. Use a Robot Framework time string \
    ...    such as '500 ms', '2 s' or '1 min'.
    Route WebSocket    **/echo
    Set WebSocket Latency    fast

Unknown Direction Of Latency
    [Documentation]    FAIL ValueError: Argument 'direction' got value 'up' that cannot be \
    ...    converted to FaultDirection: FaultDirection does not have member 'up'. Available: \
    ...    'both', 'received' and 'sent'
    Route WebSocket    **/echo
    Set WebSocket Latency    50 ms    direction=up

Unknown Direction Of A Hold
    [Documentation]    FAIL ValueError: Argument 'direction' got value 'inbound' that cannot be \
    ...    converted to FaultDirection: FaultDirection does not have member 'inbound'. \
    ...    Available: 'both', 'received' and 'sent'
    Route WebSocket    **/echo
    Hold WebSocket Messages    direction=inbound

Refusing Zero Times
    [Documentation]    FAIL times=0 would refuse no connection. Give 1 or more, or None to \
    ...    refuse every connection until 'Accept WebSocket Connections'.
    Route WebSocket    **/echo
    Reject WebSocket Connections    times=0

Refusing A Negative Number Of Times
    [Documentation]    FAIL times=-2 would refuse no connection. Give 1 or more, or None to \
    ...    refuse every connection until 'Accept WebSocket Connections'.
    Route WebSocket    **/echo
    Reject WebSocket Connections    times=-2

A Route That Was Never Routed
    [Documentation]    FAIL No WebSocket route has pattern '**/nowhere' (routed now: '**/echo'). \
    ...    Route it first with 'Route WebSocket    **/nowhere'.
    Route WebSocket    **/echo
    Drop WebSocket Connections    **/nowhere

No Route At All
    [Documentation]    FAIL No WebSocket route exists yet. Route one first, e.g. 'Route \
    ...    WebSocket    **/chat'.
    Hold WebSocket Messages

Bad Input Changes Nothing
    [Documentation]    A refused argument leaves the route as it was: no latency, no refusal.
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Run Keyword And Expect Error    *    Set WebSocket Latency    -1 s
    Run Keyword And Expect Error    *    Reject WebSocket Connections    times=0
    Open Probed Socket    /echo
    Round Trip    ping
    Traffic Log Should Contain    received pong | rule 1: Reply When Sent 'ping'
    ${old} =    Set WebSocket Latency    0
    Should Be Equal    ${old}    0 seconds
