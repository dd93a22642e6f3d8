*** Settings ***
Documentation       WsRouteLibrary attached to a Chromium that Browser library started: Browser
...                 library drives the page, WsRouteLibrary mocks its WebSocket, Browser library
...                 checks what the page shows. No keyword needs a library prefix.
Resource            interop.resource
Library             Browser    timeout=10 s
Suite Setup         Start Browser Library Chromium
Suite Teardown      Stop Browser Library Chromium
Test Setup          Clear Server Events


*** Variables ***
${CDP}              ${EMPTY}
${NO_SELENIUM}      Cannot attach to SeleniumLibrary's browser: SeleniumLibrary is not imported.
...                 Import it ('Library${SPACE * 4}SeleniumLibrary') and open a browser with its 'Open
...                 Browser' first. Or give 'Attach To Browser' a DevTools address:
...                 http://127.0.0.1:PORT of a Chromium started with --remote-debugging-port=PORT,
...                 or a ws:// DevTools URL.
${NOT_AN_ADDRESS}    Cannot attach to 'localhost:9222': it is not a DevTools address. Give
...                 http://HOST:PORT of a Chromium started with --remote-debugging-port=PORT, a
...                 DevTools WebSocket URL (ws://..., such as Selenium Grid's se:cdp), or
...                 SeleniumLibrary for the browser of SeleniumLibrary's current driver.
${WAS_LOADED}       was already loaded when the library attached: WebSockets it opened before
...                 are not routed. Reload the page or navigate it again to route all of its
...                 WebSockets.


*** Test Cases ***
Keyword Names Do Not Clash With Browser Library
    ${shared} =    Keyword Names Shared With    WsRouteLibrary    Browser
    Should Be Empty    ${shared}

Mocked Socket Answers What The User Types
    Route WebSocket    **/greet
    Reply When Sent    hello    Hi from the mock
    Go To    ${CHAT}
    Get Text    id=status    ==    open
    Fill Text    id=text    hello
    Click    id=send
    Get Text    id=last    ==    Hi from the mock
    Sent Messages Should Contain    hello
    Server Should Not Have Seen Anything

Send On Open Greets The Page Instead Of The Server
    Route WebSocket    **/greet
    Send On Open    Welcome from the mock
    Go To    ${CHAT}
    Get Text    id=last    ==    Welcome from the mock
    Get Element Count    css=#messages li    ==    1
    Server Should Not Have Seen Anything

Connected Route Rewrites What The Server Sends
    Route WebSocket    **/greet
    Connect To Server
    Reply When Received    welcome    welcome, rewritten
    Go To    ${CHAT}
    Get Text    id=last    ==    welcome, rewritten
    Fill Text    id=text    echo me
    Click    id=send
    Get Text    id=last    ==    echo me
    Received Messages Should Contain    echo me

Closing The Socket Shows In The Page
    Route WebSocket    **/greet
    Go To    ${CHAT}
    Wait For WebSocket
    Close Socket    code=4001    reason=bye
    Get Text    id=status    ==    closed 4001 bye

A Page Opened After Attaching Is Routed
    Route WebSocket    **/greet
    Send On Open    new page, mocked
    New Page    ${CHAT}
    Get Text    id=last    ==    new page, mocked
    [Teardown]    Close Page

A Context Opened After Attaching Is Routed
    Route WebSocket    **/greet
    Send On Open    new context, mocked
    New Context
    New Page    ${CHAT}
    Get Text    id=last    ==    new context, mocked
    Server Should Not Have Seen Anything
    [Teardown]    Close Context

Sockets Go To The Server Once Unrouted
    Route WebSocket    **/greet
    Unroute WebSocket
    Go To    ${CHAT}
    Get Text    id=last    ==    welcome

Page Argument Chooses The Current Page
    Go To    ${CHAT}
    New Page    ${HTTP}/chat.html?auto=no
    Attach To Browser    ${CDP}    page=**/chat.html?ws\=**
    ${search} =    Run JavaScript    location.search
    Should Start With    ${search}    ?ws\=
    [Teardown]    Close Page And Reattach

Page Argument Matching No Page Fails
    [Documentation]    FAIL No page has a URL matching '**/nothing.html' (pages: about:blank).
    Attach To Browser    ${CDP}    page=**/nothing.html
    [Teardown]    Reattach

Attaching Warns About A Page Loaded Before
    [Documentation]    LOG 3:1 WARN Page ${CHAT} ${WAS_LOADED}
    Quit Browser
    Go To    ${CHAT}
    Attach To Browser    ${CDP}
    Route WebSocket    **/greet
    Send On Open    mocked after reload
    Get Text    id=last    ==    welcome
    Reload
    Get Text    id=last    ==    mocked after reload
    [Teardown]    Reattach

Quit Browser Only Disconnects
    Quit Browser
    Go To    ${CHAT}
    Get Title    ==    Interop chat
    Get Text    id=last    ==    welcome
    ${ids} =    Get Browser Ids
    Should Be Equal    ${ids}    ${BROWSER_IDS}
    [Teardown]    Reattach

Dedicated Worker Socket Is Mocked
    Mocked Socket In A Worker    dedicated

Shared Worker Socket Of A Context Opened After Attaching Meets The Server
    New Context
    New Page
    Connected Socket In A Worker    shared
    [Teardown]    Close Context

Attaching To SeleniumLibrary's Browser Without SeleniumLibrary Fails
    Run Keyword And Expect Error    ${NO_SELENIUM}    Attach To Browser    SeleniumLibrary
    Library Should Still Route The Page

Attaching To Something Else Than An Address Fails
    Run Keyword And Expect Error    ${NOT_AN_ADDRESS}    Attach To Browser    localhost:9222
    Library Should Still Route The Page

Attaching To Nothing Fails
    [Documentation]    FAIL STARTS: Cannot attach to a browser at 'http://127.0.0.1:${UNUSED}':
    Attach To Browser    http://127.0.0.1:${UNUSED}
    [Teardown]    Reattach


*** Keywords ***
Start Browser Library Chromium
    [Documentation]    Browser library starts Chromium with a debugging port; the library attaches.
    Start Chat Servers
    ${port} =    Free Port
    ${unused} =    Free Port
    VAR    ${CDP} =    http://127.0.0.1:${port}    scope=SUITE
    VAR    ${UNUSED} =    ${unused}    scope=SUITE
    ${chromium} =    Chromium Executable
    New Browser    chromium    headless=${True}    executablePath=${chromium}
    ...    args=["--remote-debugging-port=${port}"]
    New Page    about:blank
    ${ids} =    Get Browser Ids
    VAR    ${BROWSER_IDS} =    ${ids}    scope=SUITE
    Attach To Browser    ${CDP}

Stop Browser Library Chromium
    [Documentation]    Disconnects, closes Browser library's browser and stops the servers.
    Quit Browser
    Close Browser    ALL
    Stop Test Servers

Library Should Still Route The Page
    [Documentation]    The library is still attached: a mocked socket greets the page.
    Route WebSocket    **/greet
    Send On Open    still attached
    Go To    ${CHAT}
    Get Text    id=last    ==    still attached
    Server Should Not Have Seen Anything

Reattach
    [Documentation]    Leaves the page blank (no warning) and attaches again.
    Go To    about:blank
    Attach To Browser    ${CDP}

Close Page And Reattach
    [Documentation]    Closes the extra page of a test and attaches again.
    Close Page
    Reattach

Run In Page
    [Documentation]    Browser library runs ${function} with ${arg} in its page; returns
    ...    what it resolves to.
    [Arguments]    ${function}    ${arg}=${None}
    ${result} =    Evaluate JavaScript    ${None}    ${function}    arg=${arg}
    RETURN    ${result}
