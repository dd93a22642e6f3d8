"""STOMP 1.0-1.2 frames on the wire, and SockJS's framing around them (pure, no state).

A STOMP frame is ``COMMAND\\nname:value\\n...\\n\\nbody\\0``: the command
line, header lines, an empty line, the body and a NUL octet. Lines may end
in ``\\r\\n``. A ``content-length`` header gives the body's length in
octets (then the body may hold NULs); without it the body ends at the first
NUL. End-of-line octets between frames are heart-beats. One WebSocket
message may carry several frames. In STOMP 1.2 header names and values
escape ``\\n``, ``\\c`` (a colon), ``\\\\`` and ``\\r`` (1.1: not ``\\r``),
except in CONNECT and CONNECTED frames; 1.0 escapes nothing. The first of
repeated headers counts.

SockJS (its WebSocket transport) wraps them: the server sends ``o`` (open),
``h`` (heartbeat), ``a["...", ...]`` (a JSON array of messages) and
``c[3000,"reason"]`` (close); the client sends JSON arrays of messages.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import ProtocolError
from .base import clip, load_json

FROM_PAGE = ("CONNECT", "STOMP", "SEND", "SUBSCRIBE", "UNSUBSCRIBE", "ACK", "NACK", "BEGIN",
             "COMMIT", "ABORT", "DISCONNECT")
FROM_SERVER = ("CONNECTED", "MESSAGE", "RECEIPT", "ERROR")
MAX_HEADERS = 1000
MAX_LENGTH = 64 * 1024 * 1024  # the largest content-length read (64 MiB)
_UNESCAPE = {"n": "\n", "c": ":", "\\": "\\", "r": "\r"}
_ESCAPE_12 = str.maketrans({"\\": "\\\\", "\n": "\\n", ":": "\\c", "\r": "\\r"})
_ESCAPE_11 = str.maketrans({"\\": "\\\\", "\n": "\\n", ":": "\\c"})
_UNBROKEN = str.maketrans({"\n": " ", "\r": " "})
_ESCAPED = re.compile(r"\\(.?)", re.DOTALL)
_SPECIAL = re.compile(r"[\\\n\r:]")  # what a header may hold that an escaping frame escapes
_BREAKS = re.compile(r"[\n\r]")
# sockjs-client's WebSocket URL: <base>/<server: 3 digits>/<session>/websocket
SOCKJS_URL = re.compile(r"/\d{3}/[^/?#]+/websocket/?(?:[?#].*)?$")



class SockJSError(ProtocolError):
    """A frame whose SockJS framing is wrong (not the STOMP frames in it)."""


Frame = tuple[str, dict[str, Any], bytes, bytes]  # command, headers, body, the frame as it came


def escapes(command: str, version: str) -> bool:
    """Whether headers of ``command`` escape in ``version`` (CONNECT/CONNECTED never do)."""
    return version != "1.0" and command not in ("CONNECT", "STOMP", "CONNECTED")


def parse(data: bytes, version: str) -> tuple[list[Frame], bool]:
    """The frames in one WebSocket message, and whether it held only heart-beats.

    Raises :class:`ProtocolError` saying what is wrong (no NUL, a bad
    header, a content-length longer than what follows, not UTF-8)."""
    frames: list[Frame] = []
    at, size = 0, len(data)
    while True:
        while at < size and data[at] in (0x0A, 0x0D):  # heart-beats between frames
            at += 1
        start = at
        if at >= size:
            return frames, not frames
        end = data.find(b"\n\n", at)
        crlf = data.find(b"\r\n\r\n", at)
        if crlf != -1 and (end == -1 or crlf < end):
            head, at = data[at:crlf], crlf + 4
        elif end != -1:
            head, at = data[at:end], end + 2
        else:
            raise ProtocolError("has no empty line after its headers (a STOMP frame is "
                                "COMMAND, headers, an empty line, the body and a NUL)")
        lines = _text(head, "its headers").replace("\r\n", "\n").split("\n")
        command = lines[0]
        if command not in FROM_PAGE + FROM_SERVER:
            raise ProtocolError(f"has an unknown command {clip(command)}")
        if len(lines) > MAX_HEADERS + 1:
            raise ProtocolError(f"has more than {MAX_HEADERS} headers")
        headers = _headers(lines[1:], escapes(command, version))
        length = headers.get("content-length")
        if length is not None:
            if not length.isascii() or not length.isdigit() or len(length) > 12:
                raise ProtocolError(f"has a content-length {clip(length)} that is no "
                                    "number of octets")
            count = int(length)
            if count > MAX_LENGTH or at + count >= size:
                raise ProtocolError(f"has content-length {count}, but only {size - at} "
                                    "octets follow its headers")
            body, at = data[at:at + count], at + count
            if data[at] != 0:
                raise ProtocolError(f"has no NUL after its body of content-length {count}")
        else:
            nul = data.find(b"\0", at)
            if nul == -1:
                raise ProtocolError("has no NUL octet ending it")
            body, at = data[at:nul], nul
        at += 1
        frames.append((command, headers, body, data[start:at]))


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(f"has {what} not in UTF-8 (octet {error.start})") from None


def _headers(lines: list[str], escaped: bool) -> dict[str, Any]:
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name:
            raise ProtocolError(f"has a header line {clip(line)} that is not name:value")
        if escaped:
            name, value = _unescape(name), _unescape(value)
        headers.setdefault(name, value)
    return headers


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        if match.group(1) not in _UNESCAPE:
            raise ProtocolError(f"has an undefined escape {clip(match.group(0))} in header "
                                f"{clip(text)} (STOMP knows \\n, \\c, \\\\ and \\r)")
        return _UNESCAPE[match.group(1)]

    return _ESCAPED.sub(one, text)


def build(command: str, headers: dict[str, Any], body: bytes, version: str) -> str:
    """A frame's text (STOMP over WebSocket is text: bodies are UTF-8)."""
    table = None
    if escapes(command, version):
        table = _ESCAPE_12 if version == "1.2" else _ESCAPE_11
    special, table = (_SPECIAL, table) if table is not None else (_BREAKS, _UNBROKEN)
    lines = [command]
    for name, value in headers.items():
        name, value = str(name), str(value)
        # a frame that cannot escape still must not break a line: that would start a header
        if special.search(name):  # translating is slow; most headers hold nothing to escape
            name = name.translate(table)
        if special.search(value):
            value = value.translate(table)
        lines.append(f"{name}:{value}")
    return "\n".join(lines) + "\n\n" + body.decode("utf-8", "replace") + "\0"


# ------------------------------------------------------------------ SockJS

def sockjs_unwrap(frame: str) -> list[str]:
    """The messages of a SockJS client frame (a JSON array of texts)."""
    try:
        value = load_json(frame, "it")
    except ProtocolError as error:
        raise SockJSError(str(error).removeprefix("it ")) from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SockJSError("is no SockJS frame: a SockJS client sends a JSON array of "
                            'texts, e.g. ["SEND\\ndestination:/app/chat\\n\\nhi\\u0000"]')
    return value


def sockjs_wrap(messages: list[str], server: bool = True) -> str:
    """A SockJS frame carrying ``messages``: ``a[...]`` from the server, ``[...]`` to it."""
    return ("a" if server else "") + json.dumps(messages, ensure_ascii=False,
                                                separators=(",", ":"))
