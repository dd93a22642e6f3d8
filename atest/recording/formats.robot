*** Settings ***
Documentation       HARs of other tools replay, and ours open in theirs: a hand-made DevTools-style
...                 HAR with binary frames, HARs that Playwright's own record_har_path wrote
...                 against the test server, and Chrome DevTools' own HAR importer and
...                 Playwright's HAR router reading a HAR that Save WebSocket Traffic wrote.
Resource            recording.resource
Suite Setup         Start Recording Suite
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${DEVTOOLS HAR}     ${CURDIR}${/}data${/}devtools-binary.har


*** Test Cases ***
DevTools Style HAR With Binary Frames Replays
    [Documentation]    The HAR also holds a page, an image and a fetch: only its WebSocket counts.
    Route WebSocket    **/echo
    ${count} =    Replay WebSocket Traffic    ${DEVTOOLS HAR}    socket_url=ws://devtools.test/*
    Should Be Equal As Integers    ${count}    1
    Open Socket    /echo    binary_type=arraybuffer
    Page Should Receive    ready
    Page Sends Bytes    ${{[0, 1]}}
    Page Messages Should Be    ready    bytes:de ad be ef    done
    Replay Should Be Complete
    Server Should Not Have Seen Anything    /echo

Playwright Recorded HAR Replays Without The Server
    ${har} =    Record Har With Playwright    ${HTTP}/index.html    ${WS}/greet    ${HARS}/playwright.har
    Clear Server Events
    Route WebSocket    **/greet
    Replay WebSocket Traffic    ${har}
    Open Socket    /greet    binary_type=arraybuffer
    Page Sends    hello
    Page Sends Bytes    ${{[1, 2, 3]}}
    Page Messages Should Be    welcome    hello    bytes:01 02 03
    Replay Should Be Complete
    Server Should Not Have Seen Anything    /greet

Playwright HAR With Attached Content Replays While Its Files Are Beside It
    ${har} =    Record Har With Playwright    ${HTTP}/index.html    ${WS}/greet
    ...    ${HARS}/attached/playwright.har    content=attach
    Clear Server Events
    Route WebSocket    **/greet
    Replay WebSocket Traffic    ${har}
    Open Socket    /greet    binary_type=arraybuffer
    Page Sends    hello
    Page Sends Bytes    ${{[1, 2, 3]}}
    Page Messages Should Be    welcome    hello    bytes:01 02 03
    Server Should Not Have Seen Anything    /greet

Playwright Zipped HAR Replays
    ${har} =    Record Har With Playwright    ${HTTP}/index.html    ${WS}/greet    ${HARS}/playwright.zip
    Route WebSocket    **/greet
    Replay WebSocket Traffic    ${har}
    Open Socket    /greet    binary_type=arraybuffer
    Page Sends    hello
    Page Sends Bytes    ${{[1, 2, 3]}}
    Page Messages Should Be    welcome    hello    bytes:01 02 03

Playwright HAR Without Content Says How To Record It
    ${har} =    Record Har With Playwright    ${HTTP}/index.html    ${WS}/greet
    ...    ${HARS}/omitted.har    content=omit
    Route WebSocket    **/greet
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${har}' holds WebSocket entries (${WS}/greet) but no messages: it was recorded without content (Playwright's record_har_content='omit', or 'attach' with the attached files missing). Record with record_har_content='embed', or keep the files Playwright attached beside the HAR.
    ...    Replay WebSocket Traffic    ${har}

Chrome DevTools Imports A Saved HAR With Its Messages
    Route WebSocket    **/echo
    Send On Open    welcome
    Reply When Sent    ${{b'\x00\x01'}}    ${{b'\xde\xad'}}
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends Bytes    ${{[0, 1]}}
    Page Messages Should Be    welcome    bytes:de ad
    ${har} =    Save WebSocket Traffic    ${HARS}/for-devtools.har
    ${requests} =    DevTools Imports Har    ${har}
    Length Should Be    ${requests}    1
    Should Be Equal    ${requests}[0][url]    ${WS}/echo
    Should Be Equal    ${requests}[0][type]    websocket
    ${frames} =    Evaluate    [(f['type'], f['opCode'], f['text']) for f in $requests[0]['frames']]
    ${expected} =    Evaluate    [('receive', 1, 'welcome'), ('send', 2, 'AAE='), ('receive', 2, '3q0=')]
    Lists Should Be Equal    ${frames}    ${expected}

Chrome DevTools Imports The Hand Made HAR Too
    ${requests} =    DevTools Imports Har    ${DEVTOOLS HAR}
    ${types} =    Evaluate    [r['type'] for r in $requests]
    VAR    @{expected} =    document    image    fetch    websocket
    Lists Should Be Equal    ${types}    ${expected}
    Length Should Be    ${requests}[3][frames]    4

Playwright Reads A Saved HAR
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Should Receive    pong
    ${har} =    Save WebSocket Traffic    ${HARS}/for-playwright.har
    ${title} =    Playwright Routes From Har    ${har}    ${HTTP}/index.html
    Should Be Equal    ${title}    WebSocket test page
