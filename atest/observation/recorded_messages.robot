*** Settings ***
Documentation       Get Sent Messages, Get Received Messages, the four ... Should (Not)
...                 Contain assertions in every match mode, and Clear WebSocket Messages.
Resource            observation.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
Get Sent Messages Returns What The Page Sent, Oldest First
    Route And Open Socket
    Page Sends All    one    two    three
    Library Should Have Recorded Sent    three
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['one', 'two', 'three']}}

Get Received Messages Returns What The Page Received, Oldest First
    Route WebSocket    **/echo
    Send On Open    hello
    Reply When Sent    ping    pong    {"n": 1}
    Open Socket    /echo
    Page Sends    ping
    Wait For Received Message    {"n": 1}
    Send To Page    ${{b'\x01\x02'}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['hello', 'pong', '{"n": 1}', b'\x01\x02']}}
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['ping']}}

Get Messages Are Empty Lists Before Any Traffic
    Route And Open Socket
    ${sent} =    Get Sent Messages
    ${received} =    Get Received Messages
    Should Be Equal    ${sent}    ${{[]}}
    Should Be Equal    ${received}    ${{[]}}

Get Messages Include Binary Frames As Bytes
    Route And Open Socket
    Page Sends    text
    Page Sends Bytes    ${{[0, 16, 255]}}
    Library Should Have Recorded Sent    ${{b'\x00\x10\xff'}}
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['text', b'\x00\x10\xff']}}

Get Messages Are Not Changed By Waits
    Route And Open Socket
    Page Sends All    a    b
    Wait For Sent Message    a
    Wait For Sent Message    b
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['a', 'b']}}

Get Messages Of A Route Given By Pattern
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Connect To Server
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    to echo    socket=0
    Wait For Received Message    welcome
    Library Should Have Recorded Sent    to echo    url=**/echo
    ${echo} =    Get Sent Messages    **/echo
    ${greet} =    Get Received Messages    url=**/greet
    ${current} =    Get Sent Messages
    Should Be Equal    ${echo}    ${{['to echo']}}
    Should Be Equal    ${greet}    ${{['welcome']}}
    Should Be Equal    ${current}    ${{[]}}

Get Messages Of A Pattern That Was Never Routed Fails
    [Documentation]    FAIL No WebSocket route has pattern '**/nope' (routed now: '**/echo'). Route it first with 'Route WebSocket    **/nope'.
    Route WebSocket    **/echo
    Get Received Messages    **/nope

Sent Messages Should Contain In Every Match Mode
    Route And Open Socket
    Page Sends All    ping    order 42 shipped    {"op": "join", "room": "lobby"}
    Library Should Have Recorded Sent    {"op": "join", "room": "lobby"}
    Sent Messages Should Contain    ping
    Sent Messages Should Contain    order * shipped    match=glob
    Sent Messages Should Contain    order \\d+ shipped    match=regexp
    Sent Messages Should Contain    {"room": "lobby"}    match=json
    Sent Messages Should Contain    ping    match=exact

Sent Messages Should Contain Fails Listing The Messages
    [Documentation]    FAIL Sent messages on route '**/echo' do not contain 'pong'. Sent messages: 'ping', 'order 42 shipped'.
    Route And Open Socket
    Page Sends All    ping    order 42 shipped
    Library Should Have Recorded Sent    order 42 shipped
    Sent Messages Should Contain    pong

Should Contain Fails In Every Match Mode
    [Documentation]    FAIL Several failures occurred:
    ...
    ...    1) Sent messages on route '**/echo' do not contain 'order' (match=glob). Sent messages: 'order 42'.
    ...
    ...    2) Sent messages on route '**/echo' do not contain 'order' (match=regexp). Sent messages: 'order 42'.
    ...
    ...    3) Sent messages on route '**/echo' do not contain '{"order": 43}' (match=json). Sent messages: 'order 42'.
    ...
    ...    4) Sent messages on route '**/echo' do not contain 'Order 42'. Sent messages: 'order 42'.
    Route And Open Socket
    Page Sends    order 42
    Library Should Have Recorded Sent    order 42
    Run Keyword And Continue On Failure    Sent Messages Should Contain    order    match=glob
    Run Keyword And Continue On Failure    Sent Messages Should Contain    order    match=regexp
    Run Keyword And Continue On Failure    Sent Messages Should Contain    {"order": 43}    match=json
    Run Keyword And Continue On Failure    Sent Messages Should Contain    Order 42

Sent Messages Should Contain Fails When Nothing Was Sent
    [Documentation]    FAIL Sent messages on route '**/echo' do not contain 'ping'. No sent messages were recorded.
    Route And Open Socket
    Sent Messages Should Contain    ping

Sent Messages Should Not Contain Passes When No Message Matches
    Route And Open Socket
    Page Sends    hello
    Library Should Have Recorded Sent    hello
    Sent Messages Should Not Contain    bye
    Sent Messages Should Not Contain    *password*    match=glob
    Sent Messages Should Not Contain    hel    match=regexp
    Sent Messages Should Not Contain    {"op": "login"}    match=json
    Sent Messages Should Not Contain    ${{b'hello'}}

Sent Messages Should Not Contain Fails Naming The Matches
    [Documentation]    FAIL Sent messages on route '**/echo' contain '*secret*' (match=glob): 'my secret', 'secret too'.
    Route And Open Socket
    Page Sends All    hello    my secret    bye    secret too
    Library Should Have Recorded Sent    secret too
    Sent Messages Should Not Contain    *secret*    match=glob

Should Not Contain Shortens A Long List Of Matches
    [Documentation]    FAIL Received messages on route '**/push' contain 'tick *' (match=glob): 'tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5', 'tick 6', 'tick 7', 'tick 8', 'tick 9', 'tick 10' and 2 more (12 in all).
    Route WebSocket    **/push
    Connect To Server
    Open Socket    /push
    Page Sends    push 12
    Wait For Received Message    tick 12
    Received Messages Should Not Contain    tick *    url=**/push    match=glob

Received Messages Should Contain And Should Not Contain
    Route WebSocket    **/greet
    Connect To Server
    Reply When Sent    {"op": "ping"}    {"op": "pong", "id": 7}    match=json
    Open Socket    /greet
    Page Sends    {"op": "ping"}
    Wait For Received Message    {"op": "pong"}    match=json
    Wait For Received Message    welcome
    Received Messages Should Contain    welcome
    Received Messages Should Contain    {"id": 7}    match=json
    Received Messages Should Contain    wel*    match=glob
    Received Messages Should Contain    .*"id": \\d+.*    match=regexp
    Received Messages Should Not Contain    {"op": "ping"}
    Received Messages Should Not Contain    {"id": 8}    match=json

Received Messages Should Contain Fails Listing The Messages
    [Documentation]    FAIL Received messages on route '**/echo' do not contain 'pong'. Received messages: 'hello', bytes[2] ca fe.
    Route WebSocket    **/echo
    Send On Open    hello    ${{b'\xca\xfe'}}
    Open Socket    /echo
    Wait For Received Message    ${{b'\xca\xfe'}}
    Received Messages Should Contain    pong

Received Messages Should Not Contain Fails Naming The Match
    [Documentation]    FAIL Received messages on route '**/echo' contain '{"type": "error"}' (match=json): '{"type": "error", "text": "boom"}'.
    Route WebSocket    **/echo
    Send On Open    {"type": "error", "text": "boom"}
    Open Socket    /echo
    Wait For Received Message
    Received Messages Should Not Contain    {"type": "error"}    match=json

Messages Dropped By A Rule Are Not Received
    Route WebSocket    **/greet
    Connect To Server
    Drop When Received    welcome
    Open Socket    /greet
    Page Sends    hi
    Wait For Received Message    hi
    Received Messages Should Not Contain    welcome

Binary Messages In Assertions
    Route And Open Socket
    Page Sends Bytes    ${{[1, 2, 3]}}
    Page Sends Bytes    ${{list(b'{"bin": true}')}}
    Library Should Have Recorded Sent    ${{b'{"bin": true}'}}
    Sent Messages Should Contain    ${{b'\x01\x02\x03'}}
    Sent Messages Should Contain    {"bin": true}    match=json
    Sent Messages Should Contain    *bin*    match=glob
    Sent Messages Should Not Contain    ${{b'\x01\x02'}}
    Sent Messages Should Not Contain    {"bin": true}
    Run Keyword And Expect Error
    ...    EQUALS:Sent messages on route '**/echo' do not contain bytes[2] 01 02. Sent messages: bytes[3] 01 02 03, bytes[13] 7b 22 62 69 6e 22 3a 20 74 72 75 65 7d.
    ...    Sent Messages Should Contain    ${{b'\x01\x02'}}
    Run Keyword And Expect Error
    ...    EQUALS:Sent messages on route '**/echo' contain bytes[3] 01 02 03: bytes[3] 01 02 03.
    ...    Sent Messages Should Not Contain    ${{b'\x01\x02\x03'}}

Invalid JSON In An Assertion Fails At Once
    [Documentation]    FAIL STARTS: Message 'not json' is not valid JSON (
    Route And Open Socket
    Sent Messages Should Not Contain    not json    match=json

Unknown Match Mode Fails
    [Documentation]    FAIL STARTS: ValueError: Argument 'match' got value 'fuzzy' that cannot be converted to MatchMode
    Route And Open Socket
    Sent Messages Should Contain    ping    match=fuzzy

Assertions Of A Route Given By Pattern
    [Documentation]    FAIL Sent messages on route '**/greet' do not contain 'to echo'. No sent messages were recorded.
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Open Socket    /echo
    Page Sends    to echo
    Library Should Have Recorded Sent    to echo    url=**/echo
    Sent Messages Should Contain    to echo    url=**/echo
    Received Messages Should Not Contain    to echo    **/echo
    Sent Messages Should Contain    to echo

Clear WebSocket Messages Forgets Sent And Received Messages
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Wait For Received Message    pong
    Clear WebSocket Messages
    ${sent} =    Get Sent Messages
    ${received} =    Get Received Messages
    Should Be Empty    ${sent}
    Should Be Empty    ${received}
    Sent Messages Should Not Contain    ping
    Received Messages Should Not Contain    pong

Waits Start From What Comes After Clear WebSocket Messages
    [Documentation]    FAIL Sent message 'old' did not arrive in 200 milliseconds on route '**/echo'. Sent messages: 'new'.
    Route And Open Socket
    Page Sends All    old    marker
    Library Should Have Recorded Sent    marker
    Wait For Sent Message    old
    Clear WebSocket Messages
    Page Sends All    new
    ${next} =    Wait For Sent Message
    Should Be Equal    ${next}    new
    Wait For Sent Message    old    timeout=200 ms

Clear WebSocket Messages Keeps Open And Close Events
    Route And Open Socket
    Page Sends    ping
    Page Closes Socket    4000    done
    Page Should See Close
    Wait For WebSocket Close
    Clear WebSocket Messages
    ${close} =    Wait For WebSocket Close    timeout=0 s
    Should Be Equal    ${close}    ${{{'code': 4000, 'reason': 'done'}}}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$WS + '/echo']}}

Clear WebSocket Messages Of One Route Leaves Others
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Open Socket    /echo
    Open Socket    /greet
    Page Sends    e    socket=0
    Page Sends    g    socket=1
    Library Should Have Recorded Sent    e    url=**/echo
    Library Should Have Recorded Sent    g    url=**/greet
    Clear WebSocket Messages    **/echo
    Sent Messages Should Not Contain    e    url=**/echo
    Sent Messages Should Contain    g    url=**/greet

Clear Keeps Working Sockets
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Wait For Received Message    pong
    Clear WebSocket Messages
    Page Sends    ping
    ${reply} =    Wait For Received Message    pong
    Should Be Equal    ${reply}    pong
