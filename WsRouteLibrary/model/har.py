"""HAR files: WebSocket conversations read from HARs of browsers and tools, and written as ours.

Chrome DevTools, Playwright (and Browser library, which records with
Playwright) write a WebSocket as a HAR entry whose ``_resourceType`` is
``websocket`` and whose ``_webSocketMessages`` list the frames:
``{"type": "send" | "receive", "time": ..., "opcode": 1 | 2, "data": ...}``,
``send`` from the page, binary data base64. DevTools gives ``time`` in
seconds since the epoch, Playwright in milliseconds. Playwright's
``record_har_content="attach"`` keeps the messages in a JSON-lines file
beside the HAR (named by ``response.content._file``) and ``"omit"`` keeps
none. Other entries (pages, images, XHR) are left out.

The shape of what the library reads is checked once, as it is read: a
field of the wrong type fails naming its place, e.g.
``entries[0]._webSocketMessages[3].opcode``. Files on disk are
``harfile.py``'s; what we write is ``harwrite.py``'s.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

from ..errors import InvalidInputError, quote
from .frames import lone_surrogate
from .harfile import Attachments, decode, load, not_text
from .harfile import write as write_har
from .harwrite import BINARY, TEXT, SocketTraffic, build_har, sockets_from_journal
from .jsonsafe import loads
from .jsonsafe import show as _show
from .matching import Message, shorten

__all__ = ["BINARY", "TEXT", "Conversation", "RecordedMessage", "Recording", "SocketTraffic",
           "build_har", "describe_urls", "parse_har", "read_har", "sockets_from_journal",
           "write_har"]

CONTROL_OPCODES = frozenset({8, 9, 10})  # close, ping, pong: not messages a page sees
# A message time above this is in milliseconds: as seconds it would lie in
# the year 5138, as milliseconds it lies after March 1973.
MILLISECONDS_ABOVE = 1e11
# The start of the year 10000 in milliseconds since the epoch: no time is later.
LATEST = 253_402_300_800_000
TIME_RULE = ("a message's time is seconds (DevTools) or milliseconds (Playwright) since the "
             "epoch: a finite number, not negative, before the year 10000")
NO_HAR = "Give a HAR file as browsers, Playwright or 'Save WebSocket Traffic' write it."


class RecordedMessage:
    """One frame of a recorded conversation: who sent it, what, and when."""

    __slots__ = ("number", "sent", "payload", "time", "index")

    def __init__(self, number: int, sent: bool, payload: Message, time: float | None,
                 index: int | None = None):
        self.number = number  # 1-based, in the conversation's order, both directions
        self.sent = sent  # sent by the page
        self.payload = payload
        self.time = time  # seconds since the epoch, None when the file gives none
        # Where it is in the file: its index in _webSocketMessages, or its line
        # in the attached file; None when it comes from no file.
        self.index = number - 1 if index is None else index

    def __repr__(self) -> str:
        return f"RecordedMessage({self.number}, {'send' if self.sent else 'receive'}, " \
               f"{self.payload!r})"


@dataclass
class Conversation:
    """A recorded WebSocket: its URL and its messages in file order."""

    number: int  # 1-based among the file's WebSocket entries
    url: str
    started: float | None  # seconds since the epoch (the entry's startedDateTime)
    messages: list[RecordedMessage] = field(default_factory=list)
    entry: int = -1  # its index in the file's log.entries
    attached: str | None = None  # the attached file its messages come from

    @property
    def page_messages(self) -> int:
        return sum(1 for m in self.messages if m.sent)

    def where(self, path: str) -> str:
        """'HAR file 'x.har', WebSocket entry 2 (ws://...)'."""
        return f"HAR file {quote(path)}, WebSocket entry {self.number} ({self.url})"

    def place(self, index: int, key: str = "") -> str:
        """Where a message (or its ``key``) is in the file, e.g.
        'entries[0]._webSocketMessages[3].time'."""
        if self.attached is not None:
            return f"line {index} of the attached file {quote(self.attached)}"
        return f"entries[{self.entry}]._webSocketMessages[{index}]" + (f".{key}" if key else "")


@dataclass
class Recording:
    """The WebSocket conversations of a HAR file, in file order."""

    path: str
    conversations: list[Conversation]
    creator: str = ""

    @property
    def name(self) -> str:
        return quote(self.path)

    def urls(self) -> list[str]:
        return [c.url for c in self.conversations]

    def select(self, matches: Any, pattern_text: str, what: str) -> list[Conversation]:
        """The conversations whose URL ``matches`` accepts, or an error listing the URLs."""
        chosen = [c for c in self.conversations if matches(c.url)]
        if chosen:
            return chosen
        raise InvalidInputError(
            f"HAR file {self.name} holds no WebSocket conversation matching {quote(pattern_text)} "
            f"({what}). Its WebSockets: {describe_urls(self.urls())}. Give socket_url, a glob "
            "such as '**/chat', to choose among them."
        )


def describe_urls(urls: Sequence[str], limit: int = 10) -> str:
    """Distinct URLs, in order, with how often each occurs: 'ws://a (2 times), ws://b'."""
    counts: dict[str, int] = {}
    for url in urls:
        counts[url] = counts.get(url, 0) + 1
    shown = [f"{url} ({count} times)" if count > 1 else url
             for url, count in list(counts.items())[:limit]]
    more = f" and {len(counts) - limit} more" if len(counts) > limit else ""
    return ", ".join(shown) + more


# ------------------------------------------------------------------- reading


def read_har(path: str | Path) -> Recording:
    """Reads the WebSocket conversations of a HAR file (or Playwright's ``.zip`` HAR).

    Fails with an :class:`InvalidInputError` naming the file, the place in
    it and the problem: missing, unreadable, not JSON, no HAR, no WebSocket
    entries, or a field of the wrong shape.
    """
    document, attachments = load(path)
    return parse_har(document, str(path), attachments)


def parse_har(document: Any, path: str, attachments: Attachments | None = None) -> Recording:
    """The WebSocket conversations of a HAR document already parsed from JSON."""
    shown = quote(path)
    entries = _entries(document, shown)
    log = document["log"]
    creator = log.get("creator")
    name = creator.get("name") if isinstance(creator, dict) else None
    conversations: list[Conversation] = []
    without_messages = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InvalidInputError(
                f"HAR file {shown}: entries[{index}] is {_show(entry)}, not an object. Each "
                "entry of a HAR is an object with a request and a response, as browsers and "
                "Playwright write them."
            )
        if not _is_websocket(entry):
            continue
        conversation = Conversation(len(conversations) + 1, "", None, entry=index)
        conversation.url = _url(entry, f"HAR file {shown}, WebSocket entry {conversation.number}",
                                index)
        where = conversation.where(path)
        conversation.started = _started(entry, index, where)
        raw = _raw_messages(entry, conversation, where, attachments)
        if raw is None:
            without_messages.append(conversation.url)
            raw = []
        conversation.messages = _messages(raw, conversation, where)
        conversations.append(conversation)
    if not conversations:
        kinds = sorted({str(e.get("_resourceType", "?")) for e in entries})
        what = f"{len(entries)} entries: {', '.join(kinds)}" if entries else "no entries"
        raise InvalidInputError(
            f"HAR file {shown} holds no WebSocket entries ({what}). Record it while the page's "
            "WebSockets are open: 'Save WebSocket Traffic', Playwright's record_har_path with "
            "record_har_content='embed', or DevTools' 'Save all as HAR with content'."
        )
    if without_messages and len(without_messages) == len(conversations):
        raise InvalidInputError(
            f"HAR file {shown} holds WebSocket entries ({describe_urls(without_messages)}) but "
            "no messages: it was recorded without content (Playwright's "
            "record_har_content='omit', or 'attach' with the attached files missing). Record "
            "with record_har_content='embed', or keep the files Playwright attached beside "
            "the HAR."
        )
    return Recording(path, conversations, name if isinstance(name, str) else "")


def _entries(document: Any, shown: str) -> list[Any]:
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if isinstance(entries, list):
        return entries
    if isinstance(log, dict) and entries is not None:
        problem = f"its log.entries is {_show(entries)}, not a list of entries"
    elif log is not None and not isinstance(log, dict):
        problem = f"its log is {_show(log)}, not an object with a list of 'entries'"
    else:
        problem = "it has no 'log' object with a list of 'entries'"
    raise InvalidInputError(f"HAR file {shown} is JSON but no HAR: {problem}. {NO_HAR}")


def _is_websocket(entry: dict[str, Any]) -> bool:
    if entry.get("_resourceType") == "websocket" or "_webSocketMessages" in entry:
        return True
    request = entry.get("request")
    url = request.get("url") if isinstance(request, dict) else None
    return isinstance(url, str) and url.startswith(("ws://", "wss://"))


def _url(entry: dict[str, Any], where: str, index: int) -> str:
    request = entry.get("request")
    url = request.get("url") if isinstance(request, dict) else None
    if isinstance(url, str) and url:
        return url
    if not isinstance(request, dict):
        problem = (f"entries[{index}].request is missing" if "request" not in entry else
                   f"entries[{index}].request is {_show(request)}, not an object")
    elif "url" not in request:
        problem = f"entries[{index}].request.url is missing"
    elif url == "":
        problem = f"entries[{index}].request.url is empty"
    else:
        problem = f"entries[{index}].request.url is {_show(url)}, not text"
    raise InvalidInputError(f"{where}: {problem}; a WebSocket entry's request.url is the "
                            "socket's URL, e.g. 'ws://127.0.0.1:8000/chat'.")


def _started(entry: dict[str, Any], index: int, where: str) -> float | None:
    """The entry's ``startedDateTime`` in seconds since the epoch (None if it has none)."""
    text = entry.get("startedDateTime")
    if text is None:
        return None
    value = None
    if isinstance(text, str):
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    if value is None:
        raise InvalidInputError(
            f"{where}: entries[{index}].startedDateTime is {_show(text)}, not a date and time "
            "such as '2026-01-02T03:04:05.000Z' (ISO 8601)."
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def _raw_messages(entry: dict[str, Any], conversation: Conversation, where: str,
                  attachments: Attachments | None) -> list[Any] | None:
    """The entry's message objects: embedded, or from Playwright's attached file."""
    index = conversation.entry
    messages = entry.get("_webSocketMessages")
    if messages is not None:
        if not isinstance(messages, list):
            raise InvalidInputError(
                f"{where}: entries[{index}]._webSocketMessages is {_show(messages)}, not a list "
                "of messages."
            )
        return messages
    response = entry.get("response")
    content = response.get("content") if isinstance(response, dict) else None
    attached = content.get("_file") if isinstance(content, dict) else None
    if attached is None or attachments is None:
        return None
    place = f"entries[{index}].response.content._file"
    if not isinstance(attached, str):
        raise InvalidInputError(f"{where}: {place} is {_show(attached)}, not a file name.")
    parts = PurePosixPath(attached.replace("\\", "/"))
    if parts.is_absolute() or ".." in parts.parts or not attached.strip():
        raise InvalidInputError(
            f"{where}: {place} {quote(attached)} names a file outside the HAR's folder; "
            "Playwright attaches files beside the HAR, by plain names such as 'b1946ac9.txt'."
        )
    named = f"the attached file {quote(attached)} ({place})"
    try:
        data = attachments.read(attached)
    except OSError as error:
        raise InvalidInputError(f"{where}: {named} cannot be read: {error.strerror or error}. "
                                "Give a file you may read, or change its permissions.") from None
    if data is None:
        return None
    try:
        text = decode(data)
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"{where}: {named} is not UTF-8 text: {not_text(data, error)}. Playwright attaches "
            "messages as UTF-8 JSON lines; record again, or with record_har_content='embed'."
        ) from None
    conversation.attached = attached
    return [_line(line, number, conversation, where) for number, line
            in enumerate(text.splitlines(), 1) if line.strip()]


def _line(line: str, number: int, conversation: Conversation, where: str) -> tuple[int, Any]:
    try:
        return number, loads(line)
    except ValueError as error:  # JsonError too
        raise InvalidInputError(
            f"{where}: {conversation.place(number)} is not JSON: {error}."
        ) from None


def _messages(raw: list[Any], conversation: Conversation, where: str
              ) -> list[RecordedMessage]:
    # An attached file gives (line, message) pairs; embedded messages are their index.
    pairs = raw if conversation.attached is not None else list(enumerate(raw))
    # Times are per conversation either all seconds or all milliseconds.
    scale = 0.001 if any(isinstance(m, dict) and _number(m.get("time"))
                         and m["time"] > MILLISECONDS_ABOVE for _, m in pairs) else 1.0
    messages: list[RecordedMessage] = []
    for position, (index, message) in enumerate(pairs, 1):
        read = _message(message, position, index, conversation, where, scale)
        if read is not None:
            read.number = len(messages) + 1
            messages.append(read)
    return messages


def _message(message: Any, position: int, index: int, conversation: Conversation, where: str,
             scale: float) -> RecordedMessage | None:
    """A message checked field by field; None for a control frame."""
    if not isinstance(message, dict):
        raise InvalidInputError(
            f"{where}: message {position} at {conversation.place(index)} is {_show(message)}, "
            'not an object such as {"type": "send", "time": 1790000000.5, "opcode": 1, '
            '"data": "hello"}.'
        )

    def wrong(key: str, rule: str) -> InvalidInputError:
        found = f"{key} {_show(message[key])}" if key in message else f"no {key}"
        return InvalidInputError(f"{where}: message {position} has {found} at "
                                 f"{conversation.place(index, key)}; {rule}.")

    kind = message.get("type")
    if kind not in ("send", "receive") or not isinstance(kind, str):
        raise wrong("type", "a WebSocket message's type is 'send' (sent by the page) or "
                            "'receive' (received by the page)")
    opcode = message.get("opcode", TEXT)
    if (not _number(opcode) or not float(opcode).is_integer()
            or opcode not in (TEXT, BINARY, *CONTROL_OPCODES)):
        raise wrong("opcode", "a message is a text frame (opcode 1) or a binary frame (opcode 2)")
    if opcode in CONTROL_OPCODES:
        return None
    data = message.get("data")
    if not isinstance(data, str):
        raise wrong("data", "a message's data is text: the message itself, or base64 for a "
                            "binary frame (opcode 2)")
    if opcode == TEXT:
        payload: Message = data
        lone = lone_surrogate(data)
        if lone >= 0:
            raise InvalidInputError(
                f"{where}: message {position} has a lone UTF-16 surrogate "
                f"({quote(data[lone])} at index {lone}) in its data at "
                f"{conversation.place(index, 'data')}, which a UTF-8 text frame cannot carry. "
                "Write the whole character (an emoji is two surrogates together)."
            )
    else:
        try:
            payload = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as error:
            raise InvalidInputError(
                f"{where}: message {position} is a binary frame (opcode 2) whose data "
                f"{shorten(data, 40)} is not valid base64 ({error}). Binary data in a HAR "
                "is base64, as DevTools and Playwright write it."
            ) from None
    time = message.get("time")
    if time is not None and not (_number(time) and math.isfinite(time) and 0 <= time <= LATEST):
        raise wrong("time", TIME_RULE)
    return RecordedMessage(position, kind == "send", payload,
                           None if time is None else time * scale, index)


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)

