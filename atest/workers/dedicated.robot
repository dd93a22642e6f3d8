*** Settings ***
Documentation       Sockets a page's dedicated Worker opens: mocked, connected, broken and
...                 logged as the page's own are.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Worker Page


*** Test Cases ***
Mocked Worker Socket Answers From A Rule
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Start Worker    dedicated
    Open Worker Socket    /echo
    Page Sends    ping
    Page Should Receive    pong
    ${sent} =    Wait For Sent Message    ping
    Should Be Equal    ${sent}    ping
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}
