"""Answers in the page: which rules the page can apply by itself, as the road would.

On the fast path a routed mocked socket lives in the page's shim
(engine/workershim.js). When every stage that acts on its messages can hand
its part to the page (:meth:`Road.page_plan`, each stage's
:meth:`Stage.in_page`), the relay offers the page that plan: the route's
newest rules first, each as plain data. The page then answers a message it
sends by itself, with the reply or drop of the first rule that matches it,
exactly as :meth:`Route.take_rule` would choose, its replies filled as
:func:`render` fills them (the message, a JSON path's value), or with a close
rule's close, after which the socket's messages are the library's. It tells
the library in batches what it did (the rule's number, or 0: no rule took it),
and the library runs each message along the road as if it had come from the
page, with the rule the page applied (``Passage.decided``), recording every
entry, but sends the page no reply it already has (``Passage.shown``).

A rule with ``times`` is the page's while its socket is the route's only open
one: the page spends the count, and the library counts each use it hears of
(``Route.use``). When another socket joins the route, the library offers the
first a plan without the count at once, before the newcomer's open reaches
its page. A rule with a ``delay`` the page matches, and the library sends
the replies when due (they are work its test owns).

What the page cannot decide exactly as Python would goes the Python way, for
that socket, from that message on: a rule with ``times`` on a socket that
shares its route, a placeholder only a regular expression fills, a regular expression, a
protocol's matcher, a binary message, a message with a lone surrogate, a
number JSON cannot carry exactly, a placeholder the message cannot fill (the
test fails) or whose value the page would not write exactly as Python does (a
value holding a float, an object with a key of digits). A rule of that kind
behind the ones the page has makes the plan *incomplete*: a message none of
the page's rules matches then goes to the library, which decides as ever.
"""

from __future__ import annotations

import fnmatch
import functools
import itertools
import math
import re
import sys
from typing import Any

from ..datatypes import Direction, MatchMode, RuleKind
from ..model.closing import NO_STATUS
from ..model.matching import PLACEHOLDER, Matcher, Message
from ..model.registry import Rule

# The page applied no rule to its message (its plan was complete): the road records it as
# a mocked socket's unanswered message.
NO_RULE = object()
_SAFE = 2 ** 53  # the integers a page's JSON numbers carry exactly
# The most stars of a glob the page applies: each is a group of its expression, and
# thousands of them overflow the page's stack when it runs it.
_PAGE_STARS = 100


def page_rules(rules: list[Rule], sole: bool = False) -> dict[str, Any]:
    """The page's share of a route's rules for its sent messages: the rules it can
    apply, newest first, up to the first it cannot (``complete``: none is left).
    ``sole``: the socket is the route's only open one, so it may hold ``times`` counts."""
    shaped: list[dict[str, Any]] = []
    for rule in reversed(rules):
        if rule.direction is not Direction.sent or rule.matcher is None:
            continue  # on open: done at open; received: a mocked socket has no server
        shape = page_rule(rule, sole)
        if shape is None:
            return {"rules": shaped, "complete": False}
        shaped.append(shape)
    return {"rules": shaped, "complete": True}


def page_rule(rule: Rule, sole: bool = False) -> dict[str, Any] | None:
    """One rule as the page applies it, or None when the page cannot.

    A rule with ``times`` is the page's only while its socket is the route's only open
    one (``sole``): the page then holds the count, as the library would spend it. A
    rule with a ``delay`` is the page's to match; the library sends its replies when
    they are due (``later``), from the match it makes of the message again, so the
    reply waiting when the test ends is cancelled with it, as without the fast path."""
    if rule.kind is RuleKind.on_open or (rule.times is not None and not sole):
        return None
    matcher = rule.matcher
    if type(matcher) is not Matcher:  # a protocol's matcher reads messages as it speaks
        return None
    later = bool(rule.delay)
    replies = [] if later else [_reply_parts(reply, matcher.mode is MatchMode.json)
                                for reply in rule.replies if rule.kind is RuleKind.reply]
    if None in replies:
        return None
    expected = matcher.expected
    shape: dict[str, Any] = {"number": rule.number, "drop": rule.kind is RuleKind.drop,
                             "replies": replies}
    if later:
        shape["later"] = True  # the page answers nothing itself: the library's timer does
    if rule.times is not None:
        shape["times"] = rule.times
    if rule.kind is RuleKind.close:  # as the library's close reaches the page (relay.py)
        shape["close"] = [NO_STATUS if rule.code is None else rule.code, rule.reason or ""]
    if expected is None:
        shape["mode"] = "any"
    elif isinstance(expected, bytes):
        return None
    elif matcher.mode is MatchMode.exact:
        shape.update(mode="exact", text=expected)
    elif matcher.mode is MatchMode.glob and set(expected) == {"*"}:
        shape["mode"] = "any"  # every text; a binary message the page hands over anyway
    elif matcher.mode is MatchMode.glob and expected.count("*") <= _PAGE_STARS:
        shape.update(mode="glob", source=glob_source(expected))
    elif matcher.mode is MatchMode.json and _exact_in_page(matcher.document):
        shape.update(mode="json", document=matcher.document)
    else:
        return None
    return shape


_ANY = "[\\s\\S]"  # any one code point, newlines too (the page's regular expressions have u)


@functools.lru_cache(maxsize=512)  # plans are made again after each keyword
def glob_source(pattern: str) -> str:
    """A glob as the page's regular expression (JavaScript, ``u`` flag) that takes the
    texts Python's ``fnmatch`` takes: ``?`` one code point, ``*`` any run, a ``[...]``
    set the code points Python's own translation of that set matches.

    Between stars the page commits to the first place each part fits (a lookahead and
    a back reference), as a glob may, so a text never makes it try the places of
    every star against each other."""
    parts: list[list[str]] = [[]]  # the one-character atoms between stars
    at = 0
    while at < len(pattern):
        char = pattern[at]
        end = _set_end(pattern, at) if char == "[" else None
        if char == "*":
            parts.append([])
        elif char == "?":
            parts[-1].append(_ANY)
        elif end is not None:
            parts[-1].append(_page_set(pattern[at:end + 1]))
            at = end
        else:
            parts[-1].append(_code_point(ord(char)))
        at += 1
    source = "^" + "".join(parts[0])
    if len(parts) == 1:
        return source + "$"
    middles = [part for part in parts[1:-1] if part]
    for number, middle in enumerate(middles, 1):
        source += f"(?=({_ANY}*?{''.join(middle)}))\\{number}"
    return source + _ANY + "*" + "".join(parts[-1]) + "$"


def _set_end(pattern: str, start: int) -> int | None:
    """Where the ``[...]`` set that opens at ``start`` closes (a ``]`` right after ``[``
    or ``[!`` is one of its characters); None: the ``[`` is a character itself."""
    at = start + 1
    if at < len(pattern) and pattern[at] == "!":
        at += 1
    if at < len(pattern) and pattern[at] == "]":
        at += 1
    end = pattern.find("]", at)
    return None if end < 0 else end


def _page_set(token: str) -> str:
    """A glob's set as a JavaScript class of the code points that Python's translation of
    it matches. Membership changes only where a character of the set starts or ends a
    range, so one code point of each stretch between those tells the whole stretch."""
    python = re.compile(fnmatch.translate(token))
    edges = sorted({0, 10, 11, sys.maxunicode + 1}  # 10: a newline, which ``.`` may leave out
                   | {point for char in token for point in (ord(char), ord(char) + 1)})
    ranges: list[list[int]] = []
    for low, high in itertools.pairwise(edges):
        if python.fullmatch(chr(low)) is None:
            continue
        if ranges and ranges[-1][1] == low - 1:
            ranges[-1][1] = high - 1
        else:
            ranges.append([low, high - 1])
    return "[" + "".join(_code_point(low) if low == high else
                         f"{_code_point(low)}-{_code_point(high)}" for low, high in ranges) + "]"


def _code_point(point: int) -> str:
    """One code point in the page's regular expression, itself when it is a letter or a
    digit, else escaped (``\\u{...}``, valid in and out of a class with the u flag)."""
    char = chr(point)
    return char if char.isascii() and char.isalnum() else f"\\u{{{point:x}}}"


def _reply_parts(template: Message, json_mode: bool) -> list[Any] | None:
    """A reply as the page fills it: its text between placeholders (found as
    :func:`render` finds them), each ``{{message}}`` as None and, when the rule matches
    JSON, each other one as its path (``{{a.b.0}}``: ``["a", "b", "0"]``); None when the
    page cannot fill it (a binary reply, a placeholder only a regular expression fills)."""
    if isinstance(template, bytes):
        return None
    parts: list[Any] = []
    at = 0
    for found in PLACEHOLDER.finditer(template):
        name = found.group(1)
        if name != "message" and not json_mode:
            return None  # render fails the test: the library's to do
        parts += [template[at:found.start()], None if name == "message" else name.split(".")]
        at = found.end()
    parts.append(template[at:])
    return parts


def _exact_in_page(value: Any) -> bool:
    """Whether a page's JSON holds ``value`` as Python does (no big or endless numbers)."""
    if isinstance(value, dict):
        return all(_exact_in_page(item) for item in value.values())
    if isinstance(value, list):
        return all(_exact_in_page(item) for item in value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -_SAFE < value < _SAFE
    return isinstance(value, float) and math.isfinite(value)
