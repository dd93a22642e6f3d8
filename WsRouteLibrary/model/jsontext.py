"""JSON as the page's ``JSON.parse`` reads it, with the library's bounds: never a Python internal.

Below the protocols and the contracts, which both read JSON that a page or
a tester wrote: NaN and Infinity refused, numbers Python cannot convert
and nesting deeper than the library walks reported, all as a
:class:`ProtocolError` whose text says which.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ..errors import ProtocolError

# The deepest JSON the library reads: matching, templates and the log walk
# documents recursively, so far less than Python's recursion limit.
MAX_DEPTH = 200
_TOO_DEEP = f"nests arrays and objects more than {MAX_DEPTH} deep, more than the library reads"


def _constant(name: str) -> Any:
    raise ProtocolError(f"is not valid JSON: {name} is not a JSON value (JSON.parse refuses it)")


# One decoder for every call: json.loads with a keyword argument builds a new
# JSONDecoder each time, about half the cost of decoding a small message.
_DECODER = json.JSONDecoder(parse_constant=_constant)


def load_json(text: str, subject: str = "it") -> Any:
    """JSON as JavaScript's ``JSON.parse`` reads it, or a :class:`ProtocolError`.

    The error reads ``<subject> <what is wrong>``: not JSON (where), NaN or
    Infinity (Python would take them, the page's JSON.parse refuses them),
    numbers of more digits than Python converts, or nesting deeper than
    ``MAX_DEPTH``. Never a RecursionError or another Python internal.
    """
    try:
        value = _DECODER.decode(text)
    except ProtocolError as error:
        raise ProtocolError(f"{subject} {error}") from None
    except json.JSONDecodeError as error:
        raise ProtocolError(f"{subject} is not valid JSON ({error})") from None
    except RecursionError:
        raise ProtocolError(f"{subject} {_TOO_DEEP}") from None
    except ValueError:  # Python's limit on digits of an int (4300 by default)
        raise ProtocolError(
            f"{subject} has a number of more than {sys.get_int_max_str_digits()} digits, more "
            "than the library reads"
        ) from None
    if isinstance(value, (list, dict)) and text.count("[") + text.count("{") > MAX_DEPTH \
            and too_deep(value):
        raise ProtocolError(f"{subject} {_TOO_DEEP}")
    return value


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and dicts nest in ``value`` more than ``limit`` deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (list, dict)))
    return False
