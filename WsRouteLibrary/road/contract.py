"""The contract stage: every message crossing a route checked against its AsyncAPI document.

It stands next to the page's codec, so on a protocol route it sees the
decoded message (its document: for Socket.IO ``{"event": ..., "args":
[...], "namespace": ...}``) and on a raw route the frame. It observes and
never blocks: a message that fits no definition of its direction fails the
running test (``port.fail``), its journal note says so, and it goes on as
it came. Messages a protocol
uses for its own handshake (those the library would answer itself, and
the one that starts the app's session) are not checked.
"""

from __future__ import annotations

import weakref
from typing import Any

from ..datatypes import Side
from ..errors import quote
from ..model.contracts import Contract
from ..model.contracts.checking import shorten
from ..model.faults import Layers
from ..model.registry import Route
from ..protocols.base import TO_PAGE, TO_SERVER, ProtocolMessage
from .passage import Passage, Port, RoadSocket
from .stage import Stage

_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
_TOWARD = {_SERVER: "to the server", _PAGE: "to the page"}


class ContractStage(Stage):
    """Each route's contract (set by a test or suite, layered as faults are)."""

    def __init__(self, port: Port, codec_of: Any = None):
        self.port = port
        self.codec_of = codec_of or (lambda socket: None)
        self._routes: weakref.WeakKeyDictionary[Route, Layers[Any]] = weakref.WeakKeyDictionary()
        self._unmatched: weakref.WeakSet[Any] = weakref.WeakSet()  # sockets told of no channel

    def use(self, route: Route, contract: Contract, owner: Any) -> None:
        layers = self._routes.get(route)
        if layers is None:
            layers = self._routes[route] = Layers(None)
        layers.set(owner, contract)
        for socket in route.open_sockets():  # their messages pass this stage from now on
            if isinstance(socket, RoadSocket):  # a watch's sockets have no road
                socket.road.replan(socket)

    def acts(self, socket: RoadSocket, to: Side) -> bool:
        """Only on a route that has or had a contract."""
        return socket.route in self._routes

    def contract_of(self, route: Route) -> Contract | None:
        layers = self._routes.get(route)
        return layers.value if layers is not None and route.active else None

    # ------------------------------------------------------------ the road

    def toward_server(self, passage: Passage) -> Passage | None:
        if not passage.plumbing and passage.origin is not _SERVER:
            self._check(passage)
        return passage

    def toward_page(self, passage: Passage) -> Passage | None:
        if not passage.plumbing:
            self._check(passage)
        return passage

    def _check(self, passage: Passage) -> None:
        socket = passage.socket
        contract = self.contract_of(socket.route)
        if contract is None:
            return
        channel = contract.channel_for(socket.url)
        route = quote(socket.route.text)
        if channel is None:
            if socket not in self._unmatched:
                self._unmatched.add(socket)
                self.port.fail(
                    f"AsyncAPI document {contract.name} has no channel whose address matches "
                    f"the path of socket {quote(socket.url)} (route {route}). Give the "
                    "channel with 'Use AsyncAPI Document    channel=NAME'.")
            return
        misfits = 0
        for message in self._messages(passage):
            fit, misfit = channel.check(passage.to, message)
            if fit is not None:
                contract.seen.add(fit.name)
            elif misfit is not None:
                closest = ("" if misfit.definition is None
                           else f"closest message {quote(misfit.definition)}, ")
                self.port.fail(
                    f"Message {shorten(str(message))} {_TOWARD[passage.to]} does not fit "
                    f"AsyncAPI document {contract.name} (route {route}): {closest}"
                    f"{misfit.reason}.")
                misfits += 1
        if misfits:  # the log's table marks it
            passage.note += f"; does not fit {contract.name}"

    def _messages(self, passage: Passage) -> list[Any]:
        """The app messages of a passage: itself, or what a protocol makes of the text
        the library sends; a protocol's own handshake messages are left out."""
        message = passage.message
        codec = self.codec_of(passage.socket)
        if codec is None:
            return [message]
        toward = TO_PAGE if passage.to is _PAGE else TO_SERVER
        if not isinstance(message, ProtocolMessage):
            answering = passage.answering
            try:
                messages = codec.written(message, toward, answering if isinstance(
                    answering, ProtocolMessage) else None)
            except Exception:  # noqa: BLE001 - the codec's stage reports what it cannot send
                return []
        else:
            messages = [message]
        if toward is TO_PAGE:
            return [m for m in messages if not codec.starts_session(m)]
        return [m for m in messages if not codec.default_answer(m)]

    # ------------------------------------------------------------- cleanup

    def take_notes(self) -> list[str]:
        """Per route with a contract: which definitions were seen since the last notes."""
        notes = []
        for route, layers in list(self._routes.items()):
            if layers.value is not None and route.active:
                notes.append(f"Route {quote(route.text)}: {layers.value.coverage()}")
        return notes

    def end_owner(self, routes: list[Route], owner: Any, parent: Any, remove: bool) -> None:
        for route in routes:
            layers = self._routes.get(route)
            if layers is not None:
                layers.end_owner(owner, parent, remove)
