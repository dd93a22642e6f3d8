"""``wsroute har2robot``: a recorded WebSocket conversation written as a readable suite.

The suite routes each recorded socket URL (`Route WebSocket`, with
``protocol=`` for Socket.IO, graphql-ws, STOMP and MQTT recordings: their
raw frames, or the messages a protocol route saved), greets the page as
the server did (`Send On Open`), answers each page message as recorded
(`Reply When Sent`, see :mod:`.suiteplan`), and its test opens the page and
waits for the page's messages in order (`Wait For Sent Message`). Every
value from the recording is written with :mod:`.robottext`, so the suite
runs as written. Pure Python: no Robot Framework, Playwright or engine import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path as FilePath
from urllib.parse import urlsplit

from .errors import InvalidInputError, quote
from .model.har import Conversation, read_har
from .model.matching import Message
from .model.urlpattern import UrlPattern
from .protocols import CODECS
from .protocols.base import decode_recording, recorded_document
from .protocols.stomp_frames import FROM_PAGE as STOMP_PAGE
from .protocols.stomp_frames import FROM_SERVER as STOMP_SERVER
from .robottext import (
    CELL_LIMIT,
    INDENT,
    LINE_LIMIT,
    SEPARATOR,
    binary,
    cell,
    comment,
    documentation,
    hex_parts,
    rows,
    split_text,
)
from .suiteplan import Route, plan_route
from .version import __version__

CALLS_PER_KEYWORD = 9  # Robocop's too-many-calls-in-keyword allows 10
COLUMN = 20  # where values start in the Settings and Variables sections
VALUE_LIMIT = LINE_LIMIT - COLUMN - 1
FILE_LIMIT = 400 - 1  # Robocop's file-too-long, less the line that turns it off
_SOCKET_IO_OPEN = re.compile(r'^0\{.*"sid"', re.DOTALL)
_SOCKET_IO_PACKET = re.compile(r"^4[0-6]")
_GRAPHQL_TYPES = frozenset({"connection_init", "connection_ack"})
# A STOMP client's first frame (plain, or in a SockJS array), a server's CONNECTED.
_STOMP_OPEN = re.compile(r'^(\["?)?(CONNECT|STOMP)(\r?\n|(\\r)?\\n)')
_STOMP_CONNECTED = re.compile(r'^(a\["?)?CONNECTED(\r?\n|(\\r)?\\n)')
# An MQTT CONNECT packet: type 1, then the protocol name MQTT (3.1.1, 5) or MQIsdp (3.1).
_MQTT_CONNECT = re.compile(rb"^\x10[\x80-\xff]{0,3}[\x00-\x7f]\x00(\x04MQTT|\x06MQIsdp)")
_MQTT_TYPES = {"connect": "protocolVersion", "connack": "sessionPresent", "publish": "topic",
               "subscribe": "topics", "unsubscribe": "topics"}
# The protocol's own messages, which the library answers itself: left out of the suite.
_HANDSHAKES = {
    "socket.io": lambda d: "connect" in d,
    "graphql-ws": lambda d: d.get("type") in ("connection_init", "connection_ack", "ping", "pong"),
    "stomp": lambda d: d.get("command") in ("CONNECT", "STOMP", "CONNECTED", "DISCONNECT"),
    "mqtt": lambda d: d.get("type") in ("connect", "connack", "disconnect"),
}


def parse_ignore(text: str | Sequence[str] | None) -> list[tuple]:
    """``id, meta.ts`` (or a list of such) as JSON paths: ``[("id",), ("meta", "ts")]``."""
    if text is None:
        return []
    items = [text] if isinstance(text, str) else list(text)
    paths = []
    for item in items:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            if any(not key for key in part.split(".")):
                raise InvalidInputError(
                    f"--ignore path {quote(part)} has an empty field name. Give JSON paths "
                    "separated by commas, e.g. --ignore id,meta.ts."
                )
            paths.append(tuple(part.split(".")))
    return paths


def convert(har: str | FilePath, url: str | None = None,
            ignore: str | Sequence[str] | None = None) -> str:
    """The suite for the HAR file ``har``, as text.

    ``url`` is a URL glob choosing the recorded sockets (default: all) and
    the pattern of their route; ``ignore`` lists JSON paths of volatile
    fields. Fails with an :class:`InvalidInputError` naming the file.
    """
    try:
        recording = read_har(har)
    except RecursionError:
        raise InvalidInputError(
            f"HAR file {quote(str(har))} is JSON nested too deeply to read. Give a HAR file as "
            "browsers, Playwright or 'Save WebSocket Traffic' write it."
        ) from None
    paths = parse_ignore(ignore)
    conversations = [c for c in recording.conversations if c.messages]
    if url is not None:
        pattern = UrlPattern(url)
        conversations = recording.select(pattern.matches, url, "--url")
        groups = {url: conversations}
    else:
        groups = {}
        for conversation in conversations:
            groups.setdefault(route_pattern(conversation.url), []).append(conversation)
    if not groups:
        raise InvalidInputError(
            f"HAR file {recording.name} holds WebSocket entries but none with messages. "
            "Record the page while it talks on its WebSockets."
        )
    routes = [_route(pattern, found, paths) for pattern, found in groups.items()]
    return SuiteWriter(FilePath(str(har)).name, routes).text()


def write_suite(har: str | FilePath, output: str | FilePath, url: str | None = None,
                ignore: str | Sequence[str] | None = None) -> FilePath:
    """Writes the suite of ``har`` to ``output``; returns the path written."""
    text = convert(har, url, ignore)
    target = FilePath(output)
    if target.is_dir():
        raise InvalidInputError(
            f"Cannot write the suite {quote(str(output))}: it is a folder. Give a file name, "
            "e.g. -o recorded.robot."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def route_pattern(url: str) -> str:
    """A glob for a recorded socket URL on any host and port: ``**/chat``, ``**/feed?**``."""
    parts = urlsplit(url)
    path = re.sub(r"([*{}\\?\[\]])", r"\\\1", parts.path.lstrip("/"))
    glob = f"**/{path}" if path else "**"
    return glob + "?**" if parts.query else glob


def _route(pattern: str, conversations: list[Conversation], ignore: list[tuple]) -> Route:
    protocol = detect_protocol(conversations)
    handshakes = None
    if protocol is not None:
        conversations = [decode_recording(c, CODECS[protocol]) for c in conversations]
        test = _HANDSHAKES[protocol]

        def handshakes(payload: Message, sent: bool) -> bool:
            document = recorded_document(payload)
            return isinstance(document, dict) and test(document)

    return plan_route(pattern, conversations, ignore, protocol, handshakes)


def detect_protocol(conversations: list[Conversation]) -> str | None:
    """``socket.io``, ``graphql-ws``, ``stomp`` or ``mqtt`` when the frames (or the messages
    a protocol route saved) are recognisably one, else None."""
    for conversation in conversations:
        for message in conversation.messages:
            found = _protocol_of(message.payload, message.sent)
            if found is not None:
                return found
    return None


def _protocol_of(payload: Message, sent: bool) -> str | None:
    if isinstance(payload, bytes):
        return "mqtt" if sent and _MQTT_CONNECT.match(payload) else None
    if (not sent and _SOCKET_IO_OPEN.match(payload)) or (
            sent and _SOCKET_IO_PACKET.match(payload)):
        return "socket.io"
    if (sent and _STOMP_OPEN.match(payload)) or (not sent and _STOMP_CONNECTED.match(payload)):
        return "stomp"
    document = recorded_document(payload)
    if not isinstance(document, dict):
        return None
    # Recorded on a protocol route: the messages are already decoded.
    if "event" in document and "namespace" in document or "connect" in document:
        return "socket.io"
    if document.get("type") in _GRAPHQL_TYPES:
        return "graphql-ws"
    if document.get("command") in (*STOMP_PAGE, *STOMP_SERVER) and (
            "destination" in document or document["command"] in ("CONNECT", "CONNECTED")):
        return "stomp"
    field = _MQTT_TYPES.get(str(document.get("type")))
    return "mqtt" if field is not None and field in document else None


class SuiteWriter:
    """Writes the routes of a recording as a suite's text."""

    def __init__(self, har_name: str, routes: list[Route]):
        self.har_name = har_name
        self.routes = routes
        self.variables: list[str] = []
        self.keywords: list[str] = []
        self._named: dict[tuple[type, Message], str] = {}  # a long value is written once

    def text(self) -> str:
        test, keywords = self._test(), self._keywords()  # they fill the Variables section
        sections = [self._settings(), self._variables(), test, keywords]
        text = "\n\n\n".join(s for s in sections if s) + "\n"
        if text.count("\n") > FILE_LIMIT:
            # A long recording makes a long suite; the first line turns off the check.
            text = "# robocop: off=file-too-long\n" + text
        return text

    # ------------------------------------------------------------- values

    def value(self, message: Message, positional: bool = True) -> str:
        """A message as a cell; a long one goes to the Variables section."""
        named = self._named.get((type(message), message))
        if named is not None:
            return named
        number = len(self.variables) + 1
        if isinstance(message, bytes):
            written = binary(message)
            if len(written) <= CELL_LIMIT:
                return written
            name = f"BYTES_{number}"
            self._variable(name, hex_parts(message, VALUE_LIMIT))
            named = self._named[bytes, message] = f"${{{{ bytes.fromhex(${name}) }}}}"
            return named
        written = cell(message, positional)
        if len(written) <= CELL_LIMIT:
            return written
        name = f"MESSAGE_{number}"
        parts = [cell(part, positional=False) for part in split_text(message, VALUE_LIMIT)]
        self._variable(name, ["SEPARATOR=", *parts])
        named = self._named[str, message] = f"${{{name}}}"
        return named

    def _variable(self, name: str, values: list[str]) -> None:
        head = f"${{{name}}}"
        lines = [(head + SEPARATOR).ljust(COLUMN) + values[0]]
        lines += ["...".ljust(COLUMN) + value for value in values[1:]]
        self.variables.append("\n".join(lines))

    # ------------------------------------------------------------ sections

    def _settings(self) -> str:
        lines = ["*** Settings ***"]
        about = (f"The WebSocket conversation recorded in {self.har_name}, as a suite: the "
                 "library answers the page as the server did, with no server running. Written "
                 f"by wsroute har2robot {__version__}; change it as you need.")
        lines += documentation(about, indent="", first="Documentation", column=COLUMN)
        lines.append("Library".ljust(COLUMN) + "WsRouteLibrary")
        lines.append("Suite Teardown".ljust(COLUMN) + "Quit Browser")
        return "\n".join(lines)

    def _variables(self) -> str:
        first = self.routes[0].urls[0]
        parts = urlsplit(first)
        scheme = "https" if parts.scheme == "wss" else "http"
        guess = f"{scheme}://{parts.netloc}/" if parts.netloc else "http://127.0.0.1:8000/"
        lines = ["*** Variables ***"]
        lines += comment("Set PAGE URL to the page that opened the recorded WebSocket "
                         f"{cell(first, positional=False)}, here or on the command line: robot "
                         "--variable \"PAGE URL:http://...\" SUITE.robot")
        lines.append("${PAGE URL}".ljust(COLUMN) + cell(guess, positional=False))
        lines += self.variables
        return "\n".join(lines)

    def _test(self) -> str:
        calls: list[list[str]] = []
        several = len(self.routes) > 1
        for route in self.routes:
            if not route.waits:  # the page only listened: it opened the socket at least
                calls.append(["Wait For WebSocket", *(["url=" + cell(route.pattern, False)]
                                                      if several else [])])
            for index, (message, match) in enumerate(route.waits):
                call = ["Wait For Sent Message", self.value(message)]
                if several:
                    call.append("url=" + cell(route.pattern, positional=False))
                if match != "exact":
                    call.append(f"match={match}")
                calls.append(call)
                for reply in route.pushes.get(index, []):
                    push = ["Send To Page", self.value(reply)]
                    if several:
                        push.append("url=" + cell(route.pattern, positional=False))
                    calls.append(push)
        head = ["*** Test Cases ***", "Page Talks As Recorded"]
        head += documentation("Opens the page, which sends the recorded messages in order; "
                              "the routes answer them as the server did.")
        body = rows(["Answer As The Recorded Server"]) + rows(["Open Page", "${PAGE URL}"])
        body += self._chunked(calls, "Page Sends The Recorded Messages", "The page's messages",
                              CALLS_PER_KEYWORD - 2)
        return "\n".join(head + body)

    def _keywords(self) -> str:
        calls: list[list[str]] = []
        for route in self.routes:
            call = ["Route WebSocket", cell(route.pattern)]
            if route.protocol:
                call.append(f"protocol={route.protocol}")
            calls.append(call)
            if route.greetings:
                calls.append(["Send On Open", *(self.value(g) for g in route.greetings)])
            for rule in route.rules:
                call = ["Reply When Sent", self.value(rule.message),
                        *(self.value(r) for r in rule.replies)]
                if rule.match != "exact":
                    call.append(f"match={rule.match}")
                if rule.times is not None:
                    call.append(f"times={rule.times}")
                calls.append(call)
        urls = ", ".join(u for route in self.routes for u in route.urls)
        body = self._chunked(calls, "Answer As The Recorded Server Part",
                             "The recorded server's answers", CALLS_PER_KEYWORD + 1)
        lines = ["Answer As The Recorded Server"]
        lines += documentation(f"Routes the recorded sockets ({urls}) and answers as the "
                               "recording: greetings at open, then a reply to each page message.")
        lines += body
        return "\n".join(["*** Keywords ***", *lines, *self.keywords])

    def _chunked(self, calls: list[list[str]], part_name: str, what: str,
                 keep: int) -> list[str]:
        """The calls as body lines; more than ``keep`` go to part keywords the body calls."""
        if len(calls) <= keep:
            return [line for call in calls for line in rows(call)]
        size = CALLS_PER_KEYWORD + 1
        chunks = [calls[i:i + size] for i in range(0, len(calls), size)]
        parts = [[self._part(part_name, number, what, chunk)]
                 for number, chunk in enumerate(chunks, 1)]
        # A long recording: parts of parts.
        return self._chunked(parts, part_name + " Group", what + " (groups)", keep)

    def _part(self, part_name: str, number: int, what: str, chunk: list[list[str]]) -> str:
        name = f"{part_name} {number}"
        lines = ["", name, INDENT + "[Documentation]" + SEPARATOR + f"{what}, part {number}."]
        lines += [line for call in chunk for line in rows(call)]
        self.keywords.append("\n".join(lines))
        return name
