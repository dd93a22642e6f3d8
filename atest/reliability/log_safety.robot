*** Settings ***
Documentation       The log never runs page content: runs nested/log_safety_log.txt in a
...                 robot of its own, where the page sends markup with script in it, a test
...                 message in HTML gets a loop error quoting that text, and the page calls
...                 the library's watch binding itself; then opens its log.html in Chromium,
...                 as a person would, and checks that no script of the page ran there and
...                 that its text is shown as text.
Library             Collections
Library             NestedRun.py    ${CURDIR}${/}nested
Library             WsRouteLibrary    timeout=3 s
Suite Setup         Run The Nested Suite And Open A Browser
Suite Teardown      Quit Browser


*** Variables ***
${LOG}              ${EMPTY}
${PAYLOAD}          <img src=x onerror="window.__pwned='img';document.title='pwned'"><script>window.__pwned='script'</script>
# The error quotes the page's message cut to 80 characters.
${SHOWN}            <img src=x onerror="window.__pwned='img';document.title='pwned'"><script>window.
${ERROR}            Reply template '{{missing}}' has placeholder {{missing}} that message
...                 '${SHOWN}'... (105 chars) cannot fill. (rule 1: Reply When Sent '*'
...                 (match=glob) on route '**/echo')
${HIDDEN}           An error on the WebSockets of this test was hidden by a keyword such as
...                 'Run Keyword And Ignore Error' or 'Wait Until Keyword Succeeds': ${ERROR}
# What the log shows at a test: its text, the elements made of the page's markup, and
# whether a script of the page ran (after every image of the log has loaded or failed).
${READ LOG}         SEPARATOR=\n
...                 async (id) => {
...                 const test = document.getElementById(id);
...                 if (!test || !test.textContent.includes('WebSocket traffic')) return null;
...                 const images = [...document.images];
...                 await Promise.all(images.map((i) => i.complete ? null : new Promise((r) => { i.addEventListener('load', r); i.addEventListener('error', r); })));
...                 await new Promise((r) => setTimeout(r, 100));
...                 return {
...                 text: test.textContent, title: document.title, pwned: window.__pwned ?? null,
...                 planted: document.querySelectorAll('img[src="x"], img[onerror], .message script, td script, svg script').length,
...                 };
...                 }


*** Test Cases ***
A Hidden Loop Error Is Added To An HTML Message As Text
    ${status} =    Nested Test Status    log_safety_log    HTML Message With A Hidden Loop Error From The Page
    Should Be Equal    ${status}
    ...    FAIL: *HTML*<b>The page broke</b>\n\n${{html.escape($HIDDEN, quote=False)}}
    ${log} =    Log At Test    HTML Message With A Hidden Loop Error From The Page
    Should Contain    ${log}[text]    The page broke\n\n${HIDDEN}
    No Script Of The Page Ran    ${log}

A Loop Error Robot Framework Already Added Is Not Added Again
    ${status} =    Nested Test Status    log_safety_log    HTML Message And A Loop Error In One Failure
    Should Be Equal    ${status}
    ...    FAIL: *HTML* Several failures occurred:\n\n1) <b>First</b>\n\n2) ${{html.escape($ERROR, quote=False)}}
    ${log} =    Log At Test    HTML Message And A Loop Error In One Failure
    Should Contain    ${log}[text]    2) ${ERROR}
    No Script Of The Page Ran    ${log}

The Page's Text In The Traffic Table And Diagram Is Text
    ${log} =    Log At Test    The Page Calls The Watch Binding Itself
    Should Contain    ${log}[text]    '${PAYLOAD}'
    No Script Of The Page Ran    ${log}

The Page Cannot Forge Watched Traffic
    [Documentation]    The nested test checks the journal: only the real messages and the
    ...    real close, and no error from the NaN, Infinity and huge numbers the page sent.
    ${status} =    Nested Test Status    log_safety_log    The Page Calls The Watch Binding Itself
    Should Be Equal    ${status}    PASS
    ${status} =    Nested Test Status    log_safety_log    The Page Forges A Plausible Close
    Should Be Equal    ${status}    PASS

The Log Says The Page's Calls To The Watch Binding Were Ignored
    ${tables} =    Traffic Tables    log_safety_log    The Page Calls The Watch Binding Itself
    Length Should Be    ${tables}    1
    VAR    ${notes} =    ${tables}[0][notes]
    Length Should Be    ${notes}    1
    Should Match Regexp    ${notes}[0]
    ...    ^The page made \\d+ calls? to the library's watch binding \\(__wsrouteWatch\\) that
    ...    ${SPACE}the library's script did not make: ignored, nothing recorded\\. The first: .+$
    VAR    ${rows} =    ${tables}[0][rows]
    ${kinds} =    Evaluate    [row[1] for row in $rows]
    Should Be Equal    ${kinds}    ${{['open', 'page →', '→ page', 'page →', '→ page', 'close']}}
    Should Be Equal    ${rows}[-1][2]    code 1000, reason 'bye'


*** Keywords ***
Run The Nested Suite And Open A Browser
    [Documentation]    Runs nested/log_safety_log.txt with a log.html and opens a browser.
    ${url} =    Run Nested Suite With Log    log_safety_log    ${OUTPUT DIR}
    VAR    ${LOG} =    ${url}    scope=SUITE
    Launch Browser
    Open Page

Log At Test
    [Documentation]    Opens the nested log at the link of ${test}, as a person following
    ...    it would, and returns what it shows there (see ${READ LOG}).
    [Arguments]    ${test}
    ${id} =    Nested Test Id    log_safety_log    ${test}
    Navigate To    about:blank
    Navigate To    ${LOG}#${id}
    ${log} =    Wait Until Keyword Succeeds    30 s    100 ms    Log Is Shown    ${id}
    RETURN    ${log}

Log Is Shown
    [Documentation]    Returns what the log shows at test ${id}; fails while it shows nothing.
    [Arguments]    ${id}
    ${log} =    Run JavaScript    ${READ LOG}    ${id}
    Should Not Be Equal    ${log}    ${None}    The log shows no traffic in ${id} yet.
    RETURN    ${log}

No Script Of The Page Ran
    [Documentation]    Fails if the log made elements of the page's markup or ran its script.
    [Arguments]    ${log}
    Should Be Equal    ${log}[pwned]    ${None}    A script of the page ran in the log.
    Should Not Be Equal    ${log}[title]    pwned    A script of the page ran in the log.
    Should Be Equal    ${log}[planted]    ${0}    The log made elements of the page's markup.
