*** Settings ***
Documentation       The traffic table of the log: runs the suites of nested/ in a robot of
...                 their own and checks their output.xml. Tables are at test level, or in
...                 the suite setup or teardown whose traffic they show, and nowhere else.
Library             Collections
Library             NestedRun.py    ${CURDIR}${/}nested
Suite Setup         Run Nested Suite    traffic_log    ${OUTPUT DIR}


*** Test Cases ***
The Nested Tests Passed
    ${status} =    Nested Test Status    traffic_log    Test With Traffic
    Should Be Equal    ${status}    PASS

A Test's Traffic Is One Table At Test Level
    ${tables} =    Traffic Tables    traffic_log    Test With Traffic
    Length Should Be    ${tables}    1
    Should Be Equal    ${tables}[0][title]    WebSocket traffic (7 entries)
    Should Be Empty    ${tables}[0][notes]

The Table Shows Directions, Messages And Rules
    ${rows} =    Rows Of The Only Table    traffic_log    Test With Traffic
    Socket URL Should Be    ${rows}[0]    /echo
    VAR    @{expected} =
    ...    ${{['#2 **/echo', 'open', 'URL', 'mocked']}}
    ...    ${{['#2 **/echo', '→ page', "'hello <b>not bold</b>'", 'rule 1: Send On Open']}}
    ...    ${{['#2 **/echo', 'page →', "'ping'", "rule 2: Reply When Sent 'ping'"]}}
    ...    ${{['#2 **/echo', '→ page', "'pong'", "rule 2: Reply When Sent 'ping'"]}}
    ...    ${{['#2 **/echo', 'page →', 'bytes[3] 01 02 ff', 'no rule (mocked, not forwarded)']}}
    ...    ${{['#2 **/echo', '→ page', "'" + 'L' * 120 + "'... (300 chars)", 'Send To Page']}}
    ...    ${{['#2 **/echo', 'close', "code 4000, reason 'bye'", 'Close Socket']}}
    Lists Should Be Equal    ${rows}    ${expected}

A Test Without Traffic Has No Table
    ${tables} =    Traffic Tables    traffic_log    Test Without Traffic
    Should Be Empty    ${tables}

A Long Table Shows Its Start And Its End
    ${tables} =    Traffic Tables    traffic_log    Test With Many Messages
    Length Should Be    ${tables}    1
    Should Be Equal    ${tables}[0][title]    WebSocket traffic (601 entries)
    VAR    ${rows} =    ${tables}[0][rows]
    Length Should Be    ${rows}    501
    Should Be Equal    ${rows}[1]    ${{['#3 **/echo', 'page →', "'m 1'", 'no rule (mocked, not forwarded)']}}
    Should Be Equal    ${rows}[249][2]    'm 249'
    Should Be Equal    ${rows}[250]    ${{['101 more entries not shown']}}
    Should Be Equal    ${rows}[251][2]    'm 351'
    Should Be Equal    ${rows}[-1][2]    'm 600'

Suite Setup Traffic Is Logged In The Suite Setup
    ${rows} =    Rows Of The Only Table    traffic_log    suite setup
    Socket URL Should Be    ${rows}[0]    /greet
    VAR    @{expected} =
    ...    ${{['#1 **/greet', 'open', 'URL', 'connected to server']}}
    ...    ${{['#1 **/greet', '→ page', "'welcome'", 'from server']}}
    ...    ${{['#1 **/greet', 'close', "code 4001, reason 'setup done'", 'Close Socket']}}
    Lists Should Be Equal    ${rows}    ${expected}

Suite Teardown Traffic Is Logged In The Suite Teardown
    ${rows} =    Rows Of The Only Table    traffic_log    suite teardown
    Socket URL Should Be    ${rows}[0]    /teardown
    VAR    @{expected} =
    ...    ${{['#4 **/teardown', 'open', 'URL', 'mocked']}}
    ...    ${{['#4 **/teardown', '→ page', "'goodbye'", 'Send To Page']}}
    ...    ${{['#4 **/teardown', 'close', "code 4002, reason 'teardown done'", 'Close Socket']}}
    Lists Should Be Equal    ${rows}    ${expected}

No Traffic Is Logged Twice Or Elsewhere
    ${count} =    All Traffic Tables    traffic_log
    Should Be Equal As Integers    ${count}    4

Dropped Messages Are Noted Over The Table
    Run Nested Suite    limit_log    ${OUTPUT DIR}
    ${status} =    Nested Test Status    limit_log    Test Over The Message Limit
    Should Be Equal    ${status}    PASS
    ${tables} =    Traffic Tables    limit_log    Test Over The Message Limit
    Length Should Be    ${tables}    1
    Should Be Equal    ${tables}[0][title]    WebSocket traffic (6 entries)
    Should Be Equal    ${tables}[0][notes]    ${{["Route '**/echo' dropped its 15 oldest messages (message_limit)."]}}
    ${messages} =    Evaluate    [row[2] for row in $tables[0]['rows'][1:]]
    Should Be Equal    ${messages}    ${{["'m 16'", "'m 17'", "'m 18'", "'m 19'", "'m 20'"]}}

Dropped Messages Of A Suite Route Are Noted Once
    Run Nested Suite    limit_log    ${OUTPUT DIR}
    ${over} =    Traffic Tables    limit_log    Suite Route Over The Message Limit
    Should Be Equal    ${over}[0][notes]    ${{["Route '**/greet' dropped its 2 oldest messages (message_limit)."]}}
    ${next} =    Traffic Tables    limit_log    Next Test Without Traffic On The Suite Route
    Length Should Be    ${next}    1
    Should Be Empty    ${next}[0][notes]

With auto_cleanup=suite Each Table Shows Only Its Own Traffic
    Run Nested Suite    suite_cleanup_log    ${OUTPUT DIR}
    ${setup} =    Messages In The Only Table    suite_cleanup_log    suite setup
    ${first} =    Messages In The Only Table    suite_cleanup_log    First Test
    ${second} =    Messages In The Only Table    suite_cleanup_log    Second Test
    ${teardown} =    Messages In The Only Table    suite_cleanup_log    suite teardown
    Should Be Equal    ${setup}    ${{['URL', "'from setup'"]}}
    Should Be Equal    ${first}    ${{["'from first test'"]}}
    Should Be Equal    ${second}    ${{["'from second test'"]}}
    Should Be Equal    ${teardown}    ${{["'from teardown'", "code 4000, reason 'done'"]}}
    ${count} =    All Traffic Tables    suite_cleanup_log
    Should Be Equal As Integers    ${count}    4


*** Keywords ***
Rows Of The Only Table
    [Documentation]    The rows of the one traffic table logged directly in ${where}.
    [Arguments]    ${name}    ${where}
    ${tables} =    Traffic Tables    ${name}    ${where}
    Length Should Be    ${tables}    1
    RETURN    ${tables}[0][rows]

Socket URL Should Be
    [Documentation]    Checks the URL of an open row and puts URL in its place (ports vary).
    [Arguments]    ${row}    ${path}
    Should Match Regexp    ${row}[2]    ^ws://127\\.0\\.0\\.1:\\d+${path}$
    Set List Value    ${row}    2    URL

Messages In The Only Table
    [Documentation]    The message column of the one traffic table in ${where}, URLs as URL.
    [Arguments]    ${name}    ${where}
    ${rows} =    Rows Of The Only Table    ${name}    ${where}
    ${messages} =    Evaluate    ['URL' if row[1] == 'open' else row[2] for row in $rows]
    RETURN    ${messages}
