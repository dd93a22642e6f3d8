*** Settings ***
Documentation       A guided tour of WsRouteLibrary on "Acme Markets", a small demo web app
...                 with live prices and a desk chat (see examples/app).
...
...                 The app talks to a WebSocket server at /ticker and /chat of its own
...                 host, but no such server runs here: every test routes the sockets to
...                 the library, plays the server's part with a few rules, and then checks
...                 what the page shows and what it sent.
...
...                 The messages the app and its server exchange are listed at the top
...                 of examples/app/app.js. Every test's WebSocket traffic appears as a
...                 table in log.html.
Library             WsRouteLibrary    timeout=5 s
Library             DemoServer.py
Suite Setup         Start The Demo App
Suite Teardown      Stop The Demo App


*** Variables ***
${PAGE WAIT}        5 s
${OPENING PRICES}   {"type": "snapshot", "prices": {"ACME": 101.25, "INIT": 42.10, "WSCO": 7.50}}

# Small JavaScript functions that act in the page like a user or read what it shows.
${TYPE AND SEND}    (text) => { const box = document.getElementById('chat-input');
...                 box.value = text; box.form.requestSubmit(); return box.value; }
${CLICK BUTTON}     (label) => { const button = [...document.querySelectorAll('button')]
...                 .find(b => b.textContent.trim() === label && !b.hidden);
...                 button?.click(); return Boolean(button); }
${TEXT OF}          (selector) => document.querySelector(selector)?.textContent
${TREND OF}         (symbol) => document.querySelector('tr[data-symbol="' + symbol + '"]')?.dataset.trend
${SEND DISABLED}    () => document.getElementById('chat-send').disabled
${BANNER SHOWN}     () => !document.getElementById('ticker-banner').hidden
${CHAT LINES}       () => [...document.querySelectorAll('.msg.theirs')]
...                 .map(m => m.querySelector('.from').textContent + ': ' + m.querySelector('.text').textContent)
${DELIVERY OF}      (text) => [...document.querySelectorAll('.msg.mine')]
...                 .find(m => m.querySelector('.text').textContent === text)?.dataset.state


*** Test Cases ***
Ticker Shows The Opening Prices
    [Documentation]    The server greets every ticker socket and answers the page's
    ...    subscription with prices for exactly the symbols the page asked for:
    ...    ``{{symbols.0}}`` in the reply is the first symbol of the page's message.
    Route WebSocket    **/ticker
    Send On Open    {"type": "hello", "market": "open"}
    Reply When Sent    {"type": "subscribe"}
    ...    {"type": "snapshot", "prices": {"{{symbols.0}}": 101.25, "{{symbols.1}}": 42.10}}
    ...    match=json
    Open The Trading App
    Wait For Sent Message    {"type": "subscribe", "symbols": ["ACME", "INIT", "WSCO"]}    match=json
    Ticker Status Should Be    live
    Market Should Be    open
    Price Of ACME Should Be    101.25
    Price Of INIT Should Be    42.10
    Price Of WSCO Should Be    —

Ticker Follows Live Price Updates
    [Documentation]    Prices pushed with Send To Page show up at once, with the change
    ...    since the opening price and the direction of the last move.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    ${OPENING PRICES}    match=json
    Open The Trading App
    Price Of ACME Should Be    101.25
    FOR    ${price}    IN    101.50    102.75    102.10
        Send To Page    {"type": "price", "symbol": "ACME", "price": ${price}}
        Price Of ACME Should Be    ${price}
    END
    Trend Of ACME Should Be    down
    Change Of ACME Should Be    +0.85 (+0.84%)
    Update Counter Should Be    3 live updates
    Price Of INIT Should Be    42.10
    Received Messages Should Contain    {"type": "price", "symbol": "ACME", "price": 102.75}    match=json

Ticker Shows Disconnected When The Server Closes The Socket
    [Documentation]    Close Socket ends the connection from the server's side with a
    ...    code and a reason; the page says so and keeps the last prices.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    ${OPENING PRICES}    match=json
    Open The Trading App
    Price Of ACME Should Be    101.25
    Close Socket    code=4000    reason=market closed
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    4000
    Should Be Equal    ${close}[reason]    market closed
    Ticker Status Should Be    disconnected (4000 market closed)
    Price Of ACME Should Be    101.25

Ticker Reconnects And Gets Fresh Prices
    [Documentation]    After a server restart the user reconnects. The route also takes
    ...    over the new socket, and a newer rule answers it with new prices.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    ${OPENING PRICES}    match=json
    Open The Trading App
    Price Of ACME Should Be    101.25
    Close Socket    code=1012    reason=service restart
    Ticker Status Should Be    disconnected (1012 service restart)
    Reply When Sent    {"type": "subscribe"}    {"type": "snapshot", "prices": {"ACME": 99.40}}    match=json
    User Clicks    Reconnect
    Ticker Status Should Be    live
    Price Of ACME Should Be    99.40
    Change Of ACME Should Be    −1.85 (−1.83%)
    ${sockets} =    Get WebSocket Urls
    Length Should Be    ${sockets}    2

Chat Answers With Templated Replies
    [Documentation]    Replies are templates: ``{{room}}``, ``{{id}}`` and ``{{text}}`` are
    ...    filled from the message the page sent, so one rule answers every message.
    Route WebSocket    **/chat
    Reply When Sent    {"type": "join"}    {"type": "joined", "room": "{{room}}", "online": 3}
    ...    match=json
    Reply When Sent    {"type": "say"}    {"type": "ack", "id": {{id}}}
    ...    {"type": "message", "from": "echo-bot", "text": "You said: {{text}}"}    match=json
    Open The Trading App    user=tess
    Chat Presence Should Be    tess · 3 online
    Sent Messages Should Contain    {"type": "join", "user": "tess", "room": "trading-desk"}    match=json
    User Says In Chat    Good morning, desk!
    Wait For Sent Message    {"type": "say", "text": "Good morning, desk!"}    match=json
    Chat Message Should Be Delivered    Good morning, desk!
    Chat Should Show    echo-bot    You said: Good morning, desk!
    Received Messages Should Contain    {"type": "ack", "id": 1}    match=json

Chat Flags A Message The Server Never Confirms
    [Documentation]    Drop When Sent swallows one particular message, so the page never
    ...    gets its confirmation and marks it as not delivered. Others still go through.
    Route WebSocket    **/chat
    Reply When Sent    {"type": "join"}    {"type": "joined", "room": "{{room}}", "online": 2}
    ...    match=json
    Reply When Sent    {"type": "say"}    {"type": "ack", "id": {{id}}}    match=json
    Drop When Sent    {"type": "say", "text": "Is anyone there?"}    match=json
    Open The Trading App
    Chat Presence Should Be    guest · 2 online
    User Says In Chat    Is anyone there?
    User Says In Chat    Hello?
    Chat Message Should Be Delivered    Hello?
    Chat Message Should Not Be Delivered    Is anyone there?
    Sent Messages Should Contain    {"type": "say", "id": 1, "text": "Is anyone there?"}    match=json
    Received Messages Should Not Contain    {"type": "ack", "id": 1}    match=json

Chat Server Disconnects A Shouting User
    [Documentation]    Close Socket When Sent lets the server hang up when the page sends
    ...    a given message. The page shows why and stops offering to send.
    Route WebSocket    **/chat
    Reply When Sent    {"type": "join"}    {"type": "joined", "room": "{{room}}", "online": 4}
    ...    match=json
    Close Socket When Sent    {"type": "say", "text": "SELL EVERYTHING!!!"}
    ...    code=4003    reason=no shouting    match=json
    Open The Trading App
    Chat Presence Should Be    guest · 4 online
    User Says In Chat    SELL EVERYTHING!!!
    Chat Status Should Be    disconnected (4003 no shouting)
    Send Button Should Be Disabled
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    4003

Leaving The Chat Says Goodbye And Closes The Socket
    [Documentation]    When the user leaves, the page tells the server and then closes
    ...    the socket itself with a normal closure.
    Route WebSocket    **/chat
    Reply When Sent    {"type": "join"}    {"type": "joined", "room": "{{room}}", "online": 5}
    ...    match=json
    Open The Trading App    user=sam
    Chat Presence Should Be    sam · 5 online
    User Clicks    Leave
    Wait For Sent Message    {"type": "leave"}    match=json
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    1000
    Should Be Equal    ${close}[reason]    user left
    Chat Status Should Be    disconnected (1000 user left)

Recorded Once, Replayed Forever
    [Documentation]    ``acme-markets.har`` was recorded once against a real server: a connected
    ...    route (Route WebSocket, Connect To Server) and Save WebSocket Traffic. Replaying it
    ...    plays that server in every run: each route answers from its recorded socket, and
    ...    the page shows what the real server made it show.
    Route WebSocket    **/ticker
    Replay WebSocket Traffic    ${CURDIR}/acme-markets.har
    Route WebSocket    **/chat
    Replay WebSocket Traffic    ${CURDIR}/acme-markets.har    match=json
    Open The Trading App    user=tess
    Market Should Be    open
    Price Of ACME Should Be    102.50
    Update Counter Should Be    1 live update
    Chat Presence Should Be    tess · 3 online
    Chat Should Show    maria    Morning, tess!
    User Says In Chat    Good morning, desk!
    Chat Message Should Be Delivered    Good morning, desk!
    Chat Should Show    echo-bot    You said: Good morning, desk!
    Replay Should Be Complete    **/chat

Ticker Keeps Trying Until The Server Accepts
    [Documentation]    The server refuses the first two connections, as one that is still
    ...    starting does. The page never sees them open, only a close with code 1006, and
    ...    the app tries again with backoff; the third attempt gets in.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    ${OPENING PRICES}    match=json
    Reject WebSocket Connections    times=2
    Open The Trading App
    Ticker Status Should Be    live
    Page Should Show    \#ticker-connection    connected on attempt 3
    Price Of ACME Should Be    101.25
    ${refused} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${refused}[code]    1006
    ${sockets} =    Get WebSocket Urls
    Length Should Be    ${sockets}    3

Ticker Reconnects By Itself When The Connection Drops
    [Documentation]    The network goes: Drop WebSocket Connections ends the socket without
    ...    a close handshake (code 1006), and the server refuses new connections for a
    ...    while. The app says it is reconnecting and keeps trying; once the server accepts,
    ...    the banner goes and the prices are live again.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    ${OPENING PRICES}    match=json
    Open The Trading App
    Price Of ACME Should Be    101.25
    Reject WebSocket Connections
    ${dropped} =    Drop WebSocket Connections
    Should Be Equal As Integers    ${dropped}    1
    Ticker Status Should Be    reconnecting…
    Connection Lost Banner Should Be Shown    ${True}
    Wait Until Keyword Succeeds    ${PAGE WAIT}    50 ms    The App Has Tried Again
    Accept WebSocket Connections
    Ticker Status Should Be    live
    Connection Lost Banner Should Be Shown    ${False}
    Price Of ACME Should Be    101.25

Chat Marks A Slow Confirmation As Late
    [Documentation]    With 1.5 s of latency each way the server's confirmation comes after
    ...    three seconds, later than the app waits for it (two): the message shows as not
    ...    delivered, then as delivered late when the confirmation arrives after all.
    Route WebSocket    **/chat
    Reply When Sent    {"type": "join"}    {"type": "joined", "room": "{{room}}", "online": 3}
    ...    match=json
    Reply When Sent    {"type": "say"}    {"type": "ack", "id": {{id}}}    match=json
    Open The Trading App
    Chat Presence Should Be    guest · 3 online
    ${before} =    Set WebSocket Latency    1.5 s
    Should Be Equal    ${before}    0 seconds
    User Says In Chat    Are prices frozen?
    Chat Message Should Not Be Delivered    Are prices frozen?
    Own Message Should Be    Are prices frozen?    late
    Received Messages Should Contain    {"type": "ack", "id": 1}    match=json

Ticker Freezes During A Stall And Catches Up In Order
    [Documentation]    Hold WebSocket Messages stalls the connection: prices sent meanwhile
    ...    wait, and the page keeps showing the last prices it got. Released, they arrive
    ...    in the order they were sent, so the last one is the price shown.
    Route WebSocket    **/ticker
    Reply When Sent    {"type": "subscribe"}    ${OPENING PRICES}    match=json
    Open The Trading App
    Price Of ACME Should Be    101.25
    Hold WebSocket Messages
    FOR    ${price}    IN    101.50    102.75    102.10
        Send To Page    {"type": "price", "symbol": "ACME", "price": ${price}}
    END
    Received Messages Should Not Contain    {"type": "price"}    match=json
    Update Counter Should Be    No updates yet
    ${released} =    Release WebSocket Messages
    Should Be Equal As Integers    ${released}    3
    Price Of ACME Should Be    102.10
    Update Counter Should Be    3 live updates
    Trend Of ACME Should Be    down


*** Keywords ***
Start The Demo App
    [Documentation]    Serves the demo app on a free local port and opens a browser on it.
    ${url} =    Start Demo Server
    Launch Browser    base_url=${url}
    Open Page

Stop The Demo App
    [Documentation]    Closes the browser and stops serving the app.
    Quit Browser
    Stop Demo Server

Open The Trading App
    [Documentation]    Loads the app as ${user}. Its sockets open as the page loads.
    [Arguments]    ${user}=guest
    Navigate To    /?user=${user}

User Says In Chat
    [Documentation]    Types ${text} into the chat box and presses Send.
    [Arguments]    ${text}
    ${left} =    Run JavaScript    ${TYPE AND SEND}    ${text}
    Should Be Empty    ${left}    The chat did not take the message: is it connected?

User Clicks
    [Documentation]    Clicks the button labelled ${label}.
    [Arguments]    ${label}
    ${clicked} =    Run JavaScript    ${CLICK BUTTON}    ${label}
    Should Be True    ${clicked}    No visible button labelled '${label}'.

Price Of ${symbol} Should Be
    [Documentation]    Waits until the price of ${symbol} reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    tr[data-symbol="${symbol}"] .price    ${expected}

Change Of ${symbol} Should Be
    [Documentation]    Waits until the change since opening of ${symbol} reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    tr[data-symbol="${symbol}"] .change    ${expected}

Trend Of ${symbol} Should Be
    [Documentation]    Waits until the last move of ${symbol} is ``up``, ``down`` or ``flat``.
    [Arguments]    ${expected}
    Wait Until Keyword Succeeds    ${PAGE WAIT}    50 ms
    ...    Page Value Should Be    ${TREND OF}    ${expected}    ${symbol}

Market Should Be
    [Documentation]    Waits until the market badge reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    \#market-state    ${expected}

Ticker Status Should Be
    [Documentation]    Waits until the ticker's connection badge reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    \#ticker-status    ${expected}

Update Counter Should Be
    [Documentation]    Waits until the ticker's update counter reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    \#ticker-updates    ${expected}

Chat Status Should Be
    [Documentation]    Waits until the chat's connection badge reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    \#chat-status    ${expected}

Chat Presence Should Be
    [Documentation]    Waits until the line under the chat reads ${expected}.
    [Arguments]    ${expected}
    Page Should Show    \#chat-presence    ${expected}

Chat Should Show
    [Documentation]    Waits until the chat shows ${text} from ${sender}.
    [Arguments]    ${sender}    ${text}
    Wait Until Keyword Succeeds    ${PAGE WAIT}    50 ms
    ...    Page Value Should Contain    ${CHAT LINES}    ${sender}: ${text}

Chat Message Should Be Delivered
    [Documentation]    Waits until the user's message ${text} is marked as delivered.
    [Arguments]    ${text}
    Own Message Should Be    ${text}    delivered

Chat Message Should Not Be Delivered
    [Documentation]    Waits until the user's message ${text} is marked as not delivered.
    [Arguments]    ${text}
    Own Message Should Be    ${text}    failed

Own Message Should Be
    [Documentation]    Waits until the user's message ${text} is in delivery state ${state}.
    [Arguments]    ${text}    ${state}
    Wait Until Keyword Succeeds    ${PAGE WAIT}    50 ms
    ...    Page Value Should Be    ${DELIVERY OF}    ${state}    ${text}

Connection Lost Banner Should Be Shown
    [Documentation]    Fails unless the ticker's "Connection lost" banner is shown (${shown}).
    [Arguments]    ${shown}
    Page Value Should Be    ${BANNER SHOWN}    ${shown}

The App Has Tried Again
    [Documentation]    Fails until the app opened another ticker socket after the lost one.
    ${sockets} =    Get WebSocket Urls
    ${count} =    Get Length    ${sockets}
    Should Be True    ${count} >= 2    The app has not tried to reconnect yet.

Send Button Should Be Disabled
    [Documentation]    Fails unless the chat's Send button is disabled.
    Page Value Should Be    ${SEND DISABLED}    ${True}

Page Should Show
    [Documentation]    Waits until the element at CSS ${selector} has the text ${expected}.
    [Arguments]    ${selector}    ${expected}
    Wait Until Keyword Succeeds    ${PAGE WAIT}    50 ms
    ...    Page Value Should Be    ${TEXT OF}    ${expected}    ${selector}

Page Value Should Be
    [Documentation]    Evaluates JavaScript ${expression} (a function gets ${arg}) in the page;
    ...    fails unless the result equals ${expected}.
    [Arguments]    ${expression}    ${expected}    ${arg}=${None}
    ${actual} =    Run JavaScript    ${expression}    ${arg}
    Should Be Equal    ${actual}    ${expected}

Page Value Should Contain
    [Documentation]    Evaluates JavaScript ${expression} (a function gets ${arg}) in the page;
    ...    fails unless the result contains ${expected}.
    [Arguments]    ${expression}    ${expected}    ${arg}=${None}
    ${actual} =    Run JavaScript    ${expression}    ${arg}
    Should Contain    ${actual}    ${expected}
