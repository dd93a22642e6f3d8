*** Settings ***
Documentation       WsRouteLibrary attached to a Chromium that SeleniumLibrary runs on Selenium
...                 Grid 4. The suite starts a Grid standalone on a free port of 127.0.0.1 (its
...                 jar from npm, the system Chromium and chromedriver); SeleniumLibrary opens a
...                 remote Chromium there and `Attach To Browser    SeleniumLibrary` finds the
...                 session's DevTools address (se:cdp) by itself: no debugging port to choose.
Resource            interop.resource
Library             SeleniumLibrary    timeout=10 s
Library             resources/SeleniumGrid.py
Suite Setup         Start Grid And Attach
Suite Teardown      Stop Grid
Test Setup          Clear Server Events


*** Variables ***
${GRID}             ${EMPTY}
${NO_BROWSER}       Cannot attach to SeleniumLibrary's browser: SeleniumLibrary has no browser
...                 open. Open one with its 'Open Browser' (chrome, chromium or edge) first.


*** Test Cases ***
Attaching Finds The Grid Session's DevTools Address
    [Documentation]    LOG 2:1 INFO GLOB:
    ...    SeleniumLibrary's browser: ${GRID_WS}/session/*/se/cdp (Selenium Grid's se:cdp).
    Quit Browser
    Attach To Browser    SeleniumLibrary
    ${se_cdp} =    Selenium Capability    se:cdp
    Should Match    ${se_cdp}    ${GRID_WS}/session/*/se/cdp

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

A Window Opened After Attaching Is Routed
    Route WebSocket    **/greet
    Send On Open    new window, mocked
    Go To    ${HTTP}/chat.html?auto=no
    Execute Javascript    window.open(arguments[0])    ARGUMENTS    ${CHAT}
    Switch Window    NEW
    Page Should Show    last    new window, mocked
    Server Should Not Have Seen Anything
    [Teardown]    Close New Window

Attaching Follows SeleniumLibrary's Current Browser
    Open Grid Chromium    alias=second
    Attach To Browser    SeleniumLibrary
    Route WebSocket    **/greet
    Send On Open    second browser, mocked
    Go To    ${CHAT}
    Page Should Show    last    second browser, mocked
    Switch Browser    first
    Go To    ${CHAT}
    Page Should Show    last    welcome
    [Teardown]    Close Second Browser And Reattach

Grid's se:cdp Given By Hand
    ${se_cdp} =    Selenium Capability    se:cdp
    Attach To Browser    ${se_cdp}
    Route WebSocket    **/greet
    Send On Open    attached by hand
    Go To    ${CHAT}
    Page Should Show    last    attached by hand

Quit Browser Only Disconnects From The Grid Session
    Quit Browser
    Go To    ${CHAT}
    Title Should Be    Interop chat
    Page Should Show    last    welcome
    [Teardown]    Reattach

Dedicated Worker Socket Is Mocked
    Mocked Socket In A Worker    dedicated

Shared Worker Socket Meets The Server
    Connected Socket In A Worker    shared

Attaching To A Closed Grid Session Fails
    [Documentation]    FAIL STARTS: Cannot attach to a browser at '${GRID_WS}/session/
    ${se_cdp} =    Selenium Capability    se:cdp
    Close All Browsers
    Quit Browser
    Attach To Browser    ${se_cdp}

Attaching With No Browser Open Fails
    [Documentation]    FAIL ${NO_BROWSER}
    Attach To Browser    SeleniumLibrary


*** Keywords ***
Start Grid And Attach
    [Documentation]    Starts the servers and the Grid; SeleniumLibrary opens a Chromium there,
    ...    this library attaches to it.
    ${driver} =    Chromedriver Executable
    ${chromium} =    Chromium Executable
    Start Chat Servers
    ${grid} =    Start Selenium Grid    chromium=${chromium}    chromedriver=${driver}
    VAR    ${GRID} =    ${grid}    scope=SUITE
    VAR    ${GRID_WS} =    ${grid.replace('http://', 'ws://')}    scope=SUITE
    Open Grid Chromium    alias=first
    Attach To Browser    SeleniumLibrary

Open Grid Chromium
    [Documentation]    SeleniumLibrary opens a headless Chromium on the suite's Grid.
    [Arguments]    ${alias}
    VAR    ${options} =    add_argument("--headless=new")    add_argument("--no-sandbox")
    ...    separator=;
    Open Browser    about:blank    chrome    alias=${alias}    remote_url=${GRID}
    ...    options=${options}

Stop Grid
    [Documentation]    Disconnects, closes SeleniumLibrary's browsers, stops the Grid and servers.
    Quit Browser
    Close All Browsers
    Stop Selenium Grid
    Stop Test Servers

Page Should Show
    [Documentation]    Waits until the element with id ${id} shows exactly ${text}.
    [Arguments]    ${id}    ${text}
    Wait Until Keyword Succeeds    10 s    100 ms    Element Text Should Be    id=${id}    ${text}

Close New Window
    [Documentation]    Closes the window a test opened and goes back to the first one.
    Close Window
    Switch Window    MAIN

Close Second Browser And Reattach
    [Documentation]    Closes the browser named second; attaches to the first one again.
    Switch Browser    second
    Close Browser
    Switch Browser    first
    Reattach

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
