*** Settings ***
Documentation       MQTT 3.1.1 in connected mode against a real broker (RabbitMQ's web_mqtt
...                 plug-in, a private node on 127.0.0.1), with the real mqtt.js: the library
...                 decodes the broker's packets both ways, so rules drop or rewrite them by field.
Resource            mqtt.resource
Library             ../resources/RabbitMQ.py
Suite Setup         Start Broker Servers And Browser
Suite Teardown      Stop Broker Servers And Browser
Test Setup          Navigate To    ${HTTP}/mqtt_broker.html
Test Teardown       Close Page Sockets


*** Variables ***
${BROKER}       ${EMPTY}


*** Test Cases ***
Publishes Go Through The Broker Both Ways
    Route MQTT To The Broker
    Page Connects MQTT
    MQTT Page Should See    connect    ${{{"code": 0}}}
    Wait For Received Message    {"type": "connack", "returnCode": 0}    match=json
    Page Subscribes    ${{["chat/+"]}}    qos=1
    MQTT Page Should See    suback    ${{{"granted": [["chat/+", 1]]}}}
    Page Publishes    chat/lobby    {"text": "hi"}    qos=1
    MQTT Page Should See    message    ${{{"topic": "chat/lobby", "payload": '{"text": "hi"}', "qos": 1}}}
    MQTT Page Should See    puback    ${{{"topic": "chat/lobby", "error": None}}}
    Wait For Sent Message    {"type": "publish", "topic": "chat/lobby", "payload": {"text": "hi"}, "qos": 1}
    ...    match=json
    Wait For Received Message
    ...    {"type": "publish", "topic": "chat/lobby", "payload": {"text": "hi"}, "qos": 1}    match=json
    Sent Messages Should Contain    {"type": "subscribe", "topics": ["chat/+"]}    match=json
    Page Publishes    chat/lobby    plain    qos=0
    MQTT Page Should See    message    ${{{"topic": "chat/lobby", "payload": "plain", "qos": 0}}}
    Messages Seen Should Be    2
    RabbitMQ Should Listen Only On Loopback

Rules Drop And Rewrite The Broker's Publishes
    Route MQTT To The Broker
    Drop When Received    {"type": "publish", "payload": {"text": "secret"}}    match=json
    Reply When Received    {"type": "publish", "payload": {"text": "old"}}
    ...    {"topic": "chat/lobby", "payload": {"text": "rewritten {{payload.text}}"}}    match=json
    Page Connects MQTT
    Page Subscribes    ${{["chat/#"]}}    qos=1
    MQTT Page Should See    suback
    Page Publishes    chat/lobby    {"text": "secret"}    qos=1
    Page Publishes    chat/lobby    {"text": "old"}    qos=1
    Page Publishes    chat/lobby    {"text": "public"}    qos=1
    MQTT Page Should See    message    ${{{"payload": '{"text": "public"}'}}}
    MQTT Page Should See    message    ${{{"payload": '{"text":"rewritten old"}'}}}
    Messages Seen Should Be    2
    Page Publishes    chat/lobby    {"text": "after"}    qos=1
    MQTT Page Should See    message    ${{{"payload": '{"text": "after"}'}}}
    Received Messages Should Not Contain    {"payload": {"text": "secret"}}    match=json

A Rule Keeps A Page Publish From The Broker
    Route MQTT To The Broker
    Reply When Sent    {"type": "publish", "topic": "mock/ask"}
    ...    {"topic": "chat/lobby", "payload": "answered by the rule"}    match=json
    Page Connects MQTT
    Page Subscribes    ${{["chat/+", "mock/+"]}}
    MQTT Page Should See    suback
    Page Publishes    mock/ask    never reaches the broker
    MQTT Page Should See    message    ${{{"topic": "chat/lobby", "payload": "answered by the rule"}}}
    Page Publishes    chat/lobby    through
    MQTT Page Should See    message    ${{{"payload": "through"}}}
    Messages Seen Should Be    2

Publish MQTT Message Reaches The Page Beside The Broker's Traffic
    Route MQTT To The Broker
    Page Connects MQTT
    Page Subscribes    ${{["sensors/#"]}}    qos=1
    MQTT Page Should See    suback
    ${count} =    Publish MQTT Message    sensors/kitchen    {"celsius": 21}    qos=1
    Should Be Equal    ${count}    ${1}
    MQTT Page Should See    message    ${{{"topic": "sensors/kitchen", "payload": '{"celsius":21}', "qos": 1}}}
    Page Publishes    sensors/hall    {"celsius": 19}    qos=1
    MQTT Page Should See    message    ${{{"topic": "sensors/hall", "payload": '{"celsius": 19}'}}}
    Publish MQTT Message    sensors/attic    {"celsius": 30}    qos=1
    MQTT Page Should See    message    ${{{"topic": "sensors/attic"}}}
    Page Publishes    sensors/cellar    {"celsius": 12}    qos=1
    MQTT Page Should See    message    ${{{"topic": "sensors/cellar"}}}
    Messages Seen Should Be    4
    MQTT Page Should Not Have Seen    close

Publish MQTT Message Takes The QoS The Broker Granted
    [Documentation]    RabbitMQ 3.10 grants QoS 1 for a QoS 2 subscription: the library's
    ...    QoS 2 publish reaches the page at QoS 1, and the broker's traffic goes on.
    Route MQTT To The Broker
    Page Connects MQTT
    Page Subscribes    ${{["sensors/#"]}}    qos=2
    MQTT Page Should See    suback    ${{{"granted": [["sensors/#", 1]]}}}
    Publish MQTT Message    sensors/kitchen    hot    qos=2
    MQTT Page Should See    message    ${{{"topic": "sensors/kitchen", "payload": "hot", "qos": 1}}}
    Page Publishes    sensors/hall    cold    qos=1
    MQTT Page Should See    message    ${{{"topic": "sensors/hall", "payload": "cold", "qos": 1}}}
    MQTT Page Should See    puback    ${{{"topic": "sensors/hall", "error": None}}}

Dropped QoS 1 Publishes Of The Broker Do Not Stall Its Deliveries
    [Documentation]    The library acknowledges the broker's QoS 1 publishes itself: RabbitMQ
    ...    stops delivering at ``mqtt.prefetch`` (10) unacknowledged ones.
    Route MQTT To The Broker
    Drop When Received    {"type": "publish", "payload": "drop"}    match=json
    Page Connects MQTT
    Page Subscribes    ${{["t/#"]}}    qos=1
    MQTT Page Should See    suback
    FOR    ${_}    IN RANGE    12
        Page Publishes    t/a    drop    qos=1
    END
    Page Publishes    t/a    keep    qos=1
    MQTT Page Should See    message    ${{{"payload": "keep", "qos": 1}}}
    Messages Seen Should Be    1

PINGREQ And PINGRESP Pass
    [Documentation]    With a keep-alive of three seconds mqtt.js pings and RabbitMQ drops a client
    ...    silent for four and a half: the connection outlives two periods. (A keep-alive
    ...    of one second left a loaded machine too little room: a ping late by half a
    ...    second lost the connection.)
    Route MQTT To The Broker
    Page Connects MQTT    keepalive=${3}
    MQTT Page Should See    connect
    Sleep    7 s
    MQTT Page Should See    pingresp
    MQTT Page Should Not Have Seen    close
    Page Subscribes    ${{["chat/+"]}}
    MQTT Page Should See    suback
    Page Publishes    chat/lobby    still here
    MQTT Page Should See    message    ${{{"payload": "still here"}}}
    # Pings and SUBACK are plumbing: the journal holds CONNECT, SUBSCRIBE, PUBLISH, CONNACK, PUBLISH.
    ${sent} =    Get Sent Messages
    Length Should Be    ${sent}    3
    ${received} =    Get Received Messages
    Length Should Be    ${received}    2

The Broker Refuses Bad Credentials
    [Documentation]    RabbitMQ 3.10's web_mqtt closes the socket on a bad login, without a CONNACK.
    Route MQTT To The Broker
    Page Connects MQTT    password=wrong
    MQTT Page Should See    close
    MQTT Page Should Not Have Seen    connect
    MQTT Page Should Not Have Seen    error
    Wait For Sent Message    {"type": "connect", "username": "guest", "password": "wrong"}    match=json
    ${close} =    Wait For WebSocket Close
    Log    ${close}
    ${received} =    Get Received Messages
    Should Be Empty    ${received}

The Broker Refuses MQTT 5
    [Documentation]    RabbitMQ 3.10's web_mqtt speaks MQTT 3.1.1 (5 came with 3.13): it closes the socket.
    Route MQTT To The Broker
    Page Connects MQTT    version=${5}
    MQTT Page Should See    close
    MQTT Page Should Not Have Seen    connect
    Wait For Sent Message    {"type": "connect", "protocolVersion": 5}    match=json
    Wait For WebSocket Close


*** Keywords ***
Start Broker Servers And Browser
    [Documentation]    Starts a private RabbitMQ node with web_mqtt, the page server and a browser.
    ${endpoints} =    Start RabbitMQ    web_mqtt
    VAR    ${BROKER} =    ${endpoints}[mqtt]    scope=SUITE
    Start Servers And Browser

Stop Broker Servers And Browser
    [Documentation]    Stops the browser, the page server and the broker.
    Stop Servers And Browser
    Stop RabbitMQ

Route MQTT To The Broker
    [Documentation]    Routes the page's MQTT sockets as MQTT and connects them to the broker.
    Route WebSocket    **/ws    protocol=mqtt
    Connect To Server

Page Connects MQTT
    [Documentation]    The page's mqtt.js client connects to the broker as guest (with ${password})
    ...    speaking MQTT ${version}, pinging after ${keepalive} seconds of silence.
    [Arguments]    ${password}=guest    ${keepalive}=${60}    ${version}=${4}
    VAR    &{options} =    version=${version}    password=${password}    keepalive=${keepalive}
    ...    clientId=page-${TEST NAME}
    Run JavaScript    ([u, o]) => mqttConnect(u, o)    ${{[$BROKER, $options]}}

MQTT Page Should Not Have Seen
    [Documentation]    Fails if the page saw a ${type} entry (with the fields of ${expected}).
    [Arguments]    ${type}    ${expected}=${{{}}}
    ${entry} =    Run JavaScript    ([t, f]) => seenWith(t, f)    ${{[$type, $expected]}}
    Should Be Equal    ${entry}    ${None}    The page saw ${entry}

Messages Seen Should Be
    [Documentation]    Fails unless the page's subscriptions got ${count} messages in all.
    [Arguments]    ${count}
    ${seen} =    Run JavaScript    () => seenOf("message").length
    Should Be Equal As Integers    ${seen}    ${count}
