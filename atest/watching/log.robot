*** Settings ***
Documentation       The log of watched traffic and of hints: runs nested/watch_log.txt in a
...                 robot of its own and checks the traffic tables in its output.xml.
Library             Collections
Library             NestedRun.py    ${CURDIR}${/}nested
Suite Setup         Run Nested Suite    watch_log    ${OUTPUT DIR}


*** Test Cases ***
The Nested Tests Passed
    ${first} =    Nested Test Status    watch_log    Watched Traffic
    ${second} =    Nested Test Status    watch_log    Hint After A Route Caught Nothing
    Should Be Equal    ${first}    PASS
    Should Be Equal    ${second}    PASS

Watched Traffic Is A Table Like A Route's
    ${tables} =    Traffic Tables    watch_log    Watched Traffic
    Length Should Be    ${tables}    1
    VAR    ${rows} =    ${tables}[0][rows]
    Should Match Regexp    ${rows}[0][2]    ^ws://127\\.0\\.0\\.1:\\d+/close$
    Set List Value    ${rows}[0]    2    URL
    VAR    ${socket} =    ${rows}[0][0]
    Should Match Regexp    ${socket}    ^#\\d+ \\*\\*/close$
    VAR    @{expected} =
    ...    ${{[$socket, 'open', 'URL', 'watched']}}
    ...    ${{[$socket, 'page →', "'4001 bye'", 'watched']}}
    ...    ${{[$socket, 'close', "code 4001, reason 'bye'", 'watched']}}
    Lists Should Be Equal    ${rows}    ${expected}

The Hint Is Noted Under The Test's Table
    ${tables} =    Traffic Tables    watch_log    Hint After A Route Caught Nothing
    Length Should Be    ${tables}    1
    Should Be Equal    ${tables}[0][title]    WebSocket traffic (0 entries)
    Length Should Be    ${tables}[0][notes]    1
    Should Match Regexp    ${tables}[0][notes][0]
    ...    ^Route '\\*\\*/echo': A socket opened that no route caught: ws://127\\.0\\.0\\.1:\\d+/echo\\?token=abc \\(its query \\?token=abc is part of the URL that the pattern must match; '\\*\\*/echo\\?\\*' would catch it\\)\\.$
