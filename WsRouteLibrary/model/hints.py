"""Hints for a route that caught no socket: which sockets did open, and what would catch them.

The usual mistakes with URL globs: ``**/feed`` does not match
``wss://host/feed?token=abc`` (the query is part of the URL), ``localhost``
is not ``127.0.0.1`` to a pattern, a page URL's ``http://`` is not a
socket's ``ws://``, a fixed port is not the one the socket used, and a
route made after the page opened its socket catches nothing. Given a route
and the sockets no route caught, ``hint`` says, for each socket, why the
route missed it and which pattern would have caught it. Pure: no browser,
no Robot Framework.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import WsRouteError, quote
from .openers import shown as with_opener
from .urlpattern import UrlPattern

MAX_SHOWN = 5  # sockets a hint names; the rest are counted
# The spellings of this machine that URL patterns tell apart.
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_SCHEMES = {"ws": ("wss", "http", "https"), "wss": ("ws", "https", "http")}
_HOST_PORT = re.compile(r"^(?P<scheme>[a-z]+://)?(?P<host>[^/:*?{}]+):(?P<port>\d+)(?=/|$)")


@dataclass
class SeenSocket:
    """A socket that the browser opened and no route took.

    ``opened`` and ``closed`` are ``time.monotonic()`` values (``closed``
    None while it is open); ``page`` is only compared by identity.
    """

    url: str
    opened: float
    page: Any = None
    closed: float | None = None
    opener: str = ""  # the worker that opened it ("": the page)


@dataclass
class Miss:
    """Why a route missed one socket, and the pattern that would have caught it (or None)."""

    socket: SeenSocket
    why: str | None
    pattern: str | None = None

    def describe(self) -> str:
        url = with_opener(self.socket.url, self.socket.opener)
        if self.why is None:
            return url
        catch = f"; {quote(self.pattern)} would catch it" if self.pattern else ""
        return f"{url} ({self.why}{catch})"


def relevant(sockets: Iterable[SeenSocket], since: float, route_made: float) -> list[SeenSocket]:
    """The sockets worth naming: opened since ``since`` (the test's start), or
    still open when the route was made."""
    return [s for s in sockets
            if s.opened >= since or s.closed is None or s.closed > route_made]


def hint(pattern: str, sockets: Iterable[SeenSocket], route_made: float,
         route_page: Any = None, make: Callable[[str], UrlPattern] = UrlPattern) -> str:
    """A sentence naming the sockets no route caught and how route ``pattern`` would catch them.

    ``route_made``: when the route was made (``time.monotonic()``);
    ``route_page``: its page for a ``scope=page`` route, else None. ``make``
    builds a pattern from text (the library's base URL applied). Returns
    ``""`` when there are no sockets to name.
    """
    sockets = list(sockets)
    if not sockets:
        return ""
    compiled = make(pattern)
    misses = [miss(pattern, compiled, s, route_made, route_page, make) for s in sockets]
    # The sockets it explains first, newest first within each group.
    misses.sort(key=lambda m: (m.why is None, -m.socket.opened))
    shown = "; ".join(m.describe() for m in misses[:MAX_SHOWN])
    more = len(misses) - MAX_SHOWN
    rest = f"; and {more} more" if more > 0 else ""
    what = "A socket" if len(misses) == 1 else f"{len(misses)} sockets"
    return f" {what} opened that no route caught: {shown}{rest}."


def miss(pattern: str, compiled: UrlPattern, socket: SeenSocket, route_made: float,
         route_page: Any = None, make: Callable[[str], UrlPattern] = UrlPattern) -> Miss:
    """Why ``pattern`` did not catch ``socket``, with a pattern that would have."""
    url = socket.url
    if _matches(compiled, url):
        if socket.opened < route_made:
            return Miss(socket, "it opened before the route was made, and a route catches only "
                                "sockets opened after it: route first, then open or reload the "
                                "page")
        if route_page is not None and socket.page is not route_page:
            return Miss(socket, "it opened on another page, and the route has scope=page")
        return Miss(socket, None)
    singles = [(fix,) for fix in _FIXES]
    pairs = [(a, b) for i, a in enumerate(_FIXES) for b in _FIXES[i + 1:]]
    for fixes in singles + pairs:
        found = _try(pattern, compiled, url, fixes, make)
        if found is not None:
            return Miss(socket, *found)
    return _stars(pattern, socket, make) or Miss(socket, None)


_LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")


def _stars(pattern: str, socket: SeenSocket, make: Callable[[str], UrlPattern]) -> Miss | None:
    """A glob whose single ``*`` stops at a ``/`` that ``**`` would cross."""
    if _is_regex(pattern) or not _LONE_STAR.search(pattern):
        return None
    repaired = _LONE_STAR.sub("**", pattern)
    if not _matches(_compile(repaired, make), socket.url):
        return None
    return Miss(socket, "a single * in a glob matches within one part of the URL, never "
                        "across a /; ** matches across them", repaired)


# ------------------------------------------------------------------ fixes
#
# A fix changes the socket's URL the way the mistake did (does the pattern
# match one of those URLs?) and the pattern the other way (does the new
# pattern match the real URL?).


class _Fix:
    def variants(self, url: str, pattern: str) -> list[str]:
        """The URL as the pattern expects it; empty where the fix does not apply."""
        raise NotImplementedError

    def why(self, url: str, pattern: str) -> str:
        raise NotImplementedError

    def repair(self, pattern: str, url: str) -> str | None:
        """A pattern that matches the real URL, or None when there is no simple one."""
        raise NotImplementedError


class _Query(_Fix):
    def variants(self, url: str, pattern: str) -> list[str]:
        return [url.split("?", 1)[0]] if "?" in url else []

    def why(self, url: str, pattern: str) -> str:
        query = "?" + url.split("?", 1)[1]
        return f"its query {query} is part of the URL that the pattern must match"

    def repair(self, pattern: str, url: str) -> str | None:
        if _is_regex(pattern):
            return None
        return pattern + ("?**" if "/" in url.split("?", 1)[1] else "?*")


class _Host(_Fix):
    def variants(self, url: str, pattern: str) -> list[str]:
        host = _host(url)
        if host not in LOOPBACK:
            return []
        return [url.replace(f"//{host}", f"//{other}", 1) for other in LOOPBACK if other != host]

    def why(self, url: str, pattern: str) -> str:
        named = _named_host(pattern, _host(url))
        return (f"it connects to {_host(url)}, the pattern names {named or 'another host'}: "
                "to a URL pattern they are different hosts")

    def repair(self, pattern: str, url: str) -> str | None:
        named = _named_host(pattern, _host(url))
        return None if named is None else pattern.replace(named, _host(url))


class _Scheme(_Fix):
    def variants(self, url: str, pattern: str) -> list[str]:
        scheme = urlsplit(url).scheme
        return [f"{other}{url[len(scheme):]}" for other in _SCHEMES.get(scheme, ())]

    def why(self, url: str, pattern: str) -> str:
        theirs = pattern.split("://", 1)[0] if "://" in pattern else "another scheme"
        return f"a WebSocket URL starts with {urlsplit(url).scheme}://, the pattern with {theirs}://"

    def repair(self, pattern: str, url: str) -> str | None:
        if _is_regex(pattern) or "://" not in pattern:
            return None
        return urlsplit(url).scheme + "://" + pattern.split("://", 1)[1]


class _Port(_Fix):
    def variants(self, url: str, pattern: str) -> list[str]:
        found = _HOST_PORT.match(pattern)
        port = _port(url)
        if found is None or port is None or port == found["port"]:
            return []
        return [url.replace(f":{port}", f":{found['port']}", 1)]

    def why(self, url: str, pattern: str) -> str:
        return (f"it connects to port {_port(url)}, the pattern names port "
                f"{_named_port(pattern)['port']}")

    def repair(self, pattern: str, url: str) -> str | None:
        found = _named_port(pattern)
        return pattern[:found.start("port")] + "*" + pattern[found.end("port"):]


def _named_port(pattern: str) -> re.Match[str]:
    found = _HOST_PORT.match(pattern)
    assert found is not None  # asked only after variants found the port
    return found


_FIXES: list[_Fix] = [_Query(), _Host(), _Scheme(), _Port()]


def _try(pattern: str, compiled: UrlPattern, url: str, fixes: tuple[_Fix, ...],
         make: Callable[[str], UrlPattern]) -> tuple[str, str | None] | None:
    """(why, better pattern or None) when ``fixes`` together explain the miss, else None."""
    variants = [url]
    for fix in fixes:
        variants = [v for now in variants for v in fix.variants(now, pattern)]
        if not variants:
            return None
    if not any(_matches(compiled, v) for v in variants):
        return None
    why = " and ".join(fix.why(url, pattern) for fix in fixes)
    repaired: str | None = pattern
    for fix in fixes:
        repaired = fix.repair(repaired, url) if repaired is not None else None
    if repaired is not None and repaired != pattern and _matches(_compile(repaired, make), url):
        return why, repaired
    return why, None


def _matches(compiled: UrlPattern | None, url: str) -> bool:
    if compiled is None:
        return False
    try:
        return compiled.matches(url)
    except WsRouteError:  # a regular expression that runs too long: no hint from it
        return False


def _compile(text: str, make: Callable[[str], UrlPattern]) -> UrlPattern | None:
    try:
        return make(text)
    except WsRouteError:
        return None


def _is_regex(pattern: str) -> bool:
    return not UrlPattern(pattern).portable


def _host(url: str) -> str:
    host = urlsplit(url).netloc.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0]


def _port(url: str) -> str | None:
    try:
        port = urlsplit(url).port
    except ValueError:
        return None
    return None if port is None else str(port)


def _named_host(pattern: str, host: str) -> str | None:
    """The other loopback spelling that ``pattern`` names, if any."""
    return next((other for other in LOOPBACK if other != host and other in pattern), None)
