"""The transports seam ends a transport's sessions with their page and their route's owner."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from WsRouteLibrary.engine.transports import Transports


class Session:
    def __init__(self) -> None:
        self.ended = False


class Lasting:
    """A transport with the lifetime hooks."""

    def __init__(self, shell: Any):
        self.pages: list = []
        self.told: list = []

    def end_page(self, page: Any) -> None:
        self.pages.append(page)

    def ends(self, ws: Any) -> bool:
        return isinstance(ws, Session) and not ws.ended

    def closed(self, ws: Any) -> None:
        self.told.append(ws)


class Hookless:
    """A transport without them (as SockJS, SignalR's negotiate)."""

    def __init__(self, shell: Any):
        pass


class Shell:
    def __init__(self, routes: list):
        self.registry = SimpleNamespace(routes=routes)
        self.closes: list = []

    def close(self, socket: Any, code: int | None, reason: str | None, note: str) -> None:
        socket.closed = True
        self.closes.append((socket, code, note))


def routed(owner: Any, *sockets: Any) -> Any:
    made = SimpleNamespace(owner=owner, sockets=list(sockets))
    made.open_sockets = lambda: [s for s in made.sockets if not s.closed]
    return made


def socket(ws: Any) -> Any:
    return SimpleNamespace(ws=ws, closed=False)


def test_a_page_that_left_ends_the_sessions_of_transports_with_the_hook():
    transports = Transports(Shell([]))  # type: ignore[arg-type]
    lasting = transports.of(Lasting)
    transports.of(Hookless)
    transports.page_gone("page")
    assert lasting.pages == ["page"]


def test_the_end_of_an_owner_closes_the_sessions_of_its_routes_only():
    test, suite = SimpleNamespace(name="test X"), SimpleNamespace(name="suite Y")
    mine, theirs, plain = socket(Session()), socket(Session()), socket(object())
    shell = Shell([routed(test, mine, plain), routed(suite, theirs)])
    transports = Transports(shell)  # type: ignore[arg-type]
    lasting = transports.of(Lasting)
    transports.of(Hookless)
    transports.end_owner(test, remove=True)
    assert shell.closes == [(mine, 1000, "closed, the test ended")]
    assert lasting.told == [mine.ws]


def test_routes_passed_on_to_the_enclosing_owner_keep_their_sessions():
    test = SimpleNamespace(name="test X")
    shell = Shell([routed(test, socket(Session()))])
    transports = Transports(shell)  # type: ignore[arg-type]
    transports.of(Lasting)
    transports.end_owner(test, remove=False)
    assert shell.closes == []
