"""Regular expressions users write, run with a time bound so none can freeze the loop."""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

from ..errors import InvalidInputError, PatternTimeoutError, quote

# How long one match of a user's pattern may run on one text. Matching runs
# on the event loop that carries every socket, so a pattern with catastrophic
# backtracking must not hold it: the `regex` engine stops it after this long.
MATCH_TIME_LIMIT = 0.1


class UserRegex:
    """A compiled user pattern whose matches end after ``MATCH_TIME_LIMIT`` seconds.

    ``what`` names the pattern in messages, e.g. "Message pattern" or "URL
    pattern"; ``shown`` is the text as the user wrote it.
    """

    __slots__ = ("_regex", "what", "shown")

    def __init__(self, body: str, flags: int = 0, what: str = "Pattern",
                 shown: str | None = None):
        self.what = what
        self.shown = body if shown is None else shown
        try:
            # Python's own parser first: its messages are the ones users know,
            # and the pattern means what Python's documentation says.
            re.compile(body, flags)
            self._regex = regex.compile(body, flags | regex.VERSION0)
        except (re.error, regex.error, ValueError, OverflowError) as error:
            raise InvalidInputError(
                f"{what} {quote(self.shown)} is not a valid regular expression: {error}."
            ) from None

    def fullmatch(self, text: str) -> regex.Match[str] | None:
        return self._run(self._regex.fullmatch, text)

    def search(self, text: str) -> regex.Match[str] | None:
        return self._run(self._regex.search, text)

    def _run(self, method: Callable[..., regex.Match[str] | None], text: str
             ) -> regex.Match[str] | None:
        try:
            return method(text, timeout=MATCH_TIME_LIMIT)
        except TimeoutError:
            raise PatternTimeoutError(
                f"{self.what} {quote(self.shown)} took longer than "
                f"{MATCH_TIME_LIMIT * 1000:g} ms on a text of {len(text)} characters and "
                "was stopped. Simplify it: nested repetition such as '(a+)+' or '(a|aa)+' "
                "can take exponential time."
            ) from None
