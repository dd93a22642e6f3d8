*** Settings ***
Documentation       Saving a route's conversation as a HAR file and replaying HAR files: greetings,
...                 answers, file order, strict and lenient, rules that patch a recording,
...                 ignored JSON paths, recorded timing and completeness.
Resource            recording.resource
Suite Setup         Start Recording Suite
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${T}        1790000000


*** Test Cases ***
A Saved Mocked Conversation Replays The Same
    Route WebSocket    **/echo
    Send On Open    welcome
    Reply When Sent    ping    pong
    Reply When Sent    ${{b'\x01\x02'}}    ${{b'\xff\x00'}}    ok
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends    ping
    Page Sends Bytes    ${{[1, 2]}}
    Page Messages Should Be    welcome    pong    bytes:ff 00    ok
    ${har} =    Save WebSocket Traffic    ${HARS}/mocked.har
    Should Be Equal    ${har}    ${{str(pathlib.Path($HARS, 'mocked.har').resolve())}}
    Route WebSocket    **/echo
    ${count} =    Replay WebSocket Traffic    ${har}
    Should Be Equal As Integers    ${count}    1
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends    ping    socket=1
    Page Sends Bytes    ${{[1, 2]}}    socket=1
    Page Messages Should Be    welcome    pong    bytes:ff 00    ok    socket=1
    Replay Should Be Complete
    Server Should Not Have Seen Anything    /echo
    ${notes} =    Traffic Notes
    Should Be Equal    ${notes}[0]    received welcome | replayed from recording, conversation 1, message 1
    Should Be Equal    ${notes}[1]    sent ping | matched recording, conversation 1, message 2
    Should Be Equal    ${notes}[2]    received pong | replayed from recording, conversation 1, message 3
    Should Be Equal    ${notes}[4]    received b'\\xff\\x00' | replayed from recording, conversation 1, message 5

Saved Connected Conversation Holds What The Page Saw
    Route WebSocket    **/greet
    Connect To Server
    Drop When Received    dropped
    Open Socket    /greet
    Page Should Receive    welcome
    Page Sends    dropped
    Page Sends    kept
    Page Should Receive    kept
    ${har} =    Save WebSocket Traffic    ${HARS}/nested/folder/connected.har
    ${document} =    Evaluate    json.loads(pathlib.Path($har).read_text())
    VAR    ${entry} =    ${document}[log][entries][0]
    Should Be Equal    ${entry}[_resourceType]    websocket
    Should Be Equal    ${entry}[request][url]    ${WS}/greet
    ${messages} =    Evaluate    [(m['type'], m['opcode'], m['data']) for m in $entry['_webSocketMessages']]
    ${expected} =    Evaluate
    ...    [('receive', 1, 'welcome'), ('send', 1, 'dropped'), ('send', 1, 'kept'), ('receive', 1, 'kept')]
    Lists Should Be Equal    ${messages}    ${expected}
    ${times} =    Evaluate    [m['time'] for m in $entry['_webSocketMessages']]
    ${now} =    Evaluate    time.time()
    Should Be True    all(abs(t - ${now}) < 600 for t in $times)    times are not epoch seconds: ${times}
    Dictionary Should Not Contain Key    ${entry}    comment

Each Socket Replays The Next Conversation Then The Last Again
    ${first} =    Ws Entry    ${WS}/echo    [{"type": "receive", "opcode": 1, "data": "first"}]
    ${second} =    Ws Entry    ${WS}/echo    [{"type": "receive", "opcode": 1, "data": "second"}]
    ${har} =    Write Har    two.har    [${first}, ${second}]
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}
    FOR    ${_}    IN RANGE    3
        Open Socket    /echo
    END
    Page Messages Should Be    first    socket=0
    Page Messages Should Be    second    socket=1
    Page Messages Should Be    second    socket=2

Socket Url Chooses Among The Recorded Sockets
    ${a} =    Ws Entry    ws://recorded.test/a    [{"type": "receive", "opcode": 1, "data": "from a"}]
    ${b} =    Ws Entry    ws://recorded.test/b    [{"type": "receive", "opcode": 1, "data": "from b"}]
    ${har} =    Write Har    ab.har    [${a}, ${b}]
    Route WebSocket    **/echo
    ${count} =    Replay WebSocket Traffic    ${har}    socket_url=**/b
    Should Be Equal As Integers    ${count}    1
    Open Socket    /echo
    Page Messages Should Be    from b

An Unexpected Page Message Fails With Expected Actual And First Difference
    [Documentation]    FAIL GLOB: Unexpected page message on socket #* ws://127.0.0.1:*/echo of \
    ...    route '**/echo': the page sent 'price ACME 101', but the recording ('*strict.har', \
    ...    conversation 1, message 2) expects 'price ACME 100'; first difference: at character \
    ...    14: recorded 'price ACME 100', sent 'price ACME 101'. Answer it with a rule, replay \
    ...    with strict=False to skip such messages, or leave out volatile fields with match=json \
    ...    and ignore.
    ${entry} =    Ws Entry    ${WS}/echo
    ...    [{"type": "receive", "opcode": 1, "data": "hi"}, {"type": "send", "opcode": 1, "data": "price ACME 100"}, {"type": "receive", "opcode": 1, "data": "ok"}]
    ${har} =    Write Har    strict.har    [${entry}]
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}
    Open Socket    /echo
    Page Should Receive    hi
    Page Sends    price ACME 101
    Wait For Sent Message    price ACME 101

Lenient Replay Skips Unexpected Messages And Goes On
    ${entry} =    Ws Entry    ${WS}/echo
    ...    [{"type": "send", "opcode": 1, "data": "one"}, {"type": "receive", "opcode": 1, "data": "1"}, {"type": "send", "opcode": 1, "data": "two"}, {"type": "receive", "opcode": 1, "data": "2"}]
    ${har} =    Write Har    lenient.har    [${entry}]
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}    strict=${False}
    Open Socket    /echo
    Page Sends    one
    Page Sends    surprise
    Page Sends    two
    Page Sends    three
    Page Messages Should Be    1    2
    Wait For Sent Message    three
    ${notes} =    Traffic Notes
    Should Be Equal    ${notes}[2]
    ...    sent surprise | not in the recording, skipped (strict=False; recording expects conversation 1, message 3)
    Should Be Equal    ${notes}[5]
    ...    sent three | not in the recording, skipped (strict=False; the recording has ended)
    Replay Should Be Complete

Replay Should Be Complete Lists What The Page Never Sent
    [Documentation]    FAIL GLOB: Replay of '*complete.har' on route '**/echo' is not complete: \
    ...    conversation 1 on socket #* ws://127.0.0.1:*/echo still expects 2 page messages: \
    ...    message 3 'two', message 4 'three'; conversation 2 (ws://recorded.test/other) was \
    ...    never opened: 1 page message not sent.
    ${entry} =    Ws Entry    ${WS}/echo
    ...    [{"type": "send", "opcode": 1, "data": "one"}, {"type": "receive", "opcode": 1, "data": "1"}, {"type": "send", "opcode": 1, "data": "two"}, {"type": "send", "opcode": 1, "data": "three"}]
    ${other} =    Ws Entry    ws://recorded.test/other    [{"type": "send", "opcode": 1, "data": "x"}]
    ${har} =    Write Har    complete.har    [${entry}, ${other}]
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}    socket_url=**
    Open Socket    /echo
    Page Sends    one
    Page Should Receive    1
    Replay Should Be Complete

A Rule Patches One Answer Of The Recording
    ${entry} =    Ws Entry    ${WS}/echo
    ...    [{"type": "send", "opcode": 1, "data": "balance"}, {"type": "receive", "opcode": 1, "data": "100"}, {"type": "send", "opcode": 1, "data": "history"}, {"type": "receive", "opcode": 1, "data": "[]"}]
    ${har} =    Write Har    patch.har    [${entry}]
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}
    Reply When Sent    balance    0
    Open Socket    /echo
    Page Sends    balance
    Page Sends    history
    Page Messages Should Be    0    []
    Replay Should Be Complete
    ${notes} =    Traffic Notes
    Should Be Equal    ${notes}[0]
    ...    sent balance | rule 1: Reply When Sent 'balance'; instead of recording, conversation 1, message 1 (1 recorded reply not sent)

Ignored Json Paths Let Volatile Fields Differ
    ${entry} =    Ws Entry    ${WS}/echo
    ...    [{"type": "send", "opcode": 1, "data": "{\\"op\\": \\"order\\", \\"id\\": \\"a1\\", \\"meta\\": {\\"ts\\": 1, \\"qty\\": 5}}"}, {"type": "receive", "opcode": 1, "data": "filled"}]
    ${har} =    Write Har    ignore.har    [${entry}]
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}    match=json    ignore=id, meta.ts
    Open Socket    /echo
    Page Sends    {"op": "order", "id": "z9", "meta": {"ts": 1767225600, "qty": 5}}
    Page Messages Should Be    filled
    Replay Should Be Complete

Without Ignore The Volatile Field Is The First Difference
    [Documentation]    FAIL GLOB: Unexpected page message on socket * the recording ('*ignore.har', \
    ...    conversation 1, message 1) expects '{"op": "order", "id": "a1", "meta": {"ts": 1, \
    ...    "qty": 5}}' (match=json); first difference: at 'id': recorded "a1", sent "z9". Answer \
    ...    it with a rule, replay with strict=False to skip such messages, or leave out volatile \
    ...    fields with match=json and ignore.
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${HARS}/ignore.har    match=json
    Open Socket    /echo
    Page Sends    {"op": "order", "id": "z9", "meta": {"ts": 1, "qty": 5}}
    Wait For Sent Message

Immediate Timing Sends The Recorded Answers At Once
    ${har} =    Timed Har    timed-immediate.har    60
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}
    Open Socket    /echo
    Page Sends    go
    Page Messages Should Be    hello    fast    slow
    Send To Page    marker
    Page Messages Should Be    hello    fast    slow    marker

Recorded Timing Keeps The Recorded Gaps
    [Documentation]    The answer recorded a minute after the page's message has not come when
    ...    the page gets a marker sent after the first answer; it is cancelled when the test ends.
    ${har} =    Timed Har    timed-recorded.har    60
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}    timing=recorded
    Open Socket    /echo
    Page Should Receive    hello
    Page Sends    go
    Page Should Receive    fast
    Send To Page    marker
    Page Messages Should Be    hello    fast    marker

Recorded Timing Delivers In Recorded Order
    ${har} =    Timed Har    timed-short.har    0.3
    Route WebSocket    **/echo
    Replay WebSocket Traffic    ${har}    timing=recorded
    Open Socket    /echo
    Page Should Receive    hello
    Page Sends    go
    Page Messages Should Be    hello    fast    slow
    Replay Should Be Complete


*** Keywords ***
Timed Har
    [Documentation]    A recording: greeting 0.2 s after the open, then the page's ``go``
    ...    answered with ``fast`` after 0.1 s and ``slow`` after ${slow} s.
    [Arguments]    ${name}    ${slow}
    ${slow_time} =    Evaluate    ${T} + 1 + float($slow)
    ${entry} =    Catenate    SEPARATOR=${EMPTY}
    ...    {"startedDateTime": "2026-09-21T14:13:20.000Z", "time": 1, "request": {"method": "GET", "url": "${WS}/echo"},
    ...    "response": {"status": 101}, "_resourceType": "websocket", "_webSocketMessages": [
    ...    {"type": "receive", "time": ${T}.2, "opcode": 1, "data": "hello"},
    ...    {"type": "send", "time": ${T}.9, "opcode": 1, "data": "go"},
    ...    {"type": "receive", "time": ${T}.99, "opcode": 1, "data": "fast"},
    ...    {"type": "receive", "time": ${slow_time}, "opcode": 1, "data": "slow"}]}
    ${path} =    Write Har    ${name}    [${entry}]
    RETURN    ${path}
