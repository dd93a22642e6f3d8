*** Settings ***
Documentation       Socket.IO and GraphQL subscriptions without their servers: two demo pages
...                 (examples/app/chat-socketio.html, examples/app/alerts-graphql.html) run the
...                 real socket.io-client and graphql-ws clients, and each test plays the server
...                 with the app's own events and operations, not with frames.
...
...                 Run it with: make js-clients, then
...                 .venv/bin/python -m robot --pythonpath examples examples/protocols.robot
Resource            demo_pages.resource
Suite Setup         Start The Demo
Suite Teardown      Stop The Demo


*** Test Cases ***
Chat Shows What The Server Emits
    [Documentation]    The mock answers the page's namespace connect by itself; the test emits
    ...    the app's events by name, as the server's socket.emit would.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Send On Open    ["users", 3]
    Navigate To    /chat-socketio.html
    Wait Until Page Shows    \#status    connected
    Wait Until Page Shows    \#users    3
    Emit Socket.IO Event    chat message    ${{{"from": "Ann", "text": "Morning, desk!"}}}
    Wait Until Keyword Succeeds    5 s    50 ms    Chat Should Show    Ann: Morning, desk!

A Message Is Delivered When The Server Acknowledges It
    [Documentation]    A rule acknowledges the app's "chat message" event; the app marks the
    ...    message delivered when its callback gets {"delivered": true}.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Reply When Sent    {"event": "chat message"}    {"ack": [{"delivered": true}]}    match=json
    Navigate To    /chat-socketio.html
    Wait Until Page Shows    \#status    connected
    Run JavaScript    ${TYPE AND SEND}    Buy 100 ACME
    Wait For Sent Message    ["chat message", "Buy 100 ACME"]
    Wait Until Keyword Succeeds    5 s    50 ms    Last Message Should Be    delivered

Alerts Arrive As Subscription Results
    [Documentation]    The mock acknowledges graphql-ws's connection_init by itself; the test
    ...    pushes results to the app's OnAlert subscription by its name.
    Route WebSocket    **/graphql    protocol=graphql-ws
    Navigate To    /alerts-graphql.html
    Wait For Sent Message    {"operationName": "OnAlert", "variables": {"symbol": "ACME"}}    match=json
    Send GraphQL Result    OnAlert    {"data": {"alert": {"symbol": "ACME", "price": 111.5}}}
    Wait Until Page Shows    \#alerts    ACME at 111.5
    Send GraphQL Error    OnAlert    market closed
    Wait Until Page Shows    \#state    error: market closed

A Mutation Answered By A Rule
    [Documentation]    A rule answers the SetAlert mutation from its variables; the library
    ...    completes the mutation after its one result, as a server does.
    Route WebSocket    **/graphql    protocol=graphql-ws
    Reply When Sent    {"operationName": "SetAlert"}
    ...    {"data": {"setAlert": "Alert set: {{variables.symbol}} above {{variables.above}}"}}
    ...    match=json
    Navigate To    /alerts-graphql.html
    Run JavaScript    () => document.getElementById('set-alert').click()
    Wait Until Page Shows    \#confirmation    Alert set: ACME above 110
