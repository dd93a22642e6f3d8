*** Settings ***
Documentation       graphql-ws against the library's mock, with the real graphql-ws client:
...                 the library answers connection_init, tests push results by operation name.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open GraphQL Page
Test Teardown       Close Page Sockets


*** Variables ***
${ON_MESSAGE}       subscription OnMessage($room: String!) { message(room: $room) { text } }
${SEND}             mutation SendMessage($text: String!) { sendMessage(text: $text) }


*** Test Cases ***
A Subscription Gets Several Results Then Completes
    Route WebSocket    **/graphql    protocol=graphql-ws
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${ON_MESSAGE}    ${{{"room": "lobby"}}}
    ${sent} =    Wait For Sent Message    {"operationName": "OnMessage", "variables": {"room": "lobby"}}
    ...    match=json
    Should Contain    ${sent}    "type": "subscribe"
    Send GraphQL Result    OnMessage    {"data": {"message": {"text": "one"}}}
    Send GraphQL Result    OnMessage    {"data": {"message": {"text": "two"}}}
    Complete GraphQL Operation    OnMessage
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}    ${{[{"type": "next", "value": {"data": {"message": {"text": "one"}}}}, {"type": "next", "value": {"data": {"message": {"text": "two"}}}}, {"type": "complete"}]}}
    Received Messages Should Contain    {"type": "next", "operationName": "OnMessage", "payload": {"data": {"message": {"text": "two"}}}}
    ...    match=json
    Sent Messages Should Contain    {"type": "connection_init"}    match=json
    Received Messages Should Contain    {"type": "connection_ack"}

An Error Ends The Operation
    Route WebSocket    **/graphql    protocol=graphql-ws
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${ON_MESSAGE}    ${{{"room": "vip"}}}
    Send GraphQL Error    OnMessage    not allowed in this room
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}    ${{[{"type": "error", "error": {"errors": ["not allowed in this room"]}}]}}

A Mutation Answered By A Rule
    Route WebSocket    **/graphql    protocol=graphql-ws
    Reply When Sent    {"operationName": "SendMessage"}
    ...    {"data": {"sendMessage": "sent: {{variables.text}}"}}    match=json
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${SEND}    ${{{"text": "hi"}}}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}    ${{[{"type": "next", "value": {"data": {"sendMessage": "sent: hi"}}}, {"type": "complete"}]}}

A Refused Connection
    Route WebSocket    **/graphql    protocol=graphql-ws
    Close Socket When Sent    {"type": "connection_init"}    code=4403    reason=Forbidden    match=json
    Page Connects GraphQL
    ${op} =    Page Runs Operation    ${ON_MESSAGE}    ${{{"room": "lobby"}}}
    ${results} =    Operation Should End    ${op}
    Should Be Equal    ${results}[0][error]    ${{{"code": 4403, "reason": "Forbidden"}}}

Results Wait For The Operation To Start
    [Documentation]    FAIL No GraphQL operation 'OnNothing' was active on route '**/graphql' in 200 milliseconds. Active operations: OnMessage.
    Route WebSocket    **/graphql    protocol=graphql-ws
    Page Connects GraphQL
    Page Runs Operation    ${ON_MESSAGE}    ${{{"room": "lobby"}}}
    Wait For Sent Message    {"operationName": "OnMessage"}    match=json
    Send GraphQL Result    OnNothing    {"data": {}}    timeout=200 ms

A Frame That Is No graphql-ws Fails The Test
    [Documentation]    FAIL The page sent an invalid graphql-ws frame '{"type":"next","id":"1","payload":{}}': the page may send complete, connection_init, ping, pong, subscribe, not 'next' (route '**/graphql', protocol graphql-ws).
    Route WebSocket    **/graphql    protocol=graphql-ws
    Run JavaScript    () => { const ws = new WebSocket(location.origin.replace("http", "ws") + "/graphql", "graphql-transport-ws"); ws.onopen = () => ws.send('{"type":"next","id":"1","payload":{}}'); }
    Wait For Sent Message    *next*    match=glob
