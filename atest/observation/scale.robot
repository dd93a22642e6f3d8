*** Settings ***
Documentation       A route that carries 100,000 messages in one test: waits and assertions
...                 keep answering while the messages flow and after all have arrived, and
...                 their failures stay short. Takes a minute or more: the browser's routing
...                 carries only a few thousand messages a second.
Resource            observation.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Variables ***
${COUNT}    ${100000}


*** Test Cases ***
A Route Carrying 100000 Messages Stays Responsive
    [Documentation]    The page sends ${COUNT} - 1 messages and the library one: the route
    ...    carries ${COUNT} messages, as many as the default message_limit keeps.
    Route And Open Socket
    Reply When Sent    ping    pong
    Page Streams Messages    ${{$COUNT - 1}}    wait=${False}
    # While the messages flow.
    ${early} =    Wait For Sent Message    m 2000    timeout=1 min
    Should Be Equal    ${early}    m 2000
    Send To Page    pushed while busy
    ${pushed} =    Wait For Received Message    pushed while busy
    Should Be Equal    ${pushed}    pushed while busy
    ${last} =    Wait For Sent Message    m 99998    timeout=10 min
    Should Be Equal    ${last}    m 99998
    # After all of them.
    ${sent} =    Get Sent Messages
    ${received} =    Get Received Messages
    Length Should Be    ${sent}    99999
    Should Be Equal    ${received}    ${{['pushed while busy']}}
    Should Be Equal    ${sent}[0]    m 0
    Should Be Equal    ${sent}[-1]    m 99998
    ${oldest} =    Wait For Sent Message
    Should Be Equal    ${oldest}    m 0
    ${middle} =    Wait For Sent Message    m 5000?    match=glob
    Should Be Equal    ${middle}    m 50000
    ${regexp} =    Wait For Sent Message    m 9999[0-8]    match=regexp
    Should Be Equal    ${regexp}    m 99990
    Sent Messages Should Contain    m 0
    Sent Messages Should Contain    m 77777
    Sent Messages Should Contain    m 1234?    match=glob
    Sent Messages Should Not Contain    m 99999
    Sent Messages Should Not Contain    {"n": 1}    match=json
    Received Messages Should Contain    pushed while busy
    Run Keyword And Expect Error
    ...    EQUALS:Sent message 'never' did not arrive in 100 milliseconds on route '**/echo'. Sent messages (the last 10 of 99999): 'm 99989', 'm 99990', 'm 99991', 'm 99992', 'm 99993', 'm 99994', 'm 99995', 'm 99996', 'm 99997', 'm 99998'.
    ...    Wait For Sent Message    never    timeout=100 ms
    Run Keyword And Expect Error
    ...    EQUALS:Sent messages on route '**/echo' contain 'm *' (match=glob): 'm 0', 'm 1', 'm 2', 'm 3', 'm 4', 'm 5', 'm 6', 'm 7', 'm 8', 'm 9' and 99989 more (99999 in all).
    ...    Sent Messages Should Not Contain    m *    match=glob
    # One message more than message_limit: the oldest go, rules still answer at once.
    Page Sends    ping
    ${reply} =    Wait For Received Message    pong
    Should Be Equal    ${reply}    pong
    Sent Messages Should Contain    ping
    Sent Messages Should Contain    m 99998
    Sent Messages Should Not Contain    m 0
    ${sent} =    Get Sent Messages
    ${kept} =    Get Length    ${sent}
    Should Be True    ${kept} < 99999
    [Teardown]    Page Stops Streaming

The Next Test Starts With An Empty Journal
    Route And Open Socket
    ${sent} =    Get Sent Messages
    Should Be Empty    ${sent}
    Page Sends    hello
    ${hello} =    Wait For Sent Message
    Should Be Equal    ${hello}    hello
