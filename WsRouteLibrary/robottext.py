"""Robot Framework source text: values written as cells a suite reads back exactly.

Robot Framework reads a cell of the space-separated format with its own
rules: two spaces or a tab end it, a ``#`` after a space starts a comment,
``${``, ``@{``, ``&{`` and ``%{`` start variables, ``\\`` escapes, a
leading ``...`` continues the row and ``name=value`` may be a named
argument. :func:`cell` writes any text so that it comes back as that text,
:func:`binary` writes bytes as a ``bytes`` value, and :func:`rows` lays out
a keyword call within a line length, continuing it on ``...`` rows.

Pure Python: no Robot Framework import, so the writer runs anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

LINE_LIMIT = 120  # Robocop's default line-too-long
INDENT = "    "
SEPARATOR = "    "
# What an argument on its own ``...`` row may take before it goes to a variable.
CELL_LIMIT = LINE_LIMIT - len(INDENT + "..." + SEPARATOR) - 1

_VARIABLE_START = re.compile(r"[$@&%]\{")
_SPACES = re.compile(r" {2,}")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cell(text: str, positional: bool = True) -> str:
    """``text`` as one Robot Framework cell that reads back as exactly ``text``.

    ``positional``: the cell is an argument that must not be taken as a
    named argument (``match=json`` as a message), so its first ``=`` is
    escaped.
    """
    if text == "":
        return "${EMPTY}"
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == "#":
            out.append("\\#")
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _unprintable(char):
            out.append(_code(char))
        else:
            out.append(char)
    written = "".join(out)
    written = _VARIABLE_START.sub(lambda found: "\\" + found.group(0), written)
    # Runs of spaces would separate cells: keep the first space, write the rest.
    written = _SPACES.sub(lambda found: " " + "${SPACE}" * (len(found.group(0)) - 1), written)
    if written.startswith(" "):
        written = "${SPACE}" + written[1:]
    if written.endswith(" "):
        written = written[:-1] + "${SPACE}"
    if written.startswith("..."):
        written = "\\" + written
    if positional and "=" in written:
        position = written.index("=")
        written = written[:position] + "\\" + written[position:]
    return written


def _unprintable(char: str) -> bool:
    category = unicodedata.category(char)
    # Controls, format characters (zero-width, bidi marks), surrogates, unassigned,
    # and separators other than the plain space, which a reader cannot see.
    return category[0] == "C" or (category[0] == "Z" and char != " ")


def _code(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def needs_no_escape(text: str) -> bool:
    """True when ``text`` is written as it is."""
    return cell(text) == text


def split_text(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """``text`` cut into parts whose cells are at most ``limit`` characters long.

    Joined with no separator the parts are ``text``. A part never ends
    inside what :func:`cell` would write as one escape.
    """
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        while end > start + 1 and len(cell(text[start:end], positional=False)) > limit:
            end = start + max(1, (end - start) * 3 // 4)
        parts.append(text[start:end])
        start = end
    return parts


def binary(data: bytes) -> str:
    """Bytes as a cell Robot Framework evaluates to those bytes (a binary frame)."""
    return f"${{{{ bytes.fromhex('{data.hex(' ')}') }}}}"


def hex_parts(data: bytes, limit: int = CELL_LIMIT) -> list[str]:
    """Bytes as hex text in parts of at most ``limit`` characters, joined by spaces."""
    per_part = max(1, (limit + 1) // 3)
    return [data[i:i + per_part].hex(" ") for i in range(0, len(data), per_part)] or [""]


def rows(cells: Sequence[str], indent: str = INDENT, limit: int = LINE_LIMIT) -> list[str]:
    """A row of cells as lines: one line when it fits, else continued on ``...`` rows.

    The first cell (keyword or assignment) stays on the first line with as
    many cells as fit; each further line holds as many as fit.
    """
    lines: list[str] = []
    current = indent + cells[0]
    for value in cells[1:]:
        if len(current) + len(SEPARATOR) + len(value) > limit and current.strip() != "...":
            lines.append(current)
            current = indent + "..."
        current += SEPARATOR + value
    lines.append(current)
    return lines


def comment(text: str, indent: str = "", limit: int = LINE_LIMIT) -> list[str]:
    """A comment, wrapped at word boundaries within the line length."""
    return _wrap(text, indent + "# ", indent + "# ", limit)


def documentation(text: str, indent: str = INDENT, first: str = "[Documentation]",
                  column: int = 0, limit: int = LINE_LIMIT) -> list[str]:
    """A ``[Documentation]`` (or ``Documentation`` setting) wrapped on ``...`` rows.

    The text starts at ``column`` (or after the name and a separator).
    """
    escaped = " ".join(cell(word, positional=False) for word in text.split())
    head = (indent + first + SEPARATOR).ljust(column)
    rest = (indent + "...").ljust(len(head))
    return _wrap(escaped, head, rest, limit)


def _wrap(text: str, first: str, rest: str, limit: int) -> list[str]:
    lines: list[str] = []
    current = first
    for word in text.split(" "):
        if current not in (first, rest) and len(current) + 1 + len(word) > limit:
            lines.append(current.rstrip())
            current = rest
        current += word if current in (first, rest) else " " + word
    lines.append(current.rstrip())
    return lines


def name(words: Iterable[str]) -> str:
    """A test or keyword name from words: letters, digits and single spaces only."""
    text = " ".join(words)
    cleaned = re.sub(r"[^0-9A-Za-z]+", " ", text).strip()
    return " ".join(w[:1].upper() + w[1:] for w in cleaned.split())
