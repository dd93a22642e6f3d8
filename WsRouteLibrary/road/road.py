"""The road: runs passages through the stages in order, and a socket's opening and closing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..datatypes import EntryKind, Side
from ..model.closing import ABNORMAL, NO_STATUS
from ..model.matching import Message
from .passage import Passage, Port, RoadSocket
from .stage import Stage

_PAGE, _LIBRARY, _SERVER = Side.page, Side.library, Side.server
Steps = tuple[Callable[[Passage], "Passage | None"], ...]


class Plan:
    """Which stages act on one socket's messages, asked once, not per message.

    ``up[i]``: the ``toward_server`` methods a passage entering at stage ``i``
    meets, in order (``up[len(stages)]`` is empty); ``down[i]``: the
    ``toward_page`` methods one entering at stage ``i - 1`` meets (``down[0]``
    is empty); ``listening[i]``: the ``passed_by`` of the stages beyond stage
    ``i``. A stage is left out of a direction when it keeps the default method
    of :class:`Stage` or its :meth:`Stage.acts` says it has nothing to do for
    that socket: it then costs the socket's messages nothing. A stage whose
    answer may change calls :meth:`Road.replan`.
    """

    __slots__ = ("up", "down", "listening")

    def __init__(self, stages: tuple[Stage, ...], socket: RoadSocket):
        base = Stage
        server = [type(stage).toward_server is not base.toward_server
                  and stage.acts(socket, _SERVER) for stage in stages]
        page = [type(stage).toward_page is not base.toward_page
                and stage.acts(socket, _PAGE) for stage in stages]
        listens = [type(stage).passed_by is not base.passed_by
                   and stage.acts(socket, _SERVER) for stage in stages]
        count = len(stages)
        self.up: tuple[Steps, ...] = tuple(
            tuple(stages[k].toward_server for k in range(i, count) if server[k])
            for i in range(count + 1))
        self.down: tuple[Steps, ...] = tuple(
            tuple(stages[k].toward_page for k in range(i - 1, -1, -1) if page[k])
            for i in range(count + 1))
        self.listening: tuple[tuple[Callable[[Passage], str], ...], ...] = tuple(
            tuple(stages[k].passed_by for k in range(i + 1, count) if listens[k])
            for i in range(count))


class Road:
    """Stages from the page edge (first) to the server edge (last), and the port.

    A passage toward the server runs the stages first to last, one toward
    the page last to first; it enters at the edge of its sender, or after
    the stage that made it (a rule's reply starts below the rules).
    ``speaks``: a protocol codec is among the stages, and it says when the
    app's session is up.
    """

    def __init__(self, port: Port, stages: Sequence[Stage], speaks: bool = False):
        self.port = port
        self.stages = tuple(stages)
        self.speaks = speaks
        self._at = {stage: index for index, stage in enumerate(self.stages)}

    # ---------------------------------------------------------------- plans

    def plan(self, socket: RoadSocket) -> Plan:
        """The socket's plan: made when first needed, again after :meth:`replan`."""
        plan: Plan | None = socket.plan
        if plan is None:
            plan = socket.plan = Plan(self.stages, socket)
        return plan

    def page_plan(self, socket: RoadSocket) -> dict[str, Any] | None:
        """What the page needs to answer the socket's messages by itself, as the road
        would (plain data for the shim), or None when some stage that acts on them
        cannot hand its part to the page. Asked again whenever anything may have
        changed; see road/inpage.py for what the page does with it."""
        plan = socket.plan or self.plan(socket)
        methods: list[Any] = [*plan.up[0], *plan.down[-1]]
        methods.extend(listen for steps in plan.listening for listen in steps)
        acting = {method.__self__ for method in methods}  # each a bound method of a stage
        whole: dict[str, Any] = {}
        for stage in self.stages:
            if stage in acting:
                part = stage.in_page(socket)
                if part is None:
                    return None
                whole.update(part)
        return whole if whole.get("rules") or whole.get("complete") else None

    @staticmethod
    def replan(socket: RoadSocket) -> None:
        """A stage may act on the socket's messages where it did not: its next
        message asks every stage again."""
        socket.plan = None

    # ------------------------------------------------------------ messages

    def from_page(self, socket: RoadSocket, frame: Message, decided: object = None) -> None:
        """A frame the page sent; ``decided``: what the page did with it by itself (the
        rule it applied, or NO_RULE; see :meth:`page_plan`)."""
        passage = Passage(socket, _SERVER, _PAGE, frame)
        passage.decided = decided
        # _run's loop, written out: the one call a page message saves adds up.
        for step in (socket.plan or self.plan(socket)).up[0]:
            following = step(passage)
            if following is None:
                return
            passage = following

    def from_server(self, socket: RoadSocket, frame: Message) -> None:
        """A frame the server sent."""
        plan = socket.plan or self.plan(socket)
        self._run(Passage(socket, _PAGE, _SERVER, frame, "from server"), plan.down[-1])

    def to_page(self, socket: RoadSocket, message: Message, note: str, after: Stage | None = None,
                answering: Message | None = None, plumbing: bool = False,
                shown: bool = False) -> bool:
        """The library sends the page a message: from the server edge, or from below
        the stage ``after``. False: the socket could not take it (recorded so).
        ``shown``: the page has it already (its own answer): recorded, not sent."""
        plan = socket.plan or self.plan(socket)
        passage = Passage(socket, _PAGE, _LIBRARY, message, note, plumbing, answering)
        passage.shown = shown
        # _run's loop, written out, as in from_page: a rule's reply takes this way.
        for step in plan.down[-1 if after is None else self._at[after]]:
            following = step(passage)
            if following is None:
                return passage.ok
            passage = following
        return passage.ok

    def to_server(self, socket: RoadSocket, message: Message, note: str, after: Stage | None = None,
                  plumbing: bool = False) -> bool:
        """The library sends the server a message: from the page edge, or from
        beyond the stage ``after``. False: there is no server side to take it."""
        if socket.server is None or socket.server_done:
            return False
        passage = Passage(socket, _SERVER, _LIBRARY, message, note, plumbing)
        plan = socket.plan or self.plan(socket)
        return self._run(passage, plan.up[0 if after is None else self._at[after] + 1])

    def onward(self, stage: Stage, passage: Passage) -> bool:
        """Sends a passage on from ``stage`` (a queued one that is due, or one of
        several a stage made of one)."""
        socket = passage.socket
        plan = socket.plan or self.plan(socket)
        at = self._at[stage]
        return self._run(passage, plan.up[at + 1] if passage.to is _SERVER else plan.down[at])

    @staticmethod
    def _run(passage: Passage, steps: Steps) -> bool:
        for step in steps:
            following = step(passage)
            if following is None:  # taken: ok unless it could not be delivered
                return passage.ok
            passage = following
        return passage.ok

    def passed_by(self, stage: Stage, passage: Passage) -> str:
        """``stage`` took a page message: the stages beyond it hear of it; returns
        what they add to its note."""
        socket = passage.socket
        listening = (socket.plan or self.plan(socket)).listening[self._at[stage]]
        return "".join([listen(passage) for listen in listening]) if listening else ""

    # ------------------------------------------------------------- sockets

    def open(self, socket: RoadSocket, note: str) -> str | None:
        """A socket opens: recorded, then each stage hears of it. Returns the refusal
        note when a stage refused it (its close is recorded; nothing else runs)."""
        for stage in self.stages:
            refusal = stage.admit(socket)
            if refusal is not None:
                self.record_close(socket, ABNORMAL, "", refusal)
                return refusal
        connected = socket.server is not None or socket.route.connected
        self.port.record(socket, EntryKind.open, None, note, _PAGE,
                         _SERVER if connected else _LIBRARY)
        return None

    def opened(self, socket: RoadSocket) -> None:
        for stage in self.stages:
            stage.opened(socket)
        self.replan(socket)  # what the stages set up for it decides who acts
        if not self.speaks:  # raw frames: the session is up when the socket is
            self.session_started(socket)

    def session_started(self, socket: RoadSocket) -> None:
        for stage in self.stages:
            stage.session_started(socket)

    def record_close(self, socket: RoadSocket, code: int | None, reason: str | None, note: str,
                     sender: Side = _LIBRARY, receiver: Side = _LIBRARY) -> None:
        """Records the socket's close, once; the stages let go of it."""
        if socket.closed:
            return
        socket.closed = True
        for stage in self.stages:  # what they still held is recorded before the close
            stage.closed(socket)
        code = NO_STATUS if code is None else code
        socket.close_entry = self.port.record(socket, EntryKind.close, (code, reason or ""),
                                              note, sender, receiver)

    def close(self, socket: RoadSocket, code: int | None, reason: str | None, note: str) -> None:
        """The library closes the socket: the page sees code and reason, the server too."""
        self.record_close(socket, code, reason, note)
        self.close_side(socket, _PAGE, code, reason)
        self.close_side(socket, _SERVER, code, reason)

    def close_side(self, socket: RoadSocket, side: Side, code: int | None, reason: str | None,
                   late: bool = False) -> None:
        """Closes one side once, behind the messages still on their way to it."""
        if side is _PAGE:
            if socket.page_done:
                return
        elif socket.server is None or socket.server_done:
            return
        if not late and any(stage.close_behind(
                socket, side, lambda: self.close_side(socket, side, code, reason, True))
                for stage in self.stages):
            return
        if side is _PAGE:
            socket.page_done = True
        else:
            socket.server_done = True
        self.port.close_side(socket, side, code, reason)

    def page_closed(self, socket: RoadSocket, code: int | None, reason: str | None) -> None:
        """The page closed its socket: the server side closes too (or the page's close
        is answered)."""
        for stage in self.stages:
            stage.page_closed(socket)
        connected = socket.server is not None
        self.record_close(socket, code, reason, "closed by page", _PAGE,
                          _SERVER if connected else _LIBRARY)
        self.close_side(socket, _SERVER if connected else _PAGE, code, reason)

    def server_closed(self, socket: RoadSocket, code: int | None, reason: str | None) -> None:
        socket.server_done = True
        self.record_close(socket, code, reason, "closed by server", _SERVER, _PAGE)
        self.close_side(socket, _PAGE, code, reason)
