"""What every keyword class shares: the library's engine and timeout."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol, Union

from robot.utils import timestr_to_secs

from ..errors import InvalidInputError

if TYPE_CHECKING:
    from ..engine import Engine
    from ..settings import ScopedSetting


class LibraryContext(Protocol):
    """What keyword classes use of the library: its engine and its scoped timeout.

    The library class is this; keyword classes know it only by this shape,
    so they never import the module above them.
    """

    engine: Engine
    timeout: ScopedSetting

Timeout = Union[timedelta, str, int, float]
# The longest time any keyword waits or delays: beyond it a value is a typo
# (1e300) rather than a plan, and Python's clocks and timedelta overflow.
MAX_SECONDS = 24 * 3600
_TOO_LONG = ("is longer than 24 hours, the longest time the library waits or delays. "
             "Give a shorter time, such as '10 s' or '5 min'.")
_NOT_A_TIME = "is not a time. Use a Robot Framework time string such as '500 ms', '2 s' or '1 min'."
_NOT_A_NUMBER = ("is not a number. Use a Robot Framework time string such as '500 ms', '2 s' "
                 "or '1 min'.")
_NEGATIVE = "is negative. Use 0 or more."


def _problem(seconds: float) -> str:
    """Why ``seconds`` cannot be a time of the library ('' when it can): NaN is no
    number, a negative time is negative however large, and beyond a day is too long."""
    if math.isnan(seconds):
        return _NOT_A_NUMBER
    if seconds < 0:
        return _NEGATIVE
    return _TOO_LONG if seconds > MAX_SECONDS else ""


class _Unusable(timedelta):
    """A time argument the converter could not take, kept for ``to_seconds`` to report.

    Robot Framework drops a converter's reason when an argument may also be
    None ("cannot be converted to timedelta or None."), so the converter
    does not fail: ``to_seconds`` fails, naming the argument and the fix.
    """

    text: str
    problem: str

    def total_seconds(self) -> float:
        # A safety net: a keyword that reads the value without to_seconds or
        # seconds_of still fails, instead of taking it as 0.
        raise InvalidInputError(f"Time {self.text!r} {self.problem}")


def convert_time(value: Union[str, int, float]) -> timedelta:
    """Robot Framework's conversion of every ``timedelta`` argument of the library.

    Robot Framework's own conversion fails with Python's OverflowError on
    huge numbers and takes ``nan``; this one hands ``to_seconds`` what it
    cannot take, with the reason. A negative time of up to a day converts
    (``to_seconds`` and the fault keywords say it is negative, with its value).
    """
    try:
        seconds = timestr_to_secs(value)
        problem = "" if -MAX_SECONDS <= seconds <= MAX_SECONDS else _problem(seconds)
    except (ValueError, TypeError):
        problem = _NOT_A_TIME
    if not problem:
        return timedelta(seconds=seconds)
    unusable = _Unusable(0)
    unusable.text, unusable.problem = str(value), problem
    return unusable


def seconds_of(value: timedelta, name: str) -> float:
    """The seconds of a converted time argument, or an error naming ``name`` and the fix."""
    if isinstance(value, _Unusable):
        raise InvalidInputError(f"{name}={value.text!r} {value.problem}")
    return value.total_seconds()


def to_seconds(value: Timeout, name: str = "timeout") -> float:
    """Seconds from a timedelta or a Robot Framework time string, 0 to 24 hours."""
    if isinstance(value, timedelta):
        seconds = seconds_of(value, name)
    else:
        try:
            seconds = timestr_to_secs(value)
        except (ValueError, TypeError):
            raise InvalidInputError(f"{name}={value!r} {_NOT_A_TIME}") from None
    problem = _problem(seconds)
    if problem:
        # Robot Framework hands a timedelta; its repr would read "days=-1, seconds=86399".
        shown = f"{seconds:g} s" if isinstance(value, timedelta) else repr(value)
        raise InvalidInputError(f"{name}={shown} {problem}")
    return seconds


class LibraryComponent:
    """A keyword class: it reaches the engine and settings through the library."""

    def __init__(self, library: LibraryContext):
        self.library = library

    @property
    def engine(self) -> Engine:
        return self.library.engine

    def timeout(self, timeout: timedelta | None) -> float:
        return self.library.timeout.value if timeout is None else to_seconds(timeout)
