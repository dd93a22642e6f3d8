*** Settings ***
Documentation       auto_cleanup=manual: nothing is removed automatically; Unroute WebSocket
...                 and Clear WebSocket Messages do it. Tests run in order.
Library             WsRouteLibrary    timeout=3 s    auto_cleanup=manual
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

They Live On Until Removed By Hand
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['ping']}}
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Clear WebSocket Messages
    ${sent} =    Get Sent Messages
    Should Be Empty    ${sent}
    Unroute WebSocket

Removed By Hand They Are Gone
    [Documentation]    FAIL No WebSocket route exists yet. Route one first, \
    ...    e.g. 'Route WebSocket${SPACE * 4}**/chat'.
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    ping
    Get Sent Messages
