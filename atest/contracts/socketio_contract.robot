*** Settings ***
Documentation       A contract on a Socket.IO route, with the real socket.io-client: each decoded
...                 event is checked as its document, the protocol's own handshake is not.
Resource            ../protocols/protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SocketIO Page
Test Teardown       Close Page Sockets


*** Variables ***
${DATA}     ${CURDIR}/data


*** Test Cases ***
SocketIO Events That Fit Pass
    Route WebSocket    **/socket.io/**    protocol=socket.io
    ${count} =    Use AsyncAPI Document    ${DATA}/chat-socketio.yaml
    Should Be Equal As Integers    ${count}    1
    Reply When Sent    ["chat message", "hi"]    ["chat message", "hello from the mock"]
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect    ${{{"transport": "websocket"}}}
    Page Emits    chat message    ${{["hi"]}}
    Page Should See    event    ${{{"name": "chat message", "args": ["hello from the mock"]}}}
    Send Example Message    welcome
    Page Should See    event    ${{{"name": "chat message", "args": ["welcome"]}}}

A SocketIO Event Against The Contract Fails The Test
    [Documentation]    FAIL Message '{"event": "chat message", "args": [42], "namespace": "/"}' to the \
    ...    server does not fit AsyncAPI document 'chat-socketio.yaml' (route '**/socket.io/**'): \
    ...    closest message 'ChatMessage', $.args[0]: 42 is not of type 'string'.
    Route WebSocket    **/socket.io/**    protocol=socket.io
    Use AsyncAPI Document    ${DATA}/chat-socketio.yaml
    Page Connects SocketIO    transports=${{["websocket"]}}
    Page Should See    connect    ${{{"transport": "websocket"}}}
    Page Emits    chat message    ${{[42]}}
    Wait For Sent Message    ["chat message", 42]
