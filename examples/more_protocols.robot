*** Settings ***
Documentation       STOMP, MQTT, SignalR and Phoenix Channels without their servers: four demo
...                 pages (examples/app/chat-stomp.html, dashboard-mqtt.html,
...                 notifications-signalr.html, room-phoenix.html) run the real npm clients,
...                 and each test plays the broker or hub with the app's own destinations,
...                 topics, hub methods and channel events, not with frames.
...
...                 Run it with: make js-clients, then
...                 .venv/bin/python -m robot --pythonpath examples examples/more_protocols.robot
Resource            demo_pages.resource
Suite Setup         Start The Demo
Suite Teardown      Stop The Demo
Test Teardown       Navigate To    about:blank


*** Test Cases ***
The Chat Shows What The Broker Sends To Its Topic
    [Documentation]    The mock answers stompjs's CONNECT and keeps its subscriptions; the test
    ...    sends to the app's destination as Spring's broker would.
    [Tags]    stomp
    Route WebSocket    **/ws    protocol=stomp
    Navigate To    /chat-stomp.html
    Wait Until Page Shows    \#status    connected
    Wait For Sent Message    {"command": "SUBSCRIBE", "destination": "/topic/messages"}    match=json
    ${reached} =    Send STOMP Message    /topic/messages    {"from": "Ann", "text": "Morning, desk!"}
    Should Be Equal    ${reached}    ${1}
    Wait Until Keyword Succeeds    5 s    50 ms    Chat Should Show    Ann: Morning, desk!

The Broker Echoes The Desk's Message To The Room
    [Documentation]    A rule answers the app's SEND to /app/chat with a MESSAGE to /topic/messages,
    ...    as the app's @MessageMapping method does; the reply reads the sent body.
    [Tags]    stomp
    Route WebSocket    **/ws    protocol=stomp
    Reply When Sent    {"command": "SEND", "destination": "/app/chat"}
    ...    {"destination": "/topic/messages", "body": {"from": "me", "text": "{{body.text}}"}}
    ...    match=json
    Navigate To    /chat-stomp.html
    Wait Until Page Shows    \#status    connected
    Run JavaScript    ${TYPE AND SEND}    Buy 100 ACME
    Wait For Sent Message    {"destination": "/app/chat", "body": {"text": "Buy 100 ACME"}}    match=json
    Wait Until Keyword Succeeds    5 s    50 ms    Chat Should Show    me: Buy 100 ACME
    Received Messages Should Contain    {"command": "MESSAGE", "destination": "/topic/messages"}
    ...    match=json

Over SockJS The Chat Reconnects After A Lost Connection
    [Documentation]    With ?sockjs the app connects through sockjs-client's WebSocket transport;
    ...    the route's pattern covers SockJS's info request and its socket. A dropped
    ...    connection shows as "reconnecting" until stompjs is connected again.
    [Tags]    stomp    fault
    Route WebSocket    **/chat/**    protocol=stomp
    Navigate To    /chat-stomp.html?sockjs
    Wait Until Page Shows    \#status    connected
    Page Shows    \#transport    SockJS
    ${dropped} =    Drop WebSocket Connections
    Should Be Equal    ${dropped}    ${1}
    Wait Until Page Shows    \#status    reconnecting
    Wait Until Page Shows    \#status    connected
    Send STOMP Message    /topic/messages    {"from": "Bob", "text": "Back again"}
    Wait Until Keyword Succeeds    5 s    50 ms    Chat Should Show    Bob: Back again

The Dashboard Shows Each Room's Temperature
    [Documentation]    The mock answers mqtt.js's CONNECT and SUBSCRIBE; the test publishes to
    ...    the sensors' topics, and sensors/+/temperature reaches the page for each room.
    [Tags]    mqtt
    Route WebSocket    **/mqtt    protocol=mqtt
    Navigate To    /dashboard-mqtt.html
    Wait Until Page Shows    \#status    connected
    Wait For Sent Message    {"type": "subscribe", "topics": ["sensors/+/temperature", "fan/state"]}
    ...    match=json
    ${reached} =    Publish MQTT Message    sensors/kitchen/temperature    {"celsius": 21.5}
    Should Be Equal    ${reached}    ${1}
    Publish MQTT Message    sensors/hall/temperature    {"celsius": 18}
    Wait Until Page Shows    \#room-kitchen    kitchen21.5 °C
    Wait Until Page Shows    \#room-hall    hall18.0 °C

A Retained Gateway Status Reaches A Later Subscription
    [Documentation]    A retained message stays with its topic: when the user opens the gateway
    ...    panel, the page's new subscription gets it at once, as from a real broker.
    [Tags]    mqtt
    Route WebSocket    **/mqtt    protocol=mqtt
    Navigate To    /dashboard-mqtt.html
    Wait Until Page Shows    \#status    connected
    ${reached} =    Publish MQTT Message    gateway/status    online    retain=${True}
    Should Be Equal    ${reached}    ${0}
    Run JavaScript    () => document.getElementById('show-gateway').click()
    Wait Until Page Shows    \#gateway    online
    Received Messages Should Contain    {"topic": "gateway/status", "retain": true}    match=json

The Fan Answers The Dashboard's Command
    [Documentation]    The app publishes fan/set at QoS 1; the mock acknowledges it (the page
    ...    says "sent") and a rule plays the fan, which publishes its new state.
    [Tags]    mqtt
    Route WebSocket    **/mqtt    protocol=mqtt
    Reply When Sent    {"type": "publish", "topic": "fan/set", "payload": {"on": true}}
    ...    {"topic": "fan/state", "payload": "on"}    match=json
    Navigate To    /dashboard-mqtt.html
    Wait Until Page Shows    \#status    connected
    Run JavaScript    () => document.getElementById('fan-on').click()
    Wait Until Page Shows    \#fan    sent
    Wait Until Page Shows    \#fan-state    on
    Sent Messages Should Contain    {"type": "publish", "topic": "fan/set", "qos": 1}    match=json

Readings Wait While The Network Stalls
    [Documentation]    Held messages toward the page wait, in order, until released: the dashboard
    ...    keeps its old reading meanwhile.
    [Tags]    mqtt    fault
    Route WebSocket    **/mqtt    protocol=mqtt
    Navigate To    /dashboard-mqtt.html
    Wait Until Page Shows    \#status    connected
    Publish MQTT Message    sensors/kitchen/temperature    {"celsius": 21}
    Wait Until Page Shows    \#room-kitchen    kitchen21.0 °C
    Hold WebSocket Messages
    Publish MQTT Message    sensors/kitchen/temperature    {"celsius": 35}
    Sleep    300 ms    reason=the held reading has time to arrive if the hold did not work
    Page Shows    \#room-kitchen    kitchen21.0 °C
    ${released} =    Release WebSocket Messages
    Should Be Equal    ${released}    ${1}
    Wait Until Page Shows    \#room-kitchen    kitchen35.0 °C

The Hub Pushes Notifications To The Page
    [Documentation]    The mock answers negotiate and the handshake; a rule completes the app's
    ...    GetUnreadCount invocation, and the test calls the page's handlers as the hub would.
    [Tags]    signalr
    Route WebSocket    **/hubs/notifications**    protocol=signalr
    Reply When Sent    {"target": "GetUnreadCount"}    {"result": 3}    match=json
    Navigate To    /notifications-signalr.html
    Wait Until Page Shows    \#status    connected
    Wait Until Page Shows    \#unread    3
    ${reached} =    Invoke SignalR Method    Notify    ACME crossed 110    warning
    Should Be Equal As Integers    ${reached}    1
    Invoke SignalR Method    UnreadCount    ${4}
    Wait Until Page Shows    \#notifications    [warning] ACME crossed 110
    Wait Until Page Shows    \#unread    4

Marking All As Read Shows The Hub's Error
    [Documentation]    A rule's {"error": ...} fails the app's invoke() as a hub exception does.
    [Tags]    signalr
    Route WebSocket    **/hubs/notifications**    protocol=signalr
    Reply When Sent    {"target": "GetUnreadCount"}    {"result": 2}    match=json
    Reply When Sent    ["MarkAllRead"]    {"error": "read-only session"}    match=json
    Navigate To    /notifications-signalr.html
    Wait Until Page Shows    \#unread    2
    Run JavaScript    () => document.getElementById('mark-read').click()
    Wait Until Page Shows    \#result    read-only session
    Page Shows    \#unread    2
    Received Messages Should Contain    {"type": "completion", "error": "read-only session"}
    ...    match=json

The Page Says So When The Hub Goes Away
    [Documentation]    A dropped connection ends the app's hub connection (it has no automatic
    ...    reconnect), and the page says it is disconnected.
    [Tags]    signalr    fault
    Route WebSocket    **/hubs/notifications**    protocol=signalr
    Reply When Sent    {"target": "GetUnreadCount"}    {"result": 0}    match=json
    Navigate To    /notifications-signalr.html
    Wait Until Page Shows    \#status    connected
    Drop WebSocket Connections
    Wait Until Page Shows    \#status    disconnected

The Room Shows What The Channel Broadcasts
    [Documentation]    The mock answers the page's join of room:lobby; the test pushes the
    ...    channel's events as the server's broadcast! would.
    [Tags]    phoenix
    Route WebSocket    **/socket/**    protocol=phoenix
    Navigate To    /room-phoenix.html
    Wait Until Page Shows    \#status    joined
    Sent Messages Should Contain
    ...    {"topic": "room:lobby", "event": "phx_join", "payload": {"user": "ann"}}    match=json
    ${reached} =    Push Phoenix Event    room:lobby    new_msg    {"user": "bob", "body": "Sell 50 ACME"}
    Should Be Equal As Integers    ${reached}    1
    Push Phoenix Event    room:lobby    presence    {"count": 4}
    Wait Until Keyword Succeeds    5 s    50 ms    Chat Should Show    bob: Sell 50 ACME
    Wait Until Page Shows    \#present    4

A Refused Join Shows Why
    [Documentation]    A rule refuses the join as the channel's join/3 returning {:error, ...} does.
    [Tags]    phoenix
    Route WebSocket    **/socket/**    protocol=phoenix
    Reply When Sent    {"topic": "room:lobby", "event": "phx_join"}
    ...    {"status": "error", "response": {"reason": "unauthorized"}}    match=json
    Navigate To    /room-phoenix.html
    Wait Until Page Shows    \#status    refused: unauthorized

A Post Waits While The Network Stalls, Then Gets Its Id
    [Documentation]    A rule answers the page's new_msg push with the stored message's id; while
    ...    the page's messages are held the post stays "sending".
    [Tags]    phoenix    fault
    Route WebSocket    **/socket/**    protocol=phoenix
    Reply When Sent    {"event": "new_msg"}    {"status": "ok", "response": {"id": 42}}    match=json
    Navigate To    /room-phoenix.html
    Wait Until Page Shows    \#status    joined
    Hold WebSocket Messages    direction=sent
    Run JavaScript    ${TYPE AND SEND}    Buy 100 ACME
    Sleep    300 ms    reason=the push has time to be answered if the hold did not work
    Last Message Should Be    sending
    Release WebSocket Messages
    Wait Until Keyword Succeeds    5 s    50 ms    Last Message Should Be    posted #42
    Sent Messages Should Contain    {"event": "new_msg", "payload": {"body": "Buy 100 ACME"}}
    ...    match=json
