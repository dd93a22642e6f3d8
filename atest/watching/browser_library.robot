*** Settings ***
Documentation       Watch WebSocket on a Chromium that Browser library started and drives:
...                 Browser library types and reads the page, WsRouteLibrary watches the
...                 socket that talks to the real server, and neither gets in the other's way.
Resource            ../interop/interop.resource
Library             Browser    timeout=10 s
Suite Setup         Start Browser Library Chromium And Attach
Suite Teardown      Stop Everything
Test Setup          Clear Server Events


*** Test Cases ***
Watched Chat Talks To The Real Server
    Watch WebSocket    **/greet
    Go To    ${CHAT}
    Get Text    id=last    ==    welcome
    ${welcome} =    Wait For Received Message
    Should Be Equal    ${welcome}    welcome
    Fill Text    id=text    echo me
    Click    id=send
    Get Text    id=last    ==    echo me
    ${echo} =    Wait For Received Message
    Should Be Equal    ${echo}    echo me
    Sent Messages Should Contain    echo me
    ${seen} =    Wait For Server Event    /greet    message
    Should Be Equal    ${seen}    ${{['echo me']}}

Leaving The Page Closes The Watched Socket With Going Away
    Watch WebSocket    **/greet
    Go To    ${CHAT}
    Wait For WebSocket
    Go To    about:blank
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 1001, 'reason': ''}}}

Browser Library Still Drives The Page After A Watch
    Go To    ${CHAT}
    Get Text    id=last    ==    welcome
    ${sum} =    Evaluate JavaScript    ${None}    () => 1 + 1
    Should Be Equal As Integers    ${sum}    2


*** Keywords ***
Start Browser Library Chromium And Attach
    [Documentation]    Browser library starts Chromium with a debugging port; the library attaches.
    Start Chat Servers
    ${port} =    Free Port
    ${chromium} =    Chromium Executable
    New Browser    chromium    headless=${True}    executablePath=${chromium}
    ...    args=["--remote-debugging-port=${port}"]
    New Page    about:blank
    Attach To Browser    http://127.0.0.1:${port}

Stop Everything
    [Documentation]    Disconnects, closes Browser library's browser and stops the servers.
    Quit Browser
    Close Browser    ALL
    Stop Test Servers
