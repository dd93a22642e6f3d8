*** Settings ***
Documentation       Rules on a mocked route: Reply When Sent in every match mode, templates,
...                 binary frames, times, delay, Drop When Sent, Close Socket When Sent,
...                 Send On Open and which rule wins. Checked on what the page received.
Resource            core.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Route Echo In A Fresh Page


*** Test Cases ***
Exact Match Answers Only The Whole Message
    Reply When Sent    ping    pong
    Page Sends    ping pong
    Page Sends    PING
    Page Sends    ping
    Page Should Be Answered Only With    marker    pong
    Server Should Not Have Seen Anything    /echo

Reply When Sent Sends Every Reply In Order
    Reply When Sent    hello    one    two    three
    Page Sends    hello
    Page Messages Should Be    one    two    three

Glob Match Covers The Whole Text
    Reply When Sent    get [ab]?*    got it    match=glob
    Page Sends    get a1
    Page Sends    get bxyz
    Page Sends    get c1
    Page Sends    forget a1
    Page Should Be Answered Only With    marker    got it    got it

Regexp Match Must Match The Whole Text
    Reply When Sent    buy \\d+    bought    match=regexp
    Page Sends    buy 12
    Page Sends    buy 12 more
    Page Sends    please buy 12
    Page Should Be Answered Only With    marker    bought

Json Match Needs Every Expected Key With A Matching Value
    Reply When Sent    {"op": "join", "user": {"name": "ann"}, "tags": ["a", 1]}    joined    match=json
    Page Sends    {"tags": ["a", 1], "extra": true, "user": {"name": "ann", "age": 3}, "op": "join"}
    Page Sends    {"op": "join", "user": {"name": "bob"}, "tags": ["a", 1]}
    Page Sends    {"op": "join", "user": {"name": "ann"}, "tags": ["a", 1, 2]}
    Page Sends    {"op": "join", "user": {"name": "ann"}, "tags": ["a", "1"]}
    Page Sends    not json {"op": "join"}
    Page Should Be Answered Only With    marker    joined

Template Message Placeholder Is The Whole Message
    Reply When Sent    say *    you said: {{message}}    {{ message }}!    match=glob
    Page Sends    say hi
    Page Messages Should Be    you said: say hi    say hi!

Template Json Paths Fill Strings Without Quotes And Other Values As Json
    VAR    ${template} =    {"room": "{{room}}", "count": {{count}}, "tags": {{tags}}, "first": "{{tags.0}}",
    ...    "last": {{tags.-1}}, "who": "{{user.name}}", "user": {{user}}, "ok": {{ok}}, "none": {{none}}}
    VAR    ${message} =    {"op": "join", "room": "lobby", "count": 3, "tags": ["a", 2],
    ...    "user": {"name": "ann"}, "ok": true, "none": null}
    VAR    ${expected} =    {"room": "lobby", "count": 3, "tags": ["a", 2], "first": "a", "last": 2,
    ...    "who": "ann", "user": {"name": "ann"}, "ok": true, "none": null}
    Reply When Sent    {"op": "join"}    ${template}    match=json
    Page Sends    ${message}
    Page Messages Should Be    ${expected}

Template Regexp Groups Fill By Number And By Name
    Reply When Sent    (?P<verb>buy|sell) (\\d+) (?P<symbol>\\w+)(?: at (\\d+))?
    ...    {{verb}}: {{2}} x {{symbol}}    price [{{4}}] from {{1}}    match=regexp
    Page Sends    buy 5 ACME
    Page Sends    sell 2 INIT at 7
    Page Messages Should Be    buy: 5 x ACME    price [] from buy    sell: 2 x INIT    price [7] from sell

Binary Message And Binary Replies
    [Documentation]    A bytes argument matches a binary frame only; bytes replies are binary frames.
    Reply When Sent    ${{bytes([1, 2, 255])}}    ${{bytes([0, 254])}}    binary seen
    Reply When Sent    ${{b'abc'}}    bytes abc seen
    Page Sends Bytes    ${{[1, 2, 255]}}
    Page Sends    abc
    Page Should Be Answered Only With    marker    bytes:00 fe    binary seen
    ${kinds} =    Run JavaScript    events.filter(e => e.type === 'message').map(e => e.kind)
    Should Be Equal    ${kinds}    ${{['blob', 'text', 'text']}}
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{[bytes([1, 2, 255]), 'abc', 'marker']}}

Binary Message With Glob Is Read As Text
    Reply When Sent    bin*    {{message}} as text    match=glob
    Page Sends Bytes    ${{list(b'binary')}}
    Page Messages Should Be    binary as text

Times Retires A Rule After That Many Messages
    Reply When Sent    ping    pong    times=2
    Page Sends    ping
    Page Sends    ping
    Page Sends    ping
    Page Should Be Answered Only With    marker    pong    pong

Retired Rule Lets An Older Matching Rule Answer Again
    Reply When Sent    ping    older
    Reply When Sent    ping    newer    times=1
    Page Sends    ping
    Page Sends    ping
    Page Messages Should Be    newer    older

Delayed Reply Does Not Hold Up Later Traffic
    Reply When Sent    slow    late    delay=700 ms
    Reply When Sent    fast    early
    ${start} =    Run JavaScript    Date.now()
    Page Sends    slow
    Page Sends    fast
    Page Messages Should Be    early    late
    ${times} =    Run JavaScript    events.filter(e => e.type === 'message').map(e => e.at)
    ${early_after} =    Evaluate    $times[0] - $start
    ${late_after} =    Evaluate    $times[1] - $start
    Should Be True    ${early_after} < 500    early came after ${early_after} ms
    Should Be True    ${late_after} >= 650    late came after only ${late_after} ms

Delayed Replies Keep Their Own Order
    Reply When Sent    a    a1    a2    delay=300 ms
    Page Sends    a
    Page Sends    a
    Page Messages Should Be    a1    a2    a1    a2

Drop When Sent Records The Message And Answers Nothing
    Reply When Sent    secret    should not be sent
    Drop When Sent    secret
    Page Sends    secret
    Page Should Be Answered Only With    marker
    Sent Messages Should Contain    secret
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['secret', 'marker']}}

Drop When Sent With Times Lets Later Messages Through To Older Rules
    Reply When Sent    ping    pong
    Drop When Sent    ping    times=1
    Page Sends    ping
    Page Sends    ping
    Page Should Be Answered Only With    marker    pong

Drop When Sent On A Connected Route Keeps The Message From The Server
    Unroute All WebSockets
    Route WebSocket    **/greet
    Connect To Server
    Drop When Sent    {"secret": true}    match=json
    Open Socket    /greet
    Page Sends    {"secret": true, "pin": 1234}    socket=1
    Page Sends    hello    socket=1
    Page Messages Should Be    welcome    hello    socket=1
    ${seen} =    Server Events    /greet    message
    Should Be Equal    ${seen}    ${{['hello']}}

Close Socket When Sent Closes With Code And Reason
    Close Socket When Sent    bye    code=4001    reason=see you
    Page Sends    hello
    Page Sends    bye
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[code]    ${4001}
    Should Be Equal    ${close}[reason]    see you
    ${closed} =    Wait For WebSocket Close
    Should Be Equal    ${closed}    ${{{'code': 4001, 'reason': 'see you'}}}
    Sent Messages Should Contain    bye

Close Socket When Sent Defaults To A Normal Closure
    Close Socket When Sent    quit*    match=glob
    Page Sends    quit now
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[code]    ${1000}
    Should Be Equal    ${close}[reason]    ${EMPTY}

Send On Open Sends Its Messages In Order As Each Socket Opens
    Unroute All WebSockets
    Route WebSocket    **/feed
    Send On Open    first    ${{bytes([2])}}    third
    Send On Open    fourth
    Open Socket    /feed
    Open Socket    /feed
    Page Messages Should Be    first    bytes:02    third    fourth    socket=1
    Page Messages Should Be    first    bytes:02    third    fourth    socket=2
    Server Should Not Have Seen Anything    /feed

Send On Open Does Not Reach Sockets Already Open
    Page Should Open Socket
    Send On Open    late
    Open Socket    /echo
    Page Messages Should Be    late    socket=1
    ${early} =    Page Messages    socket=0
    Should Be Empty    ${early}

Newest Matching Rule Wins
    Reply When Sent    ping    exact rule
    Reply When Sent    p*    glob rule    match=glob
    Reply When Sent    pong    other rule
    Page Sends    ping
    Page Sends    pong
    Page Messages Should Be    glob rule    other rule

Rules Of Another Route Do Not Answer
    Route WebSocket    **/greet
    Reply When Sent    ping    greet pong
    Reply When Sent    ping    echo pong    url=**/echo
    Open Socket    /greet
    Page Sends    ping    socket=0
    Page Sends    ping    socket=1
    Page Messages Should Be    echo pong    socket=0
    Page Messages Should Be    greet pong    socket=1


*** Keywords ***
Route Echo In A Fresh Page
    [Documentation]    Every test starts with a mocked **/echo route and socket 0 on it. Message
    ...    events get the time they arrived (window.events entries gain "at").
    Fresh Page
    Run JavaScript
    ...    () => { const push = events.push.bind(events); events.push = (e) => push({...e, at: Date.now()}); }
    Route WebSocket    **/echo
    Open Socket    /echo
