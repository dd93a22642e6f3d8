*** Settings ***
Documentation       Errors that happen on the library's loop (a reply template that cannot
...                 be filled) fail the test in which they happened, and only that test.
Resource            observation.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page


*** Test Cases ***
A Template Error Fails The Next Keyword
    [Documentation]    FAIL Reply template 'got {{2}}' has placeholder {{2}} that message 'hello' cannot fill. (rule 1: Reply When Sent '(.+)' (match=regexp) on route '**/echo')
    Route And Open Socket
    Reply When Sent    (.+)    got {{2}}    match=regexp
    Page Sends    hello
    Wait For Sent Message    hello
    Fail    Not reached: the wait above reports the error.

A Template Error Ends A Pending Wait At Once
    [Documentation]    FAIL Reply template 'got {{2}}' has placeholder {{2}} that message 'hello' cannot fill. (rule 1: Reply When Sent '(.+)' (match=regexp) on route '**/echo')
    [Timeout]    10 s
    Route And Open Socket
    Reply When Sent    (.+)    got {{2}}    match=regexp
    Page Sends Later    hello    delay=300
    Wait For Received Message    got hello    timeout=1 min
    Fail    Not reached: the error ends the wait.

A Template Error After The Last Keyword Fails The Test
    [Documentation]    FAIL Reply template '{"echo": {{payload.text}}}' has placeholder {{payload.text}} that message '{"op": "echo"}' cannot fill. (rule 1: Reply When Sent '{"op": "echo"}' (match=json) on route '**/echo')
    Route And Open Socket
    Reply When Sent    {"op": "echo"}    {"echo": {{payload.text}}}    match=json
    Page Sends Later    {"op": "echo"}    delay=200
    Sleep    700 ms

The Test After A Template Error Is Not Affected
    Route And Open Socket
    Reply When Sent    (.+)    got {{1}}    match=regexp
    Page Sends    hello
    ${reply} =    Wait For Received Message    got hello
    Should Be Equal    ${reply}    got hello
    Sleep    200 ms

Every Error Is Reported
    [Documentation]    FAIL 2 errors happened on WebSockets:
    ...    1) Reply template '{{name}}' has placeholder {{name}} that message 'first' cannot fill. (rule 1: Reply When Sent '*' (match=glob) on route '**/echo')
    ...    2) Reply template '{{name}}' has placeholder {{name}} that message 'second' cannot fill. (rule 1: Reply When Sent '*' (match=glob) on route '**/echo')
    Route And Open Socket
    Reply When Sent    *    {{name}}    match=glob
    Run JavaScript    () => { setTimeout(() => { sockets[0].send('first'); sockets[0].send('second'); }, 200); }
    Sleep    700 ms

An Error Is Added To Another Failure Of The Test
    [Documentation]    FAIL The test's own failure.
    ...
    ...    Reply template '{{missing}}' has placeholder {{missing}} that message 'hello' cannot fill. (rule 1: Reply When Sent 'hello' on route '**/echo')
    Route And Open Socket
    Reply When Sent    hello    {{missing}}
    Page Sends Later    hello    delay=200
    Sleep    700 ms
    Fail    The test's own failure.

A Failing Template Sends Nothing
    [Documentation]    FAIL Reply template 'bad {{0.x}}' has placeholder {{0.x}} that message '[1]' cannot fill. (rule 1: Reply When Sent '[1]' (match=json) on route '**/echo')
    Route And Open Socket
    Reply When Sent    [1]    first reply    bad {{0.x}}    match=json
    Page Sends    [1]
    Sleep    300 ms
    ${received} =    Get Received Messages
    Should Be Empty    ${received}
