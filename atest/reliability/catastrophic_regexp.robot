*** Settings ***
Documentation       Regular expressions with catastrophic backtracking, next to live sockets:
...                 a match is stopped after 100 ms, a rule whose pattern ran too long is
...                 removed, the test fails naming the pattern, and other sockets keep
...                 answering. Waits fail with the same message instead of hanging; URL
...                 patterns written /like this/ are bounded too.
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Test Page
Test Timeout        1 minute


*** Variables ***
${EVIL}             (a|aa)+c
${SLOW}             Message pattern '${EVIL}' took longer than 100 ms on a text of 40 characters
...                 and was stopped. Simplify it: nested repetition such as '(a+)+' or '(a|aa)+'
...                 can take exponential time.
${RULE}             The rule (rule 1: Reply When Sent '${EVIL}' (match=regexp)) was removed from
...                 route '**/evil'.
${RULE_2}           The rule (rule 2: Reply When Sent '${EVIL}' (match=regexp)) was removed from
...                 route '**/evil'.
${URL_SLOW}         took longer than 100 ms on a text of * characters and was stopped. Simplify
...                 it: nested repetition such as '(a+)+' or '(a|aa)+' can take exponential time.


*** Test Cases ***
A Catastrophic Rule Pattern Fails The Test Naming The Pattern
    [Documentation]    FAIL ${SLOW} ${RULE}
    Route WebSocket    **/evil
    Reply When Sent    ${EVIL}    x    match=regexp
    Open Socket    /evil
    Page Sends    ${{'a' * 40}}
    Wait For Sent Message    ${{'a' * 40}}
    Get Sent Messages

Another Route Keeps Answering While And After The Pattern Runs
    [Documentation]    The page sends the 40 a's and at once starts round trips on another
    ...    route's socket; all of them are answered, during and after the match.
    Route WebSocket    **/live
    Reply When Sent    rt *    {{message}}    match=glob
    Route WebSocket    **/evil
    Reply When Sent    ${EVIL}    x    match=regexp
    ${evil} =    Open Socket    /evil
    ${live} =    Open Socket    /live
    Page Should Open Socket    ${evil}
    Page Should Open Socket    ${live}
    Run Keyword And Expect Error    EQUALS:${SLOW} ${RULE}
    ...    Page Sends 40 As And Starts Round Trips    ${evil}    ${live}
    ${during} =    Run JavaScript    window.during
    ${expected} =    Evaluate    [f'rt {n}' for n in range(20)]
    Lists Should Be Equal    ${during}    ${expected}
    Round Trips Should Work    ${live}

Another Connected Socket Keeps Answering
    [Documentation]    The live socket goes through to the real echo server.
    Route WebSocket    **/echo
    Connect To Server
    Route WebSocket    **/evil
    Reply When Sent    ${EVIL}    x    match=regexp
    ${evil} =    Open Socket    /evil
    ${live} =    Open Socket    /echo
    Page Should Open Socket    ${evil}
    Round Trips Should Work    ${live}    5
    Run Keyword And Expect Error    EQUALS:${SLOW} ${RULE}
    ...    Page Sends And It Is Recorded    ${{'a' * 40}}    ${evil}    **/evil
    Round Trips Should Work    ${live}

The Rule Is Removed And The Route Goes On Without It
    [Documentation]    After the error, a message the removed rule would answer gets no
    ...    answer, while the route's other rules still answer.
    Route WebSocket    **/evil
    Reply When Sent    ping    pong
    Reply When Sent    ${EVIL}    x    match=regexp
    Open Socket    /evil
    Run Keyword And Expect Error    EQUALS:${SLOW} ${RULE_2}
    ...    Page Sends And It Is Recorded    ${{'a' * 40}}
    Page Sends    aac
    Wait For Sent Message    aac
    Page Sends    ping
    Page Messages Should Be    pong

Other Rules Still Handle The Message That Stopped A Rule
    [Documentation]    The newest rule ran too long; the older one below it still answers
    ...    the same message.
    Route WebSocket    **/evil
    Reply When Sent    a*    older rule    match=glob
    Reply When Sent    ${EVIL}    x    match=regexp
    Open Socket    /evil
    Run Keyword And Expect Error    EQUALS:${SLOW} ${RULE_2}
    ...    Page Sends And It Is Recorded    ${{'a' * 40}}
    Page Messages Should Be    older rule

A Wait With A Catastrophic Pattern Fails Instead Of Hanging
    [Documentation]    The message is there before the wait starts.
    ...
    ...    FAIL ${SLOW}
    Route WebSocket    **/evil
    Open Socket    /evil
    Page Sends    ${{'a' * 40}}
    Wait Until Keyword Succeeds    10 s    20 ms    Sent Messages Should Contain    ${{'a' * 40}}
    Wait For Sent Message    ${EVIL}    match=regexp    timeout=10 min

A Pending Wait With A Catastrophic Pattern Fails When The Message Comes
    [Documentation]    The page sends the message while the wait waits.
    ...
    ...    FAIL ${SLOW}
    Route WebSocket    **/evil
    Open Socket    /evil
    Page Should Open Socket
    Run JavaScript    () => { setTimeout(() => sockets[0].send('a'.repeat(40)), 500); }
    Wait For Sent Message    ${EVIL}    match=regexp    timeout=10 min

An Assertion With A Catastrophic Pattern Fails Naming It
    [Documentation]    FAIL ${SLOW}
    Route WebSocket    **/evil
    Open Socket    /evil
    Page Sends    ${{'a' * 40}}
    Wait Until Keyword Succeeds    10 s    20 ms    Sent Messages Should Contain    ${{'a' * 40}}
    Sent Messages Should Contain    ${EVIL}    match=regexp

A Catastrophic URL Pattern Is Stopped And Fails The Test Naming It
    [Documentation]    The socket's URL ends in 40 a's: the route's /regexp/ runs too long
    ...    and is stopped, the socket, routed by nothing, reaches the real server, and the
    ...    test fails naming the pattern (once or more: see the next test).
    ...
    ...    FAIL REGEXP: (?s)(.*\n)?URL pattern '/\\(a\\|aa\\)\\+c/' took longer than 100 ms on a text \
    ...    of \\d+ characters and was stopped\\. Simplify it: nested repetition such as \
    ...    '\\(a\\+\\)\\+' or '\\(a\\|aa\\)\\+' can take exponential time\\..*
    Route WebSocket    /${EVIL}/
    Open Socket    /stopped?${{'a' * 40}}
    Wait For Server Event    /stopped    open

A Socket Is Reported Once For A Catastrophic URL Pattern
    [Documentation]    One socket, one run of the slow pattern: it must be reported
    ...    once for the socket (the dispatcher reports it; the watch listener, which
    ...    matches the same socket, does not report it again).
    Route WebSocket    /${EVIL}/
    Run Keyword And Expect Error    URL pattern '/${EVIL}/' ${URL_SLOW}
    ...    Page Opens A Socket    /twice?${{'a' * 40}}
    Round Trips Should Work    0    5
    Get WebSocket Urls


*** Keywords ***
Page Sends And It Is Recorded
    [Documentation]    The page sends ${text}; returns once the library recorded it, so an
    ...    error that handling it caused has been raised by then.
    [Arguments]    ${text}    ${socket}=0    ${url}=${None}
    Page Sends    ${text}    ${socket}
    Wait For Sent Message    ${text}    url=${url}

Page Sends 40 As And Starts Round Trips
    [Documentation]    The page sends 40 a's on socket ${evil} and at once starts round trips
    ...    on socket ${live} (their answers end up in ``window.during``); returns once the
    ...    library recorded the a's.
    [Arguments]    ${evil}    ${live}
    Run JavaScript
    ...    ([e, l]) => { sockets[e].send('a'.repeat(40)); window.during = roundTrips(l, 20); }
    ...    ${{[$evil, $live]}}
    Wait For Sent Message    ${{'a' * 40}}    url=**/evil

Page Opens A Socket
    [Documentation]    The page opens socket 0 to ${path} and waits until it is open.
    [Arguments]    ${path}
    Open Socket    ${path}
    Page Should Open Socket    0
