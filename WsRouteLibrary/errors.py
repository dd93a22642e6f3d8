"""Errors the library raises, one class per kind of failure, and how they quote input.

Every error is a :class:`WsRouteError`::

    WsRouteError
    ├── InvalidInputError (ValueError)    an argument cannot be used; says the fix
    │   └── PatternTimeoutError           a user's regular expression ran too long
    ├── ProtocolError (ValueError)        a frame or message is no message of the protocol
    │   └── ProtocolReplyError            a rule's reply is no message of the protocol
    ├── TemplateError                     a reply's placeholder cannot be filled
    ├── BrowserError                      no browser can be launched, attached or reached
    │   ├── NoBrowserError                a keyword needs a browser and none is open
    │   └── NoPageError                   a keyword needs a page and none is open
    ├── NoSuchRouteError (LookupError)    a keyword names a route that does not exist
    └── LoopError                         an error on the event loop ended a wait
"""

_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
# A lone UTF-16 surrogate cannot be written to a log (output.xml is UTF-8):
# shown as its escape, e.g. \ud800.
_ESCAPES.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})
# Other control characters (NUL, ESC, ...) cannot be in XML either: shown as \x00.
_ESCAPES.update({code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F] if code not in _ESCAPES})


def quote(text: str) -> str:
    """``text`` in single quotes as the user wrote it.

    Unlike ``repr`` a backslash stays single, so ``\\d+`` reads as typed;
    only line breaks, tabs, other control characters and lone surrogates
    show as escapes.
    """
    return "'" + text.translate(_ESCAPES) + "'"


class WsRouteError(Exception):
    """Base of every error of the library: misuse, or a failure it detected.

    Robot Framework shows only the message, not the class name, so
    ``Run Keyword And Expect Error`` matches the message as the log shows it.
    """

    ROBOT_SUPPRESS_NAME = True


class InvalidInputError(WsRouteError, ValueError):
    """An argument cannot be used: the message names it and says the fix."""


class PatternTimeoutError(InvalidInputError):
    """A user's regular expression ran longer than the library allows on one text."""


class ProtocolError(WsRouteError, ValueError):
    """A frame or a written message is not valid for the route's protocol; says why."""


class ProtocolReplyError(ProtocolError):
    """A rule's reply is no message of the route's protocol."""


class TemplateError(WsRouteError):
    """A reply template has a placeholder the matched message cannot fill."""


class BrowserError(WsRouteError):
    """No browser can be launched, attached to or reached."""


class NoBrowserError(BrowserError):
    """A keyword needs a browser and none is open."""


class NoPageError(BrowserError):
    """A keyword needs a page and none is open (or none matches)."""


class NoSuchRouteError(WsRouteError, LookupError):
    """A keyword names a route that does not exist (or none exists yet)."""


class LoopError(WsRouteError):
    """An error happened on the event loop while the browser talked to the library.

    It ends a pending wait at once: the keyword that waited fails with that
    error instead of waiting for its timeout.
    """
