*** Settings ***
Documentation       Bad recordings and bad arguments fail Replay WebSocket Traffic at once, with
...                 a message that names the file and the problem.
Resource            recording.resource
Suite Setup         Start Recording Suite
Suite Teardown      Stop Servers And Browser
Test Setup          Route WebSocket    **/echo


*** Test Cases ***
Missing File
    ${path} =    Join Path    ${HARS}    missing.har
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}' does not exist (looked for ${path}). Give the path of a HAR file, e.g. one that 'Save WebSocket Traffic' wrote.
    ...    Replay WebSocket Traffic    ${path}

Not JSON
    ${path} =    Join Path    ${HARS}    broken.har
    Create File    ${path}    {"log": {"entries": [
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}' is not JSON: Expecting value: line 1 column 22 (char 21). A HAR file is JSON with a 'log' object, as browsers and Playwright write it.
    ...    Replay WebSocket Traffic    ${path}

JSON That Is No HAR
    ${path} =    Join Path    ${HARS}    other.json
    Create File    ${path}    {"messages": ["hello"]}
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}' is JSON but no HAR: it has no 'log' object with a list of 'entries'. Give a HAR file as browsers, Playwright or 'Save WebSocket Traffic' write it.
    ...    Replay WebSocket Traffic    ${path}

HAR Without WebSocket Entries
    VAR    ${page} =    {"request": {"method": "GET", "url": "http://x.test/"}, "response": {"status": 200}, "_resourceType": "document"}
    VAR    ${xhr} =    {"request": {"method": "GET", "url": "http://x.test/api"}, "response": {"status": 200}, "_resourceType": "xhr"}
    ${path} =    Write Har    pages-only.har    [${page}, ${xhr}]
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}' holds no WebSocket entries (2 entries: document, xhr). Record it while the page's WebSockets are open: 'Save WebSocket Traffic', Playwright's record_har_path with record_har_content='embed', or DevTools' 'Save all as HAR with content'.
    ...    Replay WebSocket Traffic    ${path}

No Conversation Matches The Route Or Socket Url
    ${chat} =    Ws Entry    ws://recorded.test/chat    []
    ${feed} =    Ws Entry    ws://recorded.test/feed    []
    ${path} =    Write Har    elsewhere.har    [${chat}, ${feed}, ${chat}]
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}' holds no WebSocket conversation matching '**/echo' (the route's pattern). Its WebSockets: ws://recorded.test/chat (2 times), ws://recorded.test/feed. Give socket_url, a glob such as '**/chat', to choose among them.
    ...    Replay WebSocket Traffic    ${path}
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}' holds no WebSocket conversation matching '**/ticker' (socket_url). Its WebSockets: ws://recorded.test/chat (2 times), ws://recorded.test/feed. Give socket_url, a glob such as '**/chat', to choose among them.
    ...    Replay WebSocket Traffic    ${path}    socket_url=**/ticker

Binary Frame With Invalid Base64
    ${entry} =    Ws Entry    ws://recorded.test/echo
    ...    [{"type": "receive", "opcode": 1, "data": "hi"}, {"type": "send", "opcode": 2, "data": "%%%"}]
    ${path} =    Write Har    base64.har    [${entry}]
    Run Keyword And Expect Error
    ...    EQUALS:HAR file '${path}', WebSocket entry 1 (ws://recorded.test/echo): message 2 is a binary frame (opcode 2) whose data '%%%' is not valid base64 (Only base64 data is allowed). Binary data in a HAR is base64, as DevTools and Playwright write it.
    ...    Replay WebSocket Traffic    ${path}

Timing, Match And Ignore Values That Do Not Exist
    VAR    ${path} =    ${CURDIR}${/}data${/}devtools-binary.har
    Run Keyword And Expect Error
    ...    EQUALS:Cannot replay '${path}': timing='slow' is not supported. Use immediate (recorded server messages at once) or recorded (with the recorded gaps).
    ...    Replay WebSocket Traffic    ${path}    timing=slow
    Run Keyword And Expect Error
    ...    EQUALS:Cannot replay '${path}': Match mode 'fuzzy' is not supported. Use one of: exact, glob, regexp, json.
    ...    Replay WebSocket Traffic    ${path}    match=fuzzy
    Run Keyword And Expect Error
    ...    EQUALS:Cannot replay '${path}': ignore leaves JSON paths out of a JSON comparison, but match=exact. Add match=json.
    ...    Replay WebSocket Traffic    ${path}    ignore=id

A Failed Replay Leaves The Route As It Was
    [Documentation]    Nothing replays after a failure: the route stays a plain mocked route.
    Run Keyword And Expect Error    *does not exist*    Replay WebSocket Traffic    ${HARS}/none.har
    Fresh Page
    Open Socket    /echo
    Page Sends    ping
    Wait For Sent Message    ping
    Run Keyword And Expect Error
    ...    EQUALS:Route '**/echo' replays no recording. Use 'Replay WebSocket Traffic' first.
    ...    Replay Should Be Complete
