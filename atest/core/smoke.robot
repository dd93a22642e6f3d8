*** Settings ***
Documentation       The shortest proof that mocking and connecting work end to end.
Resource            ../resources/common.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
Mocked Route Answers From A Rule
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Should Receive    pong
    ${sent} =    Wait For Sent Message    ping
    Should Be Equal    ${sent}    ping
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}

Connected Route Passes Traffic Both Ways
    Route WebSocket    **/greet
    Connect To Server
    Open Socket    /greet
    Page Should Receive    welcome
    Page Sends    hi
    Page Should Receive    hi
    Received Messages Should Contain    welcome
