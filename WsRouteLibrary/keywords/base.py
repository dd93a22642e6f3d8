"""What every keyword class shares: the library's engine and timeout."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Union

from robot.utils import timestr_to_secs

from ..errors import InvalidInputError

if TYPE_CHECKING:
    from ..engine import Engine
    from ..library import WsRouteLibrary

Timeout = Union[timedelta, str, int, float]


def to_seconds(value: Timeout, name: str = "timeout") -> float:
    """Seconds from a timedelta or a Robot Framework time string."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    else:
        try:
            seconds = timestr_to_secs(value)
        except (ValueError, TypeError):
            raise InvalidInputError(
                f"{name}={value!r} is not a time. Use a Robot Framework time "
                "string such as '500 ms', '2 s' or '1 min'."
            ) from None
    if seconds < 0:
        # Robot Framework hands a timedelta; its repr would read "days=-1, seconds=86399".
        shown = f"{seconds:g} s" if isinstance(value, timedelta) else repr(value)
        raise InvalidInputError(f"{name}={shown} is negative. Use 0 or more.")
    return seconds


class LibraryComponent:
    """A keyword class: it reaches the engine and settings through the library."""

    def __init__(self, library: WsRouteLibrary):
        self.library = library

    @property
    def engine(self) -> Engine:
        return self.library.engine

    def timeout(self, timeout: timedelta | None) -> float:
        return self.library.timeout.value if timeout is None else to_seconds(timeout)
