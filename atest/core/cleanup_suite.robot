*** Settings ***
Documentation       auto_cleanup=suite: what a test creates lives until the suite ends. The
...                 library is imported here with its own arguments before the shared resource
...                 (whose import of the library is then ignored in this suite); the tests run
...                 in order and each checks what the previous one left.
Library             WsRouteLibrary    timeout=3 s    auto_cleanup=suite
Resource            core.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
A Test Adds A Route, A Rule And Messages
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong

The Route, Its Rule And Its Messages Live On In The Next Test
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['ping']}}
    ${received} =    Get Received Messages    **/echo
    Should Be Equal    ${received}    ${{['pong']}}
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Server Should Not Have Seen Anything    /echo

A Failing Test Keeps What It Made Too
    [Documentation]    FAIL Failing on purpose after routing.
    Route WebSocket    **/greet
    Send On Open    from the failed test
    Fail    Failing on purpose after routing.

Both Routes Are Still There
    Open Socket    /greet
    Open Socket    /echo
    Page Sends    ping    socket=1
    Page Messages Should Be    from the failed test    socket=0
    Page Messages Should Be    pong    socket=1
    ${sent} =    Get Sent Messages    **/echo
    Should Be Equal    ${sent}    ${{['ping', 'ping', 'ping']}}
