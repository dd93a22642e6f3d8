*** Settings ***
Documentation       Routing through a remote Playwright browser server (``playwright
...                 launch-server``) that the suite starts on a free port and stops again.
Resource            interop.resource
Suite Setup         Start Browser Server And Connect
Suite Teardown      Disconnect And Stop Browser Server
Test Setup          Clear Server Events


*** Variables ***
${ENDPOINT}     ${EMPTY}


*** Test Cases ***
Mocked Route Answers On The Remote Browser
    Route WebSocket    **/greet
    Reply When Sent    hello    Hi from the mock
    Navigate To    ${CHAT}
    Wait For WebSocket
    Run JavaScript    document.querySelector('#text').value = 'hello'
    Run JavaScript    document.querySelector('#send').click()
    Page Should Show    last    Hi from the mock
    Sent Messages Should Contain    hello
    Server Should Not Have Seen Anything

Connected Route Reaches The Real Server Through The Remote Browser
    Route WebSocket    **/greet
    Connect To Server
    Reply When Received    welcome    welcome, rewritten
    Navigate To    ${CHAT}
    Page Should Show    last    welcome, rewritten
    ${opened} =    Wait For Server Event    /greet    open
    Length Should Be    ${opened}    1

Page Scope Route Works On The Remote Browser
    Navigate To    ${CHAT}&auto=no
    Route WebSocket    **/greet    scope=page
    Send On Open    page route, mocked
    Run JavaScript    document.querySelector('#connect').click()
    Page Should Show    last    page route, mocked

Routes Of One Client Leave Other Clients Of The Server Alone
    Route WebSocket    **/greet
    Send On Open    mocked
    Navigate To    ${CHAT}
    Page Should Show    last    mocked
    ${shown} =    Other Client Shows    ${ENDPOINT}    ${CHAT}
    Should Be Equal    ${shown}    welcome

Quit Browser Leaves The Server Running
    Quit Browser
    Browser Server Should Be Running
    Connect To Browser Server    ${ENDPOINT}
    Open Page    ${CHAT}
    Page Should Show    last    welcome

Unknown Browser Kind Fails
    [Documentation]    FAIL Browser 'netscape' is not supported. Use chromium, firefox or webkit.
    Connect To Browser Server    ${ENDPOINT}    browser=netscape
    [Teardown]    Connect And Open Page

Connecting To Nothing Fails
    [Documentation]    FAIL STARTS: Cannot connect to a Playwright browser server at 'ws://127.0.0.1:${UNUSED}/':
    Connect To Browser Server    ws://127.0.0.1:${UNUSED}/
    [Teardown]    Connect And Open Page

Quit Browser Works After The Server Stopped
    Stop Browser Server
    Quit Browser


*** Keywords ***
Start Browser Server And Connect
    [Documentation]    Starts the servers and a Playwright browser server, then connects to it.
    Start Chat Servers
    ${unused} =    Free Port
    VAR    ${UNUSED} =    ${unused}    scope=SUITE
    ${endpoint} =    Start Browser Server
    VAR    ${ENDPOINT} =    ${endpoint}    scope=SUITE
    Connect And Open Page

Disconnect And Stop Browser Server
    [Documentation]    Disconnects, stops the browser server and the test servers.
    Quit Browser
    Stop Browser Server
    Stop Test Servers

Connect And Open Page
    [Documentation]    Connects to the suite's browser server and opens a blank page.
    Connect To Browser Server    ${ENDPOINT}
    Open Page

Page Should Show
    [Documentation]    Waits until the element with id ${id} shows exactly ${text}.
    [Arguments]    ${id}    ${text}
    Wait Until Keyword Succeeds    10 s    100 ms    Page Shows    ${id}    ${text}

Page Shows
    [Documentation]    Fails unless the element with id ${id} shows exactly ${text}.
    [Arguments]    ${id}    ${text}
    ${shown} =    Run JavaScript    (id) => document.getElementById(id).textContent    ${id}
    Should Be Equal    ${shown}    ${text}
