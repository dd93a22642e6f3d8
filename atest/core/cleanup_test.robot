*** Settings ***
Documentation       auto_cleanup=test (the default): what a test creates goes when it ends;
...                 what the suite setup created lives on. The tests run in order and each
...                 checks what the previous one left.
Resource            core.resource
Suite Setup         Route In Suite Setup
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
A Test Adds Routes, Rules And Messages
    Route WebSocket    **/greet
    Reply When Sent    hi    hello
    Reply When Sent    extra    extra reply    url=**/echo
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    ping    socket=0
    Page Sends    extra    socket=0
    Page Sends    hi    socket=1
    Page Messages Should Be    suite pong    extra reply    socket=0
    Page Messages Should Be    hello    socket=1
    ${sent} =    Get Sent Messages    **/echo
    Should Be Equal    ${sent}    ${{['setup message', 'ping', 'extra']}}

The Test's Route Is Gone
    [Documentation]    FAIL No WebSocket route has pattern '**/greet' (routed now: '**/echo'). \
    ...    Route it first with 'Route WebSocket${SPACE * 4}**/greet'.
    Open Socket    /greet
    Page Messages Should Be    welcome
    Get Sent Messages    **/greet

The Suite Route Lives On Without The Test's Rule And Messages
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['setup message']}}
    Open Socket    /echo
    Page Sends    extra
    Page Sends    ping
    Page Should Be Answered Only With    marker    suite pong
    Server Should Not Have Seen Anything    /echo

A Failing Test Is Cleaned Up Too
    [Documentation]    FAIL Failing on purpose after routing.
    Route WebSocket    **/greet
    Send On Open    from the failed test
    Reply When Sent    ping    from the failed test    url=**/echo
    Fail    Failing on purpose after routing.

What The Failing Test Made Is Gone
    Open Socket    /greet
    Open Socket    /echo
    Page Sends    ping    socket=1
    Page Messages Should Be    welcome    socket=0
    Page Messages Should Be    suite pong    socket=1
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['setup message', 'ping']}}

A Test Teardown Still Belongs To The Test
    Route WebSocket    **/greet
    [Teardown]    Reply When Sent    hi    from teardown    url=**/greet

What The Teardown Made Is Gone
    Run Keyword And Expect Error    No WebSocket route has pattern '**/greet'*
    ...    Get Sent Messages    **/greet
    Open Socket    /greet
    Page Sends    hi
    Page Messages Should Be    welcome    hi


*** Keywords ***
Route In Suite Setup
    [Documentation]    Servers, browser, and a route with a rule and a message owned by the suite.
    Start Servers And Browser
    Route WebSocket    **/echo
    Reply When Sent    ping    suite pong
    Open Socket    /echo
    Page Sends    setup message
    Wait For Sent Message    setup message
