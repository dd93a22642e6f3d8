"""URL patterns of routes: Playwright-style globs and ``/regexp/flags``."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from ..errors import InvalidInputError, quote
from .userregex import UserRegex

_REGEX_FORM = re.compile(r"^/(.+)/([a-z]*)$", re.DOTALL)
# JavaScript's RegExp flags. i, m and s change a match; the others cannot
# change whether a URL matches, so they are accepted and ignored.
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL,
          "d": 0, "g": 0, "u": 0, "v": 0, "y": 0}


class UrlPattern:
    """A route's URL pattern.

    A text of the form ``/body/flags``, where flags are JavaScript RegExp
    flags (``i``, ``m``, ``s``; ``d g u v y`` are ignored), is a regular
    expression searched in the URL (as ``RegExp.test`` does). So
    ``/chat\\?room=\\d+/i`` is a regular expression while ``/api/chat`` (``chat``
    is no set of flags) is a relative glob. Anything else
    is a glob over the whole URL: ``**`` matches any characters, ``*`` any
    characters but ``/``, ``{a,b}`` either alternative, ``\\`` escapes the
    next character, and every other character (``?`` included) is literal.
    Relative globs resolve against ``base_url``, whose ``http`` scheme becomes
    ``ws`` (``https`` becomes ``wss``).
    """

    def __init__(self, text: str, base_url: str | None = None):
        if not isinstance(text, str) or not text:
            shown = quote(text) if isinstance(text, str) else repr(text)
            raise InvalidInputError(
                f"URL pattern {shown} is empty. Give a glob such as '**/chat' "
                "or a regular expression such as '/chat\\?room=\\d+/'."
            )
        if text != text.strip():
            problem = ("is only whitespace" if not text.strip()
                       else "has leading or trailing whitespace")
            fix = ("Give a glob such as '**/chat'" if not text.strip()
                   else f"Remove it: {quote(text.strip())}")
            raise InvalidInputError(
                f"URL pattern {quote(text)} {problem}, so it can never match a WebSocket "
                f"URL (URLs have no spaces). {fix}."
            )
        self.text = text
        regex_form = _REGEX_FORM.match(text)
        # Whether ``regex`` reads the same in JavaScript: a glob's translation
        # does; a regular expression the user wrote may use Python syntax.
        user_regex = regex_form is not None and set(regex_form.group(2)) <= set(_FLAGS)
        self.portable = not user_regex
        # ``regex``: a glob's translation, the same in Playwright's JavaScript
        # (None for a user's regular expression, run with a time bound here).
        self.regex: re.Pattern[str] | None
        self._search: Callable[[str], object]
        if regex_form is not None and user_regex:
            self.regex = None
            self._search = _compile_regex(text, regex_form.group(1), regex_form.group(2)).search
        else:
            resolved = _resolve(text, base_url)
            self.regex = re.compile(_glob_to_regex(text, resolved), re.DOTALL)
            self._search = self.regex.search

    def matches(self, url: str) -> bool:
        return self._search(url) is not None

    def __repr__(self) -> str:
        return f"UrlPattern({self.text!r})"


def _compile_regex(text: str, body: str, flags: str) -> UserRegex:
    value = 0
    for flag in flags:
        value |= _FLAGS[flag]
    return UserRegex(body, value, what="URL pattern", shown=text)


def _resolve(glob: str, base_url: str | None) -> str:
    if not base_url or glob.startswith("*") or "://" in glob:
        return glob
    base = re.sub(
        r"^http(s?)://", lambda m: f"ws{m.group(1)}://", base_url, flags=re.I
    )
    return urljoin(base, glob)


def _glob_to_regex(original: str, glob: str) -> str:
    out = ["^"]
    in_group = False
    i = 0
    while i < len(glob):
        c = glob[i]
        if c == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 1
        elif c == "*":
            stars = 1
            while i + 1 < len(glob) and glob[i + 1] == "*":
                stars += 1
                i += 1
            if stars == 1:
                out.append("[^/]*")
            elif i + 1 < len(glob) and glob[i + 1] == "/":
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
        elif c == "{":
            if in_group:
                raise _glob_error(original, "nested '{' is not supported")
            in_group = True
            out.append("(?:")
        elif c == "}":
            if not in_group:
                raise _glob_error(original, "unmatched '}'")
            in_group = False
            out.append(")")
        elif c == "," and in_group:
            out.append("|")
        else:
            out.append(re.escape(c))
        i += 1
    if in_group:
        raise _glob_error(original, "unmatched '{'")
    out.append("$")
    return "".join(out)


def _glob_error(text: str, problem: str) -> InvalidInputError:
    return InvalidInputError(
        f"URL pattern {quote(text)} is not a valid glob: {problem}. "
        "Escape a literal brace as '\\{' or '\\}'."
    )
