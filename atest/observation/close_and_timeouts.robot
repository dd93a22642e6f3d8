*** Settings ***
Documentation       Wait For WebSocket Close, Set WebSocket Timeout, and waits that a
...                 Robot Framework test timeout interrupts.
Resource            observation.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
Wait For WebSocket Close Returns Code And Reason Of A Page Close
    Route And Open Socket
    Page Closes Socket    4001    going away
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4001, 'reason': 'going away'}}}

Wait For WebSocket Close Waits For A Close That Comes Later
    Route And Open Socket
    Page Closes Socket Later    4002    later    delay=300
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    4002
    Should Be Equal    ${close}[reason]    later

Wait For WebSocket Close Counts A Close That Already Happened
    Route And Open Socket
    Close Socket    code=4000    reason=done
    Page Should See Close
    ${close} =    Wait For WebSocket Close    timeout=0 s
    Should Be Equal    ${close}    ${{{'code': 4000, 'reason': 'done'}}}

Wait For WebSocket Close Returns The First Close
    Route WebSocket    **/echo*
    Open Socket    /echo?a
    Open Socket    /echo?b
    Page Closes Socket    4001    first    socket=0
    Page Should See Close    socket=0
    Page Closes Socket    4002    second    socket=1
    Page Should See Close    socket=1
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4001, 'reason': 'first'}}}

Wait For WebSocket Close Reports 1005 For A Close Without A Code
    Route And Open Socket
    Run JavaScript    sockets[0].close()
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 1005, 'reason': ''}}}

Wait For WebSocket Close Sees A Close By The Server
    Route WebSocket    **/close
    Connect To Server
    Open Socket    /close
    Page Sends    4003 server says bye
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4003, 'reason': 'server says bye'}}}

Wait For WebSocket Close Sees A Close By A Rule
    Route And Open Socket
    Close Socket When Sent    bye    code=4004    reason=rule
    Page Sends    bye
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4004, 'reason': 'rule'}}}

Wait For WebSocket Close Fails When Nothing Closes
    [Documentation]    FAIL No socket of route '**/echo' closed in 200 milliseconds.
    Route And Open Socket
    Wait For WebSocket Close    timeout=200 ms

Wait For WebSocket Close Selects The Route By Pattern
    [Documentation]    FAIL No socket of route '**/greet' closed in 200 milliseconds.
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Open Socket    /echo
    Open Socket    /greet
    Page Closes Socket    4001    echo closed    socket=0
    ${close} =    Wait For WebSocket Close    **/echo
    Should Be Equal    ${close}[reason]    echo closed
    Wait For WebSocket Close    timeout=200 ms

Set WebSocket Timeout Returns The Previous Timeout
    ${previous} =    Set WebSocket Timeout    500 ms
    Should Be Equal    ${previous}    3 seconds
    ${previous} =    Set WebSocket Timeout    1 minute 30 seconds
    Should Be Equal    ${previous}    500 milliseconds
    ${previous} =    Set WebSocket Timeout    3 s
    Should Be Equal    ${previous}    1 minute 30 seconds

Set WebSocket Timeout Changes The Default Of Every Wait
    [Documentation]    FAIL Several failures occurred:
    ...
    ...    1) No socket of route '**/echo' was open in 250 milliseconds.
    ...
    ...    2) Sent message 'never' did not arrive in 250 milliseconds on route '**/echo'. No sent messages were recorded.
    ...
    ...    3) Received message 'never' did not arrive in 250 milliseconds on route '**/echo'. No received messages were recorded.
    ...
    ...    4) No socket of route '**/echo' closed in 250 milliseconds.
    [Setup]    Set WebSocket Timeout    250 ms
    Route WebSocket    **/echo
    Run Keyword And Continue On Failure    Wait For WebSocket
    Run Keyword And Continue On Failure    Wait For Sent Message    never
    Run Keyword And Continue On Failure    Wait For Received Message    never
    Run Keyword And Continue On Failure    Wait For WebSocket Close
    [Teardown]    Set WebSocket Timeout    3 s

A Timeout Given To A Wait Overrides The Default
    [Documentation]    FAIL Sent message 'never' did not arrive in 100 milliseconds on route '**/echo'. No sent messages were recorded.
    [Setup]    Set WebSocket Timeout    1 min
    Route WebSocket    **/echo
    Wait For Sent Message    never    timeout=100 ms
    [Teardown]    Set WebSocket Timeout    3 s

Invalid Timeout Fails Clearly
    [Documentation]    FAIL timeout='soon' is not a time. Use a Robot Framework time string such as \
    ...    '500 ms', '2 s' or '1 min'.
    Set WebSocket Timeout    soon

A Test Timeout Interrupts A Long Wait
    [Documentation]    FAIL Test timeout 1 second exceeded.
    [Tags]    robot-timeout
    [Timeout]    1 s
    [Setup]    Start Clock
    Route And Open Socket
    Wait For Sent Message    never    timeout=30 s
    [Teardown]    Test Should Have Ended Within    10 s

A Keyword Timeout Interrupts A Long Wait
    [Documentation]    FAIL Keyword timeout 500 milliseconds exceeded.
    [Tags]    robot-timeout
    [Setup]    Start Clock
    Route And Open Socket
    Wait For Close With Keyword Timeout
    [Teardown]    Test Should Have Ended Within    10 s

The Test After An Interrupted Wait Works Normally
    [Tags]    robot-timeout
    Route And Open Socket
    Page Sends Later    after timeout    delay=200
    ${message} =    Wait For Sent Message    after timeout
    Should Be Equal    ${message}    after timeout
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['after timeout']}}
    Page Closes Socket    4000    fine
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}[reason]    fine


*** Keywords ***
Start Clock
    [Documentation]    Notes when the test started, for `Test Should Have Ended Within`.
    ${started} =    Evaluate    time.monotonic()    modules=time
    VAR    ${STARTED} =    ${started}    scope=TEST

Test Should Have Ended Within
    [Documentation]    A generous bound: the wait's own timeout is 30 seconds.
    [Arguments]    ${limit}
    ${elapsed} =    Evaluate    time.monotonic() - ${STARTED}    modules=time
    Should Be True    ${elapsed} < ${{robot.utils.timestr_to_secs($limit)}}
    ...    The interrupted wait held the test for ${elapsed} seconds.

Wait For Close With Keyword Timeout
    [Documentation]    A 30 second wait in a keyword with a 500 ms timeout.
    [Timeout]    500 ms
    Wait For WebSocket Close    timeout=30 s
