*** Settings ***
Documentation       Record once, replay forever: the demo app (examples/app) talks to a real server,
...                 a connected route records the conversation and saves it as a HAR; then the
...                 server stops, the app is served without it, and the replay makes the page
...                 show exactly what it showed with the real server.
Resource            recording.resource
Library             ../../examples/DemoServer.py
Suite Setup         Start Recording Suite
Suite Teardown      Run Keywords    Stop Servers And Browser    AND    Stop Demo Backend
...                     AND    Stop Demo Server


*** Variables ***
${APP STATE}        () => ({
...                 market: document.getElementById('market-state').textContent,
...                 prices: [...document.querySelectorAll('#quotes tr')].map(r => r.textContent),
...                 updates: document.getElementById('ticker-updates').textContent,
...                 presence: document.getElementById('chat-presence').textContent,
...                 chat: [...document.querySelectorAll('#chat-log li')].map(m => m.textContent) })
${TYPE AND SEND}    (text) => { const box = document.getElementById('chat-input');
...                 box.value = text; box.form.requestSubmit(); return box.value; }
${TEXT OF}          (selector) => document.querySelector(selector)?.textContent


*** Test Cases ***
The Replayed App Shows What The Real Server Made It Show
    ${backend} =    Start Demo Backend
    Route WebSocket    **/{ticker,chat}
    Connect To Server
    Navigate To    ${backend}/?user=tess
    Use The App
    ${recorded} =    Run JavaScript    ${APP STATE}
    ${har} =    Save WebSocket Traffic    ${HARS}/acme-markets.har
    Stop Demo Backend
    Unroute WebSocket
    ${events} =    Demo Backend Events
    Should Contain    ${events}    open /ticker
    ${app} =    Start Demo Server
    Route WebSocket    **/ticker
    Replay WebSocket Traffic    ${har}
    Route WebSocket    **/chat
    Replay WebSocket Traffic    ${har}
    Navigate To    ${app}/?user=tess
    Use The App
    ${replayed} =    Run JavaScript    ${APP STATE}
    Should Be Equal    ${replayed}    ${recorded}
    Replay Should Be Complete    **/ticker
    Replay Should Be Complete    **/chat
    ${after} =    Demo Backend Events
    Lists Should Be Equal    ${after}    ${events}

The Saved HAR Holds Both Sockets And Nothing Else
    ${har} =    Join Path    ${HARS}    acme-markets.har
    ${requests} =    DevTools Imports Har    ${har}
    ${urls} =    Evaluate    sorted(r['url'].rsplit('/', 1)[1] for r in $requests)
    Should Be Equal    ${urls}    ${{['chat', 'ticker']}}


*** Keywords ***
Use The App
    [Documentation]    Waits for live prices and the chat, says hello and waits for the echo.
    Page Should Show    \#ticker-updates    1 live update
    Page Should Show    \#chat-presence    tess · 3 online
    ${left} =    Run JavaScript    ${TYPE AND SEND}    Good morning, desk!
    Should Be Empty    ${left}
    Wait Until Keyword Succeeds    5 s    50 ms    Chat Shows    echo-botYou said: Good morning, desk!

Page Should Show
    [Documentation]    Waits until the element at CSS ${selector} has the text ${expected}.
    [Arguments]    ${selector}    ${expected}
    Wait Until Keyword Succeeds    5 s    50 ms    Text Should Be    ${selector}    ${expected}

Text Should Be
    [Documentation]    Fails unless the element at CSS ${selector} has the text ${expected}.
    [Arguments]    ${selector}    ${expected}
    ${text} =    Run JavaScript    ${TEXT OF}    ${selector}
    Should Be Equal    ${text}    ${expected}

Chat Shows
    [Documentation]    Fails unless the chat log has a line with the text ${line}.
    [Arguments]    ${line}
    ${state} =    Run JavaScript    ${APP STATE}
    Should Contain    ${state}[chat]    ${line}
