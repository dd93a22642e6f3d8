*** Settings ***
Documentation       Actions on open sockets: Send To Page, Close Socket, Get WebSocket Urls.
Resource            core.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
Send To Page Reaches Every Open Socket And Returns The Count
    Route WebSocket    **/echo
    Open Socket    /echo
    Open Socket    /echo
    Page Should Open Socket    0
    Page Should Open Socket    1
    ${count} =    Send To Page    hello all
    Should Be Equal    ${count}    ${2}
    Page Messages Should Be    hello all    socket=0
    Page Messages Should Be    hello all    socket=1
    Server Should Not Have Seen Anything    /echo

Send To Page Skips Closed Sockets
    Route WebSocket    **/echo
    Open Socket    /echo
    Open Socket    /echo
    Page Should Open Socket    1
    Page Closes Socket    socket=0
    Wait For WebSocket Close
    ${count} =    Send To Page    only one
    Should Be Equal    ${count}    ${1}
    Page Messages Should Be    only one    socket=1
    ${closed} =    Page Messages    socket=0
    Should Be Empty    ${closed}

Send To Page Sends Bytes As A Binary Frame
    Route WebSocket    **/echo
    Open Socket    /echo    binary_type=arraybuffer
    ${count} =    Send To Page    ${{bytes([0, 16, 255])}}
    Should Be Equal    ${count}    ${1}
    Page Messages Should Be    bytes:00 10 ff
    ${kinds} =    Run JavaScript    events.filter(e => e.type === 'message').map(e => e.kind)
    Should Be Equal    ${kinds}    ${{['arraybuffer']}}

Send To Page Waits For A Socket To Open
    Route WebSocket    **/echo
    Run JavaScript    (url) => { setTimeout(() => openSocket(url), 700); }    ${WS}/echo
    ${count} =    Send To Page    you waited
    Should Be Equal    ${count}    ${1}
    Page Messages Should Be    you waited

Send To Page Fails When No Socket Opens In Time
    [Documentation]    FAIL No socket of route '**/echo' was open in 300 milliseconds.
    Route WebSocket    **/echo
    Send To Page    nobody hears this    timeout=300 ms

Send To Page Uses The Library Timeout By Default
    [Documentation]    FAIL No socket of route '**/echo' was open in 1 second.
    ${old} =    Set WebSocket Timeout    1 s
    Route WebSocket    **/echo
    Send To Page    nobody hears this
    [Teardown]    Set WebSocket Timeout    ${old}

Send To Page Does Not Count Sockets Of Other Routes
    [Documentation]    FAIL No socket of route '**/greet' was open in 200 milliseconds.
    Route WebSocket    **/greet
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Send To Page    to greet    url=**/greet    timeout=200 ms

Send To Page Chooses The Route By Pattern
    Route WebSocket    **/greet
    Route WebSocket    **/echo
    Open Socket    /echo
    Open Socket    /greet
    Page Should Open Socket    1
    ${count} =    Send To Page    to greet    url=**/greet
    Should Be Equal    ${count}    ${1}
    Page Messages Should Be    to greet    socket=1
    Page Should Be Answered Only With    marker    socket=0

Close Socket Closes Every Open Socket With Code And Reason
    Route WebSocket    **/echo
    Open Socket    /echo
    Open Socket    /echo
    Page Should Open Socket    1
    Close Socket    code=4000    reason=maintenance
    ${first} =    Page Should See Close    socket=0
    ${second} =    Page Should See Close    socket=1
    Should Be Equal    ${first}[code]    ${4000}
    Should Be Equal    ${first}[reason]    maintenance
    Should Be Equal    ${second}[code]    ${4000}
    Should Be Equal    ${second}[reason]    maintenance
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4000, 'reason': 'maintenance'}}}

Close Socket Defaults To A Normal Closure Without Reason
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Close Socket
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[code]    ${1000}
    Should Be Equal    ${close}[reason]    ${EMPTY}

Close Socket Accepts Codes Only A Server May Send
    [Documentation]    1011 (internal error) cannot be sent by a browser, but a server may send it.
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Close Socket    code=1011    reason=server error
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[code]    ${1011}
    Should Be Equal    ${close}[reason]    server error

Close Socket On A Connected Route Closes The Server Connection Too
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Page Sends    hi
    Page Messages Should Be    hi
    Close Socket    code=4002    reason=done
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[code]    ${4002}
    Should Be Equal    ${close}[reason]    done
    ${server} =    Wait For Server Event    /echo    close
    Should Be Equal    ${server}    ${{['4002 done']}}

Close Socket With A Server Only Code On A Connected Route Still Closes The Server Connection
    [Documentation]    The page sees 1011; the browser may not send 1011 to the server, which
    ...    gets a normal closure with the reason instead of staying connected.
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Page Sends    hi
    Page Messages Should Be    hi
    Close Socket    code=1011    reason=oops
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[code]    ${1011}
    ${server} =    Wait For Server Event    /echo    close
    Should Be Equal    ${server}    ${{['1000 oops']}}

Close Socket Leaves Other Routes' Sockets Open
    Route WebSocket    **/greet
    Route WebSocket    **/echo
    Open Socket    /echo
    Open Socket    /greet
    Page Should Open Socket    1
    Close Socket    url=**/greet    code=4003
    ${close} =    Page Should See Close    socket=1
    Should Be Equal    ${close}[code]    ${4003}
    Page Socket Should Be Open    0

Close Socket With No Open Socket Does Nothing
    Route WebSocket    **/echo
    Close Socket    code=4000
    Open Socket    /echo
    Page Should Open Socket
    Page Socket Should Be Open

Get WebSocket Urls Lists The Route's Sockets Oldest First
    Route WebSocket    **/echo*
    ${none} =    Get WebSocket Urls
    Should Be Empty    ${none}
    Open Socket    /echo?n=1
    Page Should Open Socket    0
    Open Socket    /echo?n=2
    Page Should Open Socket    1
    Open Socket    /greet
    Page Closes Socket    socket=0
    Wait For WebSocket Close
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo?n=1', $WS + '/echo?n=2']}}

Get WebSocket Urls Chooses The Route By Pattern
    Route WebSocket    **/greet
    Route WebSocket    **/echo
    Open Socket    /greet
    Open Socket    /echo
    Page Should Open Socket    1
    ${urls} =    Get WebSocket Urls    **/greet
    Should Be Equal    ${urls}    ${{[$WS + '/greet']}}
