*** Settings ***
Documentation       Delayed work across test boundaries: a delayed reply still pending when its
...                 test ends, its route is removed or routed again is cancelled, recorded in
...                 that test's traffic table as not delivered, and never reaches the page
...                 later. A nested run does it; this suite reads its log.
Library             Collections
Library             NestedRun.py    ${CURDIR}${/}nested
Suite Setup         Run Nested Suite    delayed_log    ${OUTPUT DIR}


*** Variables ***
${RULE}     rule 3: Reply When Sent 'ping'


*** Test Cases ***
The Nested Tests Passed
    ${statuses} =    Nested Statuses    delayed_log
    VAR    &{expected} =
    ...    A Delayed Reply Within The Test Arrives=PASS
    ...    A Delayed Reply Is Pending When The Test Ends=PASS
    ...    The Next Test Never Gets It=PASS
    ...    Unrouting Cancels Delayed Replies=PASS
    ...    Routing Again Cancels Delayed Replies=PASS
    Dictionaries Should Be Equal    ${statuses}    ${expected}

A Reply Pending At The End Of The Test Is Logged As Cancelled In That Test
    ${rows} =    Rows    A Delayed Reply Is Pending When The Test Ends
    VAR    @{expected} =
    ...    ${{['#1 **/suite', 'page →', "'ping'", $RULE]}}
    ...    ${{['#1 **/suite', '✕ page', "'pong'", $RULE + "; not delivered: cancelled, the test ended"]}}
    Lists Should Be Equal    ${rows}    ${expected}

The Next Test Shows No Trace Of It
    ${rows} =    Rows    The Next Test Never Gets It
    ${messages} =    Evaluate    [row[2] for row in $rows]
    Should Be Equal    ${messages}    ${{["'marker'", "'marker-ack'"]}}

A Reply Pending When The Route Is Removed Is Logged As Cancelled
    ${rows} =    Rows    Unrouting Cancels Delayed Replies
    ${last} =    Evaluate    $rows[-1][1:]
    Should Be Equal    ${last}
    ...    ${{['✕ page', "'pong'", "rule 1: Reply When Sent 'ping'; not delivered: cancelled, the route was removed"]}}

A Reply Pending When The Route Is Routed Again Is Logged As Cancelled
    ${rows} =    Rows    Routing Again Cancels Delayed Replies
    ${last} =    Evaluate    $rows[-1][1:]
    Should Be Equal    ${last}
    ...    ${{['✕ page', "'pong'", "rule 1: Reply When Sent 'ping'; not delivered: cancelled, the route was routed again"]}}

A Delivered Delayed Reply Is Logged As Delivered
    ${rows} =    Rows    A Delayed Reply Within The Test Arrives
    ${last} =    Evaluate    $rows[-1]
    Should Be Equal    ${last}    ${{['#1 **/suite', '→ page', "'soon-reply'", "rule 2: Reply When Sent 'soon'"]}}


*** Keywords ***
Rows
    [Documentation]    The rows of the only traffic table of ${test} in the nested run.
    [Arguments]    ${test}
    ${tables} =    Traffic Tables    delayed_log    ${test}
    Length Should Be    ${tables}    1
    RETURN    ${tables}[0][rows]
