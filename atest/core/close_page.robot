*** Settings ***
Documentation       Close Current Page: the current page goes, with its sockets, so a page of an
...                 earlier test cannot reconnect into the next test's route.
Resource            core.resource
Suite Setup         Start Servers And Browser
Suite Teardown      Stop Servers And Browser


*** Variables ***
${NO_PAGE}      No page is open. Open one with 'Open Page'.
# Nothing listens there: an unrouted socket fails at once and the page tries again.
${NOWHERE}      ws://127.0.0.1:9/live


*** Test Cases ***
Close Current Page Closes The Page's Sockets And The Previous Page Becomes Current
    Route WebSocket    **/live?*
    Open Page    ${HTTP}/index.html?page=closing
    Page Keeps A Socket Open To    ${NOWHERE}?from=closing
    Wait For WebSocket
    Close Current Page
    ${close} =    Wait For WebSocket Close
    Should Be Equal As Integers    ${close}[code]    1005
    ${search} =    Run JavaScript    location.search
    Should Be Empty    ${search}    The suite's page is not the current page again

A Page Reconnecting At The End Of A Test
    [Documentation]    The page keeps reconnecting to a server that refuses it; the
    ...    test ends while it does, as a reconnect test does, and closes it.
    Route WebSocket    **/live?*
    Reject WebSocket Connections
    Open Page    ${HTTP}/index.html?page=reconnecting
    Page Keeps A Socket Open To    ${NOWHERE}?from=reconnecting
    Wait Until Keyword Succeeds    3 s    20 ms    Route Should Have Sockets    3
    [Teardown]    Close Current Page

A Closed Page Cannot Reconnect Into The Next Test's Route
    [Documentation]    The same pattern routed again sees only this test's page: its
    ...    first socket is this page's, and in the time of five more reconnects of this
    ...    page no socket of the page the test before closed came.
    Route WebSocket    **/live?*
    Open Page    ${HTTP}/index.html?page=new
    Page Keeps A Socket Open To    ${NOWHERE}?from=new
    ${first} =    Wait For WebSocket
    Should End With    ${first}    ?from=new
    Reject WebSocket Connections
    Close Socket    code=4000
    Wait Until Keyword Succeeds    3 s    20 ms    Route Should Have Sockets    6
    ${urls} =    Get WebSocket Urls
    Should Not Contain Match    ${urls}    *from=reconnecting
    [Teardown]    Close Current Page

Close Current Page Without A Page Fails Saying How To Open One
    [Documentation]    FAIL ${NO_PAGE}
    Launch Browser
    Close Current Page


*** Keywords ***
Page Keeps A Socket Open To
    [Documentation]    The page opens a WebSocket to ${url} and opens a new one 20 ms after
    ...    each close, as an app that reconnects does.
    [Arguments]    ${url}
    Run JavaScript
    ...    (u) => { const go = () => { new WebSocket(u).onclose = () => setTimeout(go, 20); }; go(); }
    ...    ${url}

Route Should Have Sockets
    [Documentation]    Fails unless the current route has had at least ${count} sockets.
    [Arguments]    ${count}
    ${urls} =    Get WebSocket Urls
    ${length} =    Get Length    ${urls}
    Should Be True    ${length} >= ${count}    Only ${length} socket(s): ${urls}
