"""Errors the library raises."""


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
