*** Settings ***
Documentation       Hostile recordings and save targets: 'Replay WebSocket Traffic' and 'Save
...                 WebSocket Traffic' fail at once with a message that names the file, the place
...                 in it and the fix, never a Python exception or a hang (the test timeout turns
...                 a hang into a failure). Every file is written fresh in the suite's own
...                 temporary folder (HostileRecordings.py); <har> in a message is its path.
Library             String
Library             HostileRecordings.py
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Remove Hostile Files
Test Setup          Route WebSocket    **/echo
Test Timeout        20 s


*** Variables ***
${ENTRY}        HAR file '<har>', WebSocket entry 1 (ws://recorded.test/echo)
${AT}           at entries[0]._webSocketMessages[1]
${OPCODE}       a message is a text frame (opcode 1) or a binary frame (opcode 2).
${TIME}         a message's time is seconds (DevTools) or milliseconds (Playwright) since the
...             epoch: a finite number, not negative, before the year 10000.
${NO_HAR}       Give a HAR file as browsers, Playwright or 'Save WebSocket Traffic' write it.
${URL}          a WebSocket entry's request.url is the socket's URL, e.g.
...             'ws://127.0.0.1:8000/chat'.
${ZIP}          Record it again, or give the '.har' file itself.
${ATTACHED}     the attached file 'messages.jsonl' (entries[0].response.content._file) is not
...             UTF-8 text:
${PLAYWRIGHT}   Playwright attaches messages as UTF-8 JSON lines; record again, or with
...             record_har_content='embed'.


*** Test Cases ***
An Opcode That Is A List
    [Template]    Replaying Fails At Once
    opcode-list    ${ENTRY}: message 2 has opcode [1] (a list) ${AT}.opcode; ${OPCODE}

An Opcode That Is A Boolean
    [Template]    Replaying Fails At Once
    opcode-true    ${ENTRY}: message 2 has opcode true ${AT}.opcode; ${OPCODE}

A Type That Is A List
    [Template]    Replaying Fails At Once
    type-list    ${ENTRY}: message 2 has type ["receive"] (a list) ${AT}.type; a WebSocket message's type is 'send' (sent by the page) or 'receive' (received by the page).

Data That Is A Number
    [Template]    Replaying Fails At Once
    data-number    ${ENTRY}: message 2 has data 42 ${AT}.data; a message's data is text: the message itself, or base64 for a binary frame (opcode 2).

Text Data With A Lone Surrogate
    [Template]    Replaying Fails At Once
    data-lone-surrogate    ${ENTRY}: message 2 has a lone UTF-16 surrogate ('\\ud800' at index 2) in its data ${AT}.data, which a UTF-8 text frame cannot carry. Write the whole character (an emoji is two surrogates together).

Times That Are No Time Fail The Load Under Timing Recorded
    [Documentation]    Infinity used to load, and the answer never came.
    [Template]    Replaying Fails At Once
    time-infinity    ${ENTRY}: message 2 has time Infinity ${AT}.time; ${TIME}
    time-nan    ${ENTRY}: message 2 has time NaN ${AT}.time; ${TIME}
    time-negative    ${ENTRY}: message 2 has time -1 ${AT}.time; ${TIME}
    time-1e300    ${ENTRY}: message 2 has time 1e+300 ${AT}.time; ${TIME}
    time-string    ${ENTRY}: message 2 has time '12:00' ${AT}.time; ${TIME}
    time-bool    ${ENTRY}: message 2 has time true ${AT}.time; ${TIME}
    time-5000-digits    ${ENTRY}: message 2 has time a number of 5000 digits ${AT}.time; ${TIME}

Times That Are No Time Fail The Load Under Timing Immediate Too
    [Template]    Replaying Fails At Once
    time-infinity    ${ENTRY}: message 2 has time Infinity ${AT}.time; ${TIME}    immediate

Two Days Between Two Messages Fail Timing Recorded
    [Template]    Replaying Fails At Once
    gap-of-two-days    ${ENTRY}: message 2 at entries[0]._webSocketMessages[1].time comes 172800 s (48 hours) after message 1, more than the 24 hours timing=recorded waits between two messages. Correct the times in the file, or replay with timing=immediate.

Two Days Between Two Messages Replay At Once With Timing Immediate
    ${har} =    Hostile Har    gap-of-two-days
    Replay WebSocket Traffic    ${har}
    Fresh Page
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Replay Should Be Complete

Replayed graphql-ws Results Go Out Under The Page's Operation Id
    [Documentation]    The recording's operation id is rec-1, the page's live-1: the page
    ...    message matches as if under rec-1, and the results answer live-1.
    ${har} =    Hostile Har    graphql-countdown
    Route WebSocket    **/graphql    protocol=graphql-ws
    Replay WebSocket Traffic    ${har}
    Fresh Page
    Open Socket    /graphql    protocols=graphql-transport-ws
    Page Sends    {"type": "connection_init"}
    Page Sends    {"id": "live-1", "type": "subscribe", "payload": {"query": "subscription Countdown { countdown }"}}
    Page Messages Should Be    {"type":"connection_ack"}
    ...    {"type":"next","id":"live-1","payload":{"data":{"countdown":1}}}
    ...    {"type":"complete","id":"live-1"}
    Replay Should Be Complete

Entries That Are No List
    [Template]    Replaying Fails At Once
    entries-object    HAR file '<har>' is JSON but no HAR: its log.entries is {"websocket": 1} (an object), not a list of entries. ${NO_HAR}

An Entry That Is No Object
    [Template]    Replaying Fails At Once
    entry-string    HAR file '<har>': entries[0] is 'websocket', not an object. Each entry of a HAR is an object with a request and a response, as browsers and Playwright write them.

A WebSocket Entry Without A Usable URL
    [Template]    Replaying Fails At Once
    url-missing    HAR file '<har>', WebSocket entry 1: entries[0].request.url is missing; ${URL}
    url-number    HAR file '<har>', WebSocket entry 1: entries[0].request.url is 8000, not text; ${URL}

Messages That Are No List
    [Template]    Replaying Fails At Once
    messages-object    ${ENTRY}: entries[0]._webSocketMessages is {"0": {"type": "send", "time": 179000000 ... (an object), not a list of messages.

A Start That Is No Date
    [Template]    Replaying Fails At Once
    started-not-a-date    ${ENTRY}: entries[0].startedDateTime is 'yesterday', not a date and time such as '2026-01-02T03:04:05.000Z' (ISO 8601).

JSON Nested 100000 Deep
    [Template]    Replaying Fails At Once
    nested-100000-deep    HAR file '<har>' nests arrays and objects 100002 levels deep (the deepest at line 1, column 100020), deeper than the library reads; a HAR nests about 6. ${NO_HAR}

A HAR That Is Not UTF-8
    [Template]    Replaying Fails At Once
    not-utf8    HAR file '<har>' is not UTF-8 text: byte 0xff at offset 22 is not UTF-8 (invalid start byte). A HAR file is UTF-8 JSON, as browsers and Playwright write it.

An Attached Message File That Is Not UTF-8
    [Template]    Replaying Fails At Once
    attached-not-utf8    ${ENTRY}: ${ATTACHED} byte 0xe9 at offset 29 is not UTF-8 (invalid continuation byte). ${PLAYWRIGHT}
    zip-attached-not-utf8    ${ENTRY}: ${ATTACHED} byte 0xc3 at offset 26 is not UTF-8 (invalid continuation byte). ${PLAYWRIGHT}

An Attached File Outside The HAR's Folder
    [Template]    Replaying Fails At Once
    attached-outside    ${ENTRY}: entries[0].response.content._file '../../etc/passwd' names a file outside the HAR's folder; Playwright attaches files beside the HAR, by plain names such as 'b1946ac9.txt'.

A Zip With A Bad CRC
    [Template]    Replaying Fails At Once
    zip-bad-crc    HAR file '<har>' is a zip archive that cannot be read: its member 'recording.har' is damaged (Bad CRC-32 for file 'recording.har'). ${ZIP}

A Truncated Zip
    [Template]    Replaying Fails At Once
    zip-truncated    HAR file '<har>' is a zip archive that cannot be read: it is truncated or damaged (File is not a zip file). ${ZIP}

A Named Pipe Does Not Hang The Load
    [Template]    Replaying Fails At Once
    named-pipe    HAR file '<har>' is not a regular file (a named pipe). Give the path of a HAR file.

Saving Below A Plain File
    ${folder} =    Hostile Folder
    ${target} =    Hostile Target    below-a-file
    Run Keyword And Expect Error
    ...    EQUALS:Cannot write the HAR file '${target}': '${folder}${/}plain.txt' is a file, not a folder. Give a path whose folders are folders, e.g. '${folder}${/}traffic.har'.
    ...    Save WebSocket Traffic    ${target}

Saving To An Existing Folder
    ${target} =    Hostile Target    a-folder
    Run Keyword And Expect Error
    ...    EQUALS:Cannot write the HAR file '${target}': it is a folder. Give a file name in it, e.g. '${target}${/}traffic.har'.
    ...    Save WebSocket Traffic    ${target}

Saving To A Named Pipe Does Not Hang
    ${target} =    Hostile Target    named-pipe
    Run Keyword And Expect Error
    ...    EQUALS:Cannot write the HAR file '${target}': it is not a regular file (a named pipe). Give the name of a new or a regular file, e.g. traffic.har.
    ...    Save WebSocket Traffic    ${target}

Saving Where The Library May Not Write
    [Documentation]    Nobody, root included, may create a file in /sys.
    Skip If    not os.path.isdir("/sys/kernel")    No /sys on this machine.
    Run Keyword And Expect Error
    ...    EQUALS:Cannot write the HAR file '/sys/traffic.har': permission denied in folder '/sys'. Give a path you may write, e.g. '\${OUTPUT DIR}/traffic.har', or change the folder's permissions.
    ...    Save WebSocket Traffic    /sys/traffic.har
    Run Keyword And Expect Error
    ...    EQUALS:Cannot write the HAR file '/sys/wsroute/deeper/traffic.har': permission denied in folder '/sys'. Give a path you may write, e.g. '\${OUTPUT DIR}/traffic.har', or change the folder's permissions.
    ...    Save WebSocket Traffic    /sys/wsroute/deeper/traffic.har


*** Keywords ***
Replaying Fails At Once
    [Documentation]    Writes the hostile file ${name}; replaying it with ${timing} fails
    ...    with exactly ${expected} (<har> stands for its path), and the route replays nothing.
    [Arguments]    ${name}    ${expected}    ${timing}=recorded
    ${path} =    Hostile Har    ${name}
    ${expected} =    Replace String    ${expected}    <har>    ${path}
    Run Keyword And Expect Error    EQUALS:${expected}
    ...    Replay WebSocket Traffic    ${path}    timing=${timing}
    Run Keyword And Expect Error
    ...    EQUALS:Route '**/echo' replays no recording. Use 'Replay WebSocket Traffic' first.
    ...    Replay Should Be Complete

Stop Servers And Remove Hostile Files
    [Documentation]    Closes the browser, stops the servers and removes the hostile files.
    Stop Servers And Browser
    Remove Hostile Files
