*** Settings ***
Documentation       MQTT 3.1.1 and 5 against the library's mock broker, with the real mqtt.js:
...                 the library answers CONNECT, SUBSCRIBE, pings and the QoS handshakes,
...                 keeps subscriptions and retained messages; tests write publishes as JSON.
Resource            mqtt.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open MQTT Page
Test Teardown       Close Page Sockets


*** Test Cases ***
Connects And Gets CONNACK Over MQTT Level 4
    Connects And Gets CONNACK    4

Connects And Gets CONNACK Over MQTT Level 5
    Connects And Gets CONNACK    5

A Rule's Reply To A Publish Reaches The Subscriber Over MQTT Level 4
    A Rule's Reply To A Publish Reaches The Subscriber    4

A Rule's Reply To A Publish Reaches The Subscriber Over MQTT Level 5
    A Rule's Reply To A Publish Reaches The Subscriber    5

Publish MQTT Message Reaches Exactly The Matching Subscriptions Over MQTT Level 4
    Publish MQTT Message Reaches Exactly The Matching Subscriptions    4

Publish MQTT Message Reaches Exactly The Matching Subscriptions Over MQTT Level 5
    Publish MQTT Message Reaches Exactly The Matching Subscriptions    5

QoS 1 And 2 Publishes Complete Both Ways Over MQTT Level 4
    QoS 1 And 2 Publishes Complete Both Ways    4

QoS 1 And 2 Publishes Complete Both Ways Over MQTT Level 5
    QoS 1 And 2 Publishes Complete Both Ways    5

Retained Messages Reach A Later Subscription Over MQTT Level 4
    Retained Messages Reach A Later Subscription    4

Retained Messages Reach A Later Subscription Over MQTT Level 5
    Retained Messages Reach A Later Subscription    5

Retained Messages Outlive The Socket On Its Route
    [Documentation]    Retained messages belong to the route, as a broker keeps them for every
    ...    later connection: the reloaded page's new subscription gets them.
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Connects MQTT    4
    MQTT Page Should See    connect
    Publish MQTT Message    config/theme    dark    retain=${True}
    Page Publishes    news/top    extra    qos=1    retain=${True}
    MQTT Page Should See    puback    ${{{"topic": "news/top"}}}
    Open MQTT Page
    Page Connects MQTT    4
    MQTT Page Should See    connect
    Page Subscribes    ${{["config/#", "news/+"]}}
    MQTT Page Should See    message    ${{{"topic": "config/theme", "payload": "dark", "retain": True}}}
    MQTT Page Should See    message    ${{{"topic": "news/top", "payload": "extra", "retain": True}}}

A Retained Message Published Before The Page Connects Reaches Its Subscription
    [Documentation]    With ``retain=${True}`` and no socket yet, the message is kept for later
    ...    subscriptions, and reaches none now.
    Route WebSocket    **/mqtt    protocol=mqtt
    ${reached} =    Publish MQTT Message    config/theme    dark    retain=${True}    timeout=200 ms
    Should Be Equal    ${reached}    ${0}
    Page Connects MQTT    4
    MQTT Page Should See    connect
    Page Subscribes    ${{["config/+"]}}
    MQTT Page Should See    message    ${{{"topic": "config/theme", "payload": "dark", "retain": True}}}

A Refused CONNACK From A Rule Reaches The Client
    Route WebSocket    **/mqtt    protocol=mqtt
    Reply When Sent    {"type": "connect"}    {"type": "connack", "returnCode": 5}    match=json
    Page Connects MQTT    4
    MQTT Page Should See    error    ${{{"message": "Connection refused: Not authorized"}}}

Publish MQTT Message Waits For A Matching Subscription
    [Documentation]    FAIL No MQTT subscription matching 'nobody/here' was active on route '**/mqtt' in 200 milliseconds. Active operations: chat/+.
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Connects MQTT    4
    Page Subscribes    ${{["chat/+"]}}
    MQTT Page Should See    suback
    Publish MQTT Message    nobody/here    hi    timeout=200 ms

Bad Arguments Of Publish MQTT Message Fail At Once
    [Setup]    Route WebSocket    **/raw
    Route WebSocket    **/mqtt    protocol=mqtt
    Run Keyword And Expect Error    MQTT message *: its topic 'a/+' has a wildcard (+ or #), which only subscriptions may have. Write e.g. *
    ...    Publish MQTT Message    a/+    hi
    Run Keyword And Expect Error    MQTT message *: "qos" must be 0, 1 or 2, not 3. Write e.g. *
    ...    Publish MQTT Message    a/b    hi    qos=3
    Run Keyword And Expect Error    'Publish MQTT Message' needs a route that speaks mqtt, but route '**/raw' speaks no protocol (raw frames).*
    ...    Publish MQTT Message    a/b    hi    url=**/raw

A Hostile Packet Fails The Test Naming It Over MQTT Level 4
    [Documentation]    FAIL The page sent an invalid MQTT PUBLISH bytes[8] 30 06 00 03 61 2f 2b 78: its topic name 'a/+' has a wildcard (+ or #), which only subscriptions may have (route '**/mqtt', protocol mqtt).
    A Hostile Packet Closes The Socket    100f00044d5154540402003c0003616263    30060003612f2b78

A Hostile Packet Fails The Test Naming It Over MQTT Level 5
    [Documentation]    FAIL The page sent an invalid MQTT PUBLISH bytes[6] 30 ff ff ff ff 01: its remaining length takes more than the four bytes MQTT allows (route '**/mqtt', protocol mqtt).
    A Hostile Packet Closes The Socket    101000044d5154540502003c000003616263    30ffffffff01


*** Keywords ***
Connects And Gets CONNACK
    [Documentation]    The page's client connects; the library's CONNACK is recorded, the CONNECT waits by its fields.
    [Arguments]    ${version}
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Connects MQTT    ${version}
    MQTT Page Should See    connect    ${{{"code": 0, "sessionPresent": False}}}
    ${connect} =    Wait For Sent Message    {"type": "connect", "protocolVersion": ${version}}    match=json
    Should Contain    ${connect}    "clientId": "page-${version}"
    Received Messages Should Contain    {"type": "connack", "sessionPresent": false}    match=json

A Rule's Reply To A Publish Reaches The Subscriber
    [Documentation]    A reply with a topic is a PUBLISH to the page's subscription of it; templates read the publish.
    [Arguments]    ${version}
    Route WebSocket    **/mqtt    protocol=mqtt
    Reply When Sent    {"type": "publish", "topic": "chat/in"}
    ...    {"topic": "chat/out", "payload": {"echo": "{{payload.text}}"}}    match=json
    Page Connects MQTT    ${version}
    Page Subscribes    ${{["chat/out"]}}
    Wait For Sent Message    {"type": "subscribe", "topics": ["chat/out"]}    match=json
    MQTT Page Should See    suback    ${{{"granted": [["chat/out", 0]], "error": None}}}
    Page Publishes    chat/in    {"text": "hi"}
    ${sent} =    Wait For Sent Message    {"type": "publish", "payload": {"text": "hi"}}    match=json
    Should Contain    ${sent}    "topic": "chat/in"
    MQTT Page Should See    message    ${{{"topic": "chat/out", "payload": '{"echo":"hi"}'}}}
    Received Messages Should Contain    {"type": "publish", "topic": "chat/out", "payload": {"echo": "hi"}}

Publish MQTT Message Reaches Exactly The Matching Subscriptions
    [Documentation]    One PUBLISH per matching subscription (+ and #), none to the others; the count returned.
    [Arguments]    ${version}
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Connects MQTT    ${version}
    Page Subscribes    ${{["sensors/+/temp", "sensors/#", "other/x"]}}
    MQTT Page Should See    suback
    ${reached} =    Publish MQTT Message    sensors/kitchen/temp    {"celsius": 21}
    Should Be Equal    ${reached}    ${2}
    ${reached} =    Publish MQTT Message    sensors    ${{{"up": True}}}
    Should Be Equal    ${reached}    ${1}
    ${reached} =    Publish MQTT Message    other/x    ${{b"\xff\x00"}}
    Should Be Equal    ${reached}    ${1}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Got Messages    ${4}
    ${messages} =    MQTT Page Seen    message
    ${topics} =    Evaluate    sorted(m["topic"] for m in $messages)
    Should Be Equal    ${topics}    ${{["other/x", "sensors", "sensors/kitchen/temp", "sensors/kitchen/temp"]}}
    Received Messages Should Contain    {"topic": "sensors", "payload": {"up": true}}    match=json
    Received Messages Should Contain    {"topic": "other/x", "payload": {"$binary": "/wA="}}    match=json

QoS 1 And 2 Publishes Complete Both Ways
    [Documentation]    The page's QoS 1 and 2 publishes are acknowledged; the library's reach the page at the granted QoS.
    [Arguments]    ${version}
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Connects MQTT    ${version}
    Page Subscribes    ${{["q/#"]}}    qos=2
    MQTT Page Should See    suback    ${{{"granted": [["q/#", 2]], "error": None}}}
    Page Publishes    up/one    1    qos=1
    Page Publishes    up/two    2    qos=2
    MQTT Page Should See    puback    ${{{"topic": "up/one", "error": None}}}
    MQTT Page Should See    puback    ${{{"topic": "up/two", "error": None}}}
    Sent Messages Should Contain    {"type": "publish", "topic": "up/two", "payload": 2, "qos": 2}    match=json
    Publish MQTT Message    q/two    two    qos=2
    Publish MQTT Message    q/one    one    qos=1
    MQTT Page Should See    message    ${{{"topic": "q/two", "payload": "two", "qos": 2}}}
    MQTT Page Should See    message    ${{{"topic": "q/one", "payload": "one", "qos": 1}}}
    Received Messages Should Contain    {"type": "publish", "topic": "q/two", "qos": 2}    match=json

Retained Messages Reach A Later Subscription
    [Documentation]    A retained publish of the library and of the page reaches a later matching subscribe, retain set.
    [Arguments]    ${version}
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Connects MQTT    ${version}
    MQTT Page Should See    connect
    ${reached} =    Publish MQTT Message    config/theme    dark    retain=${True}
    Should Be Equal    ${reached}    ${0}
    Page Publishes    news/top    extra    qos=1    retain=${True}
    MQTT Page Should See    puback    ${{{"topic": "news/top"}}}
    Page Subscribes    ${{["config/#", "news/+"]}}
    MQTT Page Should See    message    ${{{"topic": "config/theme", "payload": "dark", "retain": True}}}
    MQTT Page Should See    message    ${{{"topic": "news/top", "payload": "extra", "retain": True, "qos": 0}}}

A Hostile Packet Closes The Socket
    [Documentation]    A plain WebSocket of the page sends ${connect} then ${hostile}: the library closes it and the test fails.
    [Arguments]    ${connect}    ${hostile}
    Route WebSocket    **/mqtt    protocol=mqtt
    Page Sends Raw Packets    ${{[$connect, $hostile]}}
    Wait For Sent Message    {"type": "connect"}    match=json
    Wait For WebSocket Close

Page Got Messages
    [Documentation]    Fails unless the page got ${count} messages.
    [Arguments]    ${count}
    ${messages} =    MQTT Page Seen    message
    Length Should Be    ${messages}    ${count}
