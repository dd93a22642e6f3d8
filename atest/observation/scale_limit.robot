*** Settings ***
Documentation       With message_limit a route keeps only its newest messages: a long
...                 stream stays bounded, and waits and assertions see the kept ones.
Library             Collections
Library             WsRouteLibrary    timeout=3 s    message_limit=1000
Library             TestServers.py
Suite Setup         Start Browser On Test Page
Suite Teardown      Run Keywords    Quit Browser    AND    Stop Test Servers
Test Setup          Navigate To    ${HTTP}/index.html


*** Variables ***
${COUNT}    ${20000}


*** Test Cases ***
A Route Keeps At Most message_limit Messages
    Route WebSocket    **/echo
    Run JavaScript    (u) => openSocket(u)    ${WS}/echo
    Reply When Sent    ping    pong
    Stream Messages    ${COUNT}
    Wait For Sent Message    m ${{$COUNT - 1}}    timeout=2 min
    ${sent} =    Get Sent Messages
    ${kept} =    Get Length    ${sent}
    Should Be True    0 < ${kept} <= 1000
    ${expected} =    Evaluate    [f'm {n}' for n in range($COUNT - $kept, $COUNT)]
    Lists Should Be Equal    ${sent}    ${expected}    The newest messages are kept, in order
    Sent Messages Should Not Contain    m 0
    Sent Messages Should Contain    m ${{$COUNT - 1}}
    ${oldest} =    Wait For Sent Message
    Should Be Equal    ${oldest}    ${sent}[0]
    Run Keyword And Expect Error
    ...    EQUALS:Sent message 'm 0' did not arrive in 100 milliseconds on route '**/echo'. Sent messages (the last 10 of ${kept}): 'm 19990', 'm 19991', 'm 19992', 'm 19993', 'm 19994', 'm 19995', 'm 19996', 'm 19997', 'm 19998', 'm 19999'.
    ...    Wait For Sent Message    m 0    timeout=100 ms
    Run JavaScript    sockets[0].send('ping')
    ${reply} =    Wait For Received Message    pong
    Should Be Equal    ${reply}    pong
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['pong']}}

Open And Close Events Are Kept Beyond The Limit
    Route WebSocket    **/echo
    Run JavaScript    (u) => openSocket(u)    ${WS}/echo
    Wait For WebSocket
    Stream Messages    3000
    Wait For Sent Message    m 2999
    Close Socket    code=4000    reason=done
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4000, 'reason': 'done'}}}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo']}}

A message_limit Must Keep Something
    [Documentation]    FAIL STARTS: Initializing library 'WsRouteLibrary' with arguments [ message_limit=0 ] failed: message_limit=0 would keep no messages.
    Import Library    WsRouteLibrary    message_limit=0


*** Keywords ***
Start Browser On Test Page
    [Documentation]    Starts the test servers and a browser on the test page.
    ${urls} =    Start Test Servers
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    Launch Browser
    Open Page    ${HTTP}/index.html

Stream Messages
    [Documentation]    The page sends ${count} messages m 0, m 1, ... on its first socket.
    [Arguments]    ${count}
    Run JavaScript
    ...    async (n) => { await whenOpen(0); for (let i = 0; i < n; i++) { sockets[0].send('m ' + i); if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0)); } }
    ...    ${{int($count)}}
