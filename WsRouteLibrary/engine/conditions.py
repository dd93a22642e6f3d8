"""The engine's entry points for faults, protocols and recordings: part of :class:`Engine`.

A mixin of the engine (engine.py), so the one entry point keyword classes
call stays one object while its rooms stay small. Every method runs on
the engine's loop (``@on_loop``) and uses the engine's registry, owners,
traffic and waits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..datatypes import ENTRY_OF, Direction, FaultDirection, MatchMode
from ..errors import InvalidInputError, quote
from ..model.contracts import load_contract
from ..model.contracts.asyncapi import example_text
from ..model.har import Recording, SocketTraffic, sockets_from_journal
from ..model.registry import Registry
from ..model.replay import Replay, ReplayTiming
from ..model.urlpattern import UrlPattern
from ..protocols.base import TO_PAGE, decode_recording
from . import speaking, waits
from .loop import LoopThread, on_loop
from .owners import Owners
from .traffic import Traffic, own

# A route's text that names one socket URL (no wildcard, no regular expression).
_ONE_URL = re.compile(r"wss?://[^*?{}\[\]\\\s]+")


class Conditions:
    """Faults, protocol pushes, recordings and replays of the engine's routes."""

    loop: LoopThread
    registry: Registry
    owners: Owners
    traffic: Traffic
    watcher: Any  # the engine's Watcher: its hint ends a failed wait's message
    _can_come: Callable[[], None]  # raises when nothing more can arrive (engine.py)

    # --------------------------------------------------------------- faults

    @on_loop
    def reject(self, text: str | None, times: int | None) -> None:
        self.traffic.faults.reject(self.registry.resolve(text, "Reject WebSocket Connections"),
                                   times, self.owners.current)

    @on_loop
    def accept(self, text: str | None) -> None:
        self.traffic.faults.accept(self.registry.resolve(text, "Accept WebSocket Connections"),
                                   self.owners.current)

    @on_loop
    def drop(self, text: str | None) -> int:
        sockets = own(self.registry.resolve(text, "Drop WebSocket Connections").open_sockets())
        for socket in sockets:
            self.traffic.drop(socket)
        return len(sockets)

    @on_loop
    def set_latency(self, text: str | None, seconds: float, direction: FaultDirection) -> float:
        route = self.registry.resolve(text, "Set WebSocket Latency")
        return self.traffic.faults.set_latency(route, seconds, direction.directions,
                                               self.owners.current)

    @on_loop
    def hold(self, text: str | None, direction: FaultDirection) -> None:
        self.traffic.faults.hold(self.registry.resolve(text, "Hold WebSocket Messages"),
                                 direction.directions,
                                 self.owners.current)

    @on_loop
    def release(self, text: str | None) -> int:
        return self.traffic.faults.release(
            self.registry.resolve(text, "Release WebSocket Messages"), self.owners.current)

    # ------------------------------------------------------------ protocols

    @on_loop
    def protocol_of(self, text: str | None) -> str | None:
        """The name of the protocol the route speaks; None: raw frames."""
        codec = self.registry.resolve(text).codec
        return codec.name if codec is not None else None

    @on_loop
    def route_text(self, text: str | None) -> str:
        return self.registry.resolve(text).text

    @on_loop
    async def push_to_operations(self, text: str | None, operation: str,
                                 build: Callable[[Any, str], Any], note: str,
                                 timeout: float) -> int:
        """Sends ``build(codec, id)`` to each of the route's active operations named
        ``operation`` (a protocol that tracks operations); waits up to ``timeout`` for
        one to be active."""
        route = self.registry.resolve(text, note)
        targets = await speaking.active_operations(route, operation, timeout,
                                                   self.traffic.codec_of, self._can_come)
        return sum(self.traffic.to_page(socket, build(codec, identifier), note)
                   for socket, codec, identifier in targets)

    # ------------------------------------------------------------ recording

    @on_loop
    def socket_traffic(self, text: str | None) -> tuple[str, list[SocketTraffic], int]:
        """The route's pattern, what its sockets sent and received, and how many
        messages it dropped for the message limit."""
        route = self.registry.resolve(text)
        return route.text, sockets_from_journal(route.journal.entries), route.journal.dropped

    @on_loop
    def replay(self, text: str | None, recording: Recording, socket_url: str | None,
               mode: MatchMode, ignore: list, timing: ReplayTiming, strict: bool) -> Replay:
        """Makes the route replay the recorded conversations ``socket_url`` chooses."""
        route = self.registry.resolve(text, "Replay WebSocket Traffic")
        if socket_url is None:
            matches, shown, what = route.pattern.matches, route.text, "the route's pattern"
        else:
            matches, shown, what = UrlPattern(socket_url).matches, socket_url, "socket_url"
        conversations = recording.select(matches, shown, what)
        codec = speaking.route_codec(route)
        if codec is not None:  # a browser's recording holds frames: the route's messages
            conversations = [decode_recording(c, codec) for c in conversations]
        route.replay = Replay(recording, conversations, route.text, mode, ignore, timing,
                              strict, self.owners.current)
        return route.replay

    @on_loop
    def replay_incomplete(self, text: str | None) -> str | None:
        """What the route's replay still expects the page to send; None when complete."""
        route = self.registry.resolve(text)
        if route.replay is None:
            raise InvalidInputError(
                f"Route {quote(route.text)} replays no recording. Use 'Replay WebSocket "
                "Traffic' first."
            )
        return route.replay.incomplete()

    # ------------------------------------------------------------ contracts

    @on_loop
    def use_contract(self, text: str | None, path: str | Path, channel: str | None) -> int:
        """Checks the route's messages from now on against the AsyncAPI document at
        ``path``; returns how many message definitions apply."""
        route = self.registry.resolve(text, "Use AsyncAPI Document")
        one = route.text if _ONE_URL.fullmatch(route.text) else None
        contract = load_contract(path, channel, one)
        self.traffic.contracts.use(route, contract, self.owners.current)
        return len(contract.definitions())

    @on_loop
    def recorded_messages(self, text: str | None, directions: tuple[Direction, ...]
                          ) -> list[tuple[int, str, Any]]:
        """The route's recorded messages in ``directions``: (socket, direction, message)."""
        kinds = {ENTRY_OF[d]: d.value for d in directions}
        return [(entry.socket_number, kinds[entry.kind], entry.payload)
                for entry in self.registry.resolve(text).journal.of_kinds(frozenset(kinds))]

    @on_loop
    async def send_example(self, text: str | None, name: str, timeout: float) -> int:
        """Sends the page the example ``name`` of the route's AsyncAPI document."""
        route = self.registry.resolve(text, "Send Example Message")
        contract = self.traffic.contracts.contract_of(route)
        if contract is None:
            raise InvalidInputError(f"Route {quote(route.text)} has no AsyncAPI document. Use "
                                    "'Use AsyncAPI Document' first.")
        message = example_text(contract.example(name))
        speaking.check_written(route, message, TO_PAGE)
        sockets = await waits.open_sockets(route, timeout, self._can_come,
                                           self.watcher.hint)
        return sum(self.traffic.to_page(s, message, f"Send Example Message {name}")
                   for s in own(sockets))
