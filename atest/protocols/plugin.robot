*** Settings ***
Documentation       A protocol of one's own as a plug-in (plugins=): the example JSON-RPC plug-in
...                 of examples/plugins/ speaks to a real browser's plain WebSocket; its
...                 keyword and its section of the documentation come with it.
Library             Collections
Library             WsRouteLibrary    timeout=3 s    plugins=jsonrpc.JsonRpc
Library             TestServers.py
Suite Setup         Start
Suite Teardown      Stop
Test Setup          Navigate To    ${HTTP}/index.html


*** Variables ***
${HTTP}     ${EMPTY}
${WS}       ${EMPTY}


*** Test Cases ***
A Rule Answers A Request Under Its Own Id
    Route WebSocket    **/rpc    protocol=json-rpc
    Reply When Sent    {"method": "add"}    {"result": {{params.0}}}    match=json
    Open Rpc Socket
    Run JavaScript    sendText(0, JSON.stringify({jsonrpc: "2.0", method: "add", params: [5, 3], id: 7}))
    Page Should Get    {"jsonrpc":"2.0","result":5,"id":7}
    ${sent} =    Wait For Sent Message    {"method": "add", "params": [5, 3]}
    Should Be Equal    ${sent}    {"method": "add", "params": [5, 3], "id": 7}

The Plug-in's Keyword Reaches The Page
    Route WebSocket    **/rpc    protocol=json-rpc
    Open Rpc Socket
    Wait For WebSocket
    ${count} =    Send JSON-RPC Notification    tick    ${1}
    Should Be Equal As Integers    ${count}    1
    Page Should Get    {"jsonrpc":"2.0","method":"tick","params":[1]}
    Received Messages Should Contain    {"method": "tick"}    match=json

An Invalid Frame Fails The Test And Is Recorded
    [Documentation]    The frame is in the journal as it came.
    ...
    ...    FAIL GLOB: The page sent an invalid JSON-RPC frame 'not json': *
    Route WebSocket    **/rpc    protocol=json-rpc
    Open Rpc Socket
    Run JavaScript    sendText(0, "not json")
    Wait For Sent Message    not json

The Keyword That Made The Page Send An Invalid Frame Fails
    [Documentation]    The page's frame is heard before the keyword returns, on the fast path
    ...    too (the page's frames come over the relay there, not with Playwright's answer).
    Route WebSocket    **/rpc    protocol=json-rpc
    Open Rpc Socket
    Wait For WebSocket
    # Behind 300 good frames, the bad one comes well after Playwright's answer.
    VAR    ${burst} =    for (let i = 0; i < 300; i++) sendText(0, '{"jsonrpc": "2.0", "method": "tick"}')
    Run Keyword And Expect Error    GLOB: The page sent an invalid JSON-RPC frame 'oops': *
    ...    Run JavaScript    ${burst}; sendText(0, "oops")

A Plug-in Named Wrong Fails The Import Clearly
    ${error} =    Run Keyword And Expect Error    *
    ...    Evaluate    WsRouteLibrary.WsRouteLibrary(plugins="nosuchmodule.Nothing")    modules=WsRouteLibrary
    Should Contain    ${error}    plugins='nosuchmodule.Nothing' could not be loaded (Importing


*** Keywords ***
Start
    [Documentation]    The test servers on free ports, a browser and the test page.
    ${urls} =    Start Test Servers
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    Launch Browser
    Open Page    ${HTTP}/index.html

Stop
    [Documentation]    Closes the browser and stops the servers.
    Quit Browser
    Stop Test Servers

Open Rpc Socket
    [Documentation]    The page opens a plain WebSocket to the server's /rpc.
    Run JavaScript    (u) => openSocket(u)    ${WS}/rpc

Page Should Get
    [Documentation]    Waits until the page's socket got ${expected}, as the page saw it.
    [Arguments]    ${expected}
    Wait Until Keyword Succeeds    3 s    20 ms    Page Got    ${expected}

Page Got
    [Documentation]    Fails unless the page's socket got ${expected}.
    [Arguments]    ${expected}
    ${messages} =    Run JavaScript    messages(0)
    Should Contain    ${messages}    ${expected}
