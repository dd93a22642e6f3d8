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
"""

from __future__ import annotations

import base64
import binascii
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..datatypes import EntryKind
from ..errors import InvalidInputError, quote
from .matching import Message, shorten

TEXT, BINARY = 1, 2
CONTROL_OPCODES = frozenset({8, 9, 10})  # close, ping, pong: not messages a page sees
# A message time above this is in milliseconds: as seconds it would lie in
# the year 5138, as milliseconds it lies after March 1973.
MILLISECONDS_ABOVE = 1e11


class RecordedMessage:
    """One frame of a recorded conversation: who sent it, what, and when."""

    __slots__ = ("number", "sent", "payload", "time")

    def __init__(self, number: int, sent: bool, payload: Message, time: float | None):
        self.number = number  # 1-based, in the conversation's order, both directions
        self.sent = sent  # sent by the page
        self.payload = payload
        self.time = time  # seconds since the epoch, None when the file gives none

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

    @property
    def page_messages(self) -> int:
        return sum(1 for m in self.messages if m.sent)


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

    Fails with an :class:`InvalidInputError` naming the file and the problem:
    missing, not JSON, no HAR, no WebSocket entries, or a message that
    cannot be read.
    """
    har_path = Path(path)
    shown = quote(str(path))
    if not har_path.exists():
        raise InvalidInputError(
            f"HAR file {shown} does not exist (looked for {har_path.resolve()}). Give the "
            "path of a HAR file, e.g. one that 'Save WebSocket Traffic' wrote."
        )
    if har_path.is_dir():
        raise InvalidInputError(f"HAR file {shown} is a folder. Give the path of a HAR file.")
    attachments: _Attachments
    if zipfile.is_zipfile(har_path):
        text, attachments = _read_zip(har_path, shown)
    else:
        text = _read_text(har_path.read_bytes(), shown)
        attachments = _Folder(har_path.parent)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InvalidInputError(
            f"HAR file {shown} is not JSON: {error}. A HAR file is JSON with a 'log' object, "
            "as browsers and Playwright write it."
        ) from None
    return parse_har(document, str(path), attachments)


def parse_har(document: Any, path: str, attachments: _Attachments | None = None) -> Recording:
    """The WebSocket conversations of a HAR document already parsed from JSON."""
    shown = quote(path)
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise InvalidInputError(
            f"HAR file {shown} is JSON but no HAR: it has no 'log' object with a list of "
            "'entries'. Give a HAR file as browsers, Playwright or 'Save WebSocket Traffic' "
            "write it."
        )
    creator = log.get("creator")
    creator_name = creator.get("name", "") if isinstance(creator, dict) else ""
    conversations: list[Conversation] = []
    without_messages = []
    for index, entry in enumerate(entries, 1):
        if not _is_websocket(entry):
            continue
        number = len(conversations) + 1
        url = _url(entry)
        raw = _raw_messages(entry, index, url, shown, attachments)
        if raw is None:
            without_messages.append(url)
            raw = []
        where = f"HAR file {shown}, WebSocket entry {number} ({url})"
        conversation = Conversation(number, url, _started(entry))
        conversation.messages = list(_messages(raw, where))
        conversations.append(conversation)
    if not conversations:
        kinds = sorted({str(e.get("_resourceType", "?")) for e in entries if isinstance(e, dict)})
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
    return Recording(path, conversations, creator_name)


def _is_websocket(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    if entry.get("_resourceType") == "websocket" or "_webSocketMessages" in entry:
        return True
    url = _url(entry)
    return url.startswith(("ws://", "wss://"))


def _url(entry: dict) -> str:
    request = entry.get("request")
    url = request.get("url") if isinstance(request, dict) else None
    return url if isinstance(url, str) else ""


def _started(entry: dict) -> float | None:
    """The entry's ``startedDateTime`` in seconds since the epoch (None if unreadable)."""
    text = entry.get("startedDateTime")
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def _raw_messages(entry: dict, index: int, url: str, shown: str,
                  attachments: _Attachments | None) -> list | None:
    """The entry's message objects: embedded, or from Playwright's attached file."""
    messages = entry.get("_webSocketMessages")
    if messages is not None:
        if not isinstance(messages, list):
            raise InvalidInputError(
                f"HAR file {shown}, entry {index} ({url}): '_webSocketMessages' is not a list."
            )
        return messages
    response = entry.get("response")
    content = response.get("content") if isinstance(response, dict) else None
    attached = content.get("_file") if isinstance(content, dict) else None
    if not isinstance(attached, str) or attachments is None:
        return None
    text = attachments.read(attached)
    if text is None:
        return None
    messages = []
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            messages.append(json.loads(line))
        except ValueError as error:
            raise InvalidInputError(
                f"HAR file {shown}, entry {index} ({url}): line {line_number} of its attached "
                f"messages {quote(attached)} is not JSON: {error}."
            ) from None
    return messages


def _messages(raw: list, where: str) -> Iterable[RecordedMessage]:
    # Times are per conversation either all seconds or all milliseconds.
    times = [m.get("time") for m in raw if isinstance(m, dict)]
    scale = 0.001 if any(_number(t) and t > MILLISECONDS_ABOVE for t in times) else 1.0
    number = 0
    for position, message in enumerate(raw, 1):
        if not isinstance(message, dict):
            raise InvalidInputError(f"{where}: message {position} is not an object.")
        kind = message.get("type")
        if kind not in ("send", "receive"):
            raise InvalidInputError(
                f"{where}: message {position} has type {kind!r}; a WebSocket message's type is "
                "'send' (sent by the page) or 'receive' (received by the page)."
            )
        opcode = message.get("opcode", TEXT)
        if opcode in CONTROL_OPCODES:
            continue
        data = message.get("data")
        if not isinstance(data, str):
            raise InvalidInputError(
                f"{where}: message {position} has no text in 'data' (found {data!r})."
            )
        if opcode == TEXT:
            payload: Message = data
        elif opcode == BINARY:
            try:
                payload = base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError) as error:
                raise InvalidInputError(
                    f"{where}: message {position} is a binary frame (opcode 2) whose data "
                    f"{shorten(data, 40)} is not valid base64 ({error}). Binary data in a HAR "
                    "is base64, as DevTools and Playwright write it."
                ) from None
        else:
            raise InvalidInputError(
                f"{where}: message {position} has opcode {opcode!r}; a message is a text "
                "frame (opcode 1) or a binary frame (opcode 2)."
            )
        time = message.get("time")
        number += 1
        yield RecordedMessage(number, kind == "send", payload,
                              time * scale if _number(time) else None)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _read_text(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"HAR file {shown} is not JSON: it is not UTF-8 text ({error})."
        ) from None


class _Attachments:
    """Where Playwright's attached content of a HAR is found."""

    def read(self, name: str) -> str | None:
        raise NotImplementedError


class _Folder(_Attachments):
    def __init__(self, folder: Path):
        self.folder = folder

    def read(self, name: str) -> str | None:
        path = self.folder / name
        return path.read_text("utf-8") if path.is_file() else None


class _Zip(_Attachments):
    def __init__(self, members: dict[str, bytes]):
        self.members = members

    def read(self, name: str) -> str | None:
        data = self.members.get(name)
        return None if data is None else data.decode("utf-8")


def _read_zip(path: Path, shown: str) -> tuple[str, _Attachments]:
    """Playwright's ``record_har_path="x.zip"``: the HAR and its attachments in one zip."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()
                   if not info.is_dir()}
    hars = [name for name in members if name.endswith(".har")]
    if len(hars) != 1:
        raise InvalidInputError(
            f"HAR file {shown} is a zip archive but holds {len(hars)} '.har' files; Playwright's "
            "zipped HAR holds one."
        )
    return _read_text(members.pop(hars[0]), shown), _Zip(members)


# ------------------------------------------------------------------- writing


@dataclass
class SocketTraffic:
    """A socket's journal as the HAR writer needs it; times from ``time.monotonic()``."""

    number: int
    url: str
    opened: float | None
    closed: float | None = None
    mocked: bool = False
    messages: list[tuple[bool, Message, float]] = field(default_factory=list)  # (sent, ...)


def build_har(sockets: Sequence[SocketTraffic], offset: float, creator: str,
              version: str) -> dict:
    """A HAR 1.2 document with one WebSocket entry per socket, oldest first.

    ``offset`` turns a monotonic time into seconds since the epoch
    (``time.time() - time.monotonic()`` taken once).
    """
    entries = [_entry(socket, offset) for socket in sockets]
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": creator, "version": version},
            "pages": [],
            "entries": entries,
        }
    }


def _entry(socket: SocketTraffic, offset: float) -> dict:
    times = [t for _, _, t in socket.messages]
    start = socket.opened if socket.opened is not None else min(times, default=0.0)
    end = max([start, *times, *([socket.closed] if socket.closed is not None else [])])
    entry: dict[str, Any] = {
        "startedDateTime": _iso(start + offset),
        "time": round((end - start) * 1000, 3),
        "request": {
            "method": "GET",
            "url": socket.url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 101,
            "statusText": "Switching Protocols",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": "x-unknown"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 0,
        },
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 0,
                    "receive": 0},
        "_resourceType": "websocket",
        "_webSocketMessages": [_message(sent, payload, moment + offset)
                               for sent, payload, moment in socket.messages],
    }
    if socket.mocked:
        entry["comment"] = "mocked by WsRouteLibrary: no server took part"
    return entry


def _message(sent: bool, payload: Message, time: float) -> dict:
    binary = isinstance(payload, bytes)
    return {
        "type": "send" if sent else "receive",
        "time": round(time, 6),
        "opcode": BINARY if binary else TEXT,
        "data": base64.b64encode(payload).decode("ascii") if binary else payload,
    }


def _iso(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def write_har(path: str | Path, document: dict) -> Path:
    """Writes a HAR document as UTF-8 JSON, creating missing folders; returns the path."""
    target = Path(path)
    if target.is_dir():
        raise InvalidInputError(
            f"Cannot write the HAR file {quote(str(path))}: it is a folder. Give a file name, "
            "e.g. traffic.har."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as stream:
        json.dump(document, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    return target


def sockets_from_journal(entries: Iterable[Any]) -> list[SocketTraffic]:
    """A route's journal entries grouped by socket, oldest socket first.

    Only what the page saw counts: messages it sent and messages it
    received; messages the library held back or sent to the server do not.
    """
    sockets: dict[int, SocketTraffic] = {}
    server_seen: set[int] = set()
    for entry in entries:
        socket = sockets.get(entry.socket_number)
        if socket is None:
            socket = sockets[entry.socket_number] = SocketTraffic(entry.socket_number, entry.url,
                                                                  None)
        kind = entry.kind
        if kind is EntryKind.open:
            socket.opened = entry.time
            socket.mocked = entry.note == "mocked"
        elif kind is EntryKind.close:
            socket.closed = entry.time
        elif kind is EntryKind.sent or kind is EntryKind.received:
            socket.messages.append((kind is EntryKind.sent, entry.payload, entry.time))
            if entry.note in ("from server", "forwarded to server"):
                server_seen.add(entry.socket_number)
    for number in server_seen:
        sockets[number].mocked = False
    return sorted(sockets.values(), key=lambda s: s.number)
