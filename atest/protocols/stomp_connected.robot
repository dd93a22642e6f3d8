*** Settings ***
Documentation       STOMP in connected mode against a real broker (RabbitMQ's web_stomp plug-in,
...                 a private node on 127.0.0.1), with the real @stomp/stompjs: the library
...                 decodes the broker's frames both ways, so rules drop or rewrite them by field.
Resource            protocols.resource
Library             ../resources/RabbitMQ.py
Suite Setup         Start Broker Servers And Browser
Suite Teardown      Stop Broker Servers And Browser
Test Setup          Navigate To    ${HTTP}/stomp_broker.html
Test Teardown       Close Page Sockets


*** Variables ***
${BROKER}       ${EMPTY}


*** Test Cases ***
Messages Go Through The Broker Both Ways
    Route STOMP To The Broker
    Page Connects STOMP
    Page Should See    connected    ${{{"version": "1.2"}}}
    Received Messages Should Contain    {"command": "CONNECTED", "headers": {"version": "1.2"}}
    ...    match=json
    ${connected} =    Wait For Received Message    {"command": "CONNECTED"}    match=json
    Should Contain    ${connected}    RabbitMQ/
    ${sub} =    Page Subscribes    /topic/chat
    Page Sends STOMP    /topic/chat    {"text": "hi"}
    Page Should See    message    ${{{"subscription": $sub, "body": {"text": "hi"}}}}
    Wait For Sent Message    {"command": "SEND", "destination": "/topic/chat", "body": {"text": "hi"}}
    ...    match=json
    Wait For Received Message
    ...    {"command": "MESSAGE", "destination": "/topic/chat", "body": {"text": "hi"}, "headers": {"subscription": "${sub}"}}
    ...    match=json
    Sent Messages Should Contain    {"command": "SUBSCRIBE", "destination": "/topic/chat", "id": "${sub}"}
    ...    match=json
    RabbitMQ Should Listen Only On Loopback

Rules Drop And Rewrite The Broker's Messages
    Route STOMP To The Broker
    Drop When Received    {"command": "MESSAGE", "body": {"text": "secret"}}    match=json
    Reply When Received    {"command": "MESSAGE", "body": {"text": "old"}}
    ...    {"destination": "/topic/chat", "body": {"text": "rewritten {{body.text}}"}}    match=json
    Page Connects STOMP
    ${sub} =    Page Subscribes    /topic/chat
    Page Sends STOMP    /topic/chat    {"text": "secret"}
    Page Sends STOMP    /topic/chat    {"text": "old"}
    Page Sends STOMP    /topic/chat    {"text": "public"}
    Page Should See    message    ${{{"body": {"text": "public"}}}}
    Page Should See    message    ${{{"subscription": $sub, "body": {"text": "rewritten old"}}}}
    Page Should Not Have Seen    message    ${{{"body": {"text": "secret"}}}}
    Page Should Not Have Seen    message    ${{{"body": {"text": "old"}}}}
    Messages Seen Should Be    2
    Wait For Sent Message    {"command": "SEND", "body": {"text": "secret"}}    match=json
    Received Messages Should Not Contain    {"body": {"text": "secret"}}    match=json

A Rule Keeps A Page Frame From The Broker
    Route STOMP To The Broker
    Reply When Sent    {"command": "SEND", "destination": "/topic/mock"}
    ...    {"destination": "/topic/chat", "body": {"text": "answered by the rule"}}    match=json
    Page Connects STOMP
    Page Subscribes    /topic/chat
    ${mock} =    Page Subscribes    /topic/mock
    Page Sends STOMP    /topic/mock    {"text": "never reaches the broker"}
    Page Should See    message    ${{{"body": {"text": "answered by the rule"}}}}
    Page Sends STOMP    /topic/chat    {"text": "through"}
    Page Should See    message    ${{{"body": {"text": "through"}}}}
    Page Should Not Have Seen    message    ${{{"subscription": $mock}}}

Send STOMP Message Reaches The Page Beside The Broker's Traffic
    Route STOMP To The Broker
    Page Connects STOMP
    ${sub} =    Page Subscribes    /topic/chat
    Page Subscribes    /topic/other
    ${count} =    Send STOMP Message    /topic/chat    {"text": "from the test"}
    Should Be Equal    ${count}    ${1}
    Page Should See    message    ${{{"subscription": $sub, "body": {"text": "from the test"}}}}
    Page Sends STOMP    /topic/chat    {"text": "from the broker"}
    Page Should See    message    ${{{"subscription": $sub, "body": {"text": "from the broker"}}}}
    Send To Page    {"destination": "/topic/other", "body": "via Send To Page"}
    Page Should See    message    ${{{"destination": "/topic/other", "body": "via Send To Page"}}}
    Page Sends STOMP    /topic/chat    {"text": "and the broker again"}
    Page Should See    message    ${{{"body": {"text": "and the broker again"}}}}
    Messages Seen Should Be    4

The Page Acknowledges The Library's And The Broker's Messages
    [Documentation]    In client-individual mode the page ACKs each message by its ack header:
    ...    the broker's ACKs reach it, the library's stay with the library (the broker
    ...    knows no such message and answers an ACK of one with an ERROR).
    Route STOMP To The Broker
    Page Connects STOMP
    ${sub} =    Page Subscribes    /queue/work    ack=client-individual
    Send STOMP Message    /queue/work    {"n": 1}
    ${mine} =    Page Should See    message    ${{{"body": {"n": 1}}}}
    Should Start With    ${mine}[ackId]    wsroute-
    Page Sends STOMP    /queue/work    {"n": 2}
    Page Should See    message    ${{{"body": {"n": 2}}}}
    Wait For Sent Message    {"command": "ACK"}    match=json
    Send STOMP Message    /queue/work    {"n": 3}
    Page Sends STOMP    /queue/work    {"n": 4}
    Page Should See    message    ${{{"body": {"n": 4}}}}
    Page Should Not Have Seen    error    ${{{}}}
    Page Should Not Have Seen    close    ${{{}}}
    Page Should Not Have Seen    ack-error    ${{{}}}
    Messages Seen Should Be    4
    ${acks} =    Get Sent Messages
    ${acks} =    Evaluate    [m for m in $acks if '"ACK"' in m]
    Length Should Be    ${acks}    2
    Should Contain    ${acks}[0]    "subscription": "${sub}"

Dropped Client-Individual Messages Of The Broker Do Not Stall Its Deliveries
    Dropped Messages Of The Broker Do Not Stall Its Deliveries    client-individual

Dropped Client Messages Of The Broker Do Not Stall Its Deliveries
    Dropped Messages Of The Broker Do Not Stall Its Deliveries    client

The Broker's Receipt Reaches The Page
    Route STOMP To The Broker
    Page Connects STOMP
    Page Should See    connected
    Page Sends STOMP With Receipt    /topic/chat    hello    r-1
    Page Should See    receipt    ${{{"id": "r-1"}}}
    Wait For Sent Message    {"command": "SEND", "headers": {"receipt": "r-1"}, "body": "hello"}
    ...    match=json

Heart-Beats Pass Both Ways
    [Documentation]    Client and broker beat every two seconds; stompjs drops a broker silent
    ...    for two periods, RabbitMQ a client silent for about two: the connection outlives
    ...    three. (Beats of one second left a loaded machine too little room.)
    Route STOMP To The Broker
    Page Connects STOMP    heartbeat=${2000}
    Page Should See    connected    ${{{"heartbeat": "2000,2000"}}}
    Wait For Sent Message    {"command": "CONNECT", "headers": {"heart-beat": "2000,2000"}}    match=json
    Sleep    7 s
    Page Should Not Have Seen    close    ${{{}}}
    ${sub} =    Page Subscribes    /topic/chat
    Page Sends STOMP    /topic/chat    still here
    Page Should See    message    ${{{"subscription": $sub, "body": "still here"}}}
    # Heart-beats are plumbing: the journal holds CONNECTED and MESSAGE, CONNECT, SUBSCRIBE and SEND.
    ${received} =    Get Received Messages
    Length Should Be    ${received}    2
    ${sent} =    Get Sent Messages
    Length Should Be    ${sent}    3

The Broker Refuses Bad Credentials
    [Documentation]    RabbitMQ answers a bad login with an ERROR (and leaves the socket open).
    Route STOMP To The Broker
    Page Connects STOMP    passcode=wrong
    ${error} =    Page Should See    error
    Should Be Equal    ${error}[message]    Bad CONNECT
    Should Contain    ${error}[body]    Access refused for user 'guest'
    Page Should Not Have Seen    connected    ${{{}}}
    Wait For Sent Message    {"command": "CONNECT", "headers": {"login": "guest", "passcode": "wrong"}}
    ...    match=json
    Wait For Received Message
    ...    {"command": "ERROR", "body": "Access refused for user 'guest'\\n", "headers": {"message": "Bad CONNECT"}}
    ...    match=json


*** Keywords ***
Start Broker Servers And Browser
    [Documentation]    Starts a private RabbitMQ node with web_stomp, the page server and a browser.
    ${endpoints} =    Start RabbitMQ    web_stomp
    VAR    ${BROKER} =    ${endpoints}[stomp]    scope=SUITE
    Start Servers And Browser

Stop Broker Servers And Browser
    [Documentation]    Stops the browser, the page server and the broker.
    Stop Servers And Browser
    Stop RabbitMQ

Route STOMP To The Broker
    [Documentation]    Routes the page's STOMP sockets as STOMP and connects them to the broker.
    Route WebSocket    **/ws    protocol=stomp
    Connect To Server

Page Connects STOMP
    [Documentation]    The page's @stomp/stompjs client connects to the broker as guest (with
    ...    ${passcode}), beating every ${heartbeat} ms both ways (0: no heart-beats).
    [Arguments]    ${passcode}=guest    ${heartbeat}=${0}
    Run JavaScript    ([u, o]) => stompConnect(u, o)
    ...    ${{[$BROKER, {"passcode": $passcode, "heartbeat": $heartbeat}]}}

Page Subscribes
    [Documentation]    The page's client subscribes to ${destination} (acknowledging in mode ${ack},
    ...    None: auto; with the extra SUBSCRIBE ${headers}); returns the subscription's id once
    ...    the SUBSCRIBE went to the broker.
    [Arguments]    ${destination}    ${ack}=${None}    ${headers}=${None}
    Page Should See    connected
    ${id} =    Run JavaScript    ([d, a, h]) => stompSubscribe(0, d, a, h)
    ...    ${{[$destination, $ack, $headers]}}
    Wait For Sent Message    {"command": "SUBSCRIBE", "id": "${id}"}    match=json
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

Dropped Messages Of The Broker Do Not Stall Its Deliveries
    [Documentation]    The library ACKs a MESSAGE of a client-ack (mode ${ack}) subscription that
    ...    a rule dropped: RabbitMQ stops delivering at the SUBSCRIBE's ``prefetch-count``
    ...    unacknowledged ones. The page's ACKs of the messages it got still reach the broker.
    [Arguments]    ${ack}
    Route STOMP To The Broker
    Drop When Received    {"command": "MESSAGE", "body": "drop"}    match=json
    Page Connects STOMP
    Page Subscribes    /queue/stall-${ack}    ack=${ack}    headers=${{{"prefetch-count": "2"}}}
    Page Sends STOMP    /queue/stall-${ack}    first
    Page Should See    message    ${{{"body": "first"}}}
    FOR    ${_}    IN RANGE    3
        Page Sends STOMP    /queue/stall-${ack}    drop
    END
    Page Sends STOMP    /queue/stall-${ack}    keep
    Page Should See    message    ${{{"body": "keep"}}}
    Page Sends STOMP    /queue/stall-${ack}    last
    Page Should See    message    ${{{"body": "last"}}}
    Messages Seen Should Be    3
    Page Should Not Have Seen    error    ${{{}}}
    Page Should Not Have Seen    ack-error    ${{{}}}
