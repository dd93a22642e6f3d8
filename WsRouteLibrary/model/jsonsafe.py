"""JSON from files and messages that may be hostile: nested too deep, numbers too long.

Python's ``json`` raises ``RecursionError`` on arrays nested some thousand
levels deep and ``ValueError`` ("Exceeds the limit (4300 digits)") on a long
integer. Here the first is a :class:`JsonError` that says how deep and
where, and a long integer becomes :class:`Digits`, its text, so it compares
equal to the same number and a shape check can say what it is.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from ..errors import quote

# A message compared as JSON nests at most this deep: the comparison and its
# report walk the document recursively.
MESSAGE_DEPTH = 200

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class JsonError(ValueError):
    """Text that is no JSON the library can read; the message says why and where."""


class Digits(str):
    """An integer longer than Python converts (its digits), kept as its text."""

    def describe(self) -> str:
        return f"a number of {len(self.lstrip('-'))} digits"


def _integer(text: str) -> int | Digits:
    limit = sys.get_int_max_str_digits()
    if limit and len(text) - text.startswith("-") > limit:
        return Digits(text)
    return int(text)


def loads(text: str | bytes, depth: int | None = None) -> Any:
    """``json.loads`` that fails with a :class:`JsonError` on deep nesting, and keeps
    long integers as :class:`Digits`. ``depth``: the deepest nesting accepted."""
    if depth is not None:
        deepest = nesting(text, depth)
        if deepest is not None:
            raise JsonError(_too_deep(text, *deepest))
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonError(_too_deep(text, *nesting(text, 0))) from None  # type: ignore[misc]
    except ValueError as error:
        if "digits" not in str(error):
            raise
    try:
        return json.loads(text, parse_int=_integer)
    except RecursionError:
        raise JsonError(_too_deep(text, *nesting(text, 0))) from None  # type: ignore[misc]


def nesting(text: str | bytes, limit: int) -> tuple[int, int] | None:
    """``(depth, offset)`` of the deepest nesting when it goes past ``limit``, else None."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text.count("[") + text.count("{") <= limit:
        return None  # cannot nest deeper: the quick answer for most texts
    depth = deepest = at = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, token.start()
        elif char in "]}":
            depth -= 1
    return (deepest, at) if deepest > limit else None


def _too_deep(text: str | bytes, depth: int, offset: int) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return (f"it nests arrays and objects {depth} levels deep (the deepest at line {line}, "
            f"column {column}), deeper than the library reads")


def show(value: Any, limit: int = 40) -> str:
    """A JSON value as an error message shows it: text quoted, others as JSON with their kind."""
    if isinstance(value, Digits):
        return value.describe()
    if isinstance(value, str):
        return quote(value if len(value) <= limit else value[:limit] + "...")
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        text = "[...]" if isinstance(value, list) else "{...}"
    if len(text) > limit:
        text = text[:limit] + " ..."
    return f"{text} ({'a list' if isinstance(value, list) else 'an object'})"
