*** Settings ***
Documentation       Odd text both ways: lone UTF-16 surrogates (a page's is sent as U+FFFD, as a
...                 browser sends it; the library's own refuse to be sent), emoji, NUL
...                 characters, very long lines, right-to-left text, JSON with unicode escapes,
...                 and binary frames that are not UTF-8 (bytes stay bytes).
Resource            reliability.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Test Page
Test Timeout        1 minute


*** Variables ***
${LONE}         has a lone UTF-16 surrogate ('\\ud800' at index 1), which UTF-8 text frames cannot
...             carry. Use a whole character (an emoji is two surrogates together), or bytes for a
...             binary frame.
${RTL}          שלום עולם مرحبا بالعالم \u202Eolleh\u202C
${EMOJI}        😀


*** Test Cases ***
A Page's Lone Surrogate Is Recorded As U+FFFD
    Route WebSocket    **/echo
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'a\\ud800b')
    ${sent} =    Wait For Sent Message
    Should Be Equal    ${sent}    a\ufffdb
    Sent Messages Should Contain    a\ufffdb

A Page's Lone Surrogate Reaches The Server As U+FFFD
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'a\\ud800b')
    ${seen} =    Wait For Server Event    /echo    message
    Should Be Equal    ${seen}    ${{['a\ufffdb']}}
    Page Should Receive    a\ufffdb
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['a\ufffdb']}}

A Rule Sees And Answers A Page's Lone Surrogate As U+FFFD
    Route WebSocket    **/echo
    Reply When Sent    a\ufffdb    exact match
    Reply When Sent    *    echo {{message}}    match=glob    times=1
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'a\\ud800b')
    Run JavaScript    () => sendText(0, 'a\\ud800b')
    Page Messages Should Be    echo a\ufffdb    exact match

A Page's Close Reason With A Lone Surrogate Is Recorded With U+FFFD
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Run JavaScript    () => closeSocket(0, 4000, 'a\\ud800b')
    ${close} =    Wait For WebSocket Close
    Should Be Equal    ${close}[reason]    a\ufffdb

The Library's Own Lone Surrogates Fail Before Anything Is Sent
    [Documentation]    Each keyword fails at once naming its argument; the page gets only
    ...    the marker that follows.
    Route WebSocket    **/echo
    Reply When Sent    marker    marker-ack
    Open Socket    /echo
    Page Should Open Socket
    Run Keyword And Expect Error    EQUALS:Message 'a\\ud800b' ${LONE}    Send To Page    ${{'a\ud800b'}}
    Run Keyword And Expect Error    EQUALS:Reply 'a\\ud800b' ${LONE}
    ...    Reply When Sent    ping    ${{'a\ud800b'}}
    Run Keyword And Expect Error    EQUALS:Message 'a\\ud800b' ${LONE}    Send On Open    ${{'a\ud800b'}}
    Run Keyword And Expect Error    EQUALS:Close reason 'a\\ud800b' ${LONE}
    ...    Close Socket    reason=${{'a\ud800b'}}
    Page Sends    ping
    Page Sends    marker
    Page Messages Should Be    marker-ack
    Page Socket Should Still Be Open

A Lone Surrogate Never Reaches The Server
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Page Should Open Socket
    Run Keyword And Expect Error    EQUALS:Message 'a\\ud800b' ${LONE}
    ...    Send To Server    ${{'a\ud800b'}}
    Send To Server    marker
    Page Should Receive    marker
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{['marker']}}

A Template Filled With A Lone Surrogate Sends U+FFFD
    [Documentation]    JSON can carry a lone surrogate as an escape (\\ud800); a reply
    ...    template that inserts it must not put a lone surrogate on the wire, which no
    ...    server can send: the page gets U+FFFD, as for the page's own text. Not ready: the
    ...    page gets the lone surrogate itself, and the journal records it.
    Route WebSocket    **/echo
    Reply When Sent    {"op": "say"}    said {{text}}!    match=json
    Open Socket    /echo
    Run JavaScript    () => sendText(0, JSON.stringify({op: 'say', text: 'a\\ud800b'}))
    Wait Until Keyword Succeeds    10 s    20 ms    Page Received At Least    1
    # Compared as escapes: a failure message with a lone surrogate would break output.xml.
    ${page} =    Run JavaScript    messages(0).map(m => JSON.stringify(m))
    Should Be Equal    ${page}    ${{['"said a\ufffdb!"']}}
    ${received} =    Get Received Messages
    ${received} =    Evaluate    ascii($received)
    Should Be Equal    ${received}    ['said a\\ufffdb!']

An Emoji Goes Both Ways
    [Documentation]    A surrogate pair in JavaScript is one character to the library: a
    ...    glob '?' matches it.
    Route WebSocket    **/echo
    Reply When Sent    ?    one character: {{message}}    match=glob
    Reply When Sent    ${EMOJI}${EMOJI}    two emoji
    Open Socket    /echo
    Run JavaScript    () => sendText(0, '\\ud83d\\ude00')
    Page Sends    ${EMOJI}${EMOJI}
    Page Messages Should Be    one character: ${EMOJI}    two emoji
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{['\U0001F600', '\U0001F600' * 2]}}
    Send To Page    ${EMOJI} from the library
    Page Should Receive    ${EMOJI} from the library

An Emoji Goes To And From The Server
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Page Sends    hi ${EMOJI}
    Page Should Receive    hi ${EMOJI}
    Send To Server    ${EMOJI} to server
    Page Should Receive    ${EMOJI} to server
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{['hi \U0001F600', '\U0001F600 to server']}}

An Emoji Close Reason Reaches The Page
    Route WebSocket    **/echo
    Open Socket    /echo
    Page Should Open Socket
    Close Socket    code=4000    reason=bye ${EMOJI}
    ${close} =    Page Should See Close
    Should Be Equal    ${close}[reason]    bye ${EMOJI}

NUL Characters Go Both Ways
    Route WebSocket    **/echo
    Reply When Sent    *    {{message}}|    match=glob
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'a\\u0000b')
    ${sent} =    Wait For Sent Message    a\x00b
    Should Be Equal    ${sent}    a\x00b
    Send To Page    \x00\x00
    ${lengths} =    Page Message Lengths    2
    Should Be Equal    ${lengths}    ${{[4, 2]}}
    ${codes} =    Run JavaScript    messages(0).map(m => Array.from(m).map(c => c.charCodeAt(0)))
    Should Be Equal    ${codes}    ${{[[97, 0, 98, 124], [0, 0]]}}

NUL Characters Reach The Server
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'x\\u0000y')
    Wait For Received Message    x\x00y
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{['x\x00y']}}

A Very Long Line Goes Both Ways
    [Documentation]    One line of a million characters from the page, answered by a rule
    ...    with itself, and one from the library; the page checks them character by character.
    Route WebSocket    **/echo
    Reply When Sent    x*    {{message}}    match=glob
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'x'.repeat(1000000))
    Wait For Sent Message    x*    match=glob
    Send To Page    ${{'y' * 1000000}}
    Page Message Lengths    2
    ${same} =    Run JavaScript
    ...    () => messages(0)[0] === 'x'.repeat(1000000) && messages(0)[1] === 'y'.repeat(1000000)
    Should Be True    ${same}

A Very Long Line Reaches The Server And Back
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Run JavaScript    () => sendText(0, 'z'.repeat(1000000))
    Page Message Lengths    1
    ${same} =    Run JavaScript    () => messages(0)[0] === 'z'.repeat(1000000)
    Should Be True    ${same}
    ${seen} =    Server Events    /echo    message
    Should Be True    $seen == ['z' * 1000000]

Right To Left Text Goes Both Ways
    Route WebSocket    **/echo
    Reply When Sent    ${RTL}    ${RTL} ✓
    Reply When Sent    {"text": "${RTL}"}    {{text}} (json)    match=json
    Open Socket    /echo
    Page Sends    ${RTL}
    Page Sends    {"text": "${RTL}", "dir": "rtl"}
    Page Messages Should Be    ${RTL} ✓    ${RTL} (json)
    Wait For Sent Message    ${RTL}
    Send To Page    ${RTL}
    Page Messages Should Be    ${RTL} ✓    ${RTL} (json)    ${RTL}

JSON With Unicode Escapes Matches And Fills Templates
    [Documentation]    The page writes every non-ASCII character as a \\u escape; match=json
    ...    compares the parsed values, and templates insert the characters.
    Route WebSocket    **/echo
    Reply When Sent    {"name": "été ${EMOJI}"}    hello {{name}}    match=json
    Open Socket    /echo
    Run JavaScript
    ...    () => sendText(0, '{"name": "\\\\u00e9t\\\\u00e9 \\\\ud83d\\\\ude00", "n": 1}')
    Page Messages Should Be    hello été ${EMOJI}
    ${sent} =    Wait For Sent Message    {"name": "été ${EMOJI}"}    match=json
    Should Be Equal    ${sent}    {"name": "\\u00e9t\\u00e9 \\ud83d\\ude00", "n": 1}
    Sent Messages Should Contain    {"n": 1}    match=json

Binary Frames That Are Not UTF-8 Stay Bytes
    Route WebSocket    **/echo
    Reply When Sent    ${{b'\xff\xfe\x80\x00'}}    ${{b'\xc3\x28'}}
    Open Socket    /echo
    Page Sends Bytes    ${{[0xff, 0xfe, 0x80, 0x00]}}
    ${sent} =    Wait For Sent Message
    Should Be Equal    ${sent}    ${{b'\xff\xfe\x80\x00'}}
    Send To Page    ${{b'\xed\xa0\x80'}}
    Page Messages Should Be    bytes:c3 28    bytes:ed a0 80
    ${kinds} =    Run JavaScript    events.filter(e => e.type === 'message').map(e => e.kind)
    Should Be Equal    ${kinds}    ${{['blob', 'blob']}}

Invalid UTF-8 Bytes Reach The Server As Bytes
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo
    Page Sends Bytes    ${{[0xc0, 0xaf, 0xff]}}
    Page Should Receive    bytes:c0 af ff
    Send To Server    ${{b'\xed\xa0\x80'}}
    Page Should Receive    bytes:ed a0 80
    ${seen} =    Server Events    /echo    message
    Should Be Equal    ${seen}    ${{[b'\xc0\xaf\xff', b'\xed\xa0\x80']}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{[b'\xc0\xaf\xff', b'\xed\xa0\x80']}}

A Binary Frame Is Echoed By A Template As A Binary Frame
    [Documentation]    ``{{message}}`` of a binary frame is that frame, not its text.
    Route WebSocket    **/echo
    Reply When Sent    *    {{message}}    match=glob
    Open Socket    /echo
    Page Sends Bytes    ${{[1, 2, 3]}}
    Page Sends    text
    Page Messages Should Be    bytes:01 02 03    text
    ${kinds} =    Run JavaScript    events.filter(e => e.type === 'message').map(e => e.kind)
    Should Be Equal    ${kinds}    ${{['blob', 'text']}}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{[b'\x01\x02\x03', 'text']}}

Bytes That Are Not UTF-8 Match No Glob, And Are Still Recorded
    [Documentation]    glob, regexp and json read binary frames as UTF-8 text, so bytes that
    ...    are not UTF-8 match none of them (as documented): the page gets no answer for
    ...    them, and the journal has them as sent, unchanged.
    Route WebSocket    **/echo
    Reply When Sent    *    {{message}}    match=glob
    Open Socket    /echo
    Page Sends Bytes    ${{[1, 2, 0xff]}}
    Page Sends    text
    Page Messages Should Be    text
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['text']}}
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{[b'\x01\x02\xff', 'text']}}


*** Keywords ***
Page Message Lengths
    [Documentation]    Waits until socket 0 got ${count} messages; returns their lengths.
    [Arguments]    ${count}
    Wait Until Keyword Succeeds    10 s    20 ms    Page Received At Least    ${count}
    ${lengths} =    Run JavaScript    messages(0).map(m => m.length)
    RETURN    ${lengths}

Page Socket Should Still Be Open
    [Documentation]    Fails unless the page's socket 0 is in readyState OPEN.
    ${state} =    Run JavaScript    sockets[0].readyState
    Should Be Equal As Integers    ${state}    1
