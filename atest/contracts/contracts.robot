*** Settings ***
Documentation       Contracts: every message crossing a route checked live against an AsyncAPI
...                 document (2.x and 3.0, with $refs to another file), on mocked, connected and
...                 replayed routes; examples sent from the document; JSON Schemas over the
...                 recorded messages.
Resource            ../resources/common.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${DATA}     ${CURDIR}/data


*** Test Cases ***
Messages That Fit Pass On A Mocked Route
    Route WebSocket    ${WS}/quotes
    ${count} =    Use AsyncAPI Document    ${DATA}/quotes.yaml
    Should Be Equal As Integers    ${count}    3
    Reply When Sent    {"action": "subscribe"}    {"type": "quote", "symbol": "ACME", "price": 2}
    ...    match=json
    Open Socket    /quotes
    Page Sends    {"action": "subscribe", "symbol": "ACME"}
    Page Should Receive    {"type": "quote", "symbol": "ACME", "price": 2}
    ${reached} =    Send Example Message    cheap quote
    Should Be Equal As Integers    ${reached}    1
    Page Should Receive    {"type": "quote", "symbol": "ACME", "price": 1.5}
    Send Example Message    Error
    Page Should Receive    {"type": "error", "text": "market closed"}
    Send To Page    {"type": "error", "text": "closed"}
    Page Should Receive    {"type": "error", "text": "closed"}

A Message The Page Sends Against The Contract Fails The Test
    [Documentation]    FAIL GLOB: Message '{"action": "buy", "symbol": "ACME"}' to the server does not fit \
    ...    AsyncAPI document 'quotes.yaml' (route 'ws://127.0.0.1:*/quotes'): closest message \
    ...    'Subscribe', $.action: 'buy' is not one of [[]'subscribe', 'unsubscribe'].
    Route WebSocket    ${WS}/quotes
    Use AsyncAPI Document    ${DATA}/quotes.yaml
    Open Socket    /quotes
    Page Sends    {"action": "buy", "symbol": "ACME"}
    Wait For Sent Message    {"action": "buy", "symbol": "ACME"}
    Get Sent Messages

A Rule's Reply Against The Contract Fails The Test And Still Arrives
    [Documentation]    FAIL GLOB: Message '{"type": "quote", "symbol": "ACME", "price": "abc"}' to the page \
    ...    does not fit AsyncAPI document 'quotes.yaml' (route 'ws://127.0.0.1:*/quotes'): closest \
    ...    message 'Quote', $.price: 'abc' is not of type 'number'.
    Route WebSocket    ${WS}/quotes
    Use AsyncAPI Document    ${DATA}/quotes.yaml
    Reply When Sent    {"action": "subscribe", "symbol": "ACME"}
    ...    {"type": "quote", "symbol": "ACME", "price": "abc"}
    Open Socket    /quotes
    Page Sends    {"action": "subscribe", "symbol": "ACME"}
    Page Should Receive    {"type": "quote", "symbol": "ACME", "price": "abc"}

A Message That Is No JSON Is A Misfit
    [Documentation]    FAIL GLOB: Message 'hello' to the page does not fit AsyncAPI document 'quotes.yaml' \
    ...    (route 'ws://127.0.0.1:*/quotes'): it is not valid JSON (Expecting value: line 1 \
    ...    column 1 (char 0)).
    Route WebSocket    ${WS}/quotes
    Use AsyncAPI Document    ${DATA}/quotes.yaml
    Open Socket    /quotes
    Send To Page    hello
    Get Sent Messages

The Channel Argument Picks Another Channel
    Route WebSocket    ${WS}/quotes
    ${count} =    Use AsyncAPI Document    ${DATA}/quotes.yaml    channel=/news
    Should Be Equal As Integers    ${count}    1
    Open Socket    /quotes
    Send To Page    "breaking"
    Page Should Receive    "breaking"

Connected Route Checks Both Directions Against An AsyncAPI 3 Document
    [Documentation]    FAIL GLOB: Message '{"join": ""}' to the page does not fit AsyncAPI document \
    ...    'echo.json' (route 'ws://127.0.0.1:*/echo'): closest message 'Join', $.join: '' should be \
    ...    non-empty.
    Route WebSocket    ${WS}/echo
    Connect To Server
    ${count} =    Use AsyncAPI Document    ${DATA}/echo.json
    Should Be Equal As Integers    ${count}    2
    Open Socket    /echo
    Page Sends    {"from": "ann", "text": "hi"}
    Page Should Receive    {"from": "ann", "text": "hi"}
    Page Sends    {"join": "blue"}
    Page Should Receive    {"join": "blue"}
    ${error} =    Run Keyword And Expect Error    GLOB: *Message '{"join": ""}' to the server does not fit *
    ...    Send To Server    {"join": ""}
    # The server's echo may come back, and be refused, while Send To Server still runs (over
    # the fast path's relay it often does): then that keyword says both errors.
    IF    "to the page" in $error
        Fail    ${{$error.splitlines()[-1].split(") ", 1)[1]}}
    END
    Wait For Received Message    {"join": ""}

Replayed Route Is Checked Like Any Other
    [Documentation]    FAIL GLOB: 2 errors happened on WebSockets:
    ...    1) Message '{"from": 7, "text": "hi"}' to the server does not fit AsyncAPI \
    ...    document 'echo.json' (route 'ws://127.0.0.1:*/echo'): closest message 'said', $.from: 7 \
    ...    is not of type 'string'.
    ...    2) Message '{"from": 7, "text": "hi"}' to the page does not fit AsyncAPI \
    ...    document 'echo.json' (route 'ws://127.0.0.1:*/echo'): closest message 'said', $.from: 7 \
    ...    is not of type 'string'.
    Route WebSocket    ${WS}/echo
    Connect To Server
    Open Socket    /echo
    Page Sends    {"from": 7, "text": "hi"}
    Wait For Received Message    {"from": 7, "text": "hi"}
    Save WebSocket Traffic    ${OUTPUT DIR}/contract-echo.har
    Unroute WebSocket
    Fresh Page
    Route WebSocket    ${WS}/echo
    Use AsyncAPI Document    ${DATA}/echo.json
    Replay WebSocket Traffic    ${OUTPUT DIR}/contract-echo.har
    Open Socket    /echo
    Page Sends    {"from": 7, "text": "hi"}
    Page Should Receive    {"from": 7, "text": "hi"}
    Get Sent Messages

Messages Should Match Schema Lists Every Failing Message
    [Documentation]    FAIL GLOB: 2 of 3 message(s) do not match 'order.json':
    ...    socket #* sent '{"symbol": "acme"}': $: 'action' is a required property; $.symbol: 'acme' \
    ...    does not match '^[[]A-Z]+$'
    ...    socket #* sent '{"action": 1}': $.action: 1 is not of type 'string'
    Route WebSocket    ${WS}/quotes
    Open Socket    /quotes
    Page Sends    {"action": "subscribe", "symbol": "ACME"}
    Page Sends    {"symbol": "acme"}
    Page Sends    {"action": 1}
    Wait For Sent Message    {"action": 1}
    Messages Should Match Schema    {"type": "object"}
    Messages Should Match Schema    {"required": ["type"]}    direction=received
    Messages Should Match Schema    ${DATA}/order.json    direction=sent

Bad Documents Fail At Once
    Route WebSocket    ${WS}/elsewhere
    Run Keyword And Expect Error    Contract file '*missing.yaml' does not exist.*
    ...    Use AsyncAPI Document    ${DATA}/missing.yaml
    Run Keyword And Expect Error    Contract file '*common.yaml' is not an AsyncAPI document:*
    ...    Use AsyncAPI Document    ${DATA}/common.yaml
    VAR    ${no channel} =    Contract file '*quotes.yaml' has no channel whose address matches the path
    ...    of 'ws://127.0.0.1:*/elsewhere'.*    separator=${SPACE}
    Run Keyword And Expect Error    ${no channel}    Use AsyncAPI Document    ${DATA}/quotes.yaml
    Run Keyword And Expect Error    Route 'ws://127.0.0.1:*/elsewhere' has no AsyncAPI document.*
    ...    Send Example Message    hello
    Use AsyncAPI Document    ${DATA}/echo.json    channel=echo
    VAR    ${no example} =    'echo.json' has no example or message with an example named 'nope'.
    ...    Use one of: 'hello', 'said'.    separator=${SPACE}
    Run Keyword And Expect Error    ${no example}    Send Example Message    nope
