*** Settings ***
Documentation       Odd text in the log: a nested run sends lone surrogates, emoji, NUL, tabs,
...                 line breaks, right-to-left text and a long line; its output.xml and log.html
...                 can be read, and the traffic table shows each message as sent, with a note
...                 where the page's lone surrogate became U+FFFD.
Library             Collections
Library             NestedRun.py    ${CURDIR}${/}nested
Suite Setup         Run Nested Suite    odd_text_log    ${OUTPUT DIR}


*** Test Cases ***
The Nested Tests Passed
    ${statuses} =    Nested Statuses    odd_text_log
    VAR    &{expected} =    Lone Surrogate From The Page=PASS    Lone Surrogates The Library Refuses=PASS
    ...    Other Odd Text=PASS
    Dictionaries Should Be Equal    ${statuses}    ${expected}

Its Log Can Be Built
    Nested Log Should Build    odd_text_log

The Page's Lone Surrogate Is Shown As U+FFFD With A Note
    ${tables} =    Traffic Tables    odd_text_log    Lone Surrogate From The Page
    Length Should Be    ${tables}    1
    VAR    ${rule} =    rule 1: Reply When Sent '*' (match=glob)
    VAR    @{expected} =
    ...    ${{['#1 **/echo', 'page →', "'a\ufffdb'", $rule + " (the page's text had a lone surrogate \\ud800 at index 1; sent as U+FFFD, as a browser sends it)"]}}
    ...    ${{['#1 **/echo', '→ page', "'a\ufffdb'", $rule]}}
    Lists Should Be Equal    ${tables}[0][rows][1:]    ${expected}

Refused Lone Surrogates Are Shown As Escapes In Failures
    ${messages} =    Failure Messages    odd_text_log    Lone Surrogates The Library Refuses
    Length Should Be    ${messages}    5
    FOR    ${message}    IN    @{messages}
        Should Contain    ${message}    'a\\ud800b' has a lone UTF-16 surrogate ('\\ud800' at index 1)
    END

Other Odd Text Is Shown As Sent
    ${tables} =    Traffic Tables    odd_text_log    Other Odd Text
    VAR    ${page_sent} =    row[1] == 'page →' and not row[2].startswith("'nul")
    ${shown} =    Evaluate    [row[2] for row in $tables[0]['rows'] if ${page_sent}]
    VAR    @{expected} =
    ...    '😀 שלום مرحبا \u202Eolleh\u202C'
    ...    'line one\\nline two\\ttab'
    ...    ${{"'" + 'x' * 120 + "'... (100000 chars)"}}
    ...    bytes[3] ff fe 00
    Lists Should Be Equal    ${shown}    ${expected}

A NUL Character Is Shown As An Escape
    [Documentation]    output.xml cannot hold NUL, so Robot Framework drops it from the log:
    ...    the table must show it as an escape, as it does line breaks and tabs. Not ready:
    ...    the table shows 'nulinside'.
    ${tables} =    Traffic Tables    odd_text_log    Other Odd Text
    ${shown} =    Evaluate    [row[2] for row in $tables[0]['rows'] if row[2].startswith("'nul")]
    Should Be Equal    ${shown}    ${{["'nul\\x00inside'"] * 2}}
