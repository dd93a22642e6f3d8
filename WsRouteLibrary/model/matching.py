"""Message matching (exact, glob, regexp, json), reply templates, and how messages are shown."""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any, Literal, Protocol, Union, overload

import regex

from ..datatypes import MatchMode
from ..errors import InvalidInputError, TemplateError, quote
from .frames import check_text
from .userregex import UserRegex

Message = Union[str, bytes]


class Match:
    """What a matcher found: the message plus groups or the parsed JSON."""

    __slots__ = ("message", "groups", "document")

    def __init__(self, message: Message, groups: regex.Match[str] | None = None,
                 document: Any = None):
        self.message = message
        self.groups = groups
        self.document = document


class MessageMatcher(Protocol):
    """What rules, waits and checks ask of a matcher: a :class:`Matcher`, or one
    that reads messages as a protocol does (protocols/matching.py)."""

    @property
    def expected(self) -> Message | None:
        """The message written to match (None: any message)."""

    def match(self, message: Message) -> Match | None: ...

    def describe(self) -> str: ...


class Matcher:
    """Compiles an expected message once and tests messages against it.

    ``expected=None`` matches every message. Binary messages are compared as
    bytes in ``exact`` mode and as UTF-8 text in the other modes (bytes that
    are not UTF-8 match none of them); a text argument never equals a binary
    frame in ``exact`` mode.
    """

    def __init__(self, expected: Message | None, mode: MatchMode | str = MatchMode.exact):
        self.mode = parse_mode(mode)
        # Looking up an Enum member costs more than an exact comparison, and
        # every rule of a route may be tried on each message.
        self._exact = self.mode is MatchMode.exact
        self.expected = expected
        self._regex: re.Pattern[str] | UserRegex | None = None
        self._document: Any = None
        self._opener = ""
        if expected is None:
            return
        if not isinstance(expected, (str, bytes)):
            raise InvalidInputError(
                f"Message {expected!r} must be a string (text frame) or bytes "
                "(binary frame)."
            )
        check_text(expected, "Message")
        text = _text(expected)
        if self.mode is MatchMode.glob:
            self._regex = re.compile(fnmatch.translate(text))
        elif self.mode is MatchMode.regexp:
            self._regex = UserRegex(text, what="Message pattern")
        elif self.mode is MatchMode.json:
            try:
                self._document = json.loads(text)
            except ValueError as error:
                raise InvalidInputError(
                    f"Message {shorten(text)} is not valid JSON ({error}), but match=json "
                    "needs a JSON document, e.g. {\"type\": \"ping\"}. Use "
                    "match=exact, glob or regexp to compare text."
                ) from None
            except RecursionError:
                raise InvalidInputError(
                    f"Message {shorten(text)} nests deeper than Python's JSON reads. Write "
                    "the part a message must contain, a few levels deep."
                ) from None
            # An object or list can only be in a message that starts as one:
            # skipping the parse of others keeps scans of long journals fast.
            if isinstance(self._document, (dict, list)):
                self._opener = "{" if isinstance(self._document, dict) else "["

    def match(self, message: Message) -> Match | None:
        if self.expected is None:
            return Match(message)
        if self._exact:
            return Match(message) if message == self.expected else None
        text = _text(message, strict=True)
        if text is None:
            return None
        if self.mode is MatchMode.json:
            if self._opener and text.lstrip()[:1] != self._opener:
                return None
            try:
                document = json.loads(text)
            except (ValueError, RecursionError):  # no JSON, or too deep to read: no match
                return None
            return Match(message, document=document) if contains(document, self._document) else None
        if isinstance(self._regex, UserRegex):
            found = self._regex.fullmatch(text)
            return None if found is None else Match(message, groups=found)
        assert self._regex is not None  # glob: compiled with the matcher
        return None if self._regex.fullmatch(text) is None else Match(message)

    @property
    def document(self) -> Any:
        """The JSON document a ``json`` matcher looks for (None in other modes)."""
        return self._document

    def describe(self) -> str:
        if self.expected is None:
            return "any message"
        suffix = "" if self.mode is MatchMode.exact else f" (match={self.mode.value})"
        return f"{shorten(self.expected)}{suffix}"


def parse_mode(mode: MatchMode | str) -> MatchMode:
    if isinstance(mode, MatchMode):
        return mode
    try:
        return MatchMode(str(mode).strip().lower())
    except ValueError:
        raise InvalidInputError(
            f"Match mode {mode!r} is not supported. Use one of: "
            f"{', '.join(m.value for m in MatchMode)}."
        ) from None


def contains(actual: Any, expected: Any) -> bool:
    """JSON containment: objects may have extra keys, lists match item by item."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    return bool(actual == expected)


PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def render(template: Message, match: Match) -> Message:
    """Fill ``{{...}}`` placeholders of a text reply from a match.

    ``{{message}}`` is the whole message; with regexp matches ``{{1}}`` or
    ``{{name}}`` are groups; with json matches ``{{a.b.0}}`` is the value at
    that path (strings without quotes, other values as JSON). Binary replies
    are sent as they are, and a reply that is only ``{{message}}`` is the
    matched message itself: a binary frame stays binary.
    """
    if isinstance(template, bytes) or "{{" not in template:
        return template
    whole = PLACEHOLDER.fullmatch(template)
    if whole is not None and whole.group(1) == "message":
        return match.message

    def fill(found: re.Match[str]) -> str:
        name = found.group(1)
        value = _lookup(name, match)
        if value is None:
            raise TemplateError(
                f"Reply template {quote(template)} has placeholder {{{{{name}}}}} that "
                f"message {shorten(match.message)} cannot fill."
            )
        return value

    return PLACEHOLDER.sub(fill, template)


def _lookup(name: str, match: Match) -> str | None:
    """The placeholder's value, None when the match has none of that name."""
    if name == "message":
        return _text(match.message)
    if match.groups is not None:
        key: int | str = int(name) if name.isdigit() else name
        try:
            group: str | None = match.groups.group(key)
        except IndexError:
            return None
        return "" if group is None else group
    if match.document is not None:
        value = match.document
        for part in name.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif _is_index(part, value):
                value = value[int(part)]
            else:
                return None
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return None


def _is_index(part: str, value: Any) -> bool:
    return (isinstance(value, list) and part.lstrip("-").isdigit()
            and -len(value) <= int(part) < len(value))


@overload
def _text(message: Message, strict: Literal[False] = False) -> str: ...


@overload
def _text(message: Message, strict: bool) -> str | None: ...


def _text(message: Message, strict: bool = False) -> str | None:
    if isinstance(message, str):
        return message
    try:
        return message.decode("utf-8")
    except UnicodeDecodeError:
        return None if strict else message.decode("utf-8", "replace")


def shorten(message: Message, limit: int = 80) -> str:
    """A message as a log shows it: text quoted, binary as hex, long ones cut."""
    if isinstance(message, bytes):
        shown = message[: limit // 2].hex(" ")
        more = len(message) > limit // 2
        return f"bytes[{len(message)}] {shown}{' ...' if more else ''}"
    if len(message) > limit:
        return quote(message[:limit]) + f"... ({len(message)} chars)"
    return quote(message)
