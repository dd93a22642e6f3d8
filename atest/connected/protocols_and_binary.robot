*** Settings ***
Documentation       Subprotocols on connected and mocked routes, and binary frames through
...                 every keyword in both directions, for both binary types of the page.
Resource            connected.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Page And Server


*** Variables ***
${BYTES}        ${{b'\x00\x01\x7f\x80\xff'}}
${SHOWN}        bytes:00 01 7f 80 ff
${OTHER}        ${{b'\xde\xad\xbe\xef'}}
${OTHER SHOWN}    bytes:de ad be ef


*** Test Cases ***
A Connected Route Negotiates The Page's Protocols With The Server
    Route WebSocket    **/proto
    Connect To Server
    Open Socket    /proto    ${{["chat.v1", "chat.v2"]}}
    Page Protocol Should Be    chat.v2
    ${opens} =    Server Events    /proto    open
    Should Be Equal    ${opens}    ${{["chat.v2"]}}
    Page Sends    hi
    Page Should Receive    hi
    Server Should Have Seen Messages    /proto    hi

A Connected Route Fails Like The Browser When The Server Picks No Protocol
    [Documentation]    Chromium refuses a handshake that answers none of the protocols
    ...                the page asked for; a connected route does the same.
    Route WebSocket    **/proto
    Connect To Server
    Open Socket    /proto    ${{["chat.v1"]}}
    Library Close Should Be    1006
    Page Close Should Be    1006
    ${opens} =    Page Events    open
    Should Be Empty    ${opens}
    ${errors} =    Page Events    error
    Length Should Be    ${errors}    1
    Server Should Have Seen Close    /proto    no close frame
    ${opens} =    Server Events    /proto    open
    Should Be Equal    ${opens}    ${{[""]}}

An Open Socket Keeps Its Protocol When The Route Connects
    [Documentation]    The page saw the mocked answer when the socket opened; a
    ...                WebSocket's protocol cannot change after that.
    Route WebSocket    **/proto
    Open Socket    /proto    ${{["chat.v1", "chat.v2"]}}
    Page Protocol Should Be    chat.v1
    Connect To Server
    Page Sends    hi
    Page Should Receive    hi
    ${opens} =    Server Events    /proto    open
    Should Be Equal    ${opens}    ${{["chat.v2"]}}
    ${protocol} =    Run JavaScript    window.sockets[0].protocol
    Should Be Equal    ${protocol}    chat.v1

A Mocked Route Answers With The First Protocol The Page Asked For
    Route WebSocket    **/proto
    Open Socket    /proto    ${{["chat.v1", "chat.v2"]}}
    Page Protocol Should Be    chat.v1
    Open Socket    /proto    chat.v2
    Page Protocol Should Be    chat.v2    1
    Open Socket    /proto
    Page Protocol Should Be    ${EMPTY}    2
    ${seen} =    Server Events    /proto
    Should Be Empty    ${seen}

Page Binary Frames Pass A Connected Route Unchanged With Blob
    Page Binary Frames Pass A Connected Route Unchanged    blob

Page Binary Frames Pass A Connected Route Unchanged With Arraybuffer
    Page Binary Frames Pass A Connected Route Unchanged    arraybuffer

Send To Page And Send To Server Carry Bytes With Blob
    Send To Page And Send To Server Carry Bytes    blob

Send To Page And Send To Server Carry Bytes With Arraybuffer
    Send To Page And Send To Server Carry Bytes    arraybuffer

Reply When Sent Answers Bytes With Bytes On A Connected Route With Blob
    Reply When Sent Answers Bytes With Bytes On A Connected Route    blob

Reply When Sent Answers Bytes With Bytes On A Connected Route With Arraybuffer
    Reply When Sent Answers Bytes With Bytes On A Connected Route    arraybuffer

Reply When Sent Answers Bytes With Bytes On A Mocked Route With Blob
    Reply When Sent Answers Bytes With Bytes On A Mocked Route    blob

Reply When Sent Answers Bytes With Bytes On A Mocked Route With Arraybuffer
    Reply When Sent Answers Bytes With Bytes On A Mocked Route    arraybuffer

Reply When Received And Drop When Received Handle Bytes With Blob
    Reply When Received And Drop When Received Handle Bytes    blob

Reply When Received And Drop When Received Handle Bytes With Arraybuffer
    Reply When Received And Drop When Received Handle Bytes    arraybuffer

Drop When Sent And Close Socket When Sent Handle Bytes
    Route WebSocket    **/echo
    Connect To Server
    Drop When Sent    ${OTHER}
    Close Socket When Sent    ${BYTES}    code=4003    reason=binary bye
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends Bytes    ${OTHER}
    Page Sends    text
    Page Should Receive    text
    Page Sends Bytes    ${BYTES}
    Page Close Should Be    4003    binary bye
    Server Should Have Seen Close    /echo    4003 binary bye
    Server Messages Should Be    /echo    text
    ${sent} =    Get Sent Messages
    Should Be Equal    ${sent}    ${{[$OTHER, 'text', $BYTES]}}

Text That Looks Like Bytes Stays Text
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo    binary_type=arraybuffer
    Page Sends    ${SHOWN}
    Page Should Receive    ${SHOWN}
    ${events} =    Page Events    message
    Should Be Equal    ${events}[0][kind]    text
    Server Should Have Seen Messages    /echo    ${SHOWN}
    Wait For Received Message    ${SHOWN}
    Received Messages Should Not Contain    ${{$SHOWN.encode()}}


*** Keywords ***
Page Protocol Should Be
    [Documentation]    Waits until socket ${socket} opened; fails unless its protocol was ${expected}.
    [Arguments]    ${expected}    ${socket}=0
    Wait Until Keyword Succeeds    3 s    20 ms    Page Saw Open Event    ${socket}
    ${opens} =    Page Events    open    ${socket}
    Should Be Equal    ${opens}[0][protocol]    ${expected}

Page Saw Open Event
    [Documentation]    Fails unless socket ${socket} saw its open event.
    [Arguments]    ${socket}
    ${opens} =    Page Events    open    ${socket}
    Should Not Be Empty    ${opens}

Page Kinds Should Be
    [Documentation]    Fails unless the messages of socket ${socket} had the kinds ${expected}.
    [Arguments]    ${socket}    @{expected}
    ${events} =    Page Events    message    ${socket}
    ${kinds} =    Evaluate    [e['kind'] for e in $events]
    Lists Should Be Equal    ${kinds}    ${expected}

Page Binary Frames Pass A Connected Route Unchanged
    [Documentation]    The page's bytes reach the server, its echo reaches the page, both recorded as bytes.
    [Arguments]    ${binary_type}
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo    binary_type=${binary_type}
    Page Sends Bytes    ${BYTES}
    Page Should Receive    ${SHOWN}
    Page Kinds Should Be    0    ${binary_type}
    Server Should Have Seen Messages    /echo    ${BYTES}
    ${sent} =    Wait For Sent Message    ${BYTES}
    Should Be Equal    ${sent}    ${BYTES}
    ${received} =    Wait For Received Message    ${BYTES}
    Should Be Equal    ${received}    ${BYTES}
    Sent Messages Should Contain    ${BYTES}
    Received Messages Should Contain    ${BYTES}
    Sent Messages Should Not Contain    ${SHOWN}
    ${all sent} =    Get Sent Messages
    Should Be Equal    ${all sent}    ${{[$BYTES]}}
    ${all received} =    Get Received Messages
    Should Be Equal    ${all received}    ${{[$BYTES]}}

Send To Page And Send To Server Carry Bytes
    [Documentation]    Bytes of Send To Server reach the server; bytes of Send To Page reach only the page.
    [Arguments]    ${binary_type}
    Route WebSocket    **/echo
    Connect To Server
    Open Socket    /echo    binary_type=${binary_type}
    Page Sends    first
    Page Should Receive    first
    Send To Server    ${BYTES}
    Page Should Receive    ${SHOWN}
    Send To Page    ${OTHER}
    Page Should Receive    ${OTHER SHOWN}
    Page Messages Should Be    0    first    ${SHOWN}    ${OTHER SHOWN}
    Page Kinds Should Be    0    text    ${binary_type}    ${binary_type}
    Server Should Have Seen Messages    /echo    first    ${BYTES}
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{['first', $BYTES, $OTHER]}}
    Wait For Received Message    ${OTHER}

Reply When Sent Answers Bytes With Bytes On A Connected Route
    [Documentation]    A bytes rule answers bytes; the matched message never reaches the server.
    [Arguments]    ${binary_type}
    Route WebSocket    **/echo
    Connect To Server
    Reply When Sent    ${BYTES}    ${OTHER}    as text
    Open Socket    /echo    binary_type=${binary_type}
    Page Sends Bytes    ${BYTES}
    Page Should Receive    as text
    Page Sends Bytes    ${OTHER}
    Wait Until Keyword Succeeds    3 s    20 ms
    ...    Page Messages Should Be    0    ${OTHER SHOWN}    as text    ${OTHER SHOWN}
    Page Kinds Should Be    0    ${binary_type}    text    ${binary_type}
    Server Should Have Seen Messages    /echo    ${OTHER}
    Wait For Sent Message    ${BYTES}

Reply When Sent Answers Bytes With Bytes On A Mocked Route
    [Documentation]    A bytes rule answers bytes on a route with no server.
    [Arguments]    ${binary_type}
    Route WebSocket    **/echo
    Reply When Sent    ${BYTES}    ${OTHER}
    Open Socket    /echo    binary_type=${binary_type}
    Page Sends Bytes    ${BYTES}
    Page Should Receive    ${OTHER SHOWN}
    Page Kinds Should Be    0    ${binary_type}
    ${sent} =    Wait For Sent Message    ${BYTES}
    Should Be Equal    ${sent}    ${BYTES}
    Wait For Received Message    ${OTHER}
    ${seen} =    Server Events    /echo
    Should Be Empty    ${seen}

Reply When Received And Drop When Received Handle Bytes
    [Documentation]    Server bytes are replaced or dropped by bytes rules before the page sees them.
    [Arguments]    ${binary_type}
    Route WebSocket    **/echo
    Connect To Server
    Reply When Received    ${BYTES}    ${OTHER}
    Drop When Received    ${OTHER}
    Open Socket    /echo    binary_type=${binary_type}
    Page Sends Bytes    ${OTHER}
    Page Sends Bytes    ${BYTES}
    Page Should Receive    ${OTHER SHOWN}
    Page Sends    done
    Page Should Receive    done
    Page Messages Should Be    0    ${OTHER SHOWN}    done
    Page Kinds Should Be    0    ${binary_type}    text
    Server Should Have Seen Messages    /echo    ${OTHER}    ${BYTES}    done
    ${received} =    Get Received Messages
    Should Be Equal    ${received}    ${{[$OTHER, 'done']}}
    Received Messages Should Not Contain    ${BYTES}
