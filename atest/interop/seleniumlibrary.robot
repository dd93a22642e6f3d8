*** Settings ***
Documentation       WsRouteLibrary attached to a Chromium that SeleniumLibrary started with a
...                 local chromedriver and no debugging port: `Attach To Browser    SeleniumLibrary`
...                 finds chromedriver's debuggerAddress. SeleniumLibrary drives the page,
...                 WsRouteLibrary mocks its WebSocket, SeleniumLibrary checks what the page
...                 shows. No keyword needs a prefix.
Resource            interop.resource
Library             SeleniumLibrary    timeout=10 s
Suite Setup         Start SeleniumLibrary Chromium
Suite Teardown      Stop SeleniumLibrary Chromium
Test Setup          Clear Server Events


*** Variables ***
${NO_BROWSER}       Cannot attach to SeleniumLibrary's browser: SeleniumLibrary has no browser
...                 open. Open one with its 'Open Browser' (chrome, chromium or edge) first.
${WAS_LOADED}       was already loaded when the library attached: WebSockets it opened before
...                 are not routed. Reload the page or navigate it again to route all of its
...                 WebSockets.


*** Test Cases ***
Attaching Finds Chromedriver's Debugging Address
    [Documentation]    LOG 2:1 INFO GLOB:
    ...    SeleniumLibrary's browser: http://localhost:* (chromedriver's debuggerAddress).
    Quit Browser
    Attach To Browser    SeleniumLibrary
    [Teardown]    Reattach

Chromedriver's Debugging Address Given By Hand
    ${options} =    Selenium Capability    goog:chromeOptions
    Attach To Browser    http://${options}[debuggerAddress]
    Route WebSocket    **/greet
    Send On Open    attached by hand
    Go To    ${CHAT}
    Page Should Show    last    attached by hand
    [Teardown]    Reattach

Keyword Names Do Not Clash With SeleniumLibrary
    ${shared} =    Keyword Names Shared With    WsRouteLibrary    SeleniumLibrary
    Should Be Empty    ${shared}

Mocked Socket Answers What The User Types
    Route WebSocket    **/greet
    Reply When Sent    hello    Hi from the mock
    Go To    ${CHAT}
    Page Should Show    status    open
    Input Text    id=text    hello
    Click Button    id=send
    Page Should Show    last    Hi from the mock
    Sent Messages Should Contain    hello
    Server Should Not Have Seen Anything

Send On Open Greets The Page Instead Of The Server
    Route WebSocket    **/greet
    Send On Open    Welcome from the mock
    Go To    ${CHAT}
    Page Should Show    last    Welcome from the mock
    Page Should Contain Element    css=#messages li    limit=1
    Server Should Not Have Seen Anything

Connected Route Rewrites What The Server Sends
    Route WebSocket    **/greet
    Connect To Server
    Reply When Received    welcome    welcome, rewritten
    Go To    ${CHAT}
    Page Should Show    last    welcome, rewritten
    Input Text    id=text    echo me
    Click Button    id=send
    Page Should Show    last    echo me
    Received Messages Should Contain    echo me

Closing The Socket Shows In The Page
    Route WebSocket    **/greet
    Go To    ${CHAT}
    Wait For WebSocket
    Close Socket    code=4001    reason=bye
    Page Should Show    status    closed 4001 bye

A Window Opened After Attaching Is Routed
    Route WebSocket    **/greet
    Send On Open    new window, mocked
    Go To    ${HTTP}/chat.html?auto=no
    Execute Javascript    window.open(arguments[0])    ARGUMENTS    ${CHAT}
    Switch Window    NEW
    Page Should Show    last    new window, mocked
    Server Should Not Have Seen Anything
    [Teardown]    Close New Window

Dedicated Worker Socket Is Mocked
    Mocked Socket In A Worker    dedicated

Shared Worker Socket Meets The Server
    Connected Socket In A Worker    shared

Sockets Go To The Server Once Unrouted
    Route WebSocket    **/greet
    Unroute WebSocket
    Go To    ${CHAT}
    Page Should Show    last    welcome

Attaching Warns About A Page Loaded Before
    [Documentation]    LOG 3:2 WARN Page ${CHAT} ${WAS_LOADED}
    Quit Browser
    Go To    ${CHAT}
    Attach To Browser    SeleniumLibrary
    Route WebSocket    **/greet
    Send On Open    mocked after reload
    Page Should Show    last    welcome
    Reload Page
    Page Should Show    last    mocked after reload
    [Teardown]    Reattach

Quit Browser Only Disconnects
    Quit Browser
    Go To    ${CHAT}
    Title Should Be    Interop chat
    Page Should Show    last    welcome
    [Teardown]    Reattach

Quit Browser Works After SeleniumLibrary Closed The Browser
    Close All Browsers
    Quit Browser

Attaching With No Browser Open Fails
    [Documentation]    FAIL ${NO_BROWSER}
    Attach To Browser    SeleniumLibrary

Attaching Leaves The Running Browser Alone When SeleniumLibrary Has None
    [Documentation]    A failed lookup does not let go of the browser the library runs.
    Open Page    ${CHAT}
    Run Keyword And Expect Error    ${NO_BROWSER}    Attach To Browser    SeleniumLibrary
    ${title} =    Run JavaScript    document.title
    Should Be Equal    ${title}    Interop chat
    [Teardown]    Quit Browser


*** Keywords ***
Start SeleniumLibrary Chromium
    [Documentation]    SeleniumLibrary starts Chromium (no debugging port); the library attaches.
    ${driver} =    Chromedriver Executable
    ${chromium} =    Chromium Executable
    Start Chat Servers
    VAR    ${options} =    binary_location="${chromium}"    add_argument("--headless=new")
    ...    add_argument("--no-sandbox")    separator=;
    Open Browser    about:blank    chrome    options=${options}    service=executable_path="${driver}"
    Attach To Browser    SeleniumLibrary

Stop SeleniumLibrary Chromium
    [Documentation]    Disconnects, closes SeleniumLibrary's browser and stops the servers.
    Quit Browser
    Close All Browsers
    Stop Test Servers

Page Should Show
    [Documentation]    Waits until the element with id ${id} shows exactly ${text}.
    [Arguments]    ${id}    ${text}
    Wait Until Keyword Succeeds    10 s    100 ms    Element Text Should Be    id=${id}    ${text}

Close New Window
    [Documentation]    Closes the window a test opened and goes back to the first one.
    Close Window
    Switch Window    MAIN

Reattach
    [Documentation]    Leaves the page blank (no warning) and attaches again.
    Go To    about:blank
    Attach To Browser    SeleniumLibrary

Run In Page
    [Documentation]    SeleniumLibrary runs ${function} with ${arg} in its window; returns
    ...    what it resolves to.
    [Arguments]    ${function}    ${arg}=${None}
    ${result} =    Execute Javascript    return (${function})(arguments[0]);    ARGUMENTS    ${arg}
    RETURN    ${result}
