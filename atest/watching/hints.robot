*** Settings ***
Documentation       Hints for a route that caught no socket: when a wait on it times out, the
...                 failure names the sockets that opened and no route caught, says why the
...                 route missed each and which pattern would have caught it.
Resource            ../resources/common.resource
Suite Setup         Start Servers, Browser And Port
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${CAUGHT}       A socket opened that no route caught:


*** Test Cases ***
A Query The Pattern Does Not Allow For
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo?token=abc (its query ?token=abc is part of the URL that the pattern must match; '**/echo?*' would catch it).
    Route WebSocket    **/echo
    Open Socket    /echo?token=abc
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

A Query With A Slash
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo?next=/home (its query ?next=/home is part of the URL that the pattern must match; '**/echo?**' would catch it).
    Route WebSocket    **/echo
    Open Socket    /echo?next=/home
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

The Other Spelling Of The Host
    [Documentation]    FAIL No socket of route 'ws://localhost:*/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo (it connects to 127.0.0.1, the pattern names localhost: to a URL pattern they are different hosts; 'ws://127.0.0.1:*/echo' would catch it).
    Route WebSocket    ws://localhost:*/echo
    Open Socket    /echo
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

The Other Host And A Query
    [Documentation]    FAIL No socket of route 'ws://localhost:*/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo?room=1 (its query ?room=1 is part of the URL that the pattern must match and it connects to 127.0.0.1, the pattern names localhost: to a URL pattern they are different hosts; 'ws://127.0.0.1:*/echo?*' would catch it).
    Route WebSocket    ws://localhost:*/echo
    Open Socket    /echo?room=1
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

A Socket That Opened Before The Route Was Made
    [Documentation]    FAIL No socket of route '**/echo' was open in 2 seconds. ${CAUGHT} ${WS}/echo (it opened before the route was made, and a route catches only sockets opened after it: route first, then open or reload the page).
    # The library learns of the socket from the browser's report, which a loaded machine
    # (load 13) once brought after a wait of 500 ms had ended, and once after the server saw
    # the socket open and the route was made (then it counts as the route's): wait for it.
    Open Socket    /echo
    Wait For Server Event    /echo    open
    Wait Until Keyword Succeeds    5 s    20 ms    Library Should Have Seen Socket    ${WS}/echo
    Route WebSocket    **/echo
    Wait For WebSocket    timeout=2 s

A Page URL Instead Of A Socket URL
    [Documentation]    FAIL No socket of route 'http://127.0.0.1:*/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo (a WebSocket URL starts with ws://, the pattern with http://; 'ws://127.0.0.1:*/echo' would catch it).
    Route WebSocket    http://127.0.0.1:*/echo
    Open Socket    /echo
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

Another Port
    [Documentation]    FAIL No socket of route 'ws://127.0.0.1:1/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo (it connects to port ${WS_PORT}, the pattern names port 1; 'ws://127.0.0.1:*/echo' would catch it).
    Route WebSocket    ws://127.0.0.1:1/echo
    Open Socket    /echo
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

Sockets The Route Has No Hint For Are Named Too
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds. 2 sockets opened that no route caught: ${WS}/echo?v=2 (its query ?v=2 is part of the URL that the pattern must match; '**/echo?*' would catch it); ${WS}/greet.
    Route WebSocket    **/echo
    Open Socket    /greet
    Wait For Server Event    /greet    open
    Open Socket    /echo?v=2
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

A Wait For A Message Gives The Hint Too
    [Documentation]    FAIL No received message arrived in 500 milliseconds on route '**/greet'. No received messages were recorded. ${CAUGHT} ${WS}/greet?lang=en (its query ?lang=en is part of the URL that the pattern must match; '**/greet?*' would catch it).
    Route WebSocket    **/greet
    Connect To Server
    Open Socket    /greet?lang=en
    Page Should Receive    welcome
    Wait For Received Message    timeout=500 ms

Send To Page Gives The Hint Too
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo?token=abc (its query ?token=abc is part of the URL that the pattern must match; '**/echo?*' would catch it).
    Route WebSocket    **/echo
    Open Socket    /echo?token=abc
    Wait For Server Event    /echo    open
    Send To Page    hello    timeout=500 ms

A Watch With A Pattern That Misses Gets The Hint
    [Documentation]    FAIL No socket of route '**/echo' was open in 500 milliseconds. ${CAUGHT} ${WS}/echo?token=abc (its query ?token=abc is part of the URL that the pattern must match; '**/echo?*' would catch it).
    Watch WebSocket    **/echo
    Open Socket    /echo?token=abc
    Wait For Server Event    /echo    open
    Wait For WebSocket    timeout=500 ms

Sockets Of Earlier Tests Are Not Named
    [Documentation]    FAIL No socket of route '**/echo' was open in 200 milliseconds.
    Route WebSocket    **/echo
    Wait For WebSocket    timeout=200 ms

Sockets That A Route Caught Are Not Named
    [Documentation]    FAIL No socket of route '**/echo' was open in 200 milliseconds.
    Route WebSocket    **/greet
    Open Socket    /greet
    Wait For WebSocket
    Route WebSocket    **/echo
    Wait For WebSocket    timeout=200 ms


*** Keywords ***
Start Servers, Browser And Port
    [Documentation]    Starts the servers and the browser; ${WS_PORT} is the WebSocket server's port.
    Start Servers And Browser
    VAR    ${WS_PORT} =    ${WS.rsplit(':', 1)[1]}    scope=SUITE
