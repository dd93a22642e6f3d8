*** Settings ***
Documentation       A HAR that Browser library records (New Context with recordHar) replays: Browser
...                 library's own browser talks to the real test server while recording; then
...                 WsRouteLibrary's browser replays the HAR without the server.
Resource            recording.resource
Library             Browser    timeout=10 s
Suite Setup         Start Recording Suite
Suite Teardown      Run Keywords    Stop Servers And Browser    AND    Close Browser    ALL


*** Test Cases ***
Browser Library Recorded HAR Replays Without The Server
    ${har} =    Record With Browser Library    ${HARS}/browser-library.har
    Clear Server Events
    Fresh Page
    Route WebSocket    **/greet
    Replay WebSocket Traffic    ${har}
    Open Socket    /greet    binary_type=arraybuffer
    Page Sends    hello
    Page Sends Bytes    ${{[1, 2, 3]}}
    Page Messages Should Be    welcome    hello    bytes:01 02 03
    Replay Should Be Complete
    Server Should Not Have Seen Anything    /greet


*** Keywords ***
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
