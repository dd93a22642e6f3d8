*** Settings ***
Documentation       Wait For WebSocket, Wait For Sent Message and Wait For Received Message:
...                 what they return, the order in which consecutive waits return messages,
...                 every match mode, binary frames and the exact failures.
Resource            observation.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
Wait For WebSocket Returns The URL Of An Open Socket
    Route WebSocket    **/echo
    Open Socket    /echo
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo

Wait For WebSocket Returns At Once When A Socket Is Already Open
    Route WebSocket    **/echo
    Open Socket    /echo
    Wait For WebSocket
    ${url} =    Wait For WebSocket    timeout=0 s
    Should Be Equal    ${url}    ${WS}/echo

Wait For WebSocket Waits For A Socket That Opens Later
    Route WebSocket    **/echo*
    Run JavaScript    (u) => { setTimeout(() => openSocket(u), 300); }    ${WS}/echo?late
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo?late

Wait For WebSocket Returns The Newest Open Socket
    Route WebSocket    **/echo*
    Open Socket    /echo?first
    Wait For WebSocket
    Open Socket    /echo?second
    Wait Until Keyword Succeeds    3 s    20 ms    Route Has Two Sockets
    ${url} =    Wait For WebSocket
    Should Be Equal    ${url}    ${WS}/echo?second

Wait For WebSocket Selects The Route By Pattern
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Open Socket    /echo
    ${url} =    Wait For WebSocket    **/echo
    Should Be Equal    ${url}    ${WS}/echo

Wait For WebSocket Fails When No Socket Opens
    [Documentation]    FAIL No socket of route '**/echo' was open in 200 milliseconds.
    Route WebSocket    **/echo
    Wait For WebSocket    timeout=200 ms

Wait For WebSocket Fails For A Pattern That Was Never Routed
    [Documentation]    FAIL No WebSocket route has pattern '**/nope' (routed now: '**/echo'). Route it first with 'Route WebSocket    **/nope'.
    Route WebSocket    **/echo
    Wait For WebSocket    **/nope

Wait For Sent Message Returns A Message Sent Before The Call
    Route And Open Socket
    Page Sends    hello
    Library Should Have Recorded Sent    hello
    ${message} =    Wait For Sent Message    hello
    Should Be Equal    ${message}    hello

Wait For Sent Message Waits For A Message Sent Later
    Route And Open Socket
    Page Sends Later    late    delay=300
    ${message} =    Wait For Sent Message    late
    Should Be Equal    ${message}    late

Wait For Sent Message Without A Message Returns The Next One
    Route And Open Socket
    Page Sends Later    anything
    ${message} =    Wait For Sent Message
    Should Be Equal    ${message}    anything

Consecutive Waits Walk Through The Conversation In Order
    Route And Open Socket
    Page Sends All    one    two    three
    ${first} =    Wait For Sent Message
    ${second} =    Wait For Sent Message
    ${third} =    Wait For Sent Message
    Should Be Equal    ${first}-${second}-${third}    one-two-three

A Wait Returns Each Message Once
    [Documentation]    FAIL Sent message 'ping' did not arrive in 200 milliseconds on route '**/echo'. Sent messages: 'ping', 'ping'. Earlier waits returned 2 matching messages.
    Route And Open Socket
    Page Sends All    ping    ping
    Wait For Sent Message    ping
    Wait For Sent Message    ping
    Wait For Sent Message    ping    timeout=200 ms

A Wait Returns The Oldest Matching Message No Earlier Wait Returned
    Route And Open Socket
    Page Sends All    job 1    status    job 2
    ${job} =    Wait For Sent Message    job *    match=glob
    Should Be Equal    ${job}    job 1
    ${any} =    Wait For Sent Message
    Should Be Equal    ${any}    status
    ${job} =    Wait For Sent Message    job *    match=glob
    Should Be Equal    ${job}    job 2
    Run Keyword And Expect Error
    ...    EQUALS:No sent message arrived in 200 milliseconds on route '**/echo'. Sent messages: 'job 1', 'status', 'job 2'. Earlier waits returned 3 matching messages.
    ...    Wait For Sent Message    timeout=200 ms

A Later Message Can Be Returned Before An Earlier One
    Route And Open Socket
    Page Sends All    first    second
    ${second} =    Wait For Sent Message    second
    ${first} =    Wait For Sent Message
    Should Be Equal    ${first}/${second}    first/second

A Wait Started Before And A Wait Started After The Message Arrives
    Route And Open Socket
    Page Sends Later    early    delay=200
    ${waited} =    Wait For Sent Message    early
    Page Sends    late
    Sleep    200 ms
    ${found} =    Wait For Sent Message    late
    Should Be Equal    ${waited}/${found}    early/late

Sent And Received Waits Keep Separate Places
    Route And Open Socket
    Reply When Sent    ping    pong
    Page Sends All    ping    ping
    ${received} =    Wait For Received Message
    ${sent} =    Wait For Sent Message
    Should Be Equal    ${sent}/${received}    ping/pong
    ${received} =    Wait For Received Message    pong
    ${sent} =    Wait For Sent Message    ping
    Should Be Equal    ${sent}/${received}    ping/pong

Waits On Different Routes Keep Separate Places
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    same    socket=0
    Page Sends    same    socket=1
    Wait For Sent Message    same    url=**/echo
    Wait For Sent Message    same    url=**/greet
    Run Keyword And Expect Error
    ...    EQUALS:Sent message 'same' did not arrive in 200 milliseconds on route '**/greet'. Sent messages: 'same'. Earlier waits returned 1 matching message.
    ...    Wait For Sent Message    same    timeout=200 ms

Wait For Received Message Sees Send On Open, Rule Replies And Send To Page
    Route WebSocket    **/echo
    Send On Open    hello
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Wait Until Keyword Succeeds    3 s    20 ms    Received Messages Should Contain    pong
    Send To Page    pushed
    ${first} =    Wait For Received Message
    ${second} =    Wait For Received Message
    ${third} =    Wait For Received Message
    Should Be Equal    ${first}-${second}-${third}    hello-pong-pushed

Wait For Received Message Waits For A Delayed Reply
    Route And Open Socket
    Reply When Sent    ping    pong    delay=300 ms
    Page Sends    ping
    ${reply} =    Wait For Received Message    pong
    Should Be Equal    ${reply}    pong
    Page Should Receive    pong

Wait For Received Message Sees Server Messages On A Connected Route
    Route WebSocket    **/push
    Connect To Server
    Open Socket    /push
    Page Sends    push 3
    ${tick} =    Wait For Received Message    tick 3
    Should Be Equal    ${tick}    tick 3
    ${tick} =    Wait For Received Message    tick *    match=glob
    Should Be Equal    ${tick}    tick 1
    ${sent} =    Wait For Sent Message    push 3
    Should Be Equal    ${sent}    push 3

Messages Blocked By A Rule Are Not Received
    [Documentation]    FAIL Received message 'welcome' did not arrive in 300 milliseconds on route '**/greet'. Received messages: 'hi'.
    Route WebSocket    **/greet
    Connect To Server
    Drop When Received    welcome
    Open Socket    /greet
    Page Sends    hi
    Wait For Received Message    hi
    Wait For Received Message    welcome    timeout=300 ms

Every Match Mode
    Route And Open Socket
    Page Sends All    ping    order 42 shipped    {"op": "join", "room": "lobby", "user": {"id": 7}}
    ${exact} =    Wait For Sent Message    ping
    ${glob} =    Wait For Sent Message    order * shipped    match=glob
    ${json} =    Wait For Sent Message    {"op": "join", "user": {"id": 7}}    match=json
    Should Be Equal    ${exact}    ping
    Should Be Equal    ${glob}    order 42 shipped
    Should Be Equal    ${json}    {"op": "join", "room": "lobby", "user": {"id": 7}}
    Page Sends    order 43 shipped
    ${regexp} =    Wait For Sent Message    order (\\d+) shipped    match=regexp
    Should Be Equal    ${regexp}    order 43 shipped

Match Modes Compare The Whole Message
    [Documentation]    FAIL Sent message 'order' (match=regexp) did not arrive in 200 milliseconds on route '**/echo'. Sent messages: 'order 42', 'my order'.
    Route And Open Socket
    Page Sends All    order 42    my order
    Library Should Have Recorded Sent    my order
    Run Keyword And Expect Error    *did not arrive*    Wait For Sent Message    order    timeout=200 ms
    Run Keyword And Expect Error    *did not arrive*
    ...    Wait For Sent Message    order    match=glob    timeout=200 ms
    Wait For Sent Message    order    match=regexp    timeout=200 ms

JSON Matching Needs Every Expected Key And Equal Lists
    Route And Open Socket
    Page Sends All    {"a": 1, "list": [1, 2, 3]}    not json    {"a": 1, "list": [1, 2]}
    ${message} =    Wait For Sent Message    {"list": [1, 2]}    match=json
    Should Be Equal    ${message}    {"a": 1, "list": [1, 2]}
    Run Keyword And Expect Error
    ...    EQUALS:Sent message '{"b": 1}' (match=json) did not arrive in 200 milliseconds on route '**/echo'. Sent messages: '{"a": 1, "list": [1, 2, 3]}', 'not json', '{"a": 1, "list": [1, 2]}'.
    ...    Wait For Sent Message    {"b": 1}    match=json    timeout=200 ms

Invalid JSON Fails At Once
    [Documentation]    FAIL STARTS: Message '{op: join}' is not valid JSON (
    Route And Open Socket
    Wait For Sent Message    {op: join}    match=json    timeout=30 s

Invalid Regular Expression Fails At Once
    [Documentation]    FAIL STARTS: Message pattern 'order (' is not a valid regular expression:
    Route And Open Socket
    Wait For Sent Message    order (    match=regexp    timeout=30 s

Binary Messages Are Returned As Bytes
    Route And Open Socket
    Page Sends Bytes    ${{[1, 2, 255]}}
    ${message} =    Wait For Sent Message    ${{b'\x01\x02\xff'}}
    Should Be Equal    ${message}    ${{b'\x01\x02\xff'}}
    Send To Page    ${{b'\x00\xab'}}
    ${received} =    Wait For Received Message
    Should Be Equal    ${received}    ${{b'\x00\xab'}}

Text Never Equals Binary In Exact Mode
    [Documentation]    FAIL Sent message 'abc' did not arrive in 200 milliseconds on route '**/echo'. Sent messages: bytes[3] 61 62 63.
    Route And Open Socket
    Page Sends Bytes    ${{list(b'abc')}}
    Library Should Have Recorded Sent    ${{b'abc'}}
    Wait For Sent Message    abc    timeout=200 ms

Other Match Modes Read Binary Messages As UTF-8 Text
    Route And Open Socket
    Page Sends Bytes    ${{list(b'order 42')}}
    Page Sends Bytes    ${{list(b'{"op": "bin"}')}}
    Page Sends Bytes    ${{list(b'\xff\xfe')}}
    Library Should Have Recorded Sent    ${{b'\xff\xfe'}}
    ${glob} =    Wait For Sent Message    order *    match=glob
    ${json} =    Wait For Sent Message    {"op": "bin"}    match=json
    Should Be Equal    ${glob}    ${{b'order 42'}}
    Should Be Equal    ${json}    ${{b'{"op": "bin"}'}}
    Run Keyword And Expect Error
    ...    EQUALS:Sent message '.*' (match=regexp) did not arrive in 200 milliseconds on route '**/echo'. Sent messages: bytes[8] 6f 72 64 65 72 20 34 32, bytes[13] 7b 22 6f 70 22 3a 20 22 62 69 6e 22 7d, bytes[2] ff fe. Earlier waits returned 2 matching messages.
    ...    Wait For Sent Message    .*    match=regexp    timeout=200 ms

Failure Says When Nothing Was Sent
    [Documentation]    FAIL Sent message 'ping' did not arrive in 200 milliseconds on route '**/echo'. No sent messages were recorded.
    Route And Open Socket
    Wait For Sent Message    ping    timeout=200 ms

Failure Lists The Last Ten Messages
    [Documentation]    FAIL Received message 'm 99' did not arrive in 200 milliseconds on route '**/echo'. Received messages (the last 10 of 12): 'm 3', 'm 4', 'm 5', 'm 6', 'm 7', 'm 8', 'm 9', 'm 10', 'm 11', 'm 12'.
    Route And Open Socket
    FOR    ${number}    IN RANGE    1    13
        Send To Page    m ${number}
    END
    Wait For Received Message    m 99    timeout=200 ms

Failure Shortens Long And Binary Messages
    [Documentation]    FAIL Sent message 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (81 chars) did not arrive in 200 milliseconds on route '**/echo'. Sent messages: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'... (500 chars), bytes[50] 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 ....
    Route And Open Socket
    Page Sends    ${{'y' * 500}}
    Page Sends Bytes    ${{list(range(50))}}
    Library Should Have Recorded Sent    ${{bytes(range(50))}}
    Wait For Sent Message    ${{'x' * 81}}    timeout=200 ms

Wait Uses The Library Timeout By Default
    [Documentation]    FAIL Received message 'never' did not arrive in 3 seconds on route '**/echo'. No received messages were recorded.
    Route And Open Socket
    Wait For Received Message    never

Wait On A Pattern That Was Never Routed Fails
    [Documentation]    FAIL No WebSocket route has pattern '**/other' (routed now: '**/echo'). Route it first with 'Route WebSocket    **/other'.
    Route And Open Socket
    Wait For Sent Message    ping    url=**/other

Wait Before Any Route Fails
    [Documentation]    FAIL No WebSocket route exists yet. Route one first, e.g. 'Route WebSocket    **/chat'.
    Wait For Sent Message    ping


*** Keywords ***
Route Has Two Sockets
    [Documentation]    Fails unless the route has two sockets.
    ${urls} =    Get WebSocket Urls
    Length Should Be    ${urls}    2
