*** Settings ***
Documentation       wsroute har2robot: a HAR of each kind the replay reads becomes a suite that passes
...                 Robocop and a dry run, and runs green in a robot of its own against a page that
...                 talks as recorded, with no WebSocket server: the generated routes answer it.
Resource            recording.resource
Library             String
Library             Browser    timeout=10 s
Library             ../interop/resources/Interop.py
Library             Har2Robot.py
Suite Setup         Start Recording Suite
Suite Teardown      Run Keywords    Stop Servers And Browser    AND    Stop Page Server
...                 AND    Stop Demo Backend    AND    Close Browser    ALL
Test Setup          Fresh Page


*** Variables ***
${DEVTOOLS HAR}     ${CURDIR}${/}data${/}devtools-binary.har


*** Test Cases ***
Suite From Save WebSocket Traffic Runs Against The Page
    ${har} =    Record Chat With WsRouteLibrary    ${HARS}/own.har
    ${suite} =    Convert Recording    ${har}    --ignore    id
    ${text} =    Get File    ${suite}
    Should Contain    ${text}    {"type": "ack", "id": {{id}}}
    Generated Suite Should Pass Against A Page That Talks Like    ${suite}    ${har}

Suite From Playwright's record_har Runs Against The Page
    ${har} =    Record Har With Playwright    ${HTTP}/index.html    ${WS}/greet    ${HARS}/playwright.har
    ${suite} =    Convert Recording    ${har}
    Generated Suite Should Pass Against A Page That Talks Like    ${suite}    ${har}

Suite From Browser Library's recordHar Runs Against The Page
    ${har} =    Record With Browser Library    ${HARS}/browser-library.har
    ${suite} =    Convert Recording    ${har}
    Generated Suite Should Pass Against A Page That Talks Like    ${suite}    ${har}

Suite From A Chrome DevTools HAR Runs Against The Page
    ${suite} =    Convert Recording    ${DEVTOOLS HAR}    -o    ${HARS}/devtools.robot
    Generated Suite Should Pass Against A Page That Talks Like    ${suite}    ${DEVTOOLS HAR}

Messages Robot Framework Would Misread Run As Recorded
    ${har} =    Write Tricky Har    ${HARS}/tricky.har
    ${suite} =    Convert Recording    ${har}    --ignore    id
    Generated Suite Should Pass Against A Page That Talks Like    ${suite}    ${har}

A Page That Talks Otherwise Fails The Generated Suite
    [Documentation]    The generated waits are real: a page that does not send the recorded
    ...    messages fails the suite.
    ${har} =    Record Har With Playwright    ${HTTP}/index.html    ${WS}/greet    ${HARS}/other.har
    ${suite} =    Convert Recording    ${har}
    ${result} =    Run Generated Suite    ${suite}    ${HTTP}/index.html    ${OUTPUT DIR}${/}nested
    Should Be Equal    ${result}
    ...    Page Talks As Recorded: FAIL Sent message 'hello' did not arrive in 5 seconds on route '**/greet'. No sent messages were recorded.

A Hostile HAR Exits 1 With One Line Naming The File
    ${har} =    Write Har    hostile.har
    ...    [{"request": {"url": "ws://h/x"}, "_webSocketMessages": [{"type": "send", "opcode": 2, "data": "**"}]}]
    ${run} =    Run Wsroute    har2robot    ${har}    -o    ${HARS}/hostile.robot
    Should Be Equal As Integers    ${run}[rc]    1
    Should Be Empty    ${run}[stdout]
    ${lines} =    Split To Lines    ${run}[stderr]
    Length Should Be    ${lines}    1
    Should Start With    ${lines}[0]    wsroute: HAR file '${har}', WebSocket entry 1 (ws://h/x): message 1
    Should Contain    ${lines}[0]    base64
    File Should Not Exist    ${HARS}/hostile.robot

A Missing HAR Exits 1 And A Wrong Option Exits 2
    ${run} =    Run Wsroute    har2robot    ${HARS}/missing.har
    Should Be Equal As Integers    ${run}[rc]    1
    Should Match Regexp    ${run}[stderr]    ^wsroute: HAR file '.*missing.har' does not exist .*\n$
    ${run} =    Run Wsroute    har2robot    ${HARS}/missing.har    --no-such-option
    Should Be Equal As Integers    ${run}[rc]    2
    Should Match Regexp    ${run}[stderr]    ^wsroute: error: unrecognized arguments: --no-such-option .*\n$


*** Keywords ***
Convert Recording
    [Documentation]    Runs wsroute har2robot on ${har}; checks it succeeded and the suite is
    ...    clean for Robocop's default rules and a dry run; returns the suite's path.
    [Arguments]    ${har}    @{options}
    ${run} =    Run Wsroute    har2robot    ${har}    @{options}
    Should Be Equal As Integers    ${run}[rc]    0    ${run}[stderr]
    Should Be Empty    ${run}[stderr]
    ${suite} =    Fetch From Right    ${run}[stdout]    wrote${SPACE}
    ${suite} =    Strip String    ${suite}
    File Should Exist    ${suite}
    ${problems} =    Run Robocop And Dry Run    ${suite}
    Should Be Empty    ${problems}
    RETURN    ${suite}

Generated Suite Should Pass Against A Page That Talks Like
    [Documentation]    Runs ${suite} with PAGE URL set to a page that talks as ${har} recorded.
    [Arguments]    ${suite}    ${har}
    ${page} =    Serve Page That Talks Like    ${har}
    ${result} =    Run Generated Suite    ${suite}    ${page}    ${OUTPUT DIR}${/}nested
    Should Be Equal    ${result}    Page Talks As Recorded: PASS

Record Chat With WsRouteLibrary
    [Documentation]    The test page joins the demo app's real /chat and says two things; the
    ...    route records it connected to the server; Save WebSocket Traffic writes ${path}.
    [Arguments]    ${path}
    ${demo} =    Start Demo Backend
    ${chat} =    Replace String    ${demo}/chat    http://    ws://
    Route WebSocket    **/chat
    Connect To Server
    Run JavaScript    (u) => openSocket(u)    ${chat}
    Page Sends    {"type": "join", "room": "lobby", "user": "ann"}
    Wait For Received Message    {"type": "message"}    match=json
    Page Sends    {"type": "say", "id": 1, "text": "hi there"}
    Wait For Received Message    {"from": "echo-bot", "text": "You said: hi there"}    match=json
    Page Sends    {"type": "say", "id": 2, "text": "how are you"}
    Wait For Received Message    {"from": "echo-bot", "text": "You said: how are you"}    match=json
    ${har} =    Save WebSocket Traffic    ${path}
    RETURN    ${har}

Record With Browser Library
    [Documentation]    Browser library opens the test page in a context that records a HAR;
    ...    the page talks to the real /greet server; closing the context writes the HAR.
    [Arguments]    ${path}
    ${chromium} =    Chromium Executable
    New Browser    chromium    headless=${True}    executablePath=${chromium}
    New Context    recordHar={"path": "${path}"}
    New Page    ${HTTP}/index.html
    Evaluate JavaScript    ${None}    (u) => openSocket(u, null, 'arraybuffer')    arg=${WS}/greet
    Evaluate JavaScript    ${None}    () => sendText(0, 'hello')
    Evaluate JavaScript    ${None}    () => sendBytes(0, [1, 2, 3])
    Wait Until Keyword Succeeds    10 s    50 ms    Browser Page Has Three Messages
    Close Context
    Close Browser
    File Should Exist    ${path}
    RETURN    ${path}

Browser Page Has Three Messages
    [Documentation]    Fails until the Browser library page's socket received three messages.
    ${count} =    Evaluate JavaScript    ${None}    () => messages(0).length
    Should Be True    ${count} >= 3
