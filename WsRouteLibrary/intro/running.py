"""The intro's last part: timeouts, cleanup, test isolation, the log, other libraries,
Playwright's limits and its API next to the keywords."""

# ruff: noqa: E501 - the tables of libdoc must stay one row a line.

TEXT = r"""= Timeouts =

Waits use the import argument ``timeout`` (default 5 seconds) unless
given their own; `Set WebSocket Timeout` changes it for the current
suite, the current test or the whole run, and the old value comes back
when that scope ends. Times are Robot Framework time strings:
``500 ms``, ``2 s``, ``1 min``. A wait also ends when a Robot Framework
test or keyword timeout interrupts it.

= Cleanup =

The import argument ``auto_cleanup`` says when routes, rules and
recorded messages go away:

| =auto_cleanup= | =Effect= |
| ``test`` | the default: what a test created is removed when it ends; what a suite setup created lives until that suite ends |
| ``suite`` | everything lives until the suite that created it ends |
| ``manual`` | nothing is removed automatically; use `Unroute WebSocket` |

Open sockets of a removed route stay open with nothing answering them.

= Keeping tests apart =

What a test created goes when it ends (see `Cleanup`), but a page it
leaves open keeps running: its app may reconnect after the test and
land in the next test's route, which then sees sockets and messages
that test never caused. Close the pages a test opens when it ends, e.g.
with ``Test Teardown    Close Current Page`` in the suite's settings (it fails
when the test opened no page): the sockets of a closed page close with
it, and it cannot reconnect. A suite that keeps one page for all its
tests can instead give each test a fresh document with `Navigate To`.

| ``*** Settings ***``
| Library          WsRouteLibrary
| Test Teardown    Close Current Page
|
| ``*** Test Cases ***``
| Chat Answers Hello
|     Route WebSocket    **/chat
|     Reply When Sent    hello    Hi from the mock
|     Open Page    http://127.0.0.1:8000/chat.html
|     Wait For Sent Message    hello

= The log and errors =

Every test's WebSocket traffic appears in the log as a table: time since
the test started, socket and route, direction, message (shortened,
binary as hex) and what handled it. Traffic of a suite setup or
teardown appears inside that setup or teardown. An entry belongs to
whatever runs when the library records it: a socket a setup's last
keyword opens may reach the library after the first test began, so end
such a setup with `Wait For WebSocket` to keep its open in the setup.

Errors that happen while the browser talks to the library (a template
that cannot be filled, anything unexpected) fail the test in which they
happened, at the next keyword of this library or when the test ends; a
wait in progress ends at once with the error. None is lost.

Each route keeps its most recent ``message_limit`` messages (import
argument, default 100000; ``None`` keeps all). Older ones are dropped
and the log says how many.

= Using with Browser library and SeleniumLibrary =

The library routes the WebSockets of a Chromium that Browser library or
SeleniumLibrary started. ``Attach To Browser    SeleniumLibrary`` finds
SeleniumLibrary's current browser by itself, local or on Selenium Grid 4,
with no port to choose. Otherwise start that Chromium with
``--remote-debugging-port=PORT`` and give `Attach To Browser` the address
``http://127.0.0.1:PORT``. The other library keeps driving the browser
and checking the page; routes apply to every context, page and popup of
that browser, also those opened after attaching. No keyword name is
shared with either library, so none needs a prefix.

Route first, then load the page: WebSockets a page opened before the
library attached are not routed. `Quit Browser` only disconnects: the
browser belongs to the library that started it. `Attach To Browser`
says what happens to pages that were already loaded or stay open. Only
Chromium speaks the DevTools Protocol that attaching needs.

With Browser library (``pip install robotframework-browser
robotframework-browser-batteries``: the batteries bring Browser library's
NodeJS side, no ``rfbrowser init`` needed; ``executablePath`` runs a
system Chromium instead of a downloaded one):

| ``*** Settings ***``
| Library           Browser
| Library           WsRouteLibrary
| Suite Setup       Start Chromium And Attach
| Suite Teardown    Run Keywords    Quit Browser    AND    Close Browser    ALL
|
| ``*** Test Cases ***``
| Chat Shows The Mocked Answer
|     Route WebSocket    **/chat
|     Reply When Sent    hello    Hi from the mock
|     Go To    http://127.0.0.1:8000/chat.html
|     Fill Text    id=text    hello
|     Click    id=send
|     Get Text    id=last    ==    Hi from the mock
|     Sent Messages Should Contain    hello
|
| ``*** Keywords ***``
| Start Chromium And Attach
|     New Browser    chromium    executablePath=/usr/bin/chromium
|     ...    args=["--remote-debugging-port=9222"]
|     New Page    about:blank
|     Attach To Browser    http://127.0.0.1:9222

With SeleniumLibrary (``pip install robotframework-seleniumlibrary``
and a chromedriver matching the Chromium, on Debian ``apt-get install
chromium chromium-driver``; ``--no-sandbox`` is needed
when running as root; add ``remote_url=http://grid:4444`` to
``Open Browser`` to run the browser on Selenium Grid 4):

| ``*** Settings ***``
| Library           SeleniumLibrary
| Library           WsRouteLibrary
| Suite Setup       Start Chrome And Attach
| Suite Teardown    Run Keywords    Quit Browser    AND    Close All Browsers
|
| ``*** Test Cases ***``
| Chat Shows The Mocked Answer
|     Route WebSocket    **/chat
|     Reply When Sent    hello    Hi from the mock
|     Go To    http://127.0.0.1:8000/chat.html
|     Input Text    id=text    hello
|     Click Button    id=send
|     Wait Until Element Contains    id=last    Hi from the mock
|     Sent Messages Should Contain    hello
|
| ``*** Keywords ***``
| Start Chrome And Attach
|     VAR    ${options}    add_argument("--headless=new")    add_argument("--no-sandbox")
|     ...    separator=;
|     Open Browser    about:blank    chrome    options=${options}
|     Attach To Browser    SeleniumLibrary

Both examples assume a page at ``http://127.0.0.1:8000/chat.html`` that
opens a WebSocket to a URL ending in ``/chat`` and shows the last message
it received in ``#last``.

*Running at scale.* With pabot every process has its own library
instance, its own Playwright and its own routes: the routes of one
process never touch the pages of another. ``Attach To Browser    SeleniumLibrary``
needs no port, also on Selenium Grid 4; a browser started by hand needs
a debugging port per process. `Connect To Browser Server` runs the
browsers on another machine, each client in a context of its own. The
project's README ("Running at scale") shows how to set up each.

= Limits of Playwright's routing =

- Playwright tells nothing when the real server accepts a connected
  socket. `Wait For WebSocket` returns when the socket is created, and
  `Send On Open` or `Send To Page` on a connected route open the page
  side at once, before the server answered (messages the page sends
  meanwhile are held back and reach the server when it is up).
- With the page's default ``binaryType`` ``blob``, Playwright reads each
  binary frame asynchronously, so a text frame right behind a binary
  one can overtake it. Pages that set ``binaryType = "arraybuffer"``
  keep their order.
- The page may close a socket only with 1000 or 3000-4999 (a browser
  rule); a `Close Socket` code that only servers may send (e.g. 1011)
  reaches the page as given and the real server as 1000 with the reason.
- A socket closed by navigation or by closing the page has no close
  code in Playwright; `Wait For WebSocket Close` reports 1005.
- Playwright cannot unroute. Every glob ever routed in a context keeps
  Playwright looking at sockets whose URL it matches, and once a
  regular-expression route (``/body/flags``) or a ``scope=page`` route
  exists, Playwright looks at every socket of the context (or page),
  because only globs are sure to read the same in the browser. Sockets
  that no current route matches still reach their server unchanged,
  but through Playwright's driver: a round trip then costs several times
  more (see the README's performance figures). With the `Fast path` on,
  a socket no route takes is the browser's own, whatever was routed before.

= Playwright's WebSocketRoute and these keywords =

``ws`` is the page side of a routed socket, ``server`` the server side
that ``ws.connect_to_server()`` returns. Names in parentheses are those of
Playwright's pre-release API (1.48 development builds).

| =Playwright= | =Keyword= |
| ``page.route_web_socket(url, handler)`` | `Route WebSocket` with ``scope=page`` |
| ``context.route_web_socket(url, handler)`` | `Route WebSocket` |
| ``ws.connect_to_server()`` (``connect``) | `Connect To Server` |
| ``ws.on_message(handler)`` (``routeSend``) | `Reply When Sent`, `Drop When Sent`, `Close Socket When Sent`; other page messages are recorded (`Wait For Sent Message`) and, on a connected route, forwarded |
| ``server.on_message(handler)`` (``routeReceive``) | `Reply When Received`, `Drop When Received`; other server messages are forwarded and recorded (`Wait For Received Message`) |
| ``ws.send(message)`` (``receive``) | `Send To Page`, `Send On Open` |
| ``server.send(message)`` (``send``) | `Send To Server` |
| ``ws.close(code, reason)`` | `Close Socket`, `Close Socket When Sent` |
| ``server.close(code, reason)`` | `Close Socket` and `Close Socket When Sent` on a connected route; a page's close reaches the server by itself |
| ``ws.on_close(handler)`` | `Wait For WebSocket Close` (the page closed) |
| ``server.on_close(handler)`` | `Wait For WebSocket Close` (the server closed; the page gets the same code and reason) |
| ``ws.url``, ``server.url`` | `Get WebSocket Urls`, `Wait For WebSocket` |
| ``ws.protocols``, ``server.protocols`` | `Connect To Server`: the server chooses among them and the page sees its choice; on a mocked route (`Route WebSocket`) the page sees the first |
"""
