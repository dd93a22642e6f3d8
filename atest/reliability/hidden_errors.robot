*** Settings ***
Documentation       An error on the event loop (a reply template the message cannot fill) is
...                 raised by the next keyword of the library. When a wrapper keyword of Robot
...                 Framework swallows it ('Run Keyword And Ignore Error', 'Wait Until Keyword
...                 Succeeds', 'Run Keyword And Return Status' ...), the test still fails when it
...                 ends; 'Run Keyword And Expect Error' with the matching message really expects it.
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Page Will Send A Message No Template Can Answer
Test Timeout        1 minute


*** Variables ***
${ERROR}        Reply template '{{nope}}' has placeholder {{nope}} that message 'hi' cannot fill.
...             (rule 1: Reply When Sent '*' (match=glob) on route '**/echo')
${HIDDEN}       An error on the WebSockets of this test was hidden by a keyword such as
...             'Run Keyword And Ignore Error' or 'Wait Until Keyword Succeeds': ${ERROR}


*** Test Cases ***
The Next Keyword Of The Library Raises The Error
    [Documentation]    FAIL ${ERROR}
    Wait For Received Message    marker-ack
    Fail    Not reached: the wait above fails with the error.

Run Keyword And Ignore Error Does Not Hide It
    [Documentation]    FAIL ${HIDDEN}
    ${status}    ${message} =    Run Keyword And Ignore Error    Wait For Received Message    marker-ack
    Should Be Equal    ${status}    FAIL
    Should Be Equal    ${message}    ${ERROR}

Wait Until Keyword Succeeds Does Not Hide It
    [Documentation]    The first try fails with the error, the second finds the message.
    ...
    ...    FAIL ${HIDDEN}
    Wait Until Keyword Succeeds    3x    10 ms    Wait For Received Message    marker-ack
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['marker-ack']}}

Wait Until Keyword Succeeds Around A User Keyword Does Not Hide It
    [Documentation]    FAIL ${HIDDEN}
    Wait Until Keyword Succeeds    10 s    20 ms    Page Has Received    marker-ack

Run Keyword And Return Status Does Not Hide It
    [Documentation]    FAIL ${HIDDEN}
    ${passed} =    Run Keyword And Return Status    Wait For Received Message    marker-ack
    Should Not Be True    ${passed}

Run Keyword And Warn On Failure Does Not Hide It
    [Documentation]    FAIL ${HIDDEN}
    Run Keyword And Warn On Failure    Wait For Received Message    marker-ack

Run Keyword And Continue On Failure Fails With The Error Itself
    [Documentation]    Nothing is hidden: the error is the test's failure, once.
    ...
    ...    FAIL ${ERROR}
    Run Keyword And Continue On Failure    Wait For Received Message    marker-ack
    Wait For Received Message    marker-ack

Run Keyword And Expect Error With The Message Expects It
    Run Keyword And Expect Error    EQUALS:${ERROR}    Wait For Received Message    marker-ack
    Wait For Received Message    marker-ack

Run Keyword And Expect Error With A Glob Expects It
    Run Keyword And Expect Error    Reply template '{{nope}}' has placeholder *
    ...    Wait For Received Message    marker-ack
    Wait For Received Message    marker-ack

Run Keyword And Expect Error With Another Message Fails Once
    [Documentation]    The error is in the failure Robot Framework reports; it is not
    ...    added again as hidden.
    ...
    ...    FAIL Expected error 'something else' but got '${ERROR}'.
    Run Keyword And Expect Error    something else    Wait For Received Message    marker-ack

An Error Expected Inside Ignore Error Is Expected
    [Documentation]    'Run Keyword And Ignore Error' around a passing 'Run Keyword And
    ...    Expect Error' hides nothing.
    Run Keyword And Ignore Error
    ...    Run Keyword And Expect Error    EQUALS:${ERROR}    Wait For Received Message    marker-ack
    Wait For Received Message    marker-ack

A Hidden Error Of The Previous Test Does Not Fail This One
    [Setup]    Fresh Test Page
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Open Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong


*** Keywords ***
Page Will Send A Message No Template Can Answer
    [Documentation]    The page sends ``hi``, which rule 1 cannot answer (its template has
    ...    {{nope}}), then ``marker``, which rule 2 answers with ``marker-ack``. Both are sent
    ...    half a second after this keyword's last library keyword, so the error is raised by
    ...    the test's own keywords; once ``marker-ack`` is recorded the error has happened.
    Fresh Test Page
    Route WebSocket    **/echo
    Reply When Sent    *    {{nope}}    match=glob
    Reply When Sent    marker    marker-ack
    Open Socket    /echo
    Page Should Open Socket
    Run JavaScript
    ...    () => { setTimeout(() => { sockets[0].send('hi'); sockets[0].send('marker'); }, 500); }
