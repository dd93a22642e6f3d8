*** Settings ***
Documentation       Close reasons: a close frame carries at most 123 bytes of UTF-8 reason
...                 (RFC 6455). 123 bytes reach the page and the real server; one more fails
...                 at once in 'Close Socket' and 'Close Socket When Sent', and nothing closes.
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Test Page
Test Timeout        1 minute


*** Variables ***
${TOO_LONG}     is 124 bytes of UTF-8, but a close frame carries at most 123 (RFC 6455). Give a
...             shorter reason.


*** Test Cases ***
A Reason Of 123 Bytes Reaches The Page And The Server
    [Documentation]    61 two-byte characters and one ASCII letter.
    VAR    ${reason} =    ${{'é' * 61 + 'x'}}
    Connected Socket
    Close Socket    code=4000    reason=${reason}
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[reason]    ${reason}
    ${seen} =    Wait For Server Event    /echo    close
    Should Be Equal    ${seen}    ${{['4000 ' + $reason]}}
    ${recorded} =    Wait For WebSocket Close
    Should Be Equal    ${recorded}[reason]    ${reason}

A Reason Of 123 Bytes Of Emoji Reaches The Page And The Server
    [Documentation]    30 four-byte emoji and three ASCII letters.
    VAR    ${reason} =    ${{'\U0001F600' * 30 + 'abc'}}
    Connected Socket
    Close Socket When Sent    bye    code=4001    reason=${reason}
    Page Sends    bye
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[reason]    ${reason}
    ${seen} =    Wait For Server Event    /echo    close
    Should Be Equal    ${seen}    ${{['4001 ' + $reason]}}

A Reason Of 123 ASCII Characters Reaches A Mocked Page
    VAR    ${reason} =    ${{'r' * 123}}
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Close Socket    reason=${reason}
    ${close} =    Page Should See Close
    Should Be Equal As Integers    ${close}[code]    1000
    Should Be Equal    ${close}[reason]    ${reason}

A Reason Of 124 Bytes Fails At Once And Closes Nothing
    Route WebSocket    **/echo
    Reply When Sent    marker    marker-ack
    Open Socket    /echo
    Page Should Open Socket
    Run Keyword And Expect Error    EQUALS:Close reason '${{'é' * 40}}'... ${TOO_LONG}
    ...    Close Socket    code=4000    reason=${{'é' * 62}}
    Run Keyword And Expect Error    EQUALS:Close reason '${{'x' * 40}}'... ${TOO_LONG}
    ...    Close Socket When Sent    marker    reason=${{'x' * 124}}
    Run Keyword And Expect Error    EQUALS:Close reason '${{'\U0001F600' * 31}}' ${TOO_LONG}
    ...    Close Socket    reason=${{'\U0001F600' * 31}}
    Page Sends    marker
    Page Should Receive    marker-ack
    ${state} =    Run JavaScript    sockets[0].readyState
    Should Be Equal As Integers    ${state}    1
    ${closes} =    Page Events    close
    Should Be Empty    ${closes}


*** Keywords ***
Connected Socket
    [Documentation]    A socket on a route connected to the real echo server, open on both sides.
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Page Should Open Socket
    Wait For Server Event    /echo    open
