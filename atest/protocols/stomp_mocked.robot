*** Settings ***
Documentation       STOMP against the library's mock broker, with the real @stomp/stompjs, over a
...                 plain WebSocket and over sockjs-client's WebSocket transport.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Navigate To    ${HTTP}/stomp.html
Test Teardown       Close Page Sockets


*** Test Cases ***
The Client Connects
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    Page Should See    connected    ${{{"version": "1.2", "server": "WsRouteLibrary"}}}
    Wait For Sent Message    {"command": "CONNECT", "headers": {"accept-version": "1.2,1.1,1.0"}}
    ...    match=json
    Received Messages Should Contain    {"command": "CONNECTED", "headers": {"version": "1.2"}}
    ...    match=json

A Rule Refuses The Connection With An ERROR
    Route WebSocket    **/stomp    protocol=stomp
    Reply When Sent    {"command": "CONNECT"}    {"command": "ERROR", "headers": {"message": "bad login"}}
    ...    match=json
    Page Connects STOMP    ${WS}/stomp
    Page Should See    error    ${{{"message": "bad login"}}}
    Page Should Not Have Seen    connected    ${{{}}}

A Reply Answering A SEND Reaches The Subscription
    Route WebSocket    **/stomp    protocol=stomp
    Reply When Sent    {"command": "SEND", "destination": "/app/chat"}
    ...    {"destination": "/topic/chat", "body": {"text": "echo: {{body.text}}"}}    match=json
    Page Connects STOMP    ${WS}/stomp
    Page Subscribes    /topic/chat
    Wait For Sent Message    {"command": "SUBSCRIBE", "destination": "/topic/chat"}    match=json
    Page Sends STOMP    /app/chat    {"text": "hi"}
    Page Should See    message    ${{{"destination": "/topic/chat", "body": {"text": "echo: hi"}}}}
    ${sent} =    Wait For Sent Message    {"destination": "/app/chat", "body": {"text": "hi"}}
    ...    match=json
    Should Contain    ${sent}    "command": "SEND"
    Received Messages Should Contain
    ...    {"command": "MESSAGE", "destination": "/topic/chat", "body": {"text": "echo: hi"}}
    ...    match=json
    Sent Messages Should Not Contain    {"destination": "/app/other"}    match=json

Send STOMP Message Reaches Exactly The Matching Subscriptions
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    ${first} =    Page Subscribes    /topic/a
    ${second} =    Page Subscribes    /topic/a
    Page Subscribes    /topic/b
    Wait For Sent Message    {"command": "SUBSCRIBE", "destination": "/topic/b"}    match=json
    ${count} =    Send STOMP Message    /topic/a    {"n": 1}
    Should Be Equal    ${count}    ${2}
    Page Should See    message    ${{{"subscription": $first, "body": {"n": 1}}}}
    Page Should See    message    ${{{"subscription": $second, "body": {"n": 1}}}}
    Page Should Not Have Seen    message    ${{{"destination": "/topic/b"}}}
    ${count} =    Send STOMP Message    /topic/b    plain text    headers=${{{"priority": "9"}}}
    Should Be Equal    ${count}    ${1}
    Page Should See    message    ${{{"destination": "/topic/b", "body": "plain text", "priority": "9"}}}
    Send To Page    {"destination": "/topic/b", "body": "via Send To Page"}
    Page Should See    message    ${{{"destination": "/topic/b", "body": "via Send To Page"}}}
    Messages Seen Should Be    4

An Unsubscribed Subscription Gets No More Messages
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    ${first} =    Page Subscribes    /topic/a
    ${second} =    Page Subscribes    /topic/a
    Run JavaScript    (id) => stompUnsubscribe(id)    ${first}
    Wait For Sent Message    {"command": "UNSUBSCRIBE", "destination": "/topic/a"}    match=json
    ${count} =    Send STOMP Message    /topic/a    {"n": 1}
    Should Be Equal    ${count}    ${1}
    Page Should See    message    ${{{"subscription": $second}}}
    Page Should Not Have Seen    message    ${{{"subscription": $first}}}

Headers Are Escaped Both Ways
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    Page Subscribes    /topic/a
    Run JavaScript    () => stompSend(0, "/app/chat", "x", {"note": "a:b\\nc\\\\d"})
    Wait For Sent Message    {"headers": {"note": "a:b\\nc\\\\d"}}    match=json
    # No backslash toward the page: stompjs unescapes \n before \\, so it reads "\\n" as a break.
    Send STOMP Message    /topic/a    x    headers=${{{"note": "x:y\nz"}}}
    Page Should See    message    ${{{"note": "x:y\nz"}}}

Send STOMP Message Waits For A Subscription
    [Documentation]    FAIL No STOMP subscription '/topic/none' was active on route '**/stomp' in 3 seconds. Active operations: /topic/a.
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    Page Subscribes    /topic/a
    Send STOMP Message    /topic/none    {"n": 1}

Receipts And Disconnect
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    Page Should See    connected
    Page Sends STOMP With Receipt    /app/chat    hello    r-1
    Page Should See    receipt    ${{{"id": "r-1"}}}
    Wait For Sent Message    {"command": "SEND", "headers": {"receipt": "r-1"}, "body": "hello"}
    ...    match=json
    Run JavaScript    (i) => stompDisconnect(i)    ${0}
    Page Should See    disconnect
    Wait For Sent Message    {"command": "DISCONNECT"}    match=json

A Hostile Frame From The Page Fails The Test
    [Documentation]    FAIL The page sent an invalid STOMP frame 'FROB\\n\\n\\x00': it has an unknown command 'FROB' (route '**/stomp', protocol stomp).
    Route WebSocket    **/stomp    protocol=stomp
    Page Connects STOMP    ${WS}/stomp
    Page Should See    connected
    Run JavaScript    (i) => stompRaw(i, "FROB\\n\\n\\u0000")    ${0}
    Wait For Sent Message    FROB*    match=glob

Over SockJS The Client Connects, Sends And Receives
    Route WebSocket    **/sockjs/**    protocol=stomp
    Reply When Sent    {"command": "SEND", "destination": "/app/chat"}
    ...    {"destination": "/topic/chat", "body": {"text": "echo: {{body.text}}"}}    match=json
    Page Connects STOMP    ${HTTP}/sockjs    sockjs=${True}
    Page Should See    sockjs    ${{{"transport": "websocket"}}}
    Page Should See    connected    ${{{"version": "1.2"}}}
    ${sub} =    Page Subscribes    /topic/chat
    Wait For Sent Message    {"command": "SUBSCRIBE", "destination": "/topic/chat"}    match=json
    Page Sends STOMP    /app/chat    {"text": "hi"}
    Page Should See    message    ${{{"subscription": $sub, "body": {"text": "echo: hi"}}}}
    ${count} =    Send STOMP Message    /topic/chat    {"text": "pushed"}
    Should Be Equal    ${count}    ${1}
    Page Should See    message    ${{{"body": {"text": "pushed"}}}}
    Page Sends STOMP With Receipt    /app/chat    {"text": "with receipt"}    r-9
    Page Should See    receipt    ${{{"id": "r-9"}}}
    Received Messages Should Contain    {"command": "MESSAGE", "body": {"text": "pushed"}}
    ...    match=json

A Hostile Frame Over SockJS Fails The Test
    [Documentation]    FAIL The page sent an invalid STOMP frame '["SEND\\ndestination:/a\\n\\nno nul"]': it has no NUL octet ending it (route '**/sockjs/**', protocol stomp).
    Route WebSocket    **/sockjs/**    protocol=stomp
    Page Connects STOMP    ${HTTP}/sockjs    sockjs=${True}
    Page Should See    connected
    Run JavaScript    (i) => stompRaw(i, "SEND\\ndestination:/a\\n\\nno nul")    ${0}
    Wait For Sent Message    [[]*    match=glob


*** Keywords ***
Page Connects STOMP
    [Documentation]    The page's @stomp/stompjs client connects to ${url} (through SockJS if ${sockjs}).
    [Arguments]    ${url}    ${sockjs}=${False}
    ${index} =    Run JavaScript    ([u, s]) => stompConnect(u, s)    ${{[$url, $sockjs]}}
    RETURN    ${index}

Page Subscribes
    [Documentation]    The page's client subscribes to ${destination}; returns the subscription's id.
    [Arguments]    ${destination}
    Page Should See    connected
    ${id} =    Run JavaScript    (d) => stompSubscribe(0, d)    ${destination}
    RETURN    ${id}

Page Sends STOMP
    [Documentation]    The page's client sends ${body} (a text) to ${destination}.
    [Arguments]    ${destination}    ${body}
    Run JavaScript    ([d, b]) => stompSend(0, d, b)    ${{[$destination, $body]}}

Page Sends STOMP With Receipt
    [Documentation]    The page's client sends ${body} to ${destination} asking for receipt ${receipt}.
    [Arguments]    ${destination}    ${body}    ${receipt}
    Run JavaScript    ([d, b, r]) => stompSendWithReceipt(0, d, b, r)
    ...    ${{[$destination, $body, $receipt]}}

Messages Seen Should Be
    [Documentation]    Fails unless the page's subscriptions got ${count} messages in all.
    [Arguments]    ${count}
    ${seen} =    Run JavaScript    () => seenOf(0, "message").length
    Should Be Equal As Integers    ${seen}    ${count}
