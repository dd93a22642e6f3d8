*** Settings ***
Documentation       Connected routes: traffic flows both ways between the page and the
...                 real server unless a rule intercepts it. Every test checks what the
...                 page saw and what the server saw.
Resource            connected.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
Sockets Opened After Connecting Talk To The Server
    Route WebSocket    **/greet
    Connect To Server
    Open Socket    /greet
    Page Should Receive    welcome
    Page Sends    hi
    Page Should Receive    hi
    Page Messages Should Be    0    welcome    hi
    Server Should Have Seen Messages    /greet    hi
    ${opens} =    Server Events    /greet    open
    Length Should Be    ${opens}    1
    Wait For Received Message    welcome
    Wait For Sent Message    hi
    Wait For Received Message    hi

Open Sockets Connect When The Route Connects
    Route WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Page Sends    while mocked
    Wait For Sent Message    while mocked
    Connect To Server
    Page Sends    connected
    Page Should Receive    connected
    Open Socket    /echo
    Page Sends    second socket    1
    Page Should Receive    second socket    1
    Page Messages Should Be    0    connected
    Page Messages Should Be    1    second socket
    Server Should Have Seen Messages    /echo    connected    second socket
    ${opens} =    Server Events    /echo    open
    Length Should Be    ${opens}    2
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo'] * 2}}

Page Messages Sent While The Server Connects Are Not Lost
    [Documentation]    /slow answers the handshake after half a second; the page's
    ...                socket is open already because it started mocked. (arraybuffer:
    ...                Playwright delivers a server's Blob after text that follows it.)
    Route WebSocket    **/slow
    Open Socket    /slow    binary_type=arraybuffer
    Wait For WebSocket
    Connect To Server
    Page Sends    first
    Page Sends Bytes    ${{[1, 2]}}
    Page Sends    third
    ${opens} =    Server Events    /slow    open
    Should Be Empty    ${opens}    The server was up before the page sent: the test proves nothing.
    Server Should Have Seen Messages    /slow    first    ${{b'\x01\x02'}}    third
    Page Should Receive    third
    Page Messages Should Be    0    first    bytes:01 02    third
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['first', b'\x01\x02', 'third']}}

Send On Open Works On A Connected Route
    Route WebSocket    **/greet
    Connect To Server
    Send On Open    hello from the library
    Open Socket    /greet
    Page Should Receive    welcome
    Page Messages Should Be    0    hello from the library    welcome
    Page Sends    hi
    Page Should Receive    hi
    Server Should Have Seen Messages    /greet    hi

Page Messages Sent Before The Server Answered Are Not Lost
    [Documentation]    Send On Open opens the page side at once, so the page may send
    ...                while /slow is still answering the handshake.
    Route WebSocket    **/slow
    Connect To Server
    Send On Open    hello from the library
    Open Socket    /slow
    Page Should Receive    hello from the library
    Page Sends    early
    ${opens} =    Server Events    /slow    open
    Should Be Empty    ${opens}    The server was up before the page sent: the test proves nothing.
    Server Should Have Seen Messages    /slow    early
    Page Should Receive    early
    Page Messages Should Be    0    hello from the library    early
    Wait For Sent Message    early

Send To Server Reaches The Server And Not The Page
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Wait For WebSocket
    ${count} =    Send To Server    from the library
    Should Be Equal As Integers    ${count}    1
    Server Should Have Seen Messages    /echo    from the library
    Page Should Receive    from the library
    Page Messages Should Be    0    from the library
    Sent Messages Should Not Contain    from the library
    Wait For Received Message    from the library

Send To Server Reaches Every Open Socket Of The Route
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Open Socket    /echo
    Page Sends    one    0
    Page Sends    two    1
    Page Should Receive    two    1
    ${count} =    Send To Server    to all
    Should Be Equal As Integers    ${count}    2
    Page Should Receive    to all    0
    Page Should Receive    to all    1
    Server Should Have Seen Messages    /echo    one    two    to all    to all

Send To Server Fails On A Mocked Route
    [Documentation]    FAIL Route '**/echo' is mocked: there is no server to send to. Use 'Connect To Server' first.
    Route WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    TRY
        Send To Server    hello
    FINALLY
        ${seen} =    Server Events    /echo
        Should Be Empty    ${seen}
        Page Messages Should Be    0
    END

Send To Server Fails When No Socket Opens
    [Documentation]    FAIL No socket of route '**/echo' was open in 200 milliseconds.
    Route WebSocket    **/echo
    Connect To Server
    TRY
        Send To Server    hello    timeout=200 ms
    FINALLY
        ${seen} =    Server Events
        Should Be Empty    ${seen}
    END

Connect To Server Connects The Route Its Pattern Names
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Connect To Server    **/echo
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    to echo    0
    Page Should Receive    to echo    0
    Page Sends    to greet    1
    Wait For Sent Message    to greet
    Server Should Have Seen Messages    /echo    to echo
    ${greet} =    Server Events    /greet
    Should Be Empty    ${greet}
    Page Messages Should Be    1
    Wait For Received Message    to echo    url=**/echo

Connect To Server Fails For A Pattern That Was Never Routed
    [Documentation]    FAIL No WebSocket route has pattern '**/nope' (routed now: '**/echo'). Route it first with 'Route WebSocket    **/nope'.
    Route WebSocket    **/echo
    Connect To Server    **/nope

Reply When Received Replaces A Server Message
    Route WebSocket    **/greet
    Connect To Server
    Reply When Received    welcome    hello from the library    second reply
    Open Socket    /greet
    Page Should Receive    second reply
    Page Sends    hi
    Page Should Receive    hi
    Page Messages Should Be    0    hello from the library    second reply    hi
    Received Messages Should Not Contain    welcome
    Received Messages Should Contain    second reply
    Server Should Have Seen Messages    /greet    hi

Reply When Received Fills Templates From The Server Message
    Route WebSocket    **/push
    Connect To Server
    Reply When Received    tick (\\d+)    got {{1}} of {{message}}    match=regexp    times=2
    Open Socket    /push
    Page Sends    push 3
    Page Should Receive    tick 3
    Page Messages Should Be    0    got 1 of tick 1    got 2 of tick 2    tick 3
    Server Should Have Seen Messages    /push    push 3

Drop When Received Keeps A Server Message From The Page
    Route WebSocket    **/push
    Connect To Server
    Drop When Received    tick 2
    Open Socket    /push
    Page Sends    push 3
    Page Should Receive    tick 3
    Page Messages Should Be    0    tick 1    tick 3
    Received Messages Should Not Contain    tick 2
    Server Should Have Seen Messages    /push    push 3

Drop When Received Retires After Its Times
    Route WebSocket    **/push
    Connect To Server
    Drop When Received    tick *    match=glob    times=2
    Open Socket    /push
    Page Sends    push 4
    Page Should Receive    tick 4
    Page Messages Should Be    0    tick 3    tick 4
    Server Should Have Seen Messages    /push    push 4

Reply When Sent Keeps The Handled Message From The Server
    Route WebSocket    **/echo
    Connect To Server
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Should Receive    pong
    Page Sends    other
    Page Should Receive    other
    Page Messages Should Be    0    pong    other
    Server Should Have Seen Messages    /echo    other
    Wait For Sent Message    ping
    Wait For Sent Message    other

Drop When Sent Keeps The Handled Message From The Server
    Route WebSocket    **/echo
    Connect To Server
    Drop When Sent    secret *    match=glob
    Open Socket    /echo
    Page Sends    secret password
    Page Sends    public
    Page Should Receive    public
    Page Messages Should Be    0    public
    Server Should Have Seen Messages    /echo    public
    Sent Messages Should Contain    secret password

Close Socket When Sent Closes Both Sides Without Forwarding
    Route WebSocket    **/echo
    Connect To Server
    Close Socket When Sent    bye    code=4001    reason=see you
    Open Socket    /echo
    Page Sends    hello
    Page Should Receive    hello
    Page Sends    bye
    Page Close Should Be    4001    see you
    Library Close Should Be    4001    see you
    Server Should Have Seen Close    /echo    4001 see you
    Server Messages Should Be    /echo    hello
    Page Messages Should Be    0    hello

Unrouted Sockets Still Reach The Server Untouched
    Route WebSocket    **/echo
    Connect To Server
    Drop When Received    hi
    Unroute WebSocket
    Open Socket    /echo
    Page Sends    hi
    Page Should Receive    hi
    Server Should Have Seen Messages    /echo    hi
