"""The script a watched page runs, and the checks on every report it makes.

The script (``hook_script``) reports the open and the close of the page's
sockets through a Playwright binding. The binding is a function of the
page's own JavaScript world, so the page can call it too: directly, through
Playwright's binding controller, or through the channel under both. What the
page sends that way is data, never traffic. So every report is checked
(``Reports.check``) before it may write the journal:

- It carries the secret of the script that made it. Each context's script
  (an init script, run before any script of the page) keeps its own
  random secret in its closure; it takes the binding function and deletes
  the global, so the page finds neither. A document that was already loaded
  when the watch began gets a secret of its own, taken only from its frame.
- It is a report the script makes, and nothing else: ``open`` with the
  socket's URL, or ``close`` with its URL, a close code a browser reports
  (an integer from 1000 to 4999), a reason of at most 123 bytes and
  whether it opened. NaN, Infinity, huge numbers, strings for numbers,
  objects, arrays and extra arguments are refused.
- The script reads the URL, code and reason with the browser's own getters,
  taken before the page's scripts ran, and reports only the events the
  browser itself dispatched (``isTrusted``) on a native socket.

What it cannot stop: the secret passes through Playwright's binding code
(JSON.stringify and its serializer), which runs in the page's world, so a
page that replaces those builtins before a report can read it. Such a page
can also only forge the close code and reason of a socket the browser
really had and really closed: Playwright's own events decide which sockets
exist and which frames they carry.
"""

from __future__ import annotations

import json
import math
import reprlib
import secrets
from typing import Any

BINDING = "__wsrouteWatch"
KINDS = {"open": 3, "close": 6}  # kind -> number of arguments with the secret
MAX_URL = 2 * 1024 * 1024  # Chromium's longest URL
MAX_REASON_BYTES = 123  # a close frame's payload is 125 bytes with the code
SHOWN = 160  # characters of a refused call the log shows
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 8, 4, 60, 40


def hook_script(secret: str) -> str:
    """The script of a watched document, holding ``secret`` in its closure only."""
    return _HOOK.replace("__SECRET__", json.dumps(secret)).replace("__BINDING__", BINDING)


# Runs in every document of a watched context (and once in the documents
# already loaded). It wraps the page's WebSocket class in a Proxy, so the
# class, its statics and instanceof stay as they were, and reports the
# open and the close of each socket that reaches a server: a socket that
# Playwright's routing mocks (a WebSocketMock with no native socket behind
# it) never does and is not reported.
_HOOK = """
(() => {
  const binding = globalThis.__BINDING__;
  try { delete globalThis.__BINDING__; } catch (error) { /* kept: still checked */ }
  const Base = globalThis.WebSocket;
  if (typeof binding !== 'function' || !Base || Base.__wsrouteWatched) return;
  const secret = __SECRET__;
  const apply = Reflect.apply, construct = Reflect.construct;
  const describe = Object.getOwnPropertyDescriptor, define = Object.defineProperty;
  const listen = EventTarget.prototype.addEventListener;
  // Playwright's WebSocketMock (a routed page) holds the URL in a field, not a getter.
  const nativeUrl = (describe(Base.prototype, 'url') || {}).get;
  const codeOf = describe(CloseEvent.prototype, 'code').get;
  const reasonOf = describe(CloseEvent.prototype, 'reason').get;
  // Only the events the browser dispatched on its own socket count: a page cannot
  // make one (isTrusted), nor reach the listeners, the getters or the secret.
  const watch = (socket, url) => {
    let opened = false;
    apply(listen, socket, ['open', (event) => {
      if (event.isTrusted !== true || opened) return;
      opened = true;
      binding(secret, 'open', url);
    }]);
    apply(listen, socket, ['close', (event) => {
      if (event.isTrusted !== true) return;
      binding(secret, 'close', url, apply(codeOf, event, []), apply(reasonOf, event, []),
              opened);
    }]);
  };
  const Watched = new Proxy(Base, {
    construct(target, args, newTarget) {
      const ws = construct(target, args, newTarget === Watched ? target : newTarget);
      const url = nativeUrl ? apply(nativeUrl, ws, []) : ws.url;  // before the page has ws
      if (!('_passthrough' in ws)) {
        watch(ws, url);
        return ws;
      }
      // A WebSocketMock: the browser's socket is the one it may open to the server (its
      // _ws); one it mocks reaches no server and is not reported.
      let socket;
      define(ws, '_ws', {
        get: () => socket,
        set: (value) => {
          if (value && !socket) {
            try { watch(value, url); } catch (error) { /* not a socket: nothing to report */ }
          }
          socket = value;
        },
      });
      return ws;
    },
    get(target, key) {
      return key === '__wsrouteWatched' ? true : Reflect.get(target, key);
    },
  });
  globalThis.WebSocket = Watched;
})();
"""


class ForgedReport(Exception):
    """A call of the watch binding that the library's script did not make."""


class Reports:
    """The secrets of the watched contexts and documents, and the check of each report."""

    def __init__(self):
        self._contexts: dict[Any, str] = {}  # context -> secret of its init script
        self._documents: dict[str, tuple[Any, Any]] = {}  # secret -> (context, frame)

    def for_context(self, context: Any) -> str:
        """The secret of ``context``'s init script (made at the first call)."""
        if context not in self._contexts:
            self._contexts[context] = secrets.token_hex(16)
        return self._contexts[context]

    def for_document(self, context: Any, frame: Any) -> str:
        """A secret for the document loaded in ``frame`` before the watch began."""
        secret = secrets.token_hex(16)
        self._documents[secret] = (context, frame)
        return secret

    def forget(self, context: Any) -> None:
        self._contexts.pop(context, None)
        for secret in [s for s, (c, _) in self._documents.items() if c is context]:
            del self._documents[secret]

    def clear(self) -> None:
        self._contexts.clear()
        self._documents.clear()

    def check(self, source: dict, args: tuple) -> tuple:
        """``(kind, url, code, reason, opened)`` of a report of the script, or ForgedReport.

        ``code``, ``reason`` and ``opened`` are None for ``open``.
        """
        if not args or not self._is_secret(source, args[0]):
            raise ForgedReport(f"{shown(args)} lacks the secret of the library's script")
        kind = args[1] if len(args) > 1 else None
        if not isinstance(kind, str) or KINDS.get(kind) != len(args):
            raise ForgedReport(f"{shown(args[1:])} is not an open or close report")
        url = args[2]
        if not isinstance(url, str) or not url.startswith(("ws://", "wss://")) \
                or len(url) > MAX_URL:
            raise ForgedReport(f"{shown(args[1:])} has no WebSocket URL")
        if kind == "open":
            return kind, url, None, None, None
        code, reason, opened = args[3:]
        if not is_close_code(code):
            raise ForgedReport(f"{shown(args[1:])} has no close code (1000 to 4999)")
        if not isinstance(reason, str) or \
                len(reason.encode("utf-8", "surrogatepass")) > MAX_REASON_BYTES:
            raise ForgedReport(f"{shown(args[1:])} has no close reason (up to 123 bytes)")
        if not isinstance(opened, bool):
            raise ForgedReport(f"{shown(args[1:])} does not say whether it opened")
        return kind, url, int(code), reason, opened

    def _is_secret(self, source: dict, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        context = source.get("context")
        expected = self._contexts.get(context)
        if expected is not None and secrets.compare_digest(value, expected):
            return True
        document = self._documents.get(value)
        return document is not None and document == (context, source.get("frame"))


def is_close_code(value: Any) -> bool:
    """Whether ``value`` is a close code as a browser reports it: an int, 1000 to 4999."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return False
    return 1000 <= value <= 4999


def shown(args: tuple) -> str:
    """A refused call as the log shows it: its arguments, cut to SHOWN characters."""
    try:
        text = _REPR.repr(list(args))
    except Exception:  # noqa: BLE001 - a value Playwright made that cannot be shown
        text = f"{len(args)} arguments"
    return "The call" if not args else (
        f"The call with {text[:SHOWN]}{'...' if len(text) > SHOWN else ''}")
