*** Settings ***
Documentation       wsroute har2robot on STOMP and MQTT conversations that real clients
...                 (@stomp/stompjs, mqtt.js) had with a mocked broker, saved on a protocol
...                 route: the suite routes with protocol=stomp or protocol=mqtt, leaves the
...                 connect handshake to the library, answers the recorded messages, passes
...                 robocop and a dry run, and runs green against a page whose real client
...                 talks as recorded.
Resource            ../protocols/protocols.resource
Resource            ../protocols/mqtt.resource
Library             OperatingSystem
Library             String
Library             Har2Robot.py
Suite Setup         Start Servers And Browser
Suite Teardown      Run Keywords    Stop Servers And Browser    AND    Stop Page Server
Test Teardown       Close Page Sockets


*** Test Cases ***
Suite From A STOMP Recording Speaks The Protocol
    ${har} =    Record A STOMP Chat    ${OUTPUT DIR}${/}hars${/}stomp.har
    ${suite} =    Suite Of    ${har}    **/stomp    stomp
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    "command": "SUBSCRIBE", "destination": "/topic/chat"
    Should Not Contain    ${text}    CONNECT
    ${page} =    Serve Client Page That Talks Like    ${har}    stomp
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested
    Should Be Equal    ${result}    Page Talks As Recorded: PASS

Suite From An MQTT Recording Speaks The Protocol
    ${har} =    Record An MQTT Chat    ${OUTPUT DIR}${/}hars${/}mqtt.har
    ${suite} =    Suite Of    ${har}    **/mqtt    mqtt
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    "type": "subscribe", "topics": ["chat/in", "chat/out"]
    Should Not Contain    ${text}    connack
    ${page} =    Serve Client Page That Talks Like    ${har}    mqtt
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested
    Should Be Equal    ${result}    Page Talks As Recorded: PASS

Suite From Raw STOMP Frames Speaks The Protocol
    [Documentation]    Recorded on a plain route, as a real broker's HAR holds them: the
    ...    frames with their NULs, a broker's CONNECTED; the suite decodes them.
    ${har} =    Record Raw STOMP Frames    ${OUTPUT DIR}${/}hars${/}stomp-raw.har
    ${recorded} =    Get File    ${har}
    Should Contain    ${recorded}    "data": "SEND\\ndestination:/app/chat
    ${suite} =    Suite Of    ${har}    **/stomp    stomp
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    "command": "MESSAGE", "destination": "/topic/chat"
    Should Not Contain    ${text}    a-broker
    ${page} =    Serve Client Page That Talks Like    ${har}    stomp
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested-raw
    Should Be Equal    ${result}    Page Talks As Recorded: PASS

Suite From Raw MQTT Packets Speaks The Protocol
    [Documentation]    Recorded on a plain route connected to a real broker: binary frames,
    ...    as a real broker's HAR holds them (base64); the suite decodes them.
    ${broker} =    Start MQTT Broker
    ${har} =    Record Raw MQTT Packets    ${broker}    ${OUTPUT DIR}${/}hars${/}mqtt-raw.har
    ${recorded} =    Get File    ${har}
    Should Contain    ${recorded}    "opcode": 2
    ${suite} =    Suite Of    ${har}    **/mqtt    mqtt
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    "type": "publish", "topic": "chat/room", "payload": {"text": "hi"}
    ${page} =    Serve Client Page That Talks Like    ${har}    mqtt
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested-raw-mqtt
    Should Be Equal    ${result}    Page Talks As Recorded: PASS
    [Teardown]    Run Keywords    Close Page Sockets    AND    Stop MQTT Broker

A Page That Talks Otherwise Fails The Generated Suite
    [Documentation]    The check is real: when the page's client sends another chat message
    ...    than the recording's, the generated suite fails.
    ${har} =    Record A STOMP Chat    ${OUTPUT DIR}${/}hars${/}stomp-other.har
    ${suite} =    Suite Of    ${har}    **/stomp    stomp
    VAR    ${other} =    ${OUTPUT DIR}${/}hars${/}stomp-otherwise.har
    ${recorded} =    Get File    ${har}
    ${changed} =    Replace String    ${recorded}    bye    ciao
    Create File    ${other}    ${changed}
    ${page} =    Serve Client Page That Talks Like    ${other}    stomp
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested-other
    Should Start With    ${result}    Page Talks As Recorded: FAIL


*** Keywords ***
Record A STOMP Chat
    [Documentation]    The page's @stomp/stompjs connects to a mocked protocol=stomp route,
    ...    subscribes and sends two chat messages, which a rule echoes; saved to ${path}.
    [Arguments]    ${path}
    Navigate To    ${HTTP}/stomp.html
    Route WebSocket    **/stomp    protocol=stomp
    Reply When Sent    {"command": "SEND", "destination": "/app/chat"}
    ...    {"destination": "/topic/chat", "body": {"text": "echo: {{body.text}}"}}    match=json
    Run JavaScript    (u) => stompConnect(u, false)    ${WS}/stomp
    Wait Until Keyword Succeeds    3 s    50 ms    Run JavaScript
    ...    () => { if (!seenOf(0, "connected").length) throw new Error("not connected"); }
    Run JavaScript    () => stompSubscribe(0, "/topic/chat")
    Wait For Sent Message    {"command": "SUBSCRIBE"}    match=json
    FOR    ${text}    IN    hi    bye
        Run JavaScript    (t) => stompSend(0, "/app/chat", JSON.stringify({text: t}))    ${text}
        Wait For Received Message    {"body": {"text": "echo: ${text}"}}    match=json
    END
    ${har} =    Save WebSocket Traffic    ${path}
    RETURN    ${har}

Record Raw STOMP Frames
    [Documentation]    The page's @stomp/stompjs talks to a plain route whose rules answer in
    ...    STOMP frames as a broker would: CONNECTED, and each SEND's body back as a MESSAGE.
    [Arguments]    ${path}
    Navigate To    ${HTTP}/stomp.html
    Route WebSocket    **/stomp
    Reply When Sent    CONNECT\n*    CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:a-broker\n\n\x00
    ...    match=glob
    Reply When Sent    SEND\ndestination:/app/chat\n(?:[^\n]+\n)*\n([^\x00]*)\x00
    ...    MESSAGE\ndestination:/topic/chat\nsubscription:sub-0\nmessage-id:m-1\n\n{{1}}\x00    match=regexp
    Run JavaScript    (u) => stompConnect(u, false)    ${WS}/stomp
    Wait Until Keyword Succeeds    3 s    50 ms    Run JavaScript
    ...    () => { if (!seenOf(0, "connected").length) throw new Error("not connected"); }
    Run JavaScript    () => stompSubscribe(0, "/topic/chat")
    Wait For Sent Message    SUBSCRIBE\n*    match=glob
    Run JavaScript    () => stompSend(0, "/app/chat", JSON.stringify({text: "hi"}))
    Wait For Received Message    MESSAGE\n*    match=glob
    Wait Until Keyword Succeeds    3 s    50 ms    Run JavaScript
    ...    () => { if (!seenOf(0, "message").length) throw new Error("no message"); }
    ${har} =    Save WebSocket Traffic    ${path}
    RETURN    ${har}

Record Raw MQTT Packets
    [Documentation]    The page's mqtt.js talks to the real broker at ${broker} through a plain
    ...    route: it subscribes and publishes, and the broker delivers the publish back.
    [Arguments]    ${broker}    ${path}
    Navigate To    ${HTTP}/mqtt.html
    Route WebSocket    **/mqtt
    Connect To Server
    Run JavaScript    (u) => mqttConnect(u, 4)    ${broker}
    MQTT Page Should See    connect
    Run JavaScript    () => mqttSubscribe(["chat/#"], 1)
    MQTT Page Should See    suback
    Run JavaScript    () => mqttPublish("chat/room", JSON.stringify({text: "hi"}), 1)
    MQTT Page Should See    message    ${{{"topic": "chat/room"}}}
    ${har} =    Save WebSocket Traffic    ${path}
    RETURN    ${har}

Record An MQTT Chat
    [Documentation]    The page's mqtt.js connects to a mocked protocol=mqtt route, subscribes
    ...    and publishes two chat messages, which a rule answers on another topic; saved to ${path}.
    [Arguments]    ${path}
    Navigate To    ${HTTP}/mqtt.html
    Route WebSocket    **/mqtt    protocol=mqtt
    Reply When Sent    {"type": "publish", "topic": "chat/in"}
    ...    {"topic": "chat/out", "payload": {"text": "echo: {{payload.text}}"}}    match=json
    Run JavaScript    (u) => mqttConnect(u, 4)    ${WS}/mqtt
    Run JavaScript    () => mqttSubscribe(["chat/in", "chat/out"], 1)
    Wait For Sent Message    {"type": "subscribe"}    match=json
    FOR    ${text}    IN    hi    bye
        Run JavaScript    (t) => mqttPublish("chat/in", JSON.stringify({text: t}), 1)    ${text}
        Wait For Received Message    {"topic": "chat/out", "payload": {"text": "echo: ${text}"}}
        ...    match=json
    END
    ${har} =    Save WebSocket Traffic    ${path}
    RETURN    ${har}

Suite Of
    [Documentation]    Runs wsroute har2robot on ${har}; checks the suite routes ${pattern} with
    ...    protocol=${protocol} and passes robocop and a dry run; returns the suite's path.
    [Arguments]    ${har}    ${pattern}    ${protocol}
    ${run} =    Run Wsroute    har2robot    ${har}
    Should Be Equal As Integers    ${run}[rc]    0    ${run}[stderr]
    ${suite} =    Replace String    ${har}    .har    .robot
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    Route WebSocket${SPACE * 4}${pattern}${SPACE * 4}protocol=${protocol}
    ${problems} =    Run Robocop And Dry Run    ${suite}
    Should Be Empty    ${problems}
    RETURN    ${suite}
