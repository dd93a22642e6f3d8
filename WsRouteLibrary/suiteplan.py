"""What a recorded conversation becomes in a suite: greetings, rules and the page's messages.

The page's messages of a recording are grouped: text by its exact value,
JSON objects by the fields they have. A group becomes one `Reply When Sent`
rule when its answers agree once the fields that vary across the group (and
the volatile ones the user names) are written as templates (``{{path}}``)
where the answers repeat them; the rule matches the fields that stay the
same (``match=json``). A group whose answers still differ is split by the
field that tells them apart; messages that are alike but answered
differently each time become rules that answer once each, in order.

Pure Python: it knows nothing of Robot Framework or Playwright.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .model.har import Conversation
from .model.matching import PLACEHOLDER, Message

Path = tuple  # keys (and list positions) from the top of a JSON document
_SAFE_KEY = re.compile(r"[^.{}\s]+")
DISTINCT_TEXT = 3  # a repeated string this long is taken for the message's own value
# 2001-09-09 to 2100-01-01: a number in this range (or it in milliseconds) is a moment.
EPOCH_SECONDS = (1_000_000_000, 4_102_444_800)
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")
WORD_TEXT = 2  # ... and one this long when it stands as a word of its own


@dataclass
class PageMessage:
    """One message the page sent, with the server messages that followed it."""

    payload: Message
    replies: list[Message]
    document: dict | None = None  # a JSON object, without the ignored fields
    full: dict | None = None  # the JSON object as sent
    volatile: list[Path] = field(default_factory=list)  # fields that hold a time


@dataclass
class Rule:
    """A `Reply When Sent` rule: what it matches, how, its replies and how often."""

    message: Message
    replies: list[Message]
    match: str = "exact"
    times: int | None = None
    fields: int = 0  # how many fields a json match names: fewer is less specific


@dataclass
class Route:
    """One routed URL of the suite: its greetings, its rules and the page's messages."""

    pattern: str
    urls: list[str]
    protocol: str | None = None
    greetings: list[Message] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    waits: list[tuple[Message, str]] = field(default_factory=list)  # (message, match)
    # Replies a rule cannot send (they hold text that reads as a template):
    # the wait's index -> the messages the test sends after that wait.
    pushes: dict[int, list[Message]] = field(default_factory=dict)


def plan_route(pattern: str, conversations: list[Conversation], ignore: list[Path],
               protocol: str | None = None, handshakes: Any = None) -> Route:
    """The route for conversations recorded on one URL.

    ``handshakes(message, sent)`` tells the protocol's own messages (which
    the library answers itself) from the app's; they are left out.
    """
    route = Route(pattern, sorted({c.url for c in conversations}), protocol)
    page: list[PageMessage] = []
    for number, conversation in enumerate(conversations):
        current: PageMessage | None = None
        for message in conversation.messages:
            if handshakes is not None and handshakes(message.payload, message.sent):
                continue
            if message.sent:
                current = _page_message(message.payload, ignore)
                page.append(current)
            elif current is not None:
                current.replies.append(message.payload)
            elif number == 0:
                route.greetings.append(message.payload)
    for index, asked in enumerate(page):
        shown = asked.payload if asked.document is None else _json(asked.document)
        route.waits.append((shown, "exact" if asked.document is None else "json"))
        if any(_literal_placeholder(reply) for reply in asked.replies):
            route.pushes[index] = list(asked.replies)
    answered = [m for i, m in enumerate(page) if m.replies and i not in route.pushes]
    rules: list[Rule] = []
    for group in _groups(answered):
        rules.extend(_rules(group, ignore))
    # The newest matching rule wins: the more specific rules come last.
    route.rules = sorted(rules, key=lambda rule: rule.fields)
    return route


def _page_message(payload: Message, ignore: list[Path]) -> PageMessage:
    message = PageMessage(payload, [])
    if isinstance(payload, str) and payload.lstrip().startswith("{"):
        try:
            document = json.loads(payload)
            if isinstance(document, dict):
                message.volatile = [tuple(str(key) for key in path)
                                    for path, value in _leaves(document) if _time_like(value)]
                message.document = _without(document, ignore + message.volatile)
                message.full = document
        except (ValueError, RecursionError):  # nested too deeply to take apart: compared whole
            message.document = message.full = None
    return message


def _without(document: dict, ignore: list[Path]) -> dict:
    every = dict(_leaves(document))
    kept = {path: value for path, value in every.items() if not _ignored(path, ignore)}
    return _build(_complete(kept, every))


def _time_like(value: Any) -> bool:
    """A moment, which differs from run to run: epoch seconds or milliseconds, ISO 8601."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return EPOCH_SECONDS[0] <= value <= EPOCH_SECONDS[1] or (
            EPOCH_SECONDS[0] * 1000 <= value <= EPOCH_SECONDS[1] * 1000)
    return isinstance(value, str) and _ISO_TIME.fullmatch(value) is not None


def _ignored(path: Path, ignore: list[Path]) -> bool:
    written = tuple(str(key) for key in path)
    return any(written[:len(ignored)] == ignored for ignored in ignore)


def _leaves(value: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """(path, value) of every field or list item that is not an object or list with items.

    A list item's key is its position (an ``int``).
    """
    if isinstance(value, (dict, list)) and value:
        found: list[tuple[Path, Any]] = []
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            found.extend(_leaves(item, (*path, key)))
        return found
    return [(path, value)]


def _complete(kept: dict[Path, Any], every: dict[Path, Any]) -> dict[Path, Any]:
    """``kept`` without the items of lists it does not keep whole.

    A json match compares lists item by item with equal length, so a list is
    matched whole or not at all.
    """
    partial: set[Path] = set()
    for path in every:
        if path not in kept:
            partial.update(path[:i] for i, key in enumerate(path) if isinstance(key, int))
    return {path: value for path, value in kept.items()
            if not any(path[:i] in partial for i, key in enumerate(path) if isinstance(key, int))}


def _build(leaves: dict[Path, Any]) -> dict:
    document: dict = {}
    for path, value in leaves.items():
        target = document
        for key in path[:-1]:
            target = target.setdefault(key, {})
        if path:
            target[path[-1]] = value
    return _lists(document)


def _lists(value: Any) -> Any:
    """Objects keyed by positions (as :func:`_build` makes them) back as lists."""
    if not isinstance(value, dict):
        return value
    items = {key: _lists(item) for key, item in value.items()}
    if items and all(isinstance(key, int) for key in items):
        return [items[key] for key in sorted(items)]
    return items


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def _literal_placeholder(reply: Message) -> bool:
    return isinstance(reply, str) and PLACEHOLDER.search(reply) is not None


def _groups(messages: list[PageMessage]) -> list[list[PageMessage]]:
    """Page messages by kind: the same text, or JSON objects with the same fields."""
    groups: dict[Any, list[PageMessage]] = {}
    for message in messages:
        if message.document is None:
            key: Any = ("exact", type(message.payload).__name__, message.payload)
        else:
            key = ("json", frozenset(path for path, _ in _leaves(message.document)))
        groups.setdefault(key, []).append(message)
    return list(groups.values())


def _rules(group: list[PageMessage], ignore: list[Path]) -> list[Rule]:
    first = group[0]
    if first.document is None:
        return _sequence(first.payload, "exact", [m.replies for m in group], 0)
    leaves = [dict(_leaves(m.document)) for m in group]
    same = {path: value for path, value in leaves[0].items()
            if all(_same(other.get(path, _MISSING), value) for other in leaves[1:])}
    differ = [path for path in leaves[0] if path not in same]
    stable = _complete(same, leaves[0])  # a list with an item that differs is not matched
    fillable = [path for path in leaves[0] if path not in stable]
    fillable += [path for path in _ignored_present(group, ignore) if path not in stable]
    answers = [_templated(m, fillable) for m in group]
    if _agree(answers) or not differ:
        match = _json(_build(stable))
        if _agree(answers):
            return [Rule(match, answers[0], "json", None, len(stable))]
        return _sequence(match, "json", answers, len(stable))
    parts = _split(group, _splitting_path(group, differ, fillable))
    rules: list[Rule] = []
    for part in parts:
        rules.extend(_rules(part, ignore))
    return rules


_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _ignored_present(group: list[PageMessage], ignore: list[Path]) -> list[Path]:
    paths: list[Path] = []
    for message in group:
        for path, _ in _leaves(message.full):
            if _ignored(path, ignore + message.volatile) and path not in paths:
                paths.append(path)
    return paths


def _sequence(message: Message, match: str, answers: list[list[Message]],
              fields: int) -> list[Rule]:
    """Rules for one message answered in turn: the last answer stays, earlier ones once each.

    The newest rule wins until it retires, so the first answer is the last rule.
    """
    distinct: list[list[Message]] = []
    for answer in answers:
        if not distinct or answer != distinct[-1]:
            distinct.append(answer)
    if len(distinct) == 1:
        return [Rule(message, distinct[0], match, None, fields)]
    counts: list[tuple[list[Message], int]] = []  # (answer, how many times in a row)
    for answer in answers:
        if counts and counts[-1][0] == answer:
            counts[-1] = (answer, counts[-1][1] + 1)
        else:
            counts.append((answer, 1))
    rules = [Rule(message, counts[-1][0], match, None, fields)]
    for answer, count in reversed(counts[:-1]):
        rules.append(Rule(message, answer, match, count, fields))
    return rules


def _splitting_path(group: list[PageMessage], varying: list[Path], fillable: list[Path]) -> Path:
    """The varying field whose values best tell the group's different answers apart."""
    def score(path: Path) -> tuple[int, int]:
        parts = _split(group, path)
        others = [p for p in fillable if p != path]
        astray = sum(len(part) for part in parts
                     if not _agree([_templated(m, others) for m in part]))
        return (astray, len(parts))  # all answers explained, by as few rules as can

    return min(varying, key=score)


def _agree(answers: list[list[Message]]) -> bool:
    return all(answer == answers[0] for answer in answers[1:])


def _split(group: list[PageMessage], path: Path) -> list[list[PageMessage]]:
    parts: dict[str, list[PageMessage]] = {}
    for message in group:
        value = dict(_leaves(message.document)).get(path, _MISSING)
        key = "\0missing" if value is _MISSING else _json(value) + type(value).__name__
        parts.setdefault(key, []).append(message)
    return list(parts.values())


# ------------------------------------------------------------ templates


def _templated(message: PageMessage, paths: list[Path]) -> list[Message]:
    """The message's replies with its values at ``paths`` written as ``{{path}}``."""
    values = {path: value for path, value in _leaves(message.full) if path in paths
              and all(isinstance(key, int) or _SAFE_KEY.fullmatch(key) for key in path)}
    if not values:
        return list(message.replies)
    return [_fill(reply, values) for reply in message.replies]


def _fill(reply: Message, values: dict[Path, Any]) -> Message:
    if not isinstance(reply, str):
        return reply
    try:
        document = json.loads(reply) if reply.lstrip()[:1] in ("{", "[") else None
        if document is None:
            return _in_text(reply, values)
        marks: dict[str, tuple[str, bool]] = {}
        marked = _mark(document, values, marks, last_key=None)
    except (ValueError, RecursionError):  # not JSON, or nested too deeply: sent as recorded
        return reply
    if not marks:
        return reply
    text = _json(marked)
    for mark, (placeholder, quoted) in marks.items():
        if not quoted:  # a number or other JSON value: the template writes it as JSON
            text = text.replace(f'"{mark}"', placeholder)
        text = text.replace(mark, placeholder)
    return text


def _mark(value: Any, values: dict[Path, Any], marks: dict[str, tuple[str, bool]],
          last_key: Any) -> Any:
    if isinstance(value, dict):
        return {key: _mark(item, values, marks, key) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark(item, values, marks, None) for item in value]
    for path, own in values.items():
        if _same(value, own) and (path[-1] == last_key or _distinct(own)):
            return _placeholder(marks, path, quoted=isinstance(own, str))
    if isinstance(value, str):
        for path, own in values.items():
            value = _replaced(value, own,
                              lambda path=path: _placeholder(marks, path, quoted=True))
    return value


def _replaced(text: str, own: Any, placeholder: Any) -> str:
    """``text`` with the message's string ``own`` written as a placeholder where it occurs."""
    if not isinstance(own, str) or len(own) < WORD_TEXT or own not in text:
        return text
    if len(own) >= DISTINCT_TEXT:
        return text.replace(own, placeholder())
    word = re.compile(r"(?<!\w)" + re.escape(own) + r"(?!\w)")
    return word.sub(lambda _: placeholder(), text) if word.search(text) else text


def _distinct(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) >= DISTINCT_TEXT
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, (int, float)) and (abs(value) >= 100 or value != int(value))


def _placeholder(marks: dict[str, tuple[str, bool]], path: Path, quoted: bool) -> str:
    """A mark that stands in the JSON text for a placeholder until it is written."""
    mark = f"\ue000{len(marks)}\ue001"
    marks[mark] = ("{{" + ".".join(str(key) for key in path) + "}}", quoted)
    return mark


def _in_text(reply: str, values: dict[Path, Any]) -> str:
    for path, own in values.items():
        name = "{{" + ".".join(str(key) for key in path) + "}}"
        reply = _replaced(reply, own, lambda name=name: name)
    return reply
