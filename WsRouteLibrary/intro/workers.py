"""The intro's section on sockets opened in workers: what works, where, and the limits."""

TEXT = r"""= Sockets in workers =

Routes, rules, `Connect To Server`, `Send To Page`, `Close Socket`,
replay, faults, waits and the log apply also to the WebSockets that a
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

Where it works: tested on Chromium, the library's own browser. The
script prefix and the relay use nothing of Chromium and in principle work
in any browser Playwright drives. On the library's own Chromium the
library turns Chromium's Local Network Access checks off
(``--disable-features=LocalNetworkAccessChecks``, merged into a
``--disable-features`` given to `Launch Browser`): a worker script the
library answered counts as coming from a public address, and a public
context may not reach 127.0.0.1. Dedicated and shared workers also get
the ``local-network-access`` permission in every context, which is enough
for them on attached browsers.

Limits:
- A worker made from a ``data:`` URL has an opaque origin, which a
  ``blob:`` script would change: it keeps the browser's own ``WebSocket``
  and its sockets reach their servers unrouted. A service worker installed
  before the library came (in a reused browser profile) keeps its
  unchanged script until it updates. The log says so once per test,
  naming the worker's kind and URL and what to do (a ``blob:`` URL or a
  script URL; a fresh profile).
- The browser must reach the relay on 127.0.0.1 of the machine that runs
  the tests: a remote browser (Selenium Grid, a browser server on another
  host) cannot, so its workers' sockets go to their servers unrouted.
  Service workers of an attached Chromium, or of one a Playwright browser
  server launched, need it started with
  ``--disable-features=LocalNetworkAccessChecks``. Where the page cannot
  reach the relay (a remote browser, or a page ``connect-src`` that leaves
  out ``http://127.0.0.1:*``), its workers' sockets go to their servers
  unrouted, and the log says so once per test and worker (from the
  page's request to the relay, which Playwright reports failed). Where only a
  worker cannot (a service worker under those checks), the log cannot
  say so: the relay is the only way its script has to tell the library.
- To put its script before a worker's, the library routes the worker's
  script URL in the context (only that URL), from the first worker on;
  Playwright turns a context's HTTP cache off while it has routes.
- A worker script's ``Content-Security-Policy`` header is dropped (it would
  keep the worker from reaching the relay); pages' policies are unchanged,
  but a page policy whose ``connect-src`` leaves out ``http://127.0.0.1:*``
  keeps dedicated and shared workers from being routed (the log says so).
- `Watch WebSocket` records a dedicated worker's sockets (Playwright
  reports them as the page's) but not yet those of shared and service
  workers: the log says so once per watch when such a worker opens a
  socket it matches. Record those with a connected route (`Route
  WebSocket` and `Connect To Server`) instead.
"""
