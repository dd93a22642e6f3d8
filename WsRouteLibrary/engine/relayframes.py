"""The frames between the library's worker relay and the shim in a worker (workershim.js).

One relay connection per worker carries all its sockets, each frame naming
its socket by ``id``. A text frame is a JSON object ``{"op": ..., "id": ...,
...}`` whose text payload, if any, is its ``data``; a binary frame is a
4-byte big-endian length, that many bytes of a JSON header, then the binary
payload. The shim's parser mirrors :func:`decode`.
"""

from __future__ import annotations

import json
import struct
from typing import Any

Payload = str | bytes | None
_LENGTH = struct.Struct(">I")


class RelayFrameError(ValueError):
    """A frame that is not the shim's: the relay ends the connection that sent it."""


def encode(op: str, socket_id: int, data: Payload = None, **fields: Any) -> str | bytes:
    """The frame of ``op`` on socket ``socket_id``: text unless ``data`` is bytes."""
    head: dict[str, Any] = {"op": op, "id": socket_id, **fields}
    if isinstance(data, bytes | bytearray | memoryview):
        header = json.dumps(head, separators=(",", ":")).encode()
        return _LENGTH.pack(len(header)) + header + bytes(data)
    if data is not None:
        head["data"] = data
    return json.dumps(head, separators=(",", ":"))


def decode(frame: str | bytes) -> tuple[dict[str, Any], Payload]:
    """The header and payload of a frame; :class:`RelayFrameError` if it is malformed."""
    if isinstance(frame, str):
        head = _object(frame)
        data = head.pop("data", None)
        if data is not None and not isinstance(data, str):
            raise RelayFrameError("a text frame's data must be a string")
        return head, data
    if len(frame) < _LENGTH.size:
        raise RelayFrameError("a binary frame needs its 4-byte header length")
    (length,) = _LENGTH.unpack_from(frame)
    if _LENGTH.size + length > len(frame):
        raise RelayFrameError(f"the header length {length} runs past the frame")
    try:
        text = bytes(frame[_LENGTH.size:_LENGTH.size + length]).decode()
    except UnicodeDecodeError:
        raise RelayFrameError("a binary frame's header is not UTF-8") from None
    return _object(text), bytes(frame[_LENGTH.size + length:])


def _object(text: str) -> dict[str, Any]:
    try:
        head = json.loads(text)
    except ValueError:
        raise RelayFrameError("a frame's header is not JSON") from None
    if not isinstance(head, dict) or not isinstance(head.get("op"), str):
        raise RelayFrameError("a frame's header must be a JSON object with an op")
    if head["op"] != "hello" and not isinstance(head.get("id"), int):
        raise RelayFrameError(f"a {head['op']!r} frame must name its socket's id")
    return head
