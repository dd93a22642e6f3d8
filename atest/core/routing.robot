*** Settings ***
Documentation       Routing: glob and regular expression patterns, scopes, routes made after the
...                 page loaded, answers while Robot sleeps, newest route wins, re-routing,
...                 unrouting. Every check looks at what the page and the real server saw.
Resource            core.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
Glob Routes Matching Sockets And Leaves Others To The Server
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    ping    socket=0
    Page Messages Should Be    pong    socket=0
    Page Messages Should Be    welcome    socket=1
    Server Should Not Have Seen Anything    /echo
    ${greet} =    Server Events    /greet    open
    Length Should Be    ${greet}    1

Glob Single Star Does Not Cross A Slash
    Route WebSocket    ws://127.0.0.1:*/*
    Send On Open    mocked
    Open Socket    /echo
    Open Socket    /deep/echo
    Page Sends    real    socket=1
    Page Messages Should Be    mocked    socket=0
    Page Messages Should Be    real    socket=1
    Server Should Have Seen    /deep/echo    real
    Server Should Not Have Seen Anything    /echo

Glob Braces Are Alternatives And Question Mark Is Literal
    Route WebSocket    **/{echo,greet}?room=1
    Send On Open    mocked
    Open Socket    /echo?room=1
    Open Socket    /greet?room=1
    Open Socket    /echo?room=2
    Page Messages Should Be    mocked    socket=0
    Page Messages Should Be    mocked    socket=1
    Page Sends    real    socket=2
    Page Messages Should Be    real    socket=2
    Server Should Have Seen    /echo    real
    Server Should Not Have Seen Anything    /greet

Regular Expression Pattern Is Searched In The Url
    Route WebSocket    /echo\\?room=\\d+$/
    Send On Open    mocked
    Open Socket    /echo?room=42
    Open Socket    /echo?room=x
    Page Messages Should Be    mocked    socket=0
    Page Sends    real    socket=1
    Page Messages Should Be    real    socket=1
    ${opens} =    Server Events    /echo    open
    Length Should Be    ${opens}    1

Regular Expression Flag i Ignores Case
    Route WebSocket    /\\/ECHO/i
    Send On Open    mocked
    Open Socket    /echo
    Page Messages Should Be    mocked
    Server Should Not Have Seen Anything    /echo

Regular Expression Without Flag Is Case Sensitive
    Route WebSocket    /\\/ECHO/
    Send On Open    mocked
    Open Socket    /echo
    Page Sends    real
    Page Messages Should Be    real
    Server Should Have Seen    /echo    real

Route Made After The Page Loaded Applies Without Reload
    [Documentation]    The page loaded before the route existed, and a socket opened before it
    ...    stays with the server; one opened after it is mocked. No navigation in between.
    Open Socket    /echo
    Page Sends    before    socket=0
    Page Messages Should Be    before    socket=0
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping    socket=0
    Page Sends    ping    socket=1
    Page Messages Should Be    before    ping    socket=0
    Page Messages Should Be    pong    socket=1
    ${opens} =    Server Events    /echo    open
    Length Should Be    ${opens}    1

Page Scoped Route Made After The Page Loaded Applies Without Reload
    Route WebSocket    **/echo    scope=page
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Server Should Not Have Seen Anything    /echo

Page Scoped Route Does Not Cover A Second Page
    Route WebSocket    **/echo    scope=page
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Open Page    ${HTTP}/index.html
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    ping
    Server Should Have Seen    /echo    ping
    [Teardown]    Restart Browser

Context Route Covers A Second Page
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Page    ${HTTP}/index.html
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Server Should Not Have Seen Anything    /echo
    [Teardown]    Restart Browser

Context Route Covers A Popup
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Popup
    Popup Opens Socket And Sends    /echo    ping
    Popup Messages Should Be    pong
    Server Should Not Have Seen Anything    /echo
    [Teardown]    Close Popup

Page Scoped Route Does Not Cover A Popup But Still Covers Its Page
    Route WebSocket    **/echo    scope=page
    Reply When Sent    ping    pong
    Open Popup
    Popup Opens Socket And Sends    /echo    ping
    Popup Messages Should Be    ping
    Server Should Have Seen    /echo    ping
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    [Teardown]    Close Popup

Mock Keeps Answering While The Suite Sleeps
    [Documentation]    The page sends on a JavaScript timer while Robot is in Sleep; every reply
    ...    must come within moments of its message, not when the next keyword runs.
    Route WebSocket    **/echo
    Reply When Sent    tick (\\d+)    tock {{1}}    match=regexp
    Open Socket    /echo
    Page Should Open Socket
    Page Sends Ticks On A Timer    5    every=150
    Sleep    1.5 s
    ${lags} =    Run JavaScript    window.lags
    ${messages} =    Page Messages
    Should Be Equal    ${messages}    ${{['tock 1', 'tock 2', 'tock 3', 'tock 4', 'tock 5']}}
    Length Should Be    ${lags}    5
    FOR    ${lag}    IN    @{lags}
        Should Be True    ${lag} < 400    A reply came ${lag} ms after its message: ${lags}
    END

Newest Matching Route Wins
    Route WebSocket    **/echo
    Reply When Sent    ping    from older route
    Route WebSocket    ws://127.0.0.1:*/ech*
    Reply When Sent    ping    from newer route
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    from newer route    socket=0
    Unroute WebSocket    ws://127.0.0.1:*/ech*
    Open Socket    /echo
    Page Sends    ping    socket=1
    Page Messages Should Be    from older route    socket=1
    Server Should Not Have Seen Anything    /echo

Routing The Same Pattern Again Replaces The Route And Its Rules
    Route WebSocket    **/echo
    Reply When Sent    ping    old rule
    Route WebSocket    **/echo
    Reply When Sent    other    new rule
    Open Socket    /echo
    Page Sends    ping
    Page Sends    other
    Page Should Be Answered Only With    marker    new rule
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['ping', 'other', 'marker']}}

Open Sockets Pass To The Route That Replaces Theirs
    Route WebSocket    **/echo
    Reply When Sent    ping    old rule
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    old rule
    Route WebSocket    **/echo
    Reply When Sent    ping    new rule
    Page Sends    ping
    Page Messages Should Be    old rule    new rule
    ${count} =    Send To Page    pushed
    Should Be Equal    ${count}    ${1}
    Page Messages Should Be    old rule    new rule    pushed

Unroute WebSocket Sends Later Sockets To The Real Server Untouched
    Route WebSocket    **/greet
    Reply When Sent    ping    pong
    Unroute WebSocket
    Open Socket    /greet
    Page Sends    ping
    Page Messages Should Be    welcome    ping
    Server Should Have Seen    /greet    ping
    Run Keyword And Expect Error
    ...    No WebSocket route exists yet. Route one first, e.g. 'Route WebSocket${SPACE * 4}**/chat'.
    ...    Get Sent Messages

Unroute WebSocket Leaves An Open Mocked Socket Open And Unanswered
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Unroute WebSocket    **/echo
    Page Sends    ping
    Route WebSocket    **/greet
    Send On Open    probe
    Open Socket    /greet
    Page Messages Should Be    probe    socket=1
    Sleep    200 ms
    Page Messages Should Be    pong    socket=0
    Page Socket Should Be Open    0
    Server Should Not Have Seen Anything    /echo

Unroute WebSocket By Pattern Keeps The Other Routes
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Route WebSocket    **/greet
    Unroute WebSocket    **/greet
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    ping    socket=0
    Page Messages Should Be    pong    socket=0
    Page Messages Should Be    welcome    socket=1
    Server Should Not Have Seen Anything    /echo

Unroute All WebSockets Sends Every Later Socket To The Server
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Route WebSocket    **/greet    scope=page
    Send On Open    mocked
    Unroute All WebSockets
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    ping    socket=0
    Page Messages Should Be    ping    socket=0
    Page Messages Should Be    welcome    socket=1
    Server Should Have Seen    /echo    ping
    Run Keyword And Expect Error    No WebSocket route has pattern '**/echo' (routed now: none).*
    ...    Get Sent Messages    **/echo


*** Keywords ***
Open Popup
    [Documentation]    The current page opens itself again in a popup; waits until it loaded.
    ...    The popup does not become the current page: its sockets are driven through window.popup.
    Run JavaScript    (url) => { window.popup = window.open(url); return true; }    ${HTTP}/index.html?popup
    Wait Until Keyword Succeeds    3 s    20 ms    Popup Should Be Loaded

Popup Should Be Loaded
    [Documentation]    Fails unless window.popup shows the test page, loaded.
    ${loaded} =    Run JavaScript
    ...    () => !!(popup.location.search === '?popup' && popup.document.readyState === 'complete' && popup.openSocket)
    Should Be True    ${loaded}    The popup did not load

Popup Opens Socket And Sends
    [Documentation]    The popup opens its socket 0 to ${WS}${path} and sends ${text} on it.
    [Arguments]    ${path}    ${text}
    Run JavaScript    (u) => popup.openSocket(u)    ${WS}${path}
    Run JavaScript    (t) => popup.sendText(0, t)    ${text}

Popup Messages Should Be
    [Documentation]    Waits until the popup's socket 0 received exactly ${expected}.
    [Arguments]    @{expected}
    Wait Until Keyword Succeeds    3 s    20 ms    Popup Has Messages    @{expected}

Popup Has Messages
    [Documentation]    Fails unless the popup's socket 0 received exactly ${expected}.
    [Arguments]    @{expected}
    ${messages} =    Run JavaScript    () => popup.messages(0)
    Lists Should Be Equal    ${messages}    ${expected}

Close Popup
    [Documentation]    Closes the popup, if one was opened.
    Run JavaScript    () => { if (window.popup) popup.close(); }

Page Sends Ticks On A Timer
    [Documentation]    Socket 0 sends "tick 1" .. "tick ${count}" from a JavaScript timer and
    ...    records in window.lags how many milliseconds each "tock N" took to come back.
    [Arguments]    ${count}    ${every}
    ${script} =    Catenate
    ...    ([count, every]) => {
    ...    window.lags = []; const sentAt = {}; const ws = sockets[0];
    ...    ws.addEventListener('message', (e) => lags.push(Date.now() - sentAt[e.data.split(' ')[1]]));
    ...    let n = 0;
    ...    const timer = setInterval(() => {
    ...    n += 1; sentAt[n] = Date.now(); ws.send('tick ' + n); if (n >= count) clearInterval(timer);
    ...    }, every);
    ...    }
    Run JavaScript    ${script}    ${{[int($count), int($every)]}}
