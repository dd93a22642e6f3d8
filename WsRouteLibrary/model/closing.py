"""The rules of RFC 6455 and of browsers for closing a WebSocket: codes and reasons."""

from __future__ import annotations

from ..errors import InvalidInputError

NO_STATUS = 1005  # a close without a status code
ABNORMAL = 1006  # the connection ended without a close handshake
SERVER_CODES = "1000-1003, 1007-1014 or 3000-4999"


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
