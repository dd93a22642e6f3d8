*** Settings ***
Documentation       Exact failure messages of misuse, and errors on the event loop failing the
...                 test in which they happened.
Resource            core.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${BAD_CODE}         cannot be sent by a server. Use 1000-1003, 1007-1014 or 3000-4999
...                 (1000 is a normal closure, 4000-4999 are free for applications).
${NO_ROUTE}         No WebSocket route exists yet. Route one first, e.g. 'Route WebSocket${SPACE * 4}**/chat'.


*** Test Cases ***
Invalid Glob With An Unmatched Opening Brace
    [Documentation]    FAIL URL pattern '**/{chat,feed' is not a valid glob: unmatched '{'. \
    ...    Escape a literal brace as '\\{' or '\\}'.
    Route WebSocket    **/{chat,feed

Invalid Glob With An Unmatched Closing Brace
    [Documentation]    FAIL URL pattern '**/chat}' is not a valid glob: unmatched '}'. \
    ...    Escape a literal brace as '\\{' or '\\}'.
    Route WebSocket    **/chat}

Invalid Glob With Nested Braces
    [Documentation]    FAIL URL pattern '**/{a,{b,c}}' is not a valid glob: nested '{' is not supported. \
    ...    Escape a literal brace as '\\{' or '\\}'.
    Route WebSocket    **/{a,{b,c}}

Invalid Regular Expression Pattern
    [Documentation]    FAIL URL pattern '/chat(\\d+/i' is not a valid regular expression: \
    ...    missing ), unterminated subpattern at position 4.
    Route WebSocket    /chat(\\d+/i

Empty Pattern
    [Documentation]    FAIL URL pattern '' is empty. Give a glob such as '**/chat' or a regular \
    ...    expression such as '/chat\\?room=\\d+/'.
    Route WebSocket    ${EMPTY}

An Invalid Pattern Leaves The Routes As They Were
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Run Keyword And Expect Error    URL pattern '**/{' is not a valid glob: *    Route WebSocket    **/{
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong

Invalid Json With Match Json
    [Documentation]    FAIL Message '{"op": join}' is not valid JSON (Expecting value: line 1 column 8 \
    ...    (char 7)), but match=json needs a JSON document, e.g. {"type": "ping"}. Use match=exact, \
    ...    glob or regexp to compare text.
    Route WebSocket    **/echo
    Reply When Sent    {"op": join}    reply    match=json

Invalid Json Fails Every Keyword That Matches
    Route WebSocket    **/echo
    Run Keyword And Expect Error    Message '{bad' is not valid JSON*
    ...    Drop When Sent    {bad    match=json
    Run Keyword And Expect Error    Message '{bad' is not valid JSON*
    ...    Close Socket When Sent    {bad    match=json
    Run Keyword And Expect Error    Message '{bad' is not valid JSON*
    ...    Sent Messages Should Contain    {bad    match=json
    Run Keyword And Expect Error    Message '{bad' is not valid JSON*
    ...    Wait For Received Message    {bad    match=json    timeout=1 s

Invalid Regular Expression With Match Regexp
    [Documentation]    FAIL Message pattern 'buy (\\d+' is not a valid regular expression: \
    ...    missing ), unterminated subpattern at position 4.
    Route WebSocket    **/echo
    Reply When Sent    buy (\\d+    bought    match=regexp

Unknown Match Mode
    [Documentation]    FAIL ValueError: Argument 'match' got value 'fuzzy' that cannot be converted \
    ...    to MatchMode: MatchMode does not have member 'fuzzy'. Available: 'exact', 'glob', 'json' \
    ...    and 'regexp'
    Route WebSocket    **/echo
    Reply When Sent    ping    pong    match=fuzzy

Close Code 1005 Is Refused
    [Documentation]    FAIL Close code 1005 ${BAD_CODE}
    Route WebSocket    **/echo
    Close Socket    code=1005

Close Code 999 Is Refused
    [Documentation]    FAIL Close code 999 ${BAD_CODE}
    Route WebSocket    **/echo
    Close Socket    code=999

Close Code 5000 Is Refused
    [Documentation]    FAIL Close code 5000 ${BAD_CODE}
    Route WebSocket    **/echo
    Close Socket    code=5000

Close Socket When Sent Refuses Codes A Server May Not Send
    Route WebSocket    **/echo
    FOR    ${code}    IN    1005    999    5000    1004    1006    1015    2999
        Run Keyword And Expect Error    Close code ${code} ${BAD_CODE}
        ...    Close Socket When Sent    bye    code=${code}
    END

A Refused Close Code Closes Nothing
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Run Keyword And Expect Error    Close code 1005 *    Close Socket    code=1005
    Run Keyword And Expect Error    Close code 1005 *    Close Socket When Sent    bye    code=1005
    Page Sends    bye
    Sleep    100 ms
    Page Socket Should Be Open

Times Below One Is Refused
    [Documentation]    FAIL times=0 would never handle a message. Give a number of 1 or more, or None for no limit.
    Route WebSocket    **/echo
    Reply When Sent    ping    pong    times=0

Negative Delay Is Refused
    [Documentation]    FAIL delay=-1 s is negative. Use 0 or more.
    Route WebSocket    **/echo
    Reply When Sent    ping    pong    delay=-1 s

Rule For A Pattern That Was Never Routed
    [Documentation]    FAIL No WebSocket route has pattern '**/nope' (routed now: '**/echo', '**/greet'). \
    ...    Route it first with 'Route WebSocket${SPACE * 4}**/nope'.
    Route WebSocket    **/echo
    Route WebSocket    **/greet
    Reply When Sent    ping    pong    url=**/nope

Every Keyword With A Url Fails For A Pattern That Was Never Routed
    Route WebSocket    **/echo
    VAR    ${message} =    No WebSocket route has pattern '**/nope' (routed now: '**/echo').
    ...    Route it first with 'Route WebSocket${SPACE * 4}**/nope'.
    Run Keyword And Expect Error    ${message}    Reply When Sent    ping    pong    url=**/nope
    Run Keyword And Expect Error    ${message}    Drop When Sent    ping    url=**/nope
    Run Keyword And Expect Error    ${message}    Close Socket When Sent    ping    url=**/nope
    Run Keyword And Expect Error    ${message}    Send On Open    hello    url=**/nope
    Run Keyword And Expect Error    ${message}    Send To Page    hello    url=**/nope
    Run Keyword And Expect Error    ${message}    Close Socket    url=**/nope
    Run Keyword And Expect Error    ${message}    Get WebSocket Urls    url=**/nope
    Run Keyword And Expect Error    ${message}    Connect To Server    url=**/nope
    Run Keyword And Expect Error    ${message}    Unroute WebSocket    url=**/nope

A Pattern Must Be Given Exactly As It Was Routed
    [Documentation]    FAIL No WebSocket route has pattern '**/ech*' (routed now: '**/echo'). \
    ...    Route it first with 'Route WebSocket${SPACE * 4}**/ech*'.
    Route WebSocket    **/echo
    Send To Page    hello    url=**/ech*

Rule With No Route At All
    [Documentation]    FAIL ${NO_ROUTE}
    Reply When Sent    ping    pong

Every Keyword For The Current Route Fails With No Route At All
    Run Keyword And Expect Error    ${NO_ROUTE}    Drop When Sent    ping
    Run Keyword And Expect Error    ${NO_ROUTE}    Close Socket When Sent    ping
    Run Keyword And Expect Error    ${NO_ROUTE}    Send On Open    hello
    Run Keyword And Expect Error    ${NO_ROUTE}    Send To Page    hello
    Run Keyword And Expect Error    ${NO_ROUTE}    Close Socket
    Run Keyword And Expect Error    ${NO_ROUTE}    Get WebSocket Urls
    Run Keyword And Expect Error    ${NO_ROUTE}    Connect To Server
    Run Keyword And Expect Error    ${NO_ROUTE}    Unroute WebSocket

Unfillable Template Fails The Test When It Ends
    [Documentation]    The page sends on a timer after the last keyword of this library ran, so
    ...    the error can only fail the test when the test ends.
    ...
    ...    FAIL Reply template 'hello {{name}}' has placeholder {{name}} that message 'hi' \
    ...    cannot fill. (rule 1: Reply When Sent 'hi' on route '**/echo')
    Route WebSocket    **/echo
    Reply When Sent    hi    hello {{name}}
    Open Socket    /echo
    Page Should Open Socket
    Run JavaScript    () => { setTimeout(() => sockets[0].send('hi'), 300); }
    Sleep    1 s

The Error Of The Previous Test Does Not Fail This One
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong

Unfillable Template Fails The Next Keyword Of The Library
    [Documentation]    FAIL Reply template '{{1}}+{{2}}' has placeholder {{2}} that message 'add 5' \
    ...    cannot fill. (rule 1: Reply When Sent 'add (\\d+)' (match=regexp) on route '**/echo')
    Route WebSocket    **/echo
    Reply When Sent    add (\\d+)    {{1}}+{{2}}    match=regexp
    Open Socket    /echo
    Page Should Open Socket
    Run JavaScript    () => { setTimeout(() => sockets[0].send('add 5'), 100); }
    Sleep    600 ms
    Get Sent Messages
    Fail    Not reached: the library keyword above fails.

Unfillable Json Path Sends Nothing
    [Documentation]    FAIL Reply template '{{user.name}} joined' has placeholder {{user.name}} that \
    ...    message '{"op": "join", "user": {}}' cannot fill. (rule 2: Reply When Sent '{"op": "join"}' \
    ...    (match=json) on route '**/echo')
    Route WebSocket    **/echo
    Reply When Sent    marker    marker-ack
    Reply When Sent    {"op": "join"}    {{user.name}} joined    match=json
    Open Socket    /echo
    Page Sends    {"op": "join", "user": {}}
    Page Sends    marker
    Wait Until Keyword Succeeds    3 s    20 ms    Page Has Received    marker-ack
    ${messages} =    Page Messages
    Should Be Equal    ${messages}    ${{['marker-ack']}}

Two Errors In One Test Are Both Reported
    [Documentation]    FAIL 2 errors happened on WebSockets:
    ...    1) Reply template '{{x}}' has placeholder {{x}} that message 'one' cannot fill. \
    ...    (rule 1: Reply When Sent '*' (match=glob) on route '**/echo')
    ...    2) Reply template '{{x}}' has placeholder {{x}} that message 'two' cannot fill. \
    ...    (rule 1: Reply When Sent '*' (match=glob) on route '**/echo')
    Route WebSocket    **/echo
    Reply When Sent    *    {{x}}    match=glob
    Open Socket    /echo
    Page Should Open Socket
    Run JavaScript    () => { setTimeout(() => { sockets[0].send('one'); sockets[0].send('two'); }, 200); }
    Sleep    800 ms
