*** Settings ***
Documentation       Watch WebSocket on the library's own browser: sockets recorded without
...                 routing, talking to the real server directly; waits, assertions, the
...                 journal, closes and cleanup work as on a route, actions refuse a watch.
Resource            ../resources/common.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${NOT_ON_WATCH}     Route '**/echo' is a watch: it records the page's traffic without routing it,
...                 so '%s' cannot act on it. Route it with 'Route WebSocket${SPACE * 4}**/echo'
...                 instead.


*** Test Cases ***
Watched Socket Talks To The Real Server And Is Recorded
    ${pattern} =    Watch WebSocket    **/echo
    Should Be Equal    ${pattern}    **/echo
    Open Socket    /echo
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo
    Page Sends    hello
    Page Should Receive    hello
    ${sent} =    Wait For Sent Message    hello
    ${received} =    Wait For Received Message
    Should Be Equal    ${sent}    hello
    Should Be Equal    ${received}    hello
    ${seen} =    Wait For Server Event    /echo    message
    Should Be Equal    ${seen}    ${{['hello']}}

Binary Frames Are Recorded As Bytes
    Watch WebSocket    **/echo
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends Bytes    ${{[0, 16, 255]}}
    Page Should Receive    bytes:00 10 ff
    ${sent} =    Wait For Sent Message    ${{bytes([0, 16, 255])}}
    Should Be Equal    ${sent}    ${{b'\x00\x10\xff'}}
    ${received} =    Wait For Received Message    ${{bytes([0, 16, 255])}}
    Should Be Equal    ${received}    ${{b'\x00\x10\xff'}}
    Page Sends    text after bytes
    Wait For Received Message    text after bytes
    ${all} =    Get Received Messages
    Should Be Equal    ${all}    ${{[b'\x00\x10\xff', 'text after bytes']}}

Server Close Code And Reason Are Recorded
    Watch WebSocket    **/close
    Open Socket    /close
    Page Sends    4001 going away
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4001, 'reason': 'going away'}}}
    ${page} =    Page Should See Close
    Should Be Equal    ${page}[code]    ${4001}

Server-Only Close Code Is Recorded As The Page Saw It
    Watch WebSocket    **/close
    Open Socket    /close
    Page Sends    1011 internal error
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 1011, 'reason': 'internal error'}}}

Normal Server Close Is Recorded
    Watch WebSocket    **/close
    Open Socket    /close
    Page Sends    1000
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 1000, 'reason': ''}}}

Page Close Code And Reason Are Recorded
    Watch WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Page Closes Socket    3001    page leaves
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 3001, 'reason': 'page leaves'}}}
    ${server} =    Wait For Server Event    /echo    close
    Should Be Equal    ${server}    ${{['3001 page leaves']}}

Refused Handshake Is A Close Without An Open
    Watch WebSocket    **/reject
    Open Socket    /reject
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}[code]    ${1006}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/reject']}}
    Run Keyword And Expect Error
    ...    No socket of route '**/reject' was open in 100 milliseconds.
    ...    Wait For WebSocket    timeout=100 ms

Navigating Away Closes Watched Sockets With Going Away
    Watch WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Navigate To    ${HTTP}/index.html
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 1001, 'reason': ''}}}
    ${server} =    Wait For Server Event    /echo    close
    Should Be Equal    ${server}    ${{['1001 ']}}

Waits Return Messages In Order And Consume Them
    Watch WebSocket    **/push
    Open Socket    /push
    Page Sends    push 3
    Page Should Receive    tick 3
    ${first} =    Wait For Received Message
    ${second} =    Wait For Received Message
    ${third} =    Wait For Received Message    tick *    match=glob
    Should Be Equal    ${{[$first, $second, $third]}}    ${{['tick 1', 'tick 2', 'tick 3']}}
    Run Keyword And Expect Error
    ...    No received message arrived in 100 milliseconds on route '**/push'. Received messages: 'tick 1', 'tick 2', 'tick 3'. Earlier waits returned 3 matching messages.
    ...    Wait For Received Message    timeout=100 ms

A Wait Returns A Message That Arrives While It Waits
    Watch WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Page Sends    later
    ${message} =    Wait For Received Message    later
    Should Be Equal    ${message}    later

Assertions And Recorded Messages Work On A Watch
    Watch WebSocket    **/push
    Open Socket    /push
    Page Sends    push 2
    Wait For Received Message    tick 2
    Sent Messages Should Contain    push 2
    Sent Messages Should Not Contain    push 3
    Received Messages Should Contain    tick \\d    match=regexp
    Received Messages Should Not Contain    tick 3
    ${sent} =    Get Sent Messages
    ${received} =    Get Received Messages
    Should Be Equal    ${sent}    ${{['push 2']}}
    Should Be Equal    ${received}    ${{['tick 1', 'tick 2']}}
    Run Keyword And Expect Error
    ...    Received messages on route '**/push' do not contain 'tick 9'. Received messages: 'tick 1', 'tick 2'.
    ...    Received Messages Should Contain    tick 9
    Clear WebSocket Messages
    ${received} =    Get Received Messages
    Should Be Empty    ${received}

JSON Waits Work On A Watch
    Watch WebSocket    **/echo
    Open Socket    /echo
    Page Sends    {"type": "price", "symbol": "ACME", "value": 42}
    ${message} =    Wait For Received Message    {"type": "price"}    match=json
    Should Be Equal    ${message}    {"type": "price", "symbol": "ACME", "value": 42}

Several Sockets Of A Watch Are Told Apart
    Watch WebSocket    **/echo?*
    Open Socket    /echo?first
    Open Socket    /echo?second
    Page Sends    one    socket=0
    Page Sends    two    socket=1
    Page Should Receive    two    socket=1
    Page Closes Socket    3000    first done    socket=0
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 3000, 'reason': 'first done'}}}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo?first', $WS + '/echo?second']}}
    ${received} =    Get Received Messages
    Should Be Equal    ${{sorted($received)}}    ${{['one', 'two']}}

A Watch Is The Current Route
    Route WebSocket    **/mocked
    Watch WebSocket    **/echo
    Open Socket    /echo
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo
    Run Keyword And Expect Error    No socket of route '**/mocked' was open in 100 milliseconds.
    ...    Wait For WebSocket    **/mocked    timeout=100 ms

A Socket That A Route Matches Is The Route's
    Watch WebSocket    **/echo*
    Route WebSocket    **/echo
    Send On Open    from the mock
    Open Socket    /echo
    Page Should Receive    from the mock
    ${urls} =    Get WebSocket Urls    **/echo*
    Should Be Empty    ${urls}
    Server Should Have Seen No Socket    /echo

Watching A Routed Pattern Replaces The Route
    Route WebSocket    **/echo
    Send On Open    from the mock
    Watch WebSocket    **/echo
    Open Socket    /echo
    Page Sends    real
    Page Should Receive    real
    Wait For Received Message    real
    ${messages} =    Page Messages
    Should Be Equal    ${messages}    ${{['real']}}

Routing A Watched Pattern Replaces The Watch
    Watch WebSocket    **/echo
    Route WebSocket    **/echo
    Send On Open    from the mock
    Open Socket    /echo
    Page Should Receive    from the mock
    Server Should Have Seen No Socket    /echo

Keywords That Change Traffic Fail On A Watch
    [Template]    Keyword Should Fail On A Watch
    Reply When Sent    ping    pong
    Reply When Received    ping    pong
    Drop When Sent    ping
    Drop When Received    ping
    Close Socket When Sent    bye
    Send On Open    hello
    Send To Page    hello
    Send To Server    hello
    Close Socket
    Connect To Server

Fault Keywords Fail On A Watch
    [Template]    Keyword Should Fail On A Watch
    Reject WebSocket Connections
    Accept WebSocket Connections
    Drop WebSocket Connections
    Set WebSocket Latency    100 ms
    Hold WebSocket Messages
    Release WebSocket Messages

Replay Fails On A Watch
    Watch WebSocket    **/echo
    Open Socket    /echo
    Page Sends    recorded
    Wait For Received Message    recorded
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}/watched-echo.har
    Run Keyword And Expect Error    ${{$NOT_ON_WATCH % 'Replay WebSocket Traffic'}}
    ...    Replay WebSocket Traffic    ${har}

Save WebSocket Traffic Writes What A Watch Recorded
    Watch WebSocket    **/echo
    Open Socket    /echo
    Page Sends    one
    Wait For Received Message    one
    ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}/watched.har
    ${document} =    Evaluate    json.load(open($har))    modules=json
    VAR    ${entry} =    ${document}[log][entries][0]
    Should Be Equal    ${entry}[request][url]    ${WS}/echo
    ${messages} =    Evaluate    [(m['type'], m['data']) for m in $entry['_webSocketMessages']]
    Should Be Equal    ${messages}    ${{[('send', 'one'), ('receive', 'one')]}}

A Watch Made In A Test Is Removed When The Test Ends
    Watch WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket

The Watch Of The Previous Test Is Gone
    Run Keyword And Expect Error
    ...    No WebSocket route has pattern '**/echo' (routed now: none). Route it first with 'Route WebSocket${SPACE * 4}**/echo'.
    ...    Get WebSocket Urls    **/echo

Unroute WebSocket Removes A Watch
    Watch WebSocket    **/echo
    Unroute WebSocket
    Open Socket    /echo
    Page Sends    unwatched
    Page Should Receive    unwatched
    Run Keyword And Expect Error    No WebSocket route exists yet.*
    ...    Get Sent Messages

Messages Of A Removed Watch Are Not Recorded
    Watch WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Watch WebSocket    **/other
    Unroute WebSocket    **/echo
    Page Sends    after removal
    Page Should Receive    after removal
    Watch WebSocket    **/echo
    ${received} =    Get Received Messages
    Should Be Empty    ${received}

A Watch Records Sockets Of A Page Opened Later
    Watch WebSocket    **/greet
    Open Page    ${HTTP}/index.html
    Open Socket    /greet
    ${welcome} =    Wait For Received Message
    Should Be Equal    ${welcome}    welcome

A Watch Made Before The Browser Starts Works Once It Runs
    Quit Browser
    Watch WebSocket    **/close
    Launch Browser
    Open Page    ${HTTP}/index.html
    Open Socket    /close
    Page Sends    4005 new browser
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}    ${{{'code': 4005, 'reason': 'new browser'}}}


*** Keywords ***
Keyword Should Fail On A Watch
    [Documentation]    ${keyword} on a watch fails at once, saying to route instead.
    [Arguments]    ${keyword}    @{args}
    Watch WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    Run Keyword And Expect Error    ${{$NOT_ON_WATCH % $keyword}}    ${keyword}    @{args}
    Unroute WebSocket

Server Should Have Seen No Socket
    [Documentation]    The real WebSocket server saw no connection open on ${path} (the
    ...    close of an earlier test's socket may still arrive: it is not this test's).
    [Arguments]    ${path}
    ${seen} =    Server Events    ${path}    open
    Should Be Empty    ${seen}
