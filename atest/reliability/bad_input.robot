*** Settings ***
Documentation       The bad-input matrix: every keyword argument that can be wrong, each row
...                 failing at once with a message that names the argument and the fix. Rows
...                 run inside 'Run Keyword And Expect Error' with the exact message; the test
...                 timeout turns a hang into a failure.
Resource            reliability.resource
Suite Setup         Servers, Browser And A Test Scope In The Suite Setup
Suite Teardown      Stop Servers And Browser
Test Setup          Route WebSocket    **/echo
Test Template       Fails At Once With
Test Timeout        20 s


*** Variables ***
${MATCH_MODES}      Available: 'exact', 'glob', 'json' and 'regexp'
${TIMES}            would never handle a message. Give a number of 1 or more, or None for no limit.
${NEGATIVE}         is negative. Use 0 or more.
${TOO_LONG}         is longer than 24 hours, the longest time the library waits or delays. Give a
...                 shorter time, such as '10 s' or '5 min'.
${CODE}             cannot be sent by a server. Use 1000-1003, 1007-1014 or 3000-4999 (1000 is a
...                 normal closure, 4000-4999 are free for applications).
${REASON}           is 124 bytes of UTF-8, but a close frame carries at most 123 (RFC 6455). Give a
...                 shorter reason.
${NEVER}            No WebSocket route has pattern '**/never' (routed now: '**/echo'). Route it
...                 first with 'Route WebSocket${SPACE * 4}**/never'.
${WHITESPACE}       so it can never match a WebSocket URL (URLs have no spaces).
${BAD_JSON}         is not valid JSON (Expecting property name enclosed in double quotes: line 1
...                 column 2 (char 1)), but match=json needs a JSON document, e.g. {"type": "ping"}.
...                 Use match=exact, glob or regexp to compare text.
${LONE}             has a lone UTF-16 surrogate ('\\ud800' at index 1), which UTF-8 text frames
...                 cannot carry. Use a whole character (an emoji is two surrogates together), or
...                 bytes for a binary frame.
${SCOPE_IN_SETUP}   scope=Test can only be used inside a test. Use scope=Suite in a suite setup or
...                 teardown.
${CLOSED}           ${EMPTY}
${SETUP_ERROR}      ${EMPTY}


*** Test Cases ***    EXPECTED    KEYWORD    ARGUMENTS
Unknown Match Mode In A Rule
    ValueError: Argument 'match' got value 'nope' that cannot be converted to MatchMode: MatchMode does not have member 'nope'. ${MATCH_MODES}
    ...    Reply When Sent    ping    pong    match=nope

Unknown Match Mode In A Wait
    ValueError: Argument 'match' got value 'nope' that cannot be converted to MatchMode: MatchMode does not have member 'nope'. ${MATCH_MODES}
    ...    Wait For Sent Message    ping    match=nope

Unknown Match Mode In An Assertion
    ValueError: Argument 'match' got value 'Glob!' that cannot be converted to MatchMode: MatchMode does not have member 'Glob!'. ${MATCH_MODES}
    ...    Received Messages Should Contain    ping    match=Glob!

Times Zero
    times\=0 ${TIMES}    Reply When Sent    ping    pong    times=0

Times Negative
    times\=-1 ${TIMES}    Reply When Sent    ping    pong    times=-1

Times Zero On A Drop Rule
    times\=0 ${TIMES}    Drop When Sent    ping    times=0

Times Negative On A Received Rule
    times\=-3 ${TIMES}    Drop When Received    ping    times=-3

Times Not A Number
    ValueError: Argument 'times' got value 'abc' that cannot be converted to integer or None.
    ...    Reply When Sent    ping    pong    times=abc

Delay Negative
    delay\=-1 s ${NEGATIVE}    Reply When Sent    ping    pong    delay=-1 s

Delay Negative On A Received Rule
    delay\=-0.5 s ${NEGATIVE}    Reply When Received    ping    pong    delay=-500 ms

Delay Beyond A Day
    delay\='1e300' ${TOO_LONG}
    ...    Reply When Sent    ping    pong    delay=1e300

Timeout Beyond A Day
    timeout\='1e300' ${TOO_LONG}
    ...    Wait For Sent Message    ping    timeout=1e300

Timeout Infinite
    timeout\='inf' ${TOO_LONG}
    ...    Wait For Received Message    timeout=inf

Timeout Not A Time
    timeout\='abc' is not a time. Use a Robot Framework time string such as '500 ms', '2 s' or '1 min'.
    ...    Wait For Sent Message    ping    timeout=abc

Timeout Negative On Send To Page
    timeout\=-1 s ${NEGATIVE}    Send To Page    hello    timeout=-1 s

Timeout Negative On Wait For WebSocket
    timeout\=-2 s ${NEGATIVE}    Wait For WebSocket    timeout=-2 s

Default Timeout Beyond A Day
    timeout\='1e300' ${TOO_LONG}
    ...    Set WebSocket Timeout    1e300

Default Timeout Infinite
    timeout\='inf' ${TOO_LONG}
    ...    Set WebSocket Timeout    inf

Default Timeout Negative
    timeout\=-1 s ${NEGATIVE}    Set WebSocket Timeout    -1 s

Default Timeout Not A Time
    timeout\='soon' is not a time. Use a Robot Framework time string such as '500 ms', '2 s' or '1 min'.
    ...    Set WebSocket Timeout    soon

Timeout Scope Unknown
    ValueError: Argument 'scope' got value 'nonsense' that cannot be converted to SettingScope: SettingScope does not have member 'nonsense'. Available: 'Global', 'Suite' and 'Test'
    ...    Set WebSocket Timeout    1 s    scope=nonsense

Close Code 999
    Close code 999 ${CODE}    Close Socket    code=999

Close Code 1005
    Close code 1005 ${CODE}    Close Socket    code=1005

Close Code 5000
    Close code 5000 ${CODE}    Close Socket    code=5000

Close Code 1006 In A Rule
    Close code 1006 ${CODE}    Close Socket When Sent    bye    code=1006

Close Code 2999 In A Rule
    Close code 2999 ${CODE}    Close Socket When Sent    bye    code=2999

Close Code Not A Number
    ValueError: Argument 'code' got value 'abc' that cannot be converted to integer or None.
    ...    Close Socket    code=abc

Close Reason Too Long
    Close reason '${{'é' * 40}}'... ${REASON}    Close Socket    reason=${{'é' * 62}}

Close Reason Too Long In A Rule
    Close reason '${{'x' * 40}}'... ${REASON}    Close Socket When Sent    bye    reason=${{'x' * 124}}

Close Reason With A Lone Surrogate
    Close reason 'a\\ud800b' ${LONE}    Close Socket When Sent    bye    reason=${{'a\ud800b'}}

Rule On A Route Never Routed
    ${NEVER}    Reply When Sent    ping    pong    url=**/never

Send To Page On A Route Never Routed
    ${NEVER}    Send To Page    hello    url=**/never

Wait On A Route Never Routed
    ${NEVER}    Wait For Sent Message    url=**/never

Close Socket On A Route Never Routed
    ${NEVER}    Close Socket    url=**/never

Urls Of A Route Never Routed
    ${NEVER}    Get WebSocket Urls    url=**/never

Empty Url Pattern
    URL pattern '' is empty. Give a glob such as '**/chat' or a regular expression such as '/chat\\?room\=\\d+/'.
    ...    Route WebSocket    ${EMPTY}

Url Pattern Of One Space
    URL pattern ' ' is only whitespace, ${WHITESPACE} Give a glob such as '**/chat'.
    ...    Route WebSocket    ${SPACE}

Url Pattern Of Spaces And A Tab
    URL pattern '${SPACE * 2}\\t' is only whitespace, ${WHITESPACE} Give a glob such as '**/chat'.
    ...    Route WebSocket    ${SPACE * 2}\t

Url Pattern With A Leading Space
    URL pattern ' **/chat' has leading or trailing whitespace, ${WHITESPACE} Remove it: '**/chat'.
    ...    Route WebSocket    ${SPACE}**/chat

Url Pattern With A Trailing Line Break
    URL pattern '**/chat\\n' has leading or trailing whitespace, ${WHITESPACE} Remove it: '**/chat'.
    ...    Route WebSocket    **/chat\n

Invalid Url Glob
    URL pattern '**/{chat' is not a valid glob: unmatched '{'. Escape a literal brace as '\\{' or '\\}'.
    ...    Route WebSocket    **/{chat

Invalid Url Regular Expression
    URL pattern '/chat(/' is not a valid regular expression: missing ), unterminated subpattern at position 4.
    ...    Route WebSocket    /chat(/

Unknown Route Scope
    ValueError: Argument 'scope' got value 'nowhere' that cannot be converted to RouteScope: RouteScope does not have member 'nowhere'. Available: 'context' and 'page'
    ...    Route WebSocket    **/chat    scope=nowhere

Invalid Json In A Rule
    Message '{bad' ${BAD_JSON}    Reply When Sent    {bad    x    match=json

Invalid Json In A Wait
    Message '{bad' ${BAD_JSON}    Wait For Sent Message    {bad    match=json

Invalid Json In An Assertion
    Message '{bad' ${BAD_JSON}    Received Messages Should Not Contain    {bad    match=json

Invalid Message Regular Expression
    Message pattern 'buy (\\d+' is not a valid regular expression: missing ), unterminated subpattern at position 4.
    ...    Reply When Sent    buy (\\d+    bought    match=regexp

Lone Surrogate In Send To Page
    Message 'a\\ud800b' ${LONE}    Send To Page    ${{'a\ud800b'}}

Lone Surrogate In Send To Server
    Message 'a\\ud800b' ${LONE}    Send To Server    ${{'a\ud800b'}}

Lone Surrogate In A Reply
    Reply 'a\\ud800b' ${LONE}    Reply When Sent    ping    ${{'a\ud800b'}}

Lone Surrogate In A Received Rule's Reply
    Reply 'a\\ud800b' ${LONE}    Reply When Received    ping    ${{'a\ud800b'}}

Lone Surrogate In Send On Open
    Message 'a\\ud800b' ${LONE}    Send On Open    hello    ${{'a\ud800b'}}

Lone Surrogate In A Message Pattern
    Message 'a\\ud800b' ${LONE}    Drop When Sent    ${{'a\ud800b'}}

Lone Surrogate In A Waited Message
    Message 'a\\ud800b' ${LONE}    Wait For Sent Message    ${{'a\ud800b'}}

Send To Server On A Mocked Route
    Route '**/echo' is mocked: there is no server to send to. Use 'Connect To Server' first.
    ...    Send To Server    hello

Unknown Browser
    Browser 'netscape' is not supported. Use chromium, firefox or webkit.
    ...    Launch Browser    browser=netscape

A Typo In The Browser Name Leaves The Running Browser Alone
    [Template]    NONE
    Run Keyword And Expect Error    Browser 'chrome' is not supported.*    Launch Browser    chrome
    ${sum} =    Run JavaScript    1 + 1
    Should Be Equal As Integers    ${sum}    2

Timeout Scope Test In A Suite Setup
    [Documentation]    The suite setup tried 'Set WebSocket Timeout    1 s    scope=Test'.
    [Template]    NONE
    Should Be Equal    ${SETUP_ERROR}    FAIL: ${SCOPE_IN_SETUP}

Attach To Something That Is No Address
    Cannot attach to 'not-a-url': it is not a DevTools address. Give http://HOST:PORT of a Chromium started with --remote-debugging-port\=PORT, a DevTools WebSocket URL (ws://..., such as Selenium Grid's se:cdp), or SeleniumLibrary for the browser of SeleniumLibrary's current driver.
    ...    Attach To Browser    not-a-url

Attach To A Closed Port
    Cannot attach to a browser at 'http://127.0.0.1:${CLOSED}': BrowserType.connect_over_cdp: connect ECONNREFUSED 127.0.0.1:${CLOSED}. Start Chromium with --remote-debugging-port\=PORT and give http://127.0.0.1:PORT.
    ...    Attach To Browser    http://127.0.0.1:${CLOSED}

Connect To A Browser Server On A Closed Port
    [Documentation]    The message must say what to do, as 'Attach To Browser' does.
    [Template]    Fails At Once Matching
    Cannot connect to a Playwright browser server at 'ws://127.0.0.1:${CLOSED}/x': BrowserType.connect: WebSocket error: connect ECONNREFUSED 127.0.0.1:${CLOSED}. ?*
    ...    Connect To Browser Server    ws://127.0.0.1:${CLOSED}/x


*** Keywords ***
Fails At Once With
    [Documentation]    Runs ${keyword} with the arguments; it must fail with exactly ${expected}.
    [Arguments]    ${expected}    ${keyword}    @{args}    &{named}
    Run Keyword And Expect Error    EQUALS:${expected}    ${keyword}    @{args}    &{named}

Fails At Once Matching
    [Documentation]    Runs ${keyword} with the arguments; its failure must match the glob ${pattern}.
    [Arguments]    ${pattern}    ${keyword}    @{args}    &{named}
    Run Keyword And Expect Error    GLOB:${pattern}    ${keyword}    @{args}    &{named}

Servers, Browser And A Test Scope In The Suite Setup
    [Documentation]    Starts the servers and the browser, and tries a timeout of test scope
    ...    where there is no test; keeps the error for a test to check.
    Start Servers And Browser
    ${port} =    Free Port
    VAR    ${CLOSED} =    ${port}    scope=SUITE
    ${status}    ${message} =    Run Keyword And Ignore Error    Set WebSocket Timeout    1 s    scope=Test
    VAR    ${SETUP_ERROR} =    ${status}: ${message}    scope=SUITE
