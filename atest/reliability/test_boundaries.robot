*** Settings ***
Documentation       What a test does to a route of its suite ends with the test: a suite route
...                 that a test routed again or unrouted is back, with its rules, in the next
...                 test (auto_cleanup=test).
Resource            reliability.resource
Suite Setup         Suite Route Answering Ping
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Test Page
Test Timeout        1 minute


*** Test Cases ***
The Suite Route Answers
    Ping Should Be Answered With    suite-pong

A Test Routes The Suite's Pattern Again
    Route WebSocket    **/echo
    Reply When Sent    ping    test-pong
    Ping Should Be Answered With    test-pong

The Suite Route Is Back After A Test Routed It Again
    Ping Should Be Answered With    suite-pong
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}

A Test Unroutes The Suite Route
    [Documentation]    The socket goes to the real echo server.
    Unroute WebSocket    **/echo
    Ping Should Be Answered With    ping
    Wait For Server Event    /echo    message

The Suite Route Is Back After A Test Unrouted It
    [Documentation]    The server sees nothing of this test's socket (the close of the last
    ...    test's, which the server may see only now, is not this test's).
    Ping Should Be Answered With    suite-pong
    ${opened} =    Server Events    /echo    open
    ${received} =    Server Events    /echo    message
    Should Be Empty    ${{$opened + $received}}

A Test Unroutes Every Route
    Unroute All WebSockets
    Ping Should Be Answered With    ping

The Suite Route Is Back After A Test Unrouted Every Route
    Ping Should Be Answered With    suite-pong

A Test Routes Again And Then Unroutes
    Route WebSocket    **/echo
    Reply When Sent    ping    test-pong
    Ping Should Be Answered With    test-pong
    Unroute WebSocket    **/echo
    Ping Should Be Answered With    ping    socket=1

The Suite Route Is Back After Both
    Ping Should Be Answered With    suite-pong
    Sent Messages Should Contain    ping    url=**/echo


*** Keywords ***
Suite Route Answering Ping
    [Documentation]    The suite's route '**/echo' answers ``ping`` with ``suite-pong``.
    Start Servers And Browser
    Route WebSocket    **/echo
    Reply When Sent    ping    suite-pong

Ping Should Be Answered With
    [Documentation]    The page opens socket ${socket} to /echo, sends ``ping`` and must
    ...    get exactly ${expected}.
    [Arguments]    ${expected}    ${socket}=0
    Open Socket    /echo
    Page Sends    ping    ${socket}
    Page Messages Should Be    ${expected}    socket=${socket}
