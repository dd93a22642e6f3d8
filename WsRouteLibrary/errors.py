"""Errors the library raises."""


class WsRouteError(Exception):
    """Misuse of the library: bad input, a missing browser or route.

    Robot Framework shows only the message, not the class name.
    """

    ROBOT_SUPPRESS_NAME = True
