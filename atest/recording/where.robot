*** Settings ***
Documentation       Recording and replay work the same on a route of scope=page, on a browser the
...                 library attached to over CDP and through a Playwright browser server.
Resource            recording.resource
Suite Setup         Start Recording Suite
Suite Teardown      Stop Servers And Browser


*** Variables ***
${DEVTOOLS HAR}     ${CURDIR}${/}data${/}devtools-binary.har


*** Test Cases ***
Page Scope Route Saves And Replays
    Fresh Page
    Save And Replay    page

Attached Browser Saves And Replays
    ${cdp} =    Start Chromium
    Attach To Browser    ${cdp}
    Open Page    ${HTTP}/index.html
    Save And Replay    context
    [Teardown]    Run Keywords    Quit Browser    AND    Stop Chromium    AND    Restart Browser

Browser Server Saves And Replays
    ${endpoint} =    Start Browser Server
    Connect To Browser Server    ${endpoint}
    Open Page    ${HTTP}/index.html
    Save And Replay    context
    [Teardown]    Run Keywords    Quit Browser    AND    Stop Browser Server    AND    Restart Browser


*** Keywords ***
Save And Replay
    [Documentation]    A DevTools HAR replays with binary frames; the route's conversation is
    ...    saved, and replaying the saved file on a fresh route makes the page see the same.
    [Arguments]    ${scope}
    Route WebSocket    **/echo    scope=${scope}
    Replay WebSocket Traffic    ${DEVTOOLS HAR}    socket_url=ws://devtools.test/*
    Open Socket    /echo    binary_type=arraybuffer
    Page Should Receive    ready
    Page Sends Bytes    ${{[0, 1]}}
    Page Messages Should Be    ready    bytes:de ad be ef    done
    Replay Should Be Complete
    ${har} =    Save WebSocket Traffic    ${HARS}/${TEST NAME}.har
    Route WebSocket    **/echo    scope=${scope}
    Replay WebSocket Traffic    ${har}
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends Bytes    ${{[0, 1]}}    socket=1
    Page Messages Should Be    ready    bytes:de ad be ef    done    socket=1
    Replay Should Be Complete
    Server Should Not Have Seen Anything    /echo

Restart Browser
    [Documentation]    The library's own browser again, with the test page.
    Launch Browser
    Open Page    ${HTTP}/index.html
