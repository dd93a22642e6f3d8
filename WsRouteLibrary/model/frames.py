"""What a WebSocket frame can carry: text frames are UTF-8, so no lone UTF-16 surrogates."""

from __future__ import annotations

import re
from typing import Any

from ..errors import InvalidInputError, quote

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def lone_surrogate(text: str) -> int:
    """The index of the first lone surrogate in ``text``, or -1.

    Python joins a valid surrogate pair into one character, so every
    surrogate left in a ``str`` is a lone one.
    """
    if text.isascii():
        return -1
    found = _SURROGATE.search(text)
    return -1 if found is None else found.start()


def well_formed(text: str) -> str:
    """``text`` as a browser puts it on the wire: each lone surrogate becomes U+FFFD.

    WebSocket.send() and close() take a USVString, which replaces lone
    surrogates with U+FFFD before encoding UTF-8.
    """
    return _SURROGATE.sub(REPLACEMENT, text)


def check_text(value: Any, name: str) -> Any:
    """``value`` unless it is text a WebSocket cannot carry; then an error naming ``name``."""
    if isinstance(value, str):
        index = lone_surrogate(value)
        if index >= 0:
            raise InvalidInputError(
                f"{name} {quote(value)} has a lone UTF-16 surrogate "
                f"({quote(value[index])} at index {index}), which UTF-8 text frames cannot "
                "carry. Use a whole character (an emoji is two surrogates together), or "
                "bytes for a binary frame."
            )
    return value
