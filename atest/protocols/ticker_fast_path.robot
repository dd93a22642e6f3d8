*** Settings ***
Documentation       A real plain-WebSocket client, reconnecting-websocket from npm, in a
...                 price-ticker page, with the fast path on: a route's JSON rules and their
...                 templates are answered in the page, also on the socket the client opens
...                 again after a close, and the journal has every message in order.
Library             Collections
Library             WsRouteLibrary    timeout=3 s    fast_path=${True}
Library             ProtocolServers.py
Library             TestKit.py
Suite Setup         Start
Suite Teardown      Stop
Test Setup          Navigate To    ${HTTP}/ticker.html


*** Variables ***
${HTTP}     ${EMPTY}
${WS}       ${EMPTY}


*** Test Cases ***
A Subscription Is Answered In The Page With The Values It Asked For
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}
    ...    {"type": "subscribed", "channel": "{{channel}}", "id": {{id}}}    match=json
    Connect Ticker
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/ticker
    Run JavaScript    subscribe("EUR/USD", 3)
    App Should Get    {"type": "subscribed", "channel": "EUR/USD", "id": 3}
    ${answered} =    Messages Answered In The Page    **/ticker
    Should Be Equal As Integers    ${answered}    1
    ${sent} =    Wait For Sent Message    {"type": "subscribe", "id": 3}    match=json
    Should Be Equal    ${sent}    {"type":"subscribe","channel":"EUR/USD","id":3}

The Client's Next Socket After A Close Rule Is Answered In The Page Too
    [Documentation]    The close rule closes the first socket in the page; the client opens
    ...    another, which the library takes and offers the same plan.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    {"type": "subscribed", "id": {{id}}}    match=json
    Close Socket When Sent    {"type": "subscribe", "channel": "bye"}    code=4000    reason=go
    ...    match=json
    Connect Ticker
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/ticker
    Run JavaScript    subscribe("bye", 1)
    Wait Until Keyword Succeeds    3 s    20 ms    App Opened Twice
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/ticker
    Run JavaScript    subscribe("EUR/USD", 2)
    App Should Get    {"type": "subscribed", "id": 2}
    ${answered} =    Messages Answered In The Page    **/ticker
    Should Be Equal As Integers    ${answered}    1
    ${sent} =    Get Sent Messages
    VAR    @{expected} =    {"type":"subscribe","channel":"bye","id":1}
    ...    {"type":"subscribe","channel":"EUR/USD","id":2}
    Should Be Equal    ${sent}    ${expected}
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{"code": 4000, "reason": "go"}}}

A Burst Of Pings Is Answered In Order And Recorded Whole
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "ping"}    {"type": "pong", "n": {{n}}}    match=json
    Connect Ticker
    Wait Until Keyword Succeeds    3 s    50 ms    Page Should Answer By Itself    **/ticker
    Run JavaScript    ping(300)
    ${expected} =    Evaluate    ['{"type": "pong", "n": %d}' % n for n in range(300)]
    Wait Until Keyword Succeeds    3 s    50 ms    App Got All    ${expected}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${expected}
    ${answered} =    Messages Answered In The Page    **/ticker
    Should Be Equal As Integers    ${answered}    300


*** Keywords ***
Start
    [Documentation]    The servers (pages and the npm clients) on a free port and a browser.
    ${urls} =    Start Protocol Servers
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    Launch Browser
    Open Page

Stop
    [Documentation]    Closes the browser and stops the servers.
    Quit Browser
    Stop Protocol Servers

Connect Ticker
    [Documentation]    The app's reconnecting-websocket connects to /ticker.
    Run JavaScript    (u) => connect(u)    ${WS}/ticker

App Should Get
    [Documentation]    Waits until the app got ${expected} (JSON, compared as documents).
    [Arguments]    ${expected}
    Wait Until Keyword Succeeds    3 s    20 ms    App Got    ${expected}

App Got
    [Documentation]    Fails unless the app got a message equal to ${expected} as JSON.
    [Arguments]    ${expected}
    ${messages} =    Run JavaScript    messages()
    ${documents} =    Evaluate    [json.loads(m) for m in $messages]    modules=json
    ${wanted} =    Evaluate    json.loads($expected)    modules=json
    Should Contain    ${documents}    ${wanted}

App Got All
    [Documentation]    Fails unless the app got exactly ${expected}, in order.
    [Arguments]    ${expected}
    ${messages} =    Run JavaScript    messages()
    Should Be Equal    ${messages}    ${expected}

App Opened Twice
    [Documentation]    Fails unless the app's client opened a socket twice.
    ${opens} =    Run JavaScript    opens()
    Should Be Equal As Integers    ${opens}    2
