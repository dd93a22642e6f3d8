*** Settings ***
Documentation       Worker sockets on a Chromium the library attached to over the DevTools
...                 Protocol: dedicated and shared workers are routed as on the library's own.
Resource            workers.resource
Suite Setup         Start Worker Servers And Attach
Suite Teardown      Detach And Stop
Test Setup          Fresh Worker Page


*** Test Cases ***
Dedicated Worker Socket Of An Attached Browser Is Mocked
    Route WebSocket    **/echo
    Reply When Sent    ping    pong
    Start Worker    dedicated
    Open Worker Socket    /echo
    Page Sends    ping
    Page Messages Should Be    pong
    Log Table And Diagram Should Name    dedicated worker ${HTTP}/socket-worker.js

Shared Worker Socket Of An Attached Browser Meets The Server
    Route WebSocket    **/greet
    Connect To Server
    Start Worker    shared
    Open Worker Socket    /greet
    Page Sends    hi
    Page Messages Should Be    welcome    hi
    Server Should Have Seen    /greet    hi

A Service Worker Of An Attached Browser Is Named In The Log
    [Documentation]    This Chromium runs with Local Network Access checks on, which keep a
    ...    service worker's script from the library's relay: the log says once that its
    ...    sockets may not be routed, and names the option that helps.
    Start Worker    service
    Log Notes Should Contain
    ...    The sockets of the service worker '${HTTP}/socket-worker.js' may not be routed
    Log Notes Should Contain    --disable-features=LocalNetworkAccessChecks    count=1
    Start Worker    service
    Log Notes Should Contain    may not be routed    count=1


*** Keywords ***
Start Worker Servers And Attach
    [Documentation]    Starts the test servers serving this area's pages and a Chromium
    ...    (without the library's arguments); the library attaches to it.
    ${urls} =    Start Test Servers    ${CURDIR}/pages
    VAR    ${HTTP} =    ${urls}[http]    scope=SUITE
    VAR    ${WS} =    ${urls}[ws]    scope=SUITE
    ${chromium} =    Chromium Executable
    ${cdp} =    Start Chromium    ${chromium}
    Attach To Browser    ${cdp}
    Navigate To    ${HTTP}/workers.html

Detach And Stop
    [Documentation]    Disconnects, stops the Chromium and the servers.
    Quit Browser
    Stop Chromium
    Stop Test Servers
