*** Settings ***
Documentation       Browser session: Launch Browser, Open Page, Navigate To, Run JavaScript,
...                 Quit Browser, base_url, and the failures when no browser is there.
Resource            core.resource
Library             OperatingSystem
Suite Setup         Start Servers Without Browser
Suite Teardown      Stop Servers And Browser


*** Variables ***
${NO_BROWSER}       No browser is open. Start one with 'Launch Browser' or 'Open Page',
...                 or attach to one with 'Attach To Browser'.
${NO_PAGE}          No page is open. Open one with 'Open Page'.


*** Test Cases ***
Keywords Needing A Browser Fail Before One Exists
    Quit Browser
    Run Keyword And Expect Error    ${NO_BROWSER}    Navigate To    ${HTTP}/index.html
    Run Keyword And Expect Error    ${NO_BROWSER}    Run JavaScript    1 + 1
    Run Keyword And Expect Error    ${NO_BROWSER}    Route WebSocket    **/echo    scope=page

Run JavaScript Before Any Browser Names The Ways To Start One
    [Documentation]    FAIL ${NO_BROWSER}
    Quit Browser
    Run JavaScript    document.title

Keywords Needing A Page Fail When The Browser Has None
    [Setup]    Launch Browser
    Run Keyword And Expect Error    ${NO_PAGE}    Navigate To    ${HTTP}/index.html
    Run Keyword And Expect Error    ${NO_PAGE}    Run JavaScript    1 + 1
    Run Keyword And Expect Error    ${NO_PAGE}    Route WebSocket    **/echo    scope=page

Open Page Launches A Browser When None Runs
    Quit Browser
    ${id} =    Open Page    ${HTTP}/index.html
    Should Match Regexp    ${id}    ^page-\\d+$
    ${title} =    Run JavaScript    document.title
    Should Be Equal    ${title}    WebSocket test page

A Context Route Made Before Any Browser Applies Once A Page Opens
    Quit Browser
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Page    ${HTTP}/index.html
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Server Should Not Have Seen Anything    /echo

Open Page Returns A New Id And Makes The New Page Current
    [Setup]    Launch Browser
    ${first} =    Open Page    ${HTTP}/index.html?page=first
    ${second} =    Open Page    ${HTTP}/index.html?page=second
    Should Match Regexp    ${first}    ^page-\\d+$
    Should Match Regexp    ${second}    ^page-\\d+$
    Should Not Be Equal    ${first}    ${second}
    ${search} =    Run JavaScript    location.search
    Should Be Equal    ${search}    ?page=second

Open Page Without Url Opens A Blank Page
    [Setup]    Launch Browser
    Open Page
    ${href} =    Run JavaScript    location.href
    Should Be Equal    ${href}    about:blank

Navigate To Loads The Url In The Current Page
    [Setup]    Restart Browser
    Navigate To    ${HTTP}/index.html?visit=2
    ${search} =    Run JavaScript    location.search
    Should Be Equal    ${search}    ?visit=2
    ${ready} =    Run JavaScript    document.readyState
    Should Be Equal    ${ready}    complete

Base Url Resolves Relative Urls Of Open Page And Navigate To
    Launch Browser    base_url=${HTTP}/
    Open Page    index.html?via=open
    ${href} =    Run JavaScript    location.href
    Should Be Equal    ${href}    ${HTTP}/index.html?via=open
    Navigate To    /index.html?via=navigate
    ${href} =    Run JavaScript    location.href
    Should Be Equal    ${href}    ${HTTP}/index.html?via=navigate

Relative Route Pattern Resolves Against Base Url With Ws Scheme
    [Documentation]    The relative pattern matches the base URL's host and port only: the same
    ...    path on the WebSocket server's port is not routed and reaches that server.
    Launch Browser    base_url=${HTTP}
    Open Page    /index.html
    ${pattern} =    Route WebSocket    /mock
    Should Be Equal    ${pattern}    /mock
    Reply When Sent    ping    pong
    ${base} =    Ws Url Of    ${HTTP}
    Open Socket At    ${base}/mock
    Open Socket At    ${WS}/mock
    Page Sends    ping    socket=0
    Page Sends    ping    socket=1
    Page Messages Should Be    pong    socket=0
    Page Messages Should Be    ping    socket=1
    Server Should Have Seen    /mock    ping
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$base + '/mock']}}

Relative Route Pattern Without Slash Resolves Against The Base Path
    Launch Browser    base_url=${HTTP}/app/
    Open Page    ${HTTP}/index.html
    Route WebSocket    feed
    Send On Open    hello
    ${base} =    Ws Url Of    ${HTTP}
    Open Socket At    ${base}/app/feed
    Open Socket At    ${base}/feed
    Page Messages Should Be    hello    socket=0
    Page Should See Close    socket=1
    ${messages} =    Page Messages    socket=1
    Should Be Empty    ${messages}
    ${urls} =    Get WebSocket Urls
    Should Be Equal    ${urls}    ${{[$base + '/app/feed']}}

Run JavaScript Evaluates An Expression
    [Setup]    Restart Browser
    ${sum} =    Run JavaScript    1 + 2
    Should Be Equal    ${sum}    ${3}
    ${title} =    Run JavaScript    document.title
    Should Be Equal    ${title}    WebSocket test page
    ${nothing} =    Run JavaScript    undefined
    Should Be Equal    ${nothing}    ${None}

Run JavaScript Calls A Function With An Argument
    [Setup]    Restart Browser
    ${double} =    Run JavaScript    (n) => n * 2    ${21}
    Should Be Equal    ${double}    ${42}
    ${result} =    Run JavaScript    ([a, b]) => ({sum: a + b, items: [a, b], text: a + "-" + b})
    ...    ${{[1, 2]}}
    Should Be Equal    ${result}    ${{{'sum': 3, 'items': [1, 2], 'text': '1-2'}}}
    ${dict} =    Run JavaScript    (d) => d.name.toUpperCase()    ${{{'name': 'robot'}}}
    Should Be Equal    ${dict}    ROBOT

Run JavaScript Awaits A Promise
    [Setup]    Restart Browser
    ${later} =    Run JavaScript    new Promise((resolve) => setTimeout(() => resolve('later'), 100))
    Should Be Equal    ${later}    later

Run JavaScript Fails With The Page's Error
    [Documentation]    FAIL STARTS: Page.evaluate: Error: boom
    [Setup]    Restart Browser
    Run JavaScript    () => { throw new Error('boom') }

Quit Browser Closes The Browser And Can Be Repeated
    [Setup]    Restart Browser
    Quit Browser
    Quit Browser
    Run Keyword And Expect Error    ${NO_BROWSER}    Run JavaScript    1 + 1

Routes Outlive Quit Browser
    [Setup]    Restart Browser
    Route WebSocket    **/echo
    Reply When Sent    ping    pong after restart
    Quit Browser
    Open Page    ${HTTP}/index.html
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong after restart

Launch Browser Replaces The Running Browser
    [Setup]    Restart Browser
    Run JavaScript    window.marker = 'old browser'
    Launch Browser
    Run Keyword And Expect Error    ${NO_PAGE}    Run JavaScript    window.marker
    Open Page    ${HTTP}/index.html
    ${marker} =    Run JavaScript    window.marker === undefined
    Should Be True    ${marker}

Launch Browser Without Any Browser Names Both Ways To Get One
    [Documentation]    FAIL No Chromium found: Playwright's own build is not installed and no \
    ...    system Chromium or Chrome is on PATH (chromium, chromium-browser, google-chrome, \
    ...    google-chrome-stable, chrome). Get one of them: run 'python -m playwright install \
    ...    chromium', or install a system Chromium (e.g. 'apt-get install chromium'), or pass \
    ...    executable_path=/path/to/chrome.
    [Setup]    Hide All Browsers
    Launch Browser
    [Teardown]    Show Browsers Again

Launch Browser Of A Kind That Is Not Installed Says How To Install It
    [Documentation]    FAIL Playwright's firefox build is not installed. Run 'python -m \
    ...    playwright install firefox', or pass executable_path=/path/to/firefox.
    [Setup]    Hide All Browsers
    Launch Browser    firefox
    [Teardown]    Show Browsers Again

Launch Browser With An Executable That Does Not Exist
    [Documentation]    FAIL BrowserType.launch: Failed to launch chromium because executable \
    ...    doesn't exist at /nonexistent/chrome
    Launch Browser    executable_path=/nonexistent/chrome

Launch Browser With An Unsupported Browser Name
    [Documentation]    FAIL Browser 'netscape' is not supported. Use chromium, firefox or webkit.
    Launch Browser    netscape

Launch Browser Finds The System Chromium By Itself
    [Setup]    Quit Browser
    Launch Browser
    Open Page    ${HTTP}/index.html
    ${agent} =    Run JavaScript    navigator.userAgent
    Should Contain    ${agent}    HeadlessChrome


*** Keywords ***
Start Servers Without Browser
    [Documentation]    The test servers only: every test decides about the browser itself.
    ${urls} =    Start Test Servers
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE

Hide All Browsers
    [Documentation]    No Playwright build (empty PLAYWRIGHT_BROWSERS_PATH) and no browser on PATH.
    ...    Quitting stops the Playwright driver, so the next launch starts one that sees this.
    Quit Browser
    VAR    ${empty} =    ${TEMPDIR}${/}no-browsers-${{__import__('os').getpid()}}
    Create Directory    ${empty}
    VAR    ${OLD_PATH} =    %{PATH}    scope=TEST
    Set Environment Variable    PATH    ${empty}
    Set Environment Variable    PLAYWRIGHT_BROWSERS_PATH    ${empty}

Show Browsers Again
    [Documentation]    Undoes Hide All Browsers and stops the driver that saw no browsers.
    Set Environment Variable    PATH    ${OLD_PATH}
    Remove Environment Variable    PLAYWRIGHT_BROWSERS_PATH
    Quit Browser
