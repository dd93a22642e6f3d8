"""Errors the library raises, and how they quote what the user wrote."""

_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def quote(text: str) -> str:
    """``text`` in single quotes as the user wrote it.

    Unlike ``repr`` a backslash stays single, so ``\\d+`` reads as typed;
    only line breaks and tabs show as escapes.
    """
    return "'" + text.translate(_ESCAPES) + "'"


class WsRouteError(Exception):
    """Misuse of the library: bad input, a missing browser or route.

    Robot Framework shows only the message, not the class name.
    """

    ROBOT_SUPPRESS_NAME = True


class LoopError(Exception):
    """Ends a pending wait when an error happens on the event loop.

    The keyword that waited then fails with that error instead of waiting
    for its timeout.
    """
