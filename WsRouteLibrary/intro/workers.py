"""The intro's section on sockets opened in workers: what works, where, and the limits."""

TEXT = r"""= Sockets in workers =

Routes, watches, rules, `Connect To Server`, `Send To Page`, `Close
Socket`, replay, faults, waits and the log apply also to the WebSockets that a
page's dedicated workers (``new Worker``), its shared workers (``new
SharedWorker``) and the service workers of its context open, with the
same URL patterns, the same ownership and cleanup, and on the same
routes as the page's own sockets. Playwright's own routing does not see
those sockets: the library puts a small script before each worker's
script, whose ``WebSocket`` asks the library, over one connection per
worker to a relay the library runs on 127.0.0.1 (a random port and a
secret path), whether a route takes the socket.

- A socket no route matches opens in the worker as it would have, and its
  frames never pass through the library.
- `Watch WebSocket` records the sockets of all three kinds of worker that
  no route takes, as it records a page's: the same entries, waits,
  assertions and log, with the worker named. The socket talks to its
  server directly from the worker; Playwright reports a dedicated worker's
  frames as the page's, and for shared and service workers the library's
  script sends the library a copy of each socket's open, frames and close
  on the side. A watch removed or ended with its test stops recording; the
  socket itself goes on.
- A routed socket connected to its server (`Connect To Server`) reaches
  the server from inside the worker, with the browser's cookies, origin
  and network stack, as a page's does.
- The log's table and diagram name the worker that opened each socket:
  ``ws://host/feed (in shared worker https://host/sync.js)``. Keywords that
  return a socket's URL return the URL only.
- Only ``scope=context`` routes take worker sockets: a shared or service
  worker belongs to no single page.
- As with a page's sockets, a worker's socket that opened before its route
  was made stays with its server. A worker started before the first route
  still has the script: its later sockets are routed.
- Workers that end (``terminate()``, a closed page) end their routed
  sockets with code 1001 and leave nothing behind.
- Workers started by a worker and workers made from ``blob:`` URLs
  (``new Worker(URL.createObjectURL(blob))``, as bundlers do) are routed
  too: the library starts them itself from a ``blob:`` script of the same
  origin that runs its script first and then the worker's. A worker
  started by a worker keeps resolving relative URLs against its own
  script's URL in ``importScripts``, ``fetch``, ``XMLHttpRequest``,
  ``WebSocket`` and ``Worker``, and its ``self.location`` is that URL (a
  ``URL`` object); other relative URLs in it (``new Request``,
  ``EventSource``) do not resolve.

Where it works: tested on Chromium: the library's own, and attached ones
(`Attach To Browser`): a Chromium started with
``--remote-debugging-port``, Browser library's (``New Browser`` with
``--remote-debugging-port``), SeleniumLibrary's with a local chromedriver,
and one of a Selenium Grid whose node runs on the machine that runs the
tests. On attached browsers that covers the contexts and pages the other
library opens after attaching too (Browser library's ``New Context`` and
``New Page``). The script prefix and the relay use nothing of Chromium
and in principle work in any browser Playwright drives. On the library's
own Chromium the library turns Chromium's Local Network Access checks off
(``--disable-features=LocalNetworkAccessChecks``, merged into a
``--disable-features`` given to `Launch Browser`): a worker script the
library answered counts as coming from a public address, and a public
context may not reach 127.0.0.1. Dedicated and shared workers also get
the ``local-network-access`` permission in every context, also in those
another library opened in an attached browser, which is enough for them
on attached browsers.

Limits:
- A worker made from a ``data:`` URL has an opaque origin, which a
  ``blob:`` script would change: it keeps the browser's own ``WebSocket``
  and its sockets reach their servers unrouted. A service worker installed
  before the library came (in a reused browser profile) keeps its
  unchanged script until it updates. The log says so once per test,
  naming the worker's kind and URL and what to do (a ``blob:`` URL or a
  script URL; a fresh profile).
- The browser must reach the relay on 127.0.0.1 of the machine that runs
  the tests: a remote browser (a Selenium Grid node or a browser server on
  another host) cannot, so its workers' sockets go to their servers
  unrouted. A Grid whose node runs on that machine can. Where the page
  cannot reach the relay (a remote browser, or a page ``connect-src`` that
  leaves out ``http://127.0.0.1:*``), the log says so once per test and
  worker (from the page's request to the relay, which Playwright reports
  failed). Where only a worker cannot (a service worker under the checks
  below), the relay is the only way its script has to tell the library, so
  the log says it may not be routed (below).
- Service workers of a Chromium the library attached to are not reliably
  routed. They reach the relay only when that Chromium was started with
  Local Network Access checks off, which only whoever starts it can do
  (the same holds for one a Playwright browser server launched): with Browser
  library ``New Browser    chromium    args=["--remote-debugging-port=9222",
  "--disable-features=LocalNetworkAccessChecks"]``, with SeleniumLibrary
  ``add_argument("--disable-features=LocalNetworkAccessChecks")`` in
  ``Open Browser``'s ``options`` (add the feature to a
  ``--disable-features`` you give already). Even then a new service worker
  may fetch its script before Playwright's interception of that worker is
  in place (Playwright lets the worker run while it turns interception on),
  and the script keeps no shim: on chromedriver's Chromium every time, on
  Browser library's now and then. Where a shim is missing or
  cannot reach the relay, its worker's sockets go to their servers
  unrouted. So when a page of an attached browser registers a service
  worker, the log says once per test that its sockets may not be routed,
  with this option, until a service worker of that browser has reached the
  relay. Dedicated and shared workers need no option on these browsers.
- To put its script before a worker's, the library routes the worker's
  script URL in the context (only that URL), from the first worker on;
  Playwright turns a context's HTTP cache off while it has routes. On an
  attached browser the cache is off from `Attach To Browser` on (else the
  first worker would wait for its page).
- A worker script's ``Content-Security-Policy`` header is dropped (it would
  keep the worker from reaching the relay); pages' policies are unchanged,
  but a page policy whose ``connect-src`` leaves out ``http://127.0.0.1:*``
  keeps dedicated and shared workers from being routed (the log says so).
- A watched socket of a shared or service worker is recorded from the
  library's script in the worker: a worker without it (a ``data:`` worker,
  a service worker installed before the library came, or one unable to
  reach the relay) is not seen by watches either. A dedicated worker's
  watched socket is recorded from Playwright's events, which do not say
  which worker opened it: the log shows it as the page's. Those events do
  not report the sockets of a worker that a shared or service worker
  started, so watches do not see those.

= Fast path =

With the import argument ``fast_path=${True}`` (or, when the import does
not give it, the environment variable ``WSROUTE_FAST_PATH=true``), a page's
own sockets that a route takes go the way workers' sockets go: over the
library's relay on 127.0.0.1, not through Playwright's routing script and
driver. A mocked round trip then costs a fraction of Playwright's (the
README's performance table has the figures of this machine). It is off by
default.

| Library    WsRouteLibrary    fast_path=${True}

- Everything else is the same: the same routes, rules, faults, replay,
  protocols, journal, waits and log; the suite of the library's own tests
  passes with the fast path on and off. Nothing in a test changes.
- The library's script is a page's first script and answers ``new
  WebSocket``: it asks the library (one synchronous request to the relay
  when the socket is made) whether a route with ``scope=context`` takes
  the socket. A socket none takes is the browser's own (or Playwright's,
  when a ``scope=page`` route may take it), as without the fast path: no
  extra step after that first request. That request costs about 2 ms
  here (Chromium's synchronous requests do), so the page keeps the answer
  for the URL while it is linked to the relay, and a socket of the same URL
  made again (a reconnect) asks nothing; after a keyword that changed the
  routes (`Route WebSocket`, `Unroute WebSocket`, `Watch WebSocket`, the
  end of a test) the pages forget what they kept before the keyword
  returns, so the next socket goes the way the routes now say.
- A connected socket (`Connect To Server`) reaches its server from the
  page, with the browser's cookies, origin and network stack.
- Where the library's script cannot reach the relay (a page whose
  ``Content-Security-Policy`` ``connect-src`` leaves out
  ``http://127.0.0.1:*``, a browser on another machine), the page's sockets
  go through Playwright's routing as without the fast path. Documents
  loaded before the library came (an attached browser's open pages) do
  too, until they load again.
- Answers in the page. Where what a route does to a mocked socket's
  messages is a rule the page can apply exactly as the library would
  (`Reply When Sent`, `Drop When Sent` or `Close Socket When Sent` with
  ``match=exact``, ``json`` or ``glob``, with or without ``times`` and
  ``delay``, with replies whose placeholders are ``{{message}}`` or, with
  ``match=json``, a path such as ``{{user.id}}``), the library's script
  answers the page's message itself, at once, and tells the library in
  batches what it did; the journal, waits and the log see the same
  entries, in the same order, as without it. Everything else (a ``regexp``
  and its groups, ``times`` on a route with two open sockets, a protocol, a replay, a fault, a
  contract, a connected route, a binary message, a JSON number of 16
  digits or more, a path the message does not have, a path's value that
  holds a float or an object with a key of digits, which the page might
  write otherwise than Python) goes the library's way, for that socket,
  from that message on, with nothing lost or reordered; the library offers
  the page a plan again once it has had every message the page sent.
- Each keyword first hears what the pages with such sockets sent and
  answered (so an assertion right after the page got its reply sees it),
  and hears it again before it returns, so a frame the keyword made the
  page send (`Run JavaScript`) and the error it makes belong to that
  keyword, as without the fast path. After a keyword that changed a route
  (a new rule, a fault, the test's end) the pages take the change before
  the keyword returns. A page that cannot answer (its
  script busy, a dialog open) holds a keyword up to a second before it
  runs and two after (hearing it, then giving it the change), no more.
- ``times`` counts the matches of every socket of the route, so only one
  place keeps the count: while a socket is its route's only open one, its
  page holds the count and spends it, and the library counts each use it
  hears of. When another socket joins the route, the first is offered its
  plan without the count before the newcomer's open reaches its page, and
  from then on the library counts. Two sockets of one page that both take
  the relay are thereby told in order. Sockets of two pages (or one that
  Playwright's routing brings) that send at the very moment the second opens
  could both spend the last use: the library then records what happened and
  fails the test, saying so (give each its own rule, or turn the fast path
  off).
- A ``delay``: the page matches the message and goes on answering by
  itself; the library sends the replies when they are due, as work of the
  running test that is cancelled with it (see `Cleanup`), which the library
  can promise only for work it holds. The delay runs from the moment the
  library hears of the message (the page tells it in the same turn of its
  event loop), as without the fast path.
- `Send On Open` answers no message of the page's: its messages come from
  the library with the open, on the relay in the same turn as the word
  that the socket is open, so the page has them tens of microseconds
  after its ``open`` event, as with Playwright's routing.
- ``instanceof WebSocket`` holds for every socket; a page that patches
  ``WebSocket.prototype`` patches the library's class, which the sockets
  the library does not take do not share.
"""
