*** Settings ***
Documentation       Watch WebSocket through a remote Playwright browser server (``playwright
...                 launch-server``) that the suite starts on a free port and stops again.
Resource            ../resources/common.resource
Suite Setup         Start Servers And Connect
Suite Teardown      Disconnect And Stop
Test Setup          Fresh Page


*** Test Cases ***
Watched Socket Through A Browser Server Talks To The Real Server
    Watch WebSocket    **/echo
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends    hello
    Page Sends Bytes    ${{[7, 8]}}
    ${text} =    Wait For Received Message
    ${bytes} =    Wait For Received Message
    Should Be Equal    ${text}    hello
    Should Be Equal    ${bytes}    ${{b'\x07\x08'}}
    Sent Messages Should Contain    hello
    ${seen} =    Wait For Server Event    /echo    message
    Should Be Equal    ${seen}[0]    hello

Server Close Code Is Recorded Through A Browser Server
    Watch WebSocket    **/close
    Open Socket    /close
    Page Sends    4004 remote
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4004, 'reason': 'remote'}}}

Waits Consume In Order Through A Browser Server
    Watch WebSocket    **/push
    Open Socket    /push
    Page Sends    push 2
    ${first} =    Wait For Received Message
    ${second} =    Wait For Received Message
    Should Be Equal    ${{[$first, $second]}}    ${{['tick 1', 'tick 2']}}

Hint Through A Browser Server
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds. A socket opened that no route caught: ${WS}/echo?token=abc (its query ?token=abc is part of the URL that the pattern must match; '**/echo?*' would catch it).
    Route WebSocket    **/echo
    Open Socket    /echo?token=abc
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms


*** Keywords ***
Start Servers And Connect
    [Documentation]    Starts the test servers and a browser server, connects and opens a page.
    ${urls} =    Start Test Servers
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    ${endpoint} =    Start Browser Server
    Connect To Browser Server    ${endpoint}
    Open Page    ${HTTP}/index.html

Disconnect And Stop
    [Documentation]    Disconnects, stops the browser server and the test servers.
    Quit Browser
    Stop Browser Server
    Stop Test Servers
