*** Settings ***
Documentation       A real server process killed with SIGKILL in the middle of a conversation
...                 on a connected route: the page sees 1006, the journal records it,
...                 'Wait For WebSocket Close' returns it, and nothing hangs.
Library             Processes.py
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Connected Route To A Server Process
Test Teardown       Stop Server Process
Test Timeout        1 minute


*** Variables ***
${SERVER}       ${EMPTY}


*** Test Cases ***
The Page Sees 1006 When The Server Is Killed
    ${socket} =    Open Socket At    ${SERVER}/echo
    Round Trips Should Work    ${socket}    5
    Kill Server Process
    ${close} =    Page Should See Close    ${socket}
    Should Be Equal As Integers    ${close}[code]    1006

Wait For WebSocket Close Returns 1006
    ${socket} =    Open Socket At    ${SERVER}/echo
    Round Trips Should Work    ${socket}    5
    Kill Server Process
    ${close} =    Wait For WebSocket Close    timeout=30 s
    Should Be Equal As Integers    ${close}[code]    1006
    Should Be Equal    ${close}[reason]    ${EMPTY}

A Wait Already Pending Ends With The Close
    [Documentation]    The server dies while 'Wait For WebSocket Close' waits.
    ${socket} =    Open Socket At    ${SERVER}/echo
    Round Trips Should Work    ${socket}    5
    Kill Server Process    after=0.5
    ${close} =    Wait For WebSocket Close    timeout=30 s
    Should Be Equal As Integers    ${close}[code]    1006

Killed In The Middle Of A Stream Of Messages
    [Documentation]    The server streams ticks when it is killed: what reached the page is
    ...    an unbroken start of the stream, recorded as received, then the close.
    ${socket} =    Open Socket At    ${SERVER}/echo
    Page Should Open Socket    ${socket}
    Page Sends    push 100000    ${socket}
    Wait For Received Message    tick 100    timeout=30 s
    Kill Server Process
    ${close} =    Wait For WebSocket Close    timeout=30 s
    Should Be Equal As Integers    ${close}[code]    1006
    Page Should See Close    ${socket}
    ${received} =    Get Received Messages
    ${count} =    Get Length    ${received}
    Should Be True    ${count} >= 100
    ${ticks} =    Evaluate    [f'tick {n}' for n in range(1, $count + 1)]
    Lists Should Be Equal    ${received}    ${ticks}
    ${page} =    Page Messages    ${socket}
    Lists Should Be Equal    ${page}    ${received}

The Journal Records The Conversation And The Close
    ${socket} =    Open Socket At    ${SERVER}/echo
    Page Should Open Socket    ${socket}
    Page Sends    before    ${socket}
    Wait For Received Message    before
    Kill Server Process
    Wait For WebSocket Close    timeout=30 s
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['before']}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['before']}}

Nothing Waits For A Dead Server
    [Documentation]    After the close, keywords that need an open socket fail with their
    ...    own timeout, and messages the page still sends are recorded, not lost.
    ${socket} =    Open Socket At    ${SERVER}/echo
    Round Trips Should Work    ${socket}    5
    Kill Server Process
    Wait For WebSocket Close    timeout=30 s
    Run Keyword And Expect Error    No socket of route '**/echo' was open in 200 milliseconds.
    ...    Send To Server    hello    timeout=200 ms
    Run Keyword And Expect Error    No socket of route '**/echo' was open in 200 milliseconds.
    ...    Send To Page    hello    timeout=200 ms

A New Socket To The Killed Server Ends In 1006
    Kill Server Process
    ${socket} =    Open Socket At    ${SERVER}/echo
    ${close} =    Wait For WebSocket Close    timeout=30 s
    Should Be Equal As Integers    ${close}[code]    1006
    ${close} =    Page Should See Close    ${socket}
    Should Be Equal As Integers    ${close}[code]    1006

Another Route Keeps Working When A Server Dies
    Route WebSocket    **/mock
    Reply When Sent    rt *    {{message}}    match=glob
    ${dying} =    Open Socket At    ${SERVER}/echo
    ${mocked} =    Open Socket    /mock
    Round Trips Should Work    ${dying}    5
    Kill Server Process
    Wait For WebSocket Close    url=**/echo    timeout=30 s
    Round Trips Should Work    ${mocked}


*** Keywords ***
Connected Route To A Server Process
    [Documentation]    A fresh page, a server in a process of its own and a connected route
    ...    to it.
    Fresh Test Page
    ${url} =    Start Server Process
    VAR    ${SERVER} =    ${url}    scope=TEST
    Route WebSocket    **/echo
    Connect To Server
