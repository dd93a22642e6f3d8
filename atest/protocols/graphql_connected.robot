*** Settings ***
Documentation       graphql-ws in connected mode against a real strawberry server, with the real
...                 graphql-ws client: the journal shows operations and results, not frames.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open GraphQL Page
Test Teardown       Close Page Sockets


*** Variables ***
${COUNTDOWN}        subscription Countdown($from: Int!) { countdown(start: $from) }
${SEND}             mutation SendMessage($text: String!) { sendMessage(text: $text) }
${UNKNOWN}          subscription OnMessage { message { text } }


*** Test Cases ***
A Subscription's Results And Completion Pass Through
    Route GraphQL To The Server
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${COUNTDOWN}    ${{{"from": 3}}}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}    ${{[{"type": "next", "value": {"data": {"countdown": n}}} for n in (3, 2, 1)] + [{"type": "complete"}]}}
    Wait For Received Message    {"type": "next", "operationName": "Countdown", "payload": {"data": {"countdown": 3}}}
    ...    match=json
    Wait For Received Message    {"type": "complete", "operationName": "Countdown"}    match=json
    Sent Messages Should Contain    {"type": "subscribe", "operationName": "Countdown", "variables": {"from": 3}}
    ...    match=json
    Received Messages Should Contain    {"type": "connection_ack"}    match=json

A Validation Error From The Server
    Route GraphQL To The Server
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${UNKNOWN}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}[0][type]    error
    ${error} =    Wait For Received Message    {"type": "error", "operationName": "OnMessage"}    match=json
    Should Contain    ${error}    Cannot query field

A Mutation Through The Library
    Route GraphQL To The Server
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${SEND}    ${{{"text": "hi"}}}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}    ${{[{"type": "next", "value": {"data": {"sendMessage": "sent: hi"}}}, {"type": "complete"}]}}

A Rule Drops One Result And Rewrites Another
    Route GraphQL To The Server
    Drop When Received    {"payload": {"data": {"countdown": 2}}}    match=json
    Reply When Received    {"payload": {"data": {"countdown": 1}}}    {"data": {"countdown": 100}}
    ...    match=json
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${COUNTDOWN}    ${{{"from": 3}}}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}    ${{[{"type": "next", "value": {"data": {"countdown": n}}} for n in (3, 100)] + [{"type": "complete"}]}}

The Server's Pings Are Answered By The Page, Not Recorded
    [Documentation]    The server pings every half second; the client answers each with a pong.
    Route GraphQL To The Server
    Page Connects GraphQL
    Page Runs Operation    ${COUNTDOWN}    ${{{"from": 1}}}
    Sleep    1.2 s
    Received Messages Should Not Contain    *"ping"*    match=glob
    Sent Messages Should Not Contain    *"pong"*    match=glob
    ${op} =    Page Runs Operation    ${SEND}    ${{{"text": "after pings"}}}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}[0][value][data][sendMessage]    sent: after pings


*** Keywords ***
Route GraphQL To The Server
    [Documentation]    Routes the page's GraphQL socket as graphql-ws and connects it to the real server.
    Route WebSocket    **/graphql    protocol=graphql-ws
    Connect To Server
