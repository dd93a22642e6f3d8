"""Replay of recorded conversations: what each socket expects next, and what it answers.

A route that replays a recording gives each socket it takes the next
recorded conversation, in file order (after the last, the last again). A
conversation is a list of messages; the server messages before the page's
first message are the greetings, sent at open. Each later page message must
be the next recorded page message (compared as ``match`` says); it is then
answered with the server messages that followed it in the recording.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from typing import Any

from ..datatypes import MatchMode
from ..errors import InvalidInputError, quote
from .har import Conversation, RecordedMessage, Recording
from .matching import Matcher, Message, contains, parse_mode, shorten


class ReplayTiming(Enum):
    """When recorded server messages reach the page in a replay.

    ``immediate``: at once. ``recorded``: with the gaps of the recording,
    counted from the page message they answer (greetings: from the open).
    """

    immediate = "immediate"
    recorded = "recorded"


def parse_timing(timing: ReplayTiming | str, path: str) -> ReplayTiming:
    if isinstance(timing, ReplayTiming):
        return timing
    try:
        return ReplayTiming(str(timing).strip().lower())
    except ValueError:
        raise InvalidInputError(
            f"Cannot replay {quote(path)}: timing={timing!r} is not supported. Use immediate "
            "(recorded server messages at once) or recorded (with the recorded gaps)."
        ) from None


def parse_match(match: MatchMode | str, path: str) -> MatchMode:
    try:
        return parse_mode(match)
    except InvalidInputError as error:
        raise InvalidInputError(f"Cannot replay {quote(path)}: {error}") from None


def parse_ignore(ignore: Any, mode: MatchMode, path: str) -> list[tuple[str, ...]]:
    """JSON paths from ``None``, a string (comma-separated) or a list of strings."""
    if ignore is None or ignore == "" or ignore == []:
        return []
    items = ignore.split(",") if isinstance(ignore, str) else ignore
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise InvalidInputError(
            f"Cannot replay {quote(path)}: ignore={ignore!r} is no list of JSON paths. Give "
            "paths such as 'id' or 'meta.ts', as a list or separated by commas."
        )
    paths = []
    for item in items:
        text = item.strip()
        parts = tuple(text.split("."))
        if not text or any(not p for p in parts):
            raise InvalidInputError(
                f"Cannot replay {quote(path)}: ignore path {quote(item)} is not a JSON path. "
                "Write keys and list indexes joined by dots, e.g. 'id', 'meta.ts', "
                "'items.0.id' or 'items.*.id'."
            )
        paths.append(parts)
    if mode is not MatchMode.json:
        raise InvalidInputError(
            f"Cannot replay {quote(path)}: ignore leaves JSON paths out of a JSON comparison, "
            f"but match={mode.value}. Add match=json."
        )
    return paths


# ------------------------------------------------------------ comparison


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
        if head == "*":
            indexes = range(len(value))
        elif head.lstrip("-").isdigit() and -len(value) <= int(head) < len(value):
            indexes = [int(head)]
        else:
            return value
        copy = list(value)
        for index in indexes:
            inner = _without(copy[index], rest)
            copy[index] = None if inner is _LEFT_OUT else inner
        return copy
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
            try:
                self._document = without(json.loads(payload), ignore)
            except ValueError:
                pass  # not JSON: compared exactly
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
        actual = _json(message)
        return actual is not _LEFT_OUT and contains(without(actual, self._ignore),
                                                    self._document)

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
            actual = _json(message)
            if actual is _LEFT_OUT:
                return "the page's message is not JSON"
            return json_difference(without(actual, self._ignore), self._document) or "none"
        return text_difference(expected, message)


def _json(message: Message) -> Any:
    try:
        return json.loads(message)
    except (ValueError, UnicodeDecodeError):
        return _LEFT_OUT


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
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."



# --------------------------------------------------------------- players


class Reply:
    """A recorded server message to send, when, and what the log says of it."""

    __slots__ = ("payload", "delay", "note")

    def __init__(self, payload: Message, delay: float, note: str):
        self.payload = payload
        self.delay = delay  # seconds after the page message (or the open)
        self.note = note


class Verdict:
    """What the replay makes of a page message.

    ``expected`` is True when it was the next recorded page message; then
    ``replies`` answer it. Otherwise ``failure`` says what was expected.
    """

    __slots__ = ("expected", "note", "replies", "failure")

    def __init__(self, expected: bool, note: str, replies: list[Reply] | None = None,
                 failure: str = ""):
        self.expected = expected
        self.note = note
        self.replies = replies or []
        self.failure = failure


class Player:
    """One socket's replay of one conversation."""

    def __init__(self, replay: Replay, conversation: Conversation, socket: str):
        self.replay = replay
        self.conversation = conversation
        self.socket = socket  # how messages name the socket: '#3 ws://...'
        self.position = 0
        self._expectation: Expectation | None = None
        # The log's notes, made once: each message adds only its number.
        where = f"recording, conversation {conversation.number}, message "
        self._replayed = "replayed from " + where
        self._matched = "matched " + where

    def _label(self, message: RecordedMessage) -> str:
        return f"conversation {self.conversation.number}, message {message.number}"

    def greetings(self) -> list[Reply]:
        """The server messages recorded before the page's first message."""
        start = self.conversation.started
        messages = self.conversation.messages
        if start is None and messages and messages[0].time is not None:
            start = messages[0].time
        return self._run(start)

    def _run(self, since: float | None) -> list[Reply]:
        """The server messages from ``position`` to the next page message."""
        messages = self.conversation.messages
        position, end = self.position, len(messages)
        timed = since is not None and self.replay.timing is ReplayTiming.recorded
        replies = []
        last = 0.0
        while position < end:
            message = messages[position]
            if message.sent:
                break
            delay = last  # never before an earlier one
            if timed and message.time is not None:
                delay = max(last, message.time - since)
            last = delay
            replies.append(Reply(message.payload, delay, self._replayed + str(message.number)))
            position += 1
        self.position = position
        return replies

    def next_expected(self) -> RecordedMessage | None:
        messages = self.conversation.messages
        return messages[self.position] if self.position < len(messages) else None

    def _compiled(self, recorded: RecordedMessage) -> Expectation:
        if self._expectation is None or self._expectation.recorded is not recorded:
            self._expectation = Expectation(recorded, self.replay.mode, self.replay.ignore)
        return self._expectation

    def on_page(self, message: Message) -> Verdict:
        """Checks a page message against the recording; advances when it was expected."""
        recorded = self.next_expected()
        if recorded is None:
            return self._unexpected(message, None, "")
        if self.replay.mode is MatchMode.exact:  # the common case, kept cheap
            matches = message == recorded.payload
        else:
            matches = self._compiled(recorded).matches(message)
        if not matches:
            difference = self._compiled(recorded).difference(message)
            return self._unexpected(message, recorded, difference)
        self.position += 1
        return Verdict(True, self._matched + str(recorded.number), self._run(recorded.time))

    def pass_over(self, message: Message) -> str:
        """A rule answered the page message: if it was the next expected one, skip its
        recorded answer. Returns what the log adds to the rule's note ('' if nothing)."""
        recorded = self.next_expected()
        if recorded is None or not self._compiled(recorded).matches(message):
            return ""
        self.position += 1
        skipped = self._run(None)
        what = f"{len(skipped)} recorded repl{'y' if len(skipped) == 1 else 'ies'}"
        return f"instead of recording, {self._label(recorded)} ({what} not sent)"

    def _unexpected(self, message: Message, recorded: RecordedMessage | None,
                    difference: str) -> Verdict:
        replay = self.replay
        if recorded is None:
            last = self.conversation.messages[-1].number if self.conversation.messages else 0
            expected = (f"the recording ({replay.name}, conversation "
                        f"{self.conversation.number}) expects no more page messages: it ends "
                        f"with message {last}")
        else:
            expected = (f"the recording ({replay.name}, {self._label(recorded)}) expects "
                        f"{shorten(recorded.payload)}"
                        + (f" (match={replay.mode.value})"
                           if replay.mode is not MatchMode.exact else "")
                        + f"; first difference: {difference}")
        failure = (
            f"Unexpected page message on socket {self.socket} of route {quote(replay.route)}: "
            f"the page sent {shorten(message)}, but {expected}. Answer it with a rule, "
            "replay with strict=False to skip such messages"
            + (", or leave out volatile fields with match=json and ignore"
               if replay.mode in (MatchMode.exact, MatchMode.json) else "")
            + "."
        )
        where = "the recording has ended" if recorded is None else (
            f"recording expects {self._label(recorded)}")
        note = (f"not in the recording ({where})" if replay.strict
                else f"not in the recording, skipped (strict=False; {where})")
        return Verdict(False, note, failure=failure)

    def remaining(self) -> list[RecordedMessage]:
        return [m for m in self.conversation.messages[self.position:] if m.sent]


class Replay:
    """A route's replay of a recording: the conversations and a player per socket."""

    def __init__(self, recording: Recording, conversations: list[Conversation], route: str,
                 mode: MatchMode = MatchMode.exact,
                 ignore: Sequence[tuple[str, ...]] = (),
                 timing: ReplayTiming = ReplayTiming.immediate, strict: bool = True,
                 owner: Any = None):
        self.path = recording.path
        self.name = quote(recording.path)
        self.conversations = conversations
        self.route = route
        self.mode = mode
        self.ignore = list(ignore)
        self.timing = timing
        self.strict = strict
        self.owner = owner
        self.players: dict[Any, Player] = {}  # by socket
        self._started = 0  # how many sockets took a conversation

    def start(self, key: Any, socket: str) -> Player:
        """The player of a socket that opens: the next conversation (the last again
        after the last)."""
        conversation = self.conversations[min(self._started, len(self.conversations) - 1)]
        self._started += 1
        player = Player(self, conversation, socket)
        self.players[key] = player
        return player

    def unused_ignore_paths(self) -> list[str]:
        """Ignore paths that no recorded page message has, likely mistyped."""
        unused = []
        for path in self.ignore:
            found = False
            for conversation in self.conversations:
                for message in conversation.messages:
                    if message.sent and isinstance(message.payload, str):
                        document = _json(message.payload)
                        if document is not _LEFT_OUT and without(document, [path]) != document:
                            found = True
                            break
                if found:
                    break
            if not found:
                unused.append(".".join(path))
        return unused

    def incomplete(self) -> str | None:
        """What the page never sent, in words; None when every conversation is complete."""
        lines = []
        started = {id(p.conversation) for p in self.players.values()}
        for player in self.players.values():
            left = player.remaining()
            if left:
                shown = ", ".join(f"message {m.number} {shorten(m.payload)}" for m in left[:5])
                more = f" and {len(left) - 5} more" if len(left) > 5 else ""
                lines.append(
                    f"conversation {player.conversation.number} on socket {player.socket} "
                    f"still expects {len(left)} page message{'s' if len(left) != 1 else ''}: "
                    f"{shown}{more}"
                )
        for conversation in self.conversations:
            if id(conversation) not in started and conversation.page_messages:
                lines.append(
                    f"conversation {conversation.number} ({conversation.url}) was never "
                    f"opened: {conversation.page_messages} page message"
                    f"{'s' if conversation.page_messages != 1 else ''} not sent"
                )
        if not lines:
            return None
        return (f"Replay of {self.name} on route {quote(self.route)} is not complete: "
                + "; ".join(lines) + ".")
