"""Replay's comparison of a page message with a recorded one, and where they first differ.

``match=json`` compares JSON documents with ``ignore`` paths left out
(:func:`without`); a difference is told in words (:func:`text_difference`,
:func:`json_difference`). JSON nested deeper than ``MESSAGE_DEPTH`` is not
compared as JSON: the comparison is recursive.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..datatypes import MatchMode
from ..errors import quote
from .har import RecordedMessage
from .jsonsafe import MESSAGE_DEPTH, JsonError, loads
from .matching import Matcher, Message, contains

_LEFT_OUT = object()


def without(document: Any, paths: Sequence[tuple[str, ...]]) -> Any:
    """``document`` with the values at ``paths`` left out (a copy along those paths only).

    An object key is removed; a list item becomes None, so lists keep their
    length. ``*`` stands for every key or item.
    """
    for path in paths:
        document = _without(document, path)
    return document


def _without(value: Any, path: tuple[str, ...]) -> Any:
    if not path:
        return _LEFT_OUT
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        keys = list(value) if head == "*" else [head] if head in value else []
        if not keys:
            return value
        copy = dict(value)
        for key in keys:
            inner = _without(copy[key], rest)
            if inner is _LEFT_OUT:
                del copy[key]
            else:
                copy[key] = inner
        return copy
    if isinstance(value, list):
        indexes: Sequence[int]
        if head == "*":
            indexes = range(len(value))
        elif head.lstrip("-").isdigit() and -len(value) <= int(head) < len(value):
            indexes = [int(head)]
        else:
            return value
        items = list(value)
        for index in indexes:
            inner = _without(items[index], rest)
            items[index] = None if inner is _LEFT_OUT else inner
        return items
    return value


class Expectation:
    """A recorded page message compiled for comparison with what the page sends."""

    __slots__ = ("recorded", "mode", "_matcher", "_document", "_ignore")

    def __init__(self, recorded: RecordedMessage, mode: MatchMode,
                 ignore: Sequence[tuple[str, ...]]):
        self.recorded = recorded
        self.mode = mode
        self._matcher = None
        self._document: Any = _LEFT_OUT  # the recorded JSON, ignored paths left out
        self._ignore = ignore
        payload = recorded.payload
        if mode is MatchMode.json and isinstance(payload, str):
            document = parse(payload)
            if document is not NOT_JSON and document is not TOO_DEEP:
                self._document = without(document, ignore)  # else compared exactly
        elif mode in (MatchMode.glob, MatchMode.regexp):
            self._matcher = Matcher(payload, mode)

    @property
    def compares_json(self) -> bool:
        return self._document is not _LEFT_OUT

    def matches(self, message: Message) -> bool:
        if self._matcher is not None:
            return self._matcher.match(message) is not None
        if self._document is _LEFT_OUT:
            return message == self.recorded.payload
        actual = parse(message)
        return (actual is not NOT_JSON and actual is not TOO_DEEP
                and contains(without(actual, self._ignore), self._document))

    def difference(self, message: Message) -> str:
        """Where ``message`` first differs from the recorded one, in words."""
        expected = self.recorded.payload
        if isinstance(expected, bytes) != isinstance(message, bytes) and self._matcher is None:
            kinds = ("a binary frame", "a text frame")
            wanted, got = (kinds if isinstance(expected, bytes) else kinds[::-1])
            return f"the recording has {wanted}, the page sent {got}"
        if self._matcher is not None:
            return f"it does not match the recorded message as a {self.mode.value} pattern"
        if self._document is not _LEFT_OUT:
            actual = parse(message)
            if actual is NOT_JSON:
                return "the page's message is not JSON"
            if actual is TOO_DEEP:
                return (f"the page's message nests arrays and objects deeper than the "
                        f"{MESSAGE_DEPTH} levels match=json compares")
            return json_difference(without(actual, self._ignore), self._document) or "none"
        return text_difference(expected, message)


NOT_JSON = object()
TOO_DEEP = object()


def parse(message: Message) -> Any:
    """A message's JSON document; ``NOT_JSON``, or ``TOO_DEEP`` past ``MESSAGE_DEPTH``."""
    try:
        return loads(message, MESSAGE_DEPTH)
    except JsonError:
        return TOO_DEEP
    except (ValueError, UnicodeDecodeError):
        return NOT_JSON


def text_difference(expected: Message, actual: Message) -> str:
    """'at character 12: recorded '...ab', sent '...xb'' for texts or bytes."""
    unit = "byte" if isinstance(expected, bytes) else "character"
    pairs = zip(expected, actual, strict=False)
    index = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(expected), len(actual)))
    if index == len(expected):
        return f"the page's message goes on after the recorded one ends ({unit} {index + 1})"
    if index == len(actual):
        return f"the page's message ends at {unit} {index + 1}, where the recorded one goes on"
    return (f"at {unit} {index + 1}: recorded {_around(expected, index)}, "
            f"sent {_around(actual, index)}")


def _around(message: Message, index: int, width: int = 16) -> str:
    """The part of a message around ``index``; a cut shows as '...' (a short one is not made)."""
    start = index - width if index - width > 3 else 0
    end = index + width if len(message) - (index + width) > 3 else len(message)
    before = "..." if start else ""
    after = "..." if end < len(message) else ""
    part = message[start:end]
    if isinstance(part, bytes):
        return f"{before}{part.hex(' ')}{after}"
    return quote(before + part + after)


def json_difference(actual: Any, expected: Any, path: str = "") -> str | None:
    """The first place where ``actual`` does not contain ``expected``, or None."""
    where = path or "the top level"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"at {where}: recorded an object, sent {_show(actual)}"
        for key, value in expected.items():
            inner = f"{path}.{key}" if path else str(key)
            if key not in actual:
                return f"key {quote(inner)} is missing (recorded {_show(value)})"
            found = json_difference(actual[key], value, inner)
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"at {where}: recorded a list, sent {_show(actual)}"
        if len(actual) != len(expected):
            return f"at {where}: recorded {len(expected)} items, sent {len(actual)}"
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            found = json_difference(a, e, f"{path}.{index}" if path else str(index))
            if found:
                return found
        return None
    if contains(actual, expected):
        return None
    return f"at {quote(path) if path else where}: recorded {_show(expected)}, sent {_show(actual)}"


def _show(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "..."
