*** Settings ***
Documentation       A browser killed by its PID while a test runs: waits that are pending or
...                 come later fail at once saying so, its sockets get a close 1006 recorded,
...                 and the next 'Open Page' starts a new browser that routes again.
...                 Only this robot's own browser is killed (found through /proc from this
...                 process), never the browsers of parallel runs.
Library             Processes.py
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Test Page
Test Timeout        1 minute


*** Variables ***
${CRASHED}      The browser closed or crashed. 'Open Page' or 'Launch Browser' starts a new one
...             (no 'Quit Browser' needed).


*** Test Cases ***
A Pending Wait Fails At Once When The Browser Is Killed
    [Documentation]    The wait's own timeout is far beyond the test timeout: only the
    ...    browser's end can end it in time.
    ...
    ...    FAIL ${CRASHED}
    [Setup]    Mocked Socket With Traffic
    Kill Library Browser    after=0.5
    Wait For Sent Message    never sent    timeout=10 min

A Pending Send To Page Fails At Once When The Browser Is Killed
    [Documentation]    FAIL ${CRASHED}
    [Setup]    Start New Browser
    Route WebSocket    **/nothing-opens
    Kill Library Browser    after=0.5
    Send To Page    hello    timeout=10 min

Sockets Of A Killed Browser End With 1006
    [Documentation]    A browser that dies ends its sockets without a close handshake: 1006.
    ...    Not ready: the library records code 1005 "closed by page" (Playwright reports the
    ...    page side closing before the browser's disconnect).
    [Setup]    Mocked Socket With Traffic
    Kill Library Browser
    Run Keyword And Expect Error    ${CRASHED}    Wait For Sent Message    never sent    timeout=10 min
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    1006
    Should Be Equal    ${close}[reason]    ${EMPTY}

What A Killed Browser's Sockets Did Stays Recorded
    [Setup]    Mocked Socket With Traffic
    ${pid} =    Kill Library Browser
    Run Keyword And Expect Error    ${CRASHED}    Wait For Sent Message    never sent    timeout=10 min
    Wait For WebSocket Close
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['before the crash']}}
    Wait Until Keyword Succeeds    10 s    100 ms    Process Should Be Gone    ${pid}

Every Later Keyword That Needs The Browser Says It Is Gone
    [Setup]    Mocked Socket With Traffic
    Kill Library Browser
    Run Keyword And Expect Error    ${CRASHED}    Wait For Sent Message    never sent    timeout=10 min
    Run Keyword And Expect Error    ${CRASHED}    Run JavaScript    1 + 1
    Run Keyword And Expect Error    ${CRASHED}    Send To Page    hello    timeout=10 min
    Run Keyword And Expect Error    ${CRASHED}    Wait For WebSocket    timeout=10 min
    Run Keyword And Expect Error    ${CRASHED}    Wait For Received Message    never    timeout=10 min
    Run Keyword And Expect Error    ${CRASHED}    Navigate To    ${HTTP}/index.html

A New Browser After The Crash Routes And Mocks Again
    [Setup]    Mocked Socket With Traffic
    Kill Library Browser
    Run Keyword And Expect Error    ${CRASHED}    Wait For Sent Message    never sent    timeout=10 min
    Open Page    ${HTTP}/index.html
    Install Round Trips
    Route WebSocket    **/after-crash
    Reply When Sent    rt *    {{message}}    match=glob
    ${socket} =    Open Socket    /after-crash
    Round Trips Should Work    ${socket}
    Sent Messages Should Contain    rt 19
    ${servers} =    Server Events    /after-crash
    Should Be Empty    ${servers}

The Browser Is Found Again After A Crash
    [Documentation]    The new browser is this robot's again, with a new pid.
    [Setup]    Mocked Socket With Traffic
    ${old} =    Kill Library Browser
    Run Keyword And Expect Error    ${CRASHED}    Wait For Sent Message    never sent    timeout=10 min
    Launch Browser
    Open Page    ${HTTP}/index.html
    ${new} =    Library Browser Pid
    Should Not Be Equal    ${old}    ${new}


*** Keywords ***
Start New Browser
    [Documentation]    A browser of this test's own (an earlier test may have killed one).
    Launch Browser
    Open Page    ${HTTP}/index.html
    Install Round Trips
    Clear Server Events

Mocked Socket With Traffic
    [Documentation]    A new browser whose page has a mocked socket that sent one message.
    Start New Browser
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Sends    before the crash
    Wait For Sent Message    before the crash
