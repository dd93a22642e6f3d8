"""The rules of RFC 6455 and of browsers for closing a WebSocket: codes and reasons."""

from __future__ import annotations

from enum import IntEnum

from ..errors import InvalidInputError, quote
from .frames import check_text


class CloseCode(IntEnum):
    """The close codes the library itself gives meaning to (RFC 6455, section 7.4).

    A journal's close carries any code a socket closed with; these are the
    ones the library decides on: a close without a status, and a connection
    that ended without a close handshake.
    """

    NORMAL = 1000
    NO_STATUS = 1005  # a close without a status code
    ABNORMAL = 1006  # the connection ended without a close handshake


NO_STATUS = CloseCode.NO_STATUS
ABNORMAL = CloseCode.ABNORMAL
SERVER_CODES = "1000-1003, 1007-1014 or 3000-4999"
MAX_REASON_BYTES = 123  # a close frame's payload is at most 125 bytes, 2 of them the code


def check_close_code(code: int, name: str = "code") -> int:
    """``code`` if a server may send it (what the page can be shown), else an error."""
    if 1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999:
        return code
    raise InvalidInputError(
        f"Close code {code} cannot be sent by a server. Use {SERVER_CODES} "
        "(1000 is a normal closure, 4000-4999 are free for applications)."
    )


def browser_close_code(code: int | None) -> int | None:
    """The code a browser may send for ``code``: 1000 or 3000-4999, else 1000.

    A routed socket's server side is the browser's own WebSocket, and
    Playwright silently ignores a close with any other code (the server
    connection would stay open), so such codes reach the server as 1000.
    """
    if code is None or code == 1000 or 3000 <= code <= 4999:
        return code
    return 1000


def check_close_reason(reason: str | None, name: str = "reason") -> str | None:
    """``reason`` if a close frame can carry it: at most 123 bytes of UTF-8."""
    if reason is None:
        return None
    check_text(reason, f"Close {name}")
    size = len(reason.encode("utf-8"))
    if size > MAX_REASON_BYTES:
        raise InvalidInputError(
            f"Close {name} {quote(reason[:40])}{'...' if len(reason) > 40 else ''} is "
            f"{size} bytes of UTF-8, but a close frame carries at most {MAX_REASON_BYTES} "
            f"(RFC 6455). Give a shorter {name}."
        )
    return reason
