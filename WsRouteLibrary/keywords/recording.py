"""Recording keywords: save a route's conversation as a HAR file, replay HAR files as mocks."""

from __future__ import annotations

import os
import time
from pathlib import Path

from robot.api import logger
from robot.api.deco import keyword
from robot.libraries.BuiltIn import BuiltIn, RobotNotRunningError
from robot.utils import get_link_path

from ..datatypes import MatchMode
from ..errors import quote
from ..model.har import build_har, describe_urls, read_har, write_har
from ..model.replay import ReplayTiming, parse_ignore, parse_match, parse_timing
from ..version import __version__
from .base import LibraryComponent


class RecordingKeywords(LibraryComponent):
    @keyword("Save WebSocket Traffic", tags=["Recording"])
    def save_websocket_traffic(self, path: str | Path, url: str | None = None) -> str:
        """Writes the route's conversation to a HAR file and returns its path.

        The file has one entry per socket of the route, oldest first, in the
        shape Chrome DevTools and Playwright write: ``request.url`` is the
        socket's URL, ``_resourceType`` is ``websocket`` and
        ``_webSocketMessages`` lists the messages as ``{"type": "send" |
        "receive", "time": seconds since the epoch, "opcode": 1 | 2, "data":
        ...}``. ``send`` is a message the page sent, ``receive`` one the page
        received, whoever answered: the server, a rule or `Send To Page`.
        Binary data is base64. Messages the page never got (dropped, or
        sent to a closing socket) are left out. Mocked sockets are included
        (Playwright's own HAR leaves them out); their entry's ``comment``
        says so.

        ``path`` is the file to write (relative paths start in the working
        directory; ``${OUTPUT DIR}/x.har`` puts it beside the log); missing
        folders are created and an existing file is replaced, whole: the
        file is written beside it and then renamed, so a save that fails
        leaves the old file as it was. Fails at once, naming the path and
        the fix, when ``path`` is a folder, is no regular file (a named
        pipe, a device), lies below a plain file (a "folder" of it is a
        file), or is in a folder the library may not write. ``url``
        selects the route (default: the current route). Save before the
        test ends: with ``auto_cleanup=test`` its messages go with it. The
        log links to the file. Chrome DevTools (Network panel, import HAR)
        and HAR viewers open it, and `Replay WebSocket Traffic` replays it.

        Example:
        | Route WebSocket    **/chat
        | Connect To Server
        | Navigate To    http://127.0.0.1:8000/chat.html
        | Wait For Received Message    {"type": "joined"}    match=json
        | ${har} =    Save WebSocket Traffic    ${OUTPUT DIR}/chat.har
        """
        pattern, sockets, dropped = self.engine.socket_traffic(url)
        offset = time.time() - time.monotonic()
        document = build_har(sockets, offset, "WsRouteLibrary", __version__)
        written = write_har(path, document).resolve()
        messages = sum(len(s.messages) for s in sockets)
        link = _link(written)
        logger.info(
            f'Saved {len(sockets)} socket(s) with {messages} message(s) of route '
            f'{_html(quote(pattern))} to <a href="{_html(link)}">{_html(str(written))}</a>.',
            html=True,
        )
        if dropped:
            logger.warn(
                f"Route {quote(pattern)} dropped its {dropped} oldest messages (message_limit), "
                f"so {written} lacks them. Import the library with a higher message_limit to "
                "record long conversations."
            )
        return str(written)

    @keyword("Replay WebSocket Traffic", tags=["Recording"])
    def replay_websocket_traffic(
        self,
        path: str | Path,
        url: str | None = None,
        socket_url: str | None = None,
        match: MatchMode | str = MatchMode.exact,
        ignore: list[str] | str | None = None,
        timing: ReplayTiming | str = ReplayTiming.immediate,
        strict: bool = True,
    ) -> int:
        """Makes the route answer like the recording in a HAR file; returns how many
        recorded conversations it loaded.

        ``path`` is a HAR file written by `Save WebSocket Traffic`, by
        Playwright (``record_har_path`` with ``record_har_content="embed"``,
        the default for a ``.har`` path, or a ``.zip`` path), by Browser
        library (``recordHar``) or by Chrome DevTools ("Save all as HAR with
        content"). Only its WebSocket entries count; pages, images and XHR
        in it are left alone. A HAR that Playwright recorded with
        ``record_har_content="attach"`` is read with the files it attached
        when they are still beside it; one recorded with ``"omit"`` holds no
        messages: record again with ``"embed"``.

        ``socket_url`` is a glob (or ``/regexp/``) choosing which recorded
        sockets to replay; default: those whose URL the route's pattern
        matches. Each socket the page opens from now on replays the next of
        them, in file order; after the last, the last again. See
        `Recording and replay` for how a conversation is replayed:

        - Server messages recorded before the page's first message arrive
          as the socket opens.
        - When the page sends the next recorded page message, the server
          messages that followed it in the recording are sent back.
          ``match`` says how the page's message is compared with the
          recorded one (see `Matching messages`; with ``glob`` or
          ``regexp`` the recorded messages are the patterns, useful in
          hand-written HARs). ``ignore`` lists JSON paths left out of a
          ``match=json`` comparison, for values that change from run to run
          (ids, timestamps, tokens): ``id``, ``meta.ts``, ``items.0.id``,
          ``items.*.id``; a list, or one string with paths separated by
          commas. A recorded message that is not JSON is compared exactly.
        - ``timing``: ``immediate`` (the default) sends the recorded server
          messages at once; ``recorded`` keeps the recorded gaps, counted
          from the page message they answer (greetings: from the open).
          With ``recorded`` the times must be sane: no message more than
          24 hours after the message before it (the first: after the
          socket's ``startedDateTime``), or the load fails naming the
          message. A time earlier than the one before it does not wait.
          Every ``time`` in the file, whatever the timing, is a finite
          number of seconds (DevTools) or milliseconds (Playwright) since
          the epoch, not negative and before the year 10000.
        - ``strict``: a page message that is not the next recorded one
          fails the test (``True``, the default; the failure shows the
          expected message, the actual one and where they first differ) or
          is recorded and skipped (``False``). Messages after the end of a
          conversation count as unexpected too.

        On a route with a ``protocol``, the recording may hold the
        protocol's messages (saved by `Save WebSocket Traffic` on a protocol
        route) or its raw frames, as Chrome DevTools or Playwright record an
        app that runs without this library (``0{"sid":...}``, ``40``,
        ``42["chat",...]``): raw frames are read with the route's codec
        first, so the replay compares and answers the app's messages
        (``["chat", "hi"]``), a binary event with its attachments is one
        message, and the recorded plumbing (open packets, pings, upgrade
        probes) is left out: the library speaks it live, once. A frame
        that is no frame of the protocol is replayed as recorded.

        On a route with a ``protocol``, the ids the page's client picks
        are this run's, not the recording's: graphql-ws operation ids
        (``id``) and Socket.IO acknowledgement ids (``ack`` of the page's
        events). A page message is compared as if it carried the recorded
        id, and the recorded answers go out under the page's live id (an
        operation's ``next``, ``error`` and ``complete``; the ack of an
        event), with or without ``ignore``. The log notes each id it
        changed. Ids the server picks (a Socket.IO event the server emits
        with an ack) are replayed as recorded.

        Rules of the route win over the replay: a rule that answers a page
        message replaces its recorded answer, and the replay moves on as if
        the recording had answered. The log table notes, for each message,
        the conversation and message of the recording it matched or came
        from. ``url`` selects the route (default: the current route).

        Fails at once, naming the file, the place in it (such as
        ``entries[0]._webSocketMessages[3].opcode``) and the fix, when it
        is missing, unreadable or no regular file, is no UTF-8 JSON, is a
        damaged or truncated zip, nests deeper than JSON is read, is no
        HAR, holds no WebSocket conversation matching ``socket_url``
        (listing the socket URLs it holds), has a field of the wrong shape
        (a type other than ``send``/``receive``, an opcode other than 1, 2
        or a control frame, data that is no text, no base64 or has a lone
        surrogate, a time as
        above, an entry without a ``request.url``), has an attached file
        that is no UTF-8 or lies outside the HAR's folder, has times that
        ``timing=recorded`` cannot keep, has a page message nested deeper
        than the 200 levels ``match=json`` compares, or when ``match``,
        ``timing`` or ``ignore`` has a value that does not exist.

        Example:
        | Route WebSocket    **/chat
        | Replay WebSocket Traffic    ${CURDIR}/chat.har    match=json    ignore=id, ts
        | Open Page    http://127.0.0.1:8000/chat.html
        | Replay Should Be Complete
        """
        shown = str(path)
        mode = parse_match(match, shown)
        paths = parse_ignore(ignore, mode, shown)
        timing = parse_timing(timing, shown)
        recording = read_har(path)
        replay = self.engine.replay(url, recording, socket_url, mode, paths, timing, strict)
        chosen = replay.conversations
        messages = sum(len(c.messages) for c in chosen)
        options = f"match={mode.value}, timing={timing.value}, strict={strict}"
        if paths:
            options += f", ignore={', '.join('.'.join(p) for p in paths)}"
        logger.info(
            f"Route {quote(replay.route)} replays {len(chosen)} of the "
            f"{len(recording.conversations)} recorded conversation(s) of {quote(shown)} "
            f"({messages} messages; {options}): {describe_urls([c.url for c in chosen])}."
        )
        unused = replay.unused_ignore_paths()
        if unused:
            logger.warn(
                f"Replay of {quote(shown)}: no recorded page message has the ignore path(s) "
                f"{', '.join(quote(p) for p in unused)}. Check their spelling."
            )
        return len(chosen)

    @keyword("Replay Should Be Complete", tags=["Recording", "Assertion"])
    def replay_should_be_complete(self, url: str | None = None) -> None:
        """Fails when a replayed conversation still expects page messages, listing them.

        Every recorded conversation that `Replay WebSocket Traffic` loaded
        for the route counts: those that sockets replay and still expect
        page messages, and those no socket opened. ``url`` selects the route
        (default: the current route). Fails also when the route replays no
        recording.

        Example:
        | Replay WebSocket Traffic    ${CURDIR}/ticker.har
        | Open Page    http://127.0.0.1:8000/
        | Wait Until Keyword Succeeds    5 s    100 ms    Replay Should Be Complete
        """
        problem = self.engine.replay_incomplete(url)
        if problem:
            raise AssertionError(problem)


def _link(path: Path) -> str:
    """The path as the log links to it: relative to the log's folder when possible."""
    try:
        variables = BuiltIn()
        log = variables.get_variable_value("${LOG FILE}")
        base = (os.path.dirname(log) if log and log != "NONE"
                else variables.get_variable_value("${OUTPUT DIR}"))
    except RobotNotRunningError:
        base = None
    return get_link_path(str(path), base) if base else path.as_uri()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")
