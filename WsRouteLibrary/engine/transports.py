"""Transports: the protocols' own ways in (HTTP long-polling, upgrades) and a refusal's close.

A protocol module may name a transport (protocols/``TRANSPORTS``) that
answers the HTTP side-requests its clients make and hands the shell the
sockets they are; this module is the shell's side of that seam: it makes
each transport once, routes its requests, lets a WebSocket take over a
socket of another transport, and ends a transport's sessions as sockets end:
with their page (it navigated or closed) and with the owner of their route.
Those are hooks a transport may have: ``end_page(page)`` (its sessions of
that page end), ``ends(ws)`` (whether ``ws`` is a session of its still
going; the shell then closes it as it closes a socket) and ``closed(ws)``
(told after). It names no protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from ..errors import PatternTimeoutError
from ..model.closing import ABNORMAL, CloseCode
from ..model.registry import Registry, Route

NORMAL = CloseCode.NORMAL


class Sockets(Protocol):
    """What this module needs of the traffic shell (engine/traffic.py, which uses it)."""

    registry: Registry

    def fail(self, message: str) -> None: ...

    def guard(self, function: Callable, *args: Any) -> Any: ...

    def on_socket(self, ws: Any, page: Any) -> Coroutine | None: ...

    def listen(self, socket: Any, ws: Any) -> None: ...

    def connect(self, socket: Any, server: Any = None) -> None: ...

    def close(self, socket: Any, code: int | None, reason: str | None, note: str) -> None: ...

    @property
    def tasks(self) -> Any: ...


async def close_abnormally(ws: Any) -> None:
    """Ends the page side as a lost connection ends: close 1006, ``wasClean`` false.

    Playwright's public ``close`` always reports a clean close; its driver
    takes ``wasClean`` as a parameter, which its generated client channel
    exposes. Where that channel is missing, the public ``close`` still gives
    code 1006 (with ``wasClean`` true).
    """
    channel = getattr(getattr(ws, "_impl_obj", None), "_channel", None)
    close_page = getattr(channel, "closePage", None)
    if close_page is not None:
        try:
            await close_page(code=ABNORMAL, reason="", wasClean=False)
            return
        except TypeError:  # a client that calls it otherwise: the public close below
            pass
        except Exception:  # noqa: BLE001 - the page is gone: nothing to tell
            return
    await ws.close(code=ABNORMAL, reason="")


class Transports:
    """The transports in use, made once each, and the shell they talk to."""

    def __init__(self, traffic: Sockets):
        self.traffic = traffic
        self._made: dict[type, Any] = {}
        # Told of the sessions a transport saw that no route took (for hints).
        self.on_missed: Callable[[str, Any], None] | None = None

    def of(self, kind: type) -> Any:
        """The one transport of ``kind`` (made on first use)."""
        transport = self._made.get(kind)
        if transport is None:
            transport = self._made[kind] = kind(self)
        return transport

    def adopt(self, ws: Any, route: Route) -> bool:
        """Whether a transport took ``ws`` over as one of its sockets' page side."""
        return any(transport.adopt(ws, route) for transport in self._made.values())

    # ------------------------------------------------------------ lifetime

    def page_gone(self, page: Any) -> None:
        """A page navigated away or closed: the sessions its requests were end with it."""
        for transport in self._made.values():
            end_page = getattr(transport, "end_page", None)  # a hook transports may have
            if end_page is not None:
                end_page(page)

    def end_owner(self, owner: Any, remove: bool) -> None:
        """A test or suite ends: the sessions of the routes it removes are closed, as
        the library closes a socket (the page is told, the journal records it now)."""
        if not remove:
            return  # its routes pass to the enclosing owner, their sessions with them
        why = f"closed, the {owner.name.split()[0]} ended"
        for route in self.traffic.registry.routes:
            if route.owner is not owner:
                continue
            for socket in list(route.open_sockets()):
                for transport in self._made.values():
                    ends = getattr(transport, "ends", None)  # a hook transports may have
                    if ends is not None and ends(getattr(socket, "ws", None)):
                        self.traffic.close(socket, NORMAL, "", why)
                        transport.closed(socket.ws)

    # ------------------------------------------------- the transports' shell

    def route_for(self, url: str, page: Any) -> Route | None:
        try:
            return self.traffic.registry.route_for(url, page)
        except PatternTimeoutError as error:
            self.traffic.fail(str(error))
            return None

    def on_socket(self, ws: Any, page: Any) -> Coroutine | None:
        return self.traffic.guard(self.traffic.on_socket, ws, page)

    def owns(self, route: Route, ws: Any) -> bool:
        return any(socket.ws is ws for socket in route.sockets)

    def take_over(self, old: Any, ws: Any, server: Any) -> None:
        for route in self.traffic.registry.routes:
            for socket in route.sockets:
                if socket.ws is old:
                    socket.url = ws.url  # the session's socket now
                    self.traffic.listen(socket, ws)
                    if server is not None:
                        self.traffic.connect(socket, server)
                    return

    def missed(self, url: str, page: Any) -> None:
        if self.on_missed is not None:
            self.on_missed(url, page)

    def fail(self, message: str) -> None:
        self.traffic.fail(message)

    def guard(self, function: Any, *args: Any) -> Any:
        return self.traffic.guard(function, *args)

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.traffic.tasks.spawn(coroutine)
