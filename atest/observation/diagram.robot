*** Settings ***
Documentation       The sequence diagram of the log, as a person sees it: runs the suite
...                 nested/diagram_log.txt in a robot of its own, opens its log.html in
...                 Chromium at the link of a test, and reads the diagram the log shows
...                 there: lanes, arrows between them, labels, colours, the "left out" count.
Library             Collections
Library             NestedRun.py    ${CURDIR}${/}nested
Library             WsRouteLibrary    timeout=3 s
Suite Setup         Run The Nested Suite And Open A Browser
Suite Teardown      Quit Browser


*** Variables ***
${LOG}              ${EMPTY}
# Reads the first diagram shown in the test with the given id, or null while the log
# has not drawn it yet. Each arrow as "from -> to[ x]: label | note": the lanes are
# those nearest to where the drawn line starts and ends, " x" when it is crossed out,
# the labels as shown, with ports replaced by PORT.
${READ DIAGRAM}     SEPARATOR=\n
...                 (id) => {
...                 const test = document.getElementById(id);
...                 const svgs = test ? [...test.querySelectorAll('svg')] : [];
...                 if (!svgs.length) return null;
...                 const svg = svgs[0];
...                 const shown = svg.getBoundingClientRect();
...                 const port = (s) => s.replace(/127\\.0\\.0\\.1:\\d+/g, '127.0.0.1:PORT');
...                 const lanes = {};
...                 for (const t of svg.querySelectorAll('.wsd-lane')) {
...                 const box = t.getBBox();
...                 if (!(t.textContent in lanes)) lanes[t.textContent] = box.x + box.width / 2;
...                 }
...                 const names = Object.keys(lanes);
...                 const near = (x) => names.reduce((a, b) => Math.abs(lanes[a] - x) <= Math.abs(lanes[b] - x) ? a : b);
...                 const say = (g, css) => port(g.querySelector('.' + css)?.textContent ?? '');
...                 const rows = [...svg.querySelectorAll('g.wsd-m')];
...                 const arrows = rows.map((g) => {
...                 const lines = [...g.querySelectorAll('.wsd-a')].map((p) => {
...                 const start = p.getPointAtLength(0), end = p.getPointAtLength(p.getTotalLength());
...                 return near(start.x) + ' -> ' + near(end.x);
...                 });
...                 const crossed = g.querySelector('.wsd-stop') ? ' x' : '';
...                 return lines.join(', ') + crossed + ': ' + say(g, 'wsd-msg') + ' | ' + say(g, 'wsd-note');
...                 });
...                 const colour = (g) => getComputedStyle(g.querySelector('.wsd-a')).stroke;
...                 return {
...                 count: svgs.length, width: shown.width, height: shown.height,
...                 title: svg.querySelector('.wsd-title')?.textContent, lanes: names, arrows: arrows,
...                 sockets: rows.map((g) => [say(g, 'wsd-sock'), colour(g)]),
...                 legend: [...svg.querySelectorAll('g.wsd-key')].map((g) => [port(g.textContent), colour(g)]),
...                 gap: svg.querySelector('.wsd-gap text')?.textContent ?? null,
...                 table_rows: svg.closest('td').querySelectorAll('table tr td:nth-child(4)').length,
...                 injected: window.injected ?? null,
...                 };
...                 }


*** Test Cases ***
The Nested Tests Passed
    FOR    ${test}    IN    Mocked And Connected Sockets    Ten Thousand Messages
    ...    Text That Looks Like Markup
        ${status} =    Nested Test Status    diagram_log    ${test}
        Should Be Equal    ${status}    PASS
    END

The Diagram Has Lanes For The Page, The Library And The Server
    ${diagram} =    Diagram Of Test    Mocked And Connected Sockets
    Should Be Equal    ${diagram}[lanes]    ${{['page', 'WsRouteLibrary', 'server']}}
    Should Be Equal    ${diagram}[count]    ${1}
    Should Be True    ${diagram}[width] > 500 and ${diagram}[height] > 500
    Should Be Equal    ${diagram}[title]    Sequence diagram: 14 entries on 2 sockets

Each Message Is An Arrow From Where It Came To Where It Ended
    ${diagram} =    Diagram Of Test    Mocked And Connected Sockets
    VAR    @{expected} =
    ...    page -> WsRouteLibrary: open ws://127.0.0.1:PORT/echo | mocked
    ...    WsRouteLibrary -> page: 'hello <b>not bold</b>' | rule 1: Send On Open
    ...    page -> WsRouteLibrary: 'ping' | rule 2: Reply When Sent 'ping'
    ...    WsRouteLibrary -> page: 'pong' | rule 2: Reply When Sent 'ping'
    ...    page -> WsRouteLibrary x: 'drop me' | rule 3: Drop When Sent 'drop me'
    ...    page -> server: open ws://127.0.0.1:PORT/greet | connected to server
    ...    server -> page: 'welcome' | from server
    ...    page -> server: 'secret' | forwarded to server
    ...    server -> WsRouteLibrary x: 'secret' | rule 1: Reply When Received 'secret'
    ...    WsRouteLibrary -> page: 'replaced' | rule 1: Reply When Received 'secret'
    ...    WsRouteLibrary -> server: 'hi server' | Send To Server
    ...    server -> page: 'hi server' | from server
    ...    WsRouteLibrary -> page: close 4000 'bye' | Close Socket
    ...    page -> server: close 4001 'done' | closed by page
    Lists Should Be Equal    ${diagram}[arrows]    ${expected}

Sockets Are Told Apart By Colour
    ${diagram} =    Diagram Of Test    Mocked And Connected Sockets
    ${colours} =    Evaluate    {socket: colour for socket, colour in $diagram['sockets']}
    ${pairs} =    Evaluate    {tuple(pair) for pair in $diagram['sockets']}
    Length Should Be    ${pairs}    2    Every arrow of a socket has the socket's colour.
    ${sockets} =    Evaluate    [socket for socket, colour in $diagram['sockets']]
    VAR    ${echo} =    ${sockets}[0]
    VAR    ${greet} =    ${sockets}[-1]
    Should Not Be Equal    ${echo}    ${greet}
    Should Not Be Equal    ${colours}[${echo}]    ${colours}[${greet}]
    VAR    @{legend} =
    ...    ${{[$echo + ' **/echo: ws://127.0.0.1:PORT/echo', $colours[$echo]]}}
    ...    ${{[$greet + ' **/greet: ws://127.0.0.1:PORT/greet', $colours[$greet]]}}
    Lists Should Be Equal    ${diagram}[legend]    ${legend}

The Exact Table Stays Below The Diagram
    ${diagram} =    Diagram Of Test    Mocked And Connected Sockets
    Should Be Equal    ${diagram}[table_rows]    ${14}

A Long Conversation Shows Its Start And Its End And Counts The Rest
    ${diagram} =    Diagram Of Test    Ten Thousand Messages
    Should Be Equal    ${diagram}[title]    Sequence diagram: 10,001 entries on 1 socket
    Should Be Equal    ${diagram}[gap]    \u22ef 9,801 messages left out \u22ef
    VAR    ${arrows} =    ${diagram}[arrows]
    Length Should Be    ${arrows}    200
    Should Be Equal    ${arrows}[0]    page -> WsRouteLibrary: open ws://127.0.0.1:PORT/echo | mocked
    VAR    ${unhandled} =    | no rule (mocked, not forwarded)
    Should Be Equal    ${arrows}[1]    page -> WsRouteLibrary: 'm 0' ${unhandled}
    Should Be Equal    ${arrows}[99]    page -> WsRouteLibrary: 'm 98' ${unhandled}
    Should Be Equal    ${arrows}[100]    page -> WsRouteLibrary: 'm 9900' ${unhandled}
    Should Be Equal    ${arrows}[-1]    page -> WsRouteLibrary: 'm 9999' ${unhandled}
    Should Be True    ${diagram}[height] < 10000    The diagram is as long as 200 messages.

Text Is Shown As Sent And Never Runs As Markup
    ${diagram} =    Diagram Of Test    Text That Looks Like Markup
    VAR    @{expected} =
    ...    page -> WsRouteLibrary: open ws://127.0.0.1:PORT/echo | mocked
    ...    page -> WsRouteLibrary: '<script>window.injected = 1</script> & "double" 'single'' | no rule (mocked, not forwarded)
    ...    WsRouteLibrary -> page: '</text></svg><img src=x onerror="window.injected = 2"> &amp; \u00fc \U0001f600' | Send To Page
    Lists Should Be Equal    ${diagram}[arrows]    ${expected}
    Should Be Equal    ${diagram}[count]    ${1}
    Should Be Equal    ${diagram}[injected]    ${None}


*** Keywords ***
Run The Nested Suite And Open A Browser
    [Documentation]    Runs nested/diagram_log.txt with a log.html and opens a browser.
    ${url} =    Run Nested Suite With Log    diagram_log    ${OUTPUT DIR}
    VAR    ${LOG} =    ${url}    scope=SUITE
    Launch Browser
    Open Page

Diagram Of Test
    [Documentation]    Opens the nested log at the link of ${test}, as a person following
    ...    it would, and returns what the diagram shown there says (see ${READ DIAGRAM}).
    [Arguments]    ${test}
    ${id} =    Nested Test Id    diagram_log    ${test}
    Navigate To    about:blank
    Navigate To    ${LOG}#${id}
    ${diagram} =    Wait Until Keyword Succeeds    30 s    100 ms    Diagram Is Shown    ${id}
    RETURN    ${diagram}

Diagram Is Shown
    [Documentation]    Returns the diagram of the test ${id}; fails while the log shows none.
    [Arguments]    ${id}
    ${diagram} =    Run JavaScript    ${READ DIAGRAM}    ${id}
    Should Not Be Equal    ${diagram}    ${None}    The log shows no diagram in ${id}.
    RETURN    ${diagram}
