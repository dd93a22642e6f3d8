*** Settings ***
Documentation       Closing connected sockets, from either side: codes and reasons reach
...                 the other side, failed handshakes and navigation end in a close that
...                 `Wait For WebSocket Close` sees.
Resource            connected.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Test Cases ***
Page Close Reaches The Server With Its Code And Reason
    Open Connected Socket    /echo
    Page Closes Socket    4000    done for today
    Server Should Have Seen Close    /echo    4000 done for today
    Page Close Should Be    4000    done for today
    Library Close Should Be    4000    done for today

Page Close With Code 1000 Reaches The Server
    Open Connected Socket    /echo
    Page Closes Socket    1000    bye
    Server Should Have Seen Close    /echo    1000 bye
    Page Close Should Be    1000    bye
    Library Close Should Be    1000    bye

Page Close Without A Code Reaches The Server Without One
    Open Connected Socket    /echo
    Run JavaScript    window.sockets[0].close()
    Server Should Have Seen Close    /echo    1005${SPACE}
    Page Close Should Be    1005
    Library Close Should Be    1005

Server Messages After The Page Closed Are Not Received
    [Documentation]    The page closes right after asking for 50 messages: a closing
    ...                WebSocket gets no more messages, and none is recorded as received.
    Open Connected Socket    /push
    Run JavaScript    window.sockets[0].send('push 50'); window.sockets[0].close(4000, 'enough')
    Page Close Should Be    4000    enough
    Server Should Have Seen Close    /push    4000 enough
    Server Messages Should Be    /push    push 50
    Page Messages Should Be    0
    ${received} =    Get Received Messages
    Should Be Empty    ${received}
    Library Close Should Be    4000    enough

Server Close Reaches The Page With Its Code And Reason
    Open Connected Socket    /close
    Page Sends    1008 policy
    Page Close Should Be    1008    policy
    Library Close Should Be    1008    policy
    Server Should Have Seen Close    /close    1008 policy
    Server Messages Should Be    /close    1008 policy

Server Close With An Application Code Reaches The Page
    Open Connected Socket    /close
    Page Sends    4321 custom reason
    Page Close Should Be    4321    custom reason
    Library Close Should Be    4321    custom reason
    Server Should Have Seen Close    /close    4321 custom reason

Close Socket Closes The Page And The Server
    Open Connected Socket    /echo
    Close Socket    code=4002    reason=maintenance
    Page Close Should Be    4002    maintenance
    Server Should Have Seen Close    /echo    4002 maintenance
    Library Close Should Be    4002    maintenance

Close Socket With A Code Only Servers Send Closes The Server With 1000
    [Documentation]    The page sees 1008; the browser's own socket to the server may
    ...                close only with 1000 or 3000-4999, so the server gets 1000 and
    ...                the reason.
    Open Connected Socket    /echo
    Close Socket    code=1008    reason=policy
    Page Close Should Be    1008    policy
    Server Should Have Seen Close    /echo    1000 policy
    Library Close Should Be    1008    policy

Close Socket Closes Every Socket Of The Route With 1000 By Default
    Open Connected Socket    /echo
    Open Socket    /echo
    Page Sends    second    1
    Page Should Receive    second    1
    Close Socket
    Page Close Should Be    1000    socket=0
    Page Close Should Be    1000    socket=1
    Wait Until Keyword Succeeds    3 s    20 ms
    ...    Server Events Should Be    /echo    close    1000${SPACE}    1000${SPACE}
    Library Close Should Be    1000

Close Socket Leaves Closed Sockets Alone
    Open Connected Socket    /close
    Page Sends    4100 server first
    Page Close Should Be    4100    server first
    Close Socket    code=4200    reason=too late
    Sleep    200 ms
    ${closes} =    Page Events    close
    Length Should Be    ${closes}    1
    Server Should Have Seen Close    /close    4100 server first
    Library Close Should Be    4100    server first

A Rejected Handshake Ends In A Close
    Route WebSocket    **/reject
    Connect To Server
    Open Socket    /reject
    Library Close Should Be    1006
    Page Close Should Be    1006
    ${errors} =    Page Events    error
    Length Should Be    ${errors}    1
    ${opens} =    Page Events    open
    Should Be Empty    ${opens}
    ${seen} =    Server Events    /reject
    Should Be Equal    ${seen}    ${{[""]}}

Send To Server After A Rejected Handshake Reaches No Socket
    [Documentation]    FAIL No socket of route '**/reject' was open in 200 milliseconds.
    Route WebSocket    **/reject
    Connect To Server
    Open Socket    /reject
    Wait For WebSocket Close
    Send To Server    hello    timeout=200 ms

Connecting An Open Socket To A Server That Rejects It Closes The Socket
    Route WebSocket    **/reject
    Open Socket    /reject
    Wait For WebSocket
    Page Sends    while mocked
    Wait For Sent Message    while mocked
    Connect To Server
    Library Close Should Be    1006
    Page Close Should Be    1006
    ${opens} =    Page Events    open
    Length Should Be    ${opens}    1
    Wait For Server Event    /reject    rejected

Navigation Ends A Connected Socket
    Open Connected Socket    /echo
    Navigate To    ${HTTP}/index.html
    Library Close Should Be    1005
    Server Should Have Seen Close    /echo    1001${SPACE}

Navigation Ends A Connected Socket Of A Page Route
    Open Connected Socket    /echo    scope=page
    Navigate To    ${HTTP}/index.html
    Library Close Should Be    1005
    Server Should Have Seen Close    /echo    1001${SPACE}

Navigation Ends A Mocked Socket
    Route WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Navigate To    ${HTTP}/index.html
    Library Close Should Be    1005
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}

Closing The Page Ends A Connected Socket
    Open Closable Page
    Open Connected Socket    /echo
    Page Closes Itself
    Library Close Should Be    1005
    Server Should Have Seen Close    /echo    1001${SPACE}

Closing The Page Ends A Socket Of A Page Route
    Open Closable Page
    Open Connected Socket    /echo    scope=page
    Page Closes Itself
    Library Close Should Be    1005
    Server Should Have Seen Close    /echo    1001${SPACE}

Closing The Page Ends A Mocked Socket
    Open Closable Page
    Route WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Page Closes Itself
    Library Close Should Be    1005
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}


*** Keywords ***
Open Connected Socket
    [Documentation]    Routes ${path}, connects the route and opens a socket that the
    ...                server answered (the page side is open).
    [Arguments]    ${path}    ${scope}=context
    Route WebSocket    **${path}    scope=${scope}
    Connect To Server
    ${index} =    Open Socket    ${path}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Saw Open    ${index}
    Wait For Server Event    ${path}    open

Page Saw Open
    [Documentation]    Fails unless socket ${index} of the page saw its open event.
    [Arguments]    ${index}
    ${opens} =    Page Events    open    ${index}
    Should Not Be Empty    ${opens}

Server Events Should Be
    [Documentation]    Fails unless the server's ${event} events on ${path} are ${expected}.
    [Arguments]    ${path}    ${event}    @{expected}
    ${seen} =    Server Events    ${path}    ${event}
    Lists Should Be Equal    ${seen}    ${expected}

Open Closable Page
    [Documentation]    Opens the test page in a new page that becomes the current page and
    ...                that may close itself (it has one history entry).
    Open Page
    Run JavaScript    (url) => location.replace(url)    ${HTTP}/index.html
    Wait Until Keyword Succeeds    3 s    20 ms    Test Page Is Loaded

Test Page Is Loaded
    [Documentation]    Fails unless the current page shows the loaded test page.
    ${ready} =    Run JavaScript    typeof openSocket === 'function'
    Should Be True    ${ready}

Page Closes Itself
    [Documentation]    The current page closes itself; the page opened before becomes current.
    ${closing} =    Run JavaScript    location.href + '#closing'
    Run JavaScript    (url) => { history.replaceState(null, '', url); setTimeout(() => window.close(), 0); }
    ...    ${closing}
    Wait Until Keyword Succeeds    3 s    20 ms    Current Page Is Not    ${closing}

Current Page Is Not
    [Documentation]    Fails while the current page has URL ${url}.
    [Arguments]    ${url}
    ${current} =    Run JavaScript    location.href
    Should Not Be Equal    ${current}    ${url}
