*** Settings ***
Documentation       Watch WebSocket on a Chromium the library attached to over the DevTools
...                 Protocol: recorded without routing, closes with their codes, pages loaded
...                 before the watch and pages opened after it.
Resource            ../resources/common.resource
Suite Setup         Start Servers And Attach
Suite Teardown      Detach And Stop
Test Setup          Fresh Page


*** Test Cases ***
Watched Socket Of An Attached Browser Talks To The Real Server
    Watch WebSocket    **/echo
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends    hello
    Page Sends Bytes    ${{[1, 2, 3]}}
    ${text} =    Wait For Received Message
    ${bytes} =    Wait For Received Message
    Should Be Equal    ${text}    hello
    Should Be Equal    ${bytes}    ${{b'\x01\x02\x03'}}
    ${seen} =    Wait For Server Event    /echo    message
    Should Be Equal    ${seen}[0]    hello

Server Close Code Is Recorded On An Attached Browser
    Watch WebSocket    **/close
    Open Socket    /close
    Page Sends    4002 from the server
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4002, 'reason': 'from the server'}}}

A Page Loaded Before The First Watch Reports Its Closes
    [Documentation]    The page of this test loaded before the library made any watch in
    ...    this browser (a fresh attach): the watch adds its script to the loaded page.
    Navigate To    about:blank
    Quit Browser
    Attach To Browser    ${CDP}
    Navigate To    ${HTTP}/index.html
    Watch WebSocket    **/close
    Open Socket    /close
    Page Sends    4003 loaded before
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4003, 'reason': 'loaded before'}}}

A Page Opened After Attaching Is Watched
    Watch WebSocket    **/greet
    Open Page    ${HTTP}/index.html
    Open Socket    /greet
    ${welcome} =    Wait For Received Message
    Should Be Equal    ${welcome}    welcome
    Run JavaScript    () => closeSocket(0, 3000, 'bye')
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 3000, 'reason': 'bye'}}}

Actions Fail On A Watch Of An Attached Browser
    Watch WebSocket    **/echo
    Run Keyword And Expect Error
    ...    Route '**/echo' is a watch: it records the page's traffic without routing it, so 'Send To Page' cannot act on it. Route it with 'Route WebSocket${SPACE * 4}**/echo' instead.
    ...    Send To Page    hello

A Route Still Mocks Beside A Watch
    Watch WebSocket    **/echo
    Route WebSocket    **/greet
    Send On Open    mocked
    Open Socket    /greet
    Open Socket    /echo
    Page Should Receive    mocked
    Page Sends    real    socket=1
    Wait For Received Message    real    url=**/echo
    ${greet} =    Server Events    /greet
    Should Be Empty    ${greet}


*** Keywords ***
Start Servers And Attach
    [Documentation]    Starts the test servers and a Chromium; the library attaches to it.
    ${urls} =    Start Test Servers
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    ${chromium} =    Chromium Executable
    ${cdp} =    Start Chromium    ${chromium}
    VAR    ${CDP} =    ${cdp}    scope=SUITE
    Attach To Browser    ${CDP}
    Navigate To    ${HTTP}/index.html

Detach And Stop
    [Documentation]    Disconnects, stops the Chromium and the servers.
    Quit Browser
    Stop Chromium
    Stop Test Servers
