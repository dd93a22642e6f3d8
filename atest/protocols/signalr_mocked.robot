*** Settings ***
Documentation       SignalR against the library's mock, with the real @microsoft/signalr client:
...                 the library answers negotiate, the handshake and pings; rules complete invocations.
Resource            protocols.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Open SignalR Page
Test Teardown       Close Page Sockets


*** Test Cases ***
The Client Connects Through Negotiate And The Handshake
    Route WebSocket    **/chathub**    protocol=signalr
    ${connected} =    Page Connects SignalR
    Should Be Equal    ${connected}[state]    Connected
    Sent Messages Should Contain    {"type": "handshake", "protocol": "json", "version": 1}
    Received Messages Should Contain    {"type": "handshake_response"}
    ${urls} =    Get WebSocket Urls
    Should Match Regexp    ${urls}[0]    ^ws://127\\.0\\.0\\.1:\\d+/chathub\\?id=[-\\w]+$

The Client Connects Without Negotiate
    Route WebSocket    **/chathub**    protocol=signalr
    ${connected} =    Page Connects SignalR    skip_negotiation=${True}
    Should Be Equal    ${connected}[state]    Connected

An Invoke Is Completed By A Rule's Result
    Route WebSocket    **/chathub**    protocol=signalr
    Reply When Sent    {"target": "GetUser"}    {"result": {"id": {{arguments.0}}, "name": "Ann"}}
    ...    match=json
    Page Connects SignalR
    ${answer} =    Page Invokes    GetUser    ${7}
    Should Be Equal    ${answer}    ${{{"result": {"id": 7, "name": "Ann"}}}}
    Sent Messages Should Contain    ["GetUser", 7]
    Received Messages Should Contain    {"type": "completion", "result": {"id": 7, "name": "Ann"}}
    ...    match=json

An Invoke Is Failed By A Rule's Error
    Route WebSocket    **/chathub**    protocol=signalr
    Reply When Sent    ["Delete", "all"]    {"error": "not allowed"}    match=json
    Page Connects SignalR
    ${answer} =    Page Invokes    Delete    all
    Should Be Equal    ${answer}    ${{{"error": "not allowed"}}}

A Reply Invocation Reaches The Page's Handler
    Route WebSocket    **/chathub**    protocol=signalr
    Reply When Sent    {"target": "SendMessage"}
    ...    ["ReceiveMessage", "{{arguments.0}}", "echo: {{arguments.1}}"]    match=json
    Page Connects SignalR
    Run JavaScript    ([t, a]) => srSend(t, a)    ${{["SendMessage", ["alice", "hi"]]}}
    Page Handlers Should Have Got    ${{[["ReceiveMessage", "alice", "echo: hi"]]}}
    Wait For Sent Message    ["SendMessage", "alice", "hi"]

Invoke SignalR Method Reaches The Page's Handler
    Route WebSocket    **/chathub**    protocol=signalr
    Page Connects SignalR
    VAR    &{user} =    name=Ann
    ${count} =    Invoke SignalR Method    UserJoined    ${user}    ${3}
    Should Be Equal As Integers    ${count}    1
    ${count} =    Invoke SignalR Method    ReceiveMessage    bob    yo
    Should Be Equal As Integers    ${count}    1
    Page Handlers Should Have Got    ${{[["UserJoined", {"name": "Ann"}, 3], ["ReceiveMessage", "bob", "yo"]]}}

A Stream Gets A Rule's Items Then Completes
    Route WebSocket    **/chathub**    protocol=signalr
    Reply When Sent    {"type": "stream_invocation", "target": "Counter"}
    ...    {"item": 1}    {"item": 2}    {"result": null}    match=json
    Page Connects SignalR
    ${streamed} =    Run JavaScript    ([t, a]) => srStream(t, a)    ${{["Counter", [2]]}}
    Should Be Equal    ${streamed}    ${{{"items": [1, 2]}}}

Send On Open Goes After The Handshake
    Route WebSocket    **/chathub**    protocol=signalr
    Send On Open    ["ReceiveMessage", "server", "welcome"]
    ${connected} =    Page Connects SignalR
    Should Be Equal    ${connected}[state]    Connected
    Page Handlers Should Have Got    ${{[["ReceiveMessage", "server", "welcome"]]}}

A Refused Handshake Fails The Client's Start
    Route WebSocket    **/chathub**    protocol=signalr
    Reply When Sent    {"type": "handshake"}    {"type": "handshake_response", "error": "go away"}
    ...    match=json
    ${connected} =    Page Connects SignalR
    Should Contain    ${connected}[error]    go away

A Result For A Send Fails The Test
    [Documentation]    FAIL SignalR answer '{"result": 1}' completes no invocation: the matched invocation waits for no result (the page called send(), not invoke()). (reply '{"result": 1}' on route '**/chathub**', protocol signalr) (rule 1: Reply When Sent '["SendMessage", "alice"]' on route '**/chathub**')
    Route WebSocket    **/chathub**    protocol=signalr
    Reply When Sent    ["SendMessage", "alice"]    {"result": 1}
    Page Connects SignalR
    Reply When Sent    ["Ping"]    {"result": "pong"}
    Run JavaScript    ([t, a]) => srSend(t, a)    ${{["SendMessage", ["alice"]]}}
    # Answered after the send was handled: the library handles the page's messages in order.
    Page Invokes    Ping

A Record That Is No SignalR Fails The Test
    [Documentation]    FAIL The page sent an invalid SignalR record '{"type":1,"target":5}\\x1e': an invocation needs a text "target" (route '**/chathub**', protocol signalr).
    Route WebSocket    **/chathub**    protocol=signalr
    Run JavaScript    () => { const ws = new WebSocket(location.origin.replace("http", "ws") + "/chathub"); ws.onopen = () => { ws.send('{"protocol":"json","version":1}\\x1e'); ws.send('{"type":1,"target":5}\\x1e'); }; }
    Wait For Sent Message    *"target":5*    match=glob


*** Keywords ***
Open SignalR Page
    [Documentation]    Loads the @microsoft/signalr test page.
    Navigate To    ${HTTP}/signalr.html

Page Connects SignalR
    [Documentation]    The page's HubConnection starts against ${HTTP}/chathub; returns its state or error.
    [Arguments]    ${skip_negotiation}=${False}
    ${connected} =    Run JavaScript    ([u, s]) => srConnect(u, s)    ${{[$HTTP + "/chathub", $skip_negotiation]}}
    RETURN    ${connected}

Page Invokes
    [Documentation]    The page's connection.invoke(${target}, *${arguments}); returns {"result": ...} or {"error": ...}.
    [Arguments]    ${target}    @{arguments}
    ${answer} =    Run JavaScript    ([t, a]) => srInvoke(t, a)    ${{[$target, $arguments]}}
    RETURN    ${answer}

Page Handlers Should Have Got
    [Documentation]    Waits until the page's connection.on handlers got exactly ${expected}.
    [Arguments]    ${expected}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Handlers Got    ${expected}

Page Handlers Got
    [Documentation]    Fails unless the page's handlers got exactly ${expected}.
    [Arguments]    ${expected}
    ${got} =    Run JavaScript    () => received
    Should Be Equal    ${got}    ${expected}
