"""Replay of recorded conversations: what each socket expects next, and what it answers.

A route that replays a recording gives each socket it takes the next
recorded conversation, in file order (after the last, the last again). A
conversation is a list of messages; the server messages before the page's
first message are the greetings, sent at open. Each later page message must
be the next recorded page message (compared as ``match`` says); it is then
answered with the server messages that followed it in the recording.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from ..datatypes import MatchMode
from ..errors import InvalidInputError, quote
from .comparison import (
    NOT_JSON,
    TOO_DEEP,
    Expectation,
    json_difference,
    parse,
    text_difference,
    without,
)
from .correlation import Correlation
from .har import Conversation, RecordedMessage, Recording
from .jsonsafe import MESSAGE_DEPTH, nesting
from .matching import Message, parse_mode, shorten

__all__ = ["Player", "Replay", "ReplayTiming", "Reply", "Verdict", "json_difference",
           "parse_ignore", "parse_match", "parse_timing", "text_difference", "without"]

# The longest gap between two recorded messages that timing=recorded keeps.
MAX_GAP = 24 * 3600.0


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

    def __init__(self, replay: Replay, conversation: Conversation, socket: str,
                 ids: Correlation | None = None):
        self.replay = replay
        self.conversation = conversation
        self.socket = socket  # how messages name the socket: '#3 ws://...'
        self.ids = ids  # the ids the page picks, recorded -> live (protocol routes)
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
            if timed and since is not None and message.time is not None:
                delay = max(last, message.time - since)
            last = delay
            payload, note = message.payload, self._replayed + str(message.number)
            if self.ids is not None:
                payload, added = self.ids.rewrite(payload)
                note += added
            replies.append(Reply(payload, delay, note))
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
        compared = message
        if self.ids is not None:  # compared as if under the recorded id
            compared = self.ids.align(message, recorded.payload)
        if self.replay.mode is MatchMode.exact:  # the common case, kept cheap
            matches = compared == recorded.payload
        else:
            matches = self._compiled(recorded).matches(compared)
        if not matches:
            difference = self._compiled(recorded).difference(compared)
            return self._unexpected(message, recorded, difference)
        if self.ids is not None:
            self.ids.learn(message, recorded.payload)
        self.position += 1
        return Verdict(True, self._matched + str(recorded.number), self._run(recorded.time))

    def pass_over(self, message: Message) -> str:
        """A rule answered the page message: if it was the next expected one, skip its
        recorded answer. Returns what the log adds to the rule's note ('' if nothing)."""
        recorded = self.next_expected()
        if recorded is None:
            return ""
        compared = message if self.ids is None else self.ids.align(message, recorded.payload)
        if not self._compiled(recorded).matches(compared):
            return ""
        if self.ids is not None:
            self.ids.learn(message, recorded.payload)
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
        if timing is ReplayTiming.recorded:
            check_gaps(conversations, self.path)
        if mode is MatchMode.json:
            check_depth(conversations, self.path)

    def start(self, key: Any, socket: str, codec: Any = None) -> Player:
        """The player of a socket that opens: the next conversation (the last again
        after the last).

        ``codec`` (default: the ``codec`` of ``key``, the socket) is the protocol the
        socket speaks, if any: its ``correlation`` names the field whose ids the page
        picks, which the replay maps from the recording to the live run.
        """
        conversation = self.conversations[min(self._started, len(self.conversations) - 1)]
        self._started += 1
        if codec is None:
            codec = getattr(key, "codec", None)
        spec = getattr(codec, "correlation", None)
        player = Player(self, conversation, socket, Correlation(*spec) if spec else None)
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
                        document = parse(message.payload)
                        if (document is not NOT_JSON and document is not TOO_DEEP
                                and without(document, [path]) != document):
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


def check_gaps(conversations: Sequence[Conversation], path: str) -> None:
    """Fails when a message comes more than ``MAX_GAP`` after the one before it (or
    after the socket opened): timing=recorded would wait that long."""
    for conversation in conversations:
        last = conversation.started
        after = f"the socket opened (entries[{conversation.entry}].startedDateTime)"
        for message in conversation.messages:
            if message.time is None:
                continue
            if last is not None and message.time - last > MAX_GAP:
                gap = message.time - last
                raise InvalidInputError(
                    f"{conversation.where(path)}: message {message.number} at "
                    f"{conversation.place(message.index, 'time')} comes {gap:.6g} s "
                    f"({gap / 3600:.6g} hours) after {after}, more than the 24 hours "
                    "timing=recorded waits between two messages. Correct the times in the "
                    "file, or replay with timing=immediate."
                )
            last, after = message.time, f"message {message.number}"


def check_depth(conversations: Sequence[Conversation], path: str) -> None:
    """Fails when a recorded page message nests too deep for match=json to compare."""
    for conversation in conversations:
        for message in conversation.messages:
            if not message.sent:
                continue
            deepest = nesting(message.payload, MESSAGE_DEPTH)
            if deepest is not None and parse(message.payload) is TOO_DEEP:
                raise InvalidInputError(
                    f"{conversation.where(path)}: message {message.number} at "
                    f"{conversation.place(message.index, 'data')} nests arrays and objects "
                    f"{deepest[0]} levels deep; match=json compares at most {MESSAGE_DEPTH}. "
                    "Replay with match=exact, which compares the text as it is."
                )
