"""What the protocols' keyword classes share: the plug-in base and JSON arguments.

A protocol's keywords are a :class:`ProtocolPlugin` (keywords/plugins.py):
the class names its codec and its docstring is the protocol's section of
the library's documentation. The built-in ones are keywords/socketio.py
and keywords/graphqlws.py; a team's own come in with ``plugins=``.
"""

from __future__ import annotations

import base64
import math
from typing import Any

from ..errors import InvalidInputError, ProtocolError
from ..protocols.base import MAX_DEPTH, clip, load_json

_NOT_JSON = ("JSON has no NaN or infinity, and the page's JSON.parse refuses them. Send a "
             "finite number, None or a text such as 'NaN'.")


def jsonable(value: Any, name: str, path: str = "", depth: int = 0) -> Any:
    """A Robot Framework value as JSON: bytes become ``{"$binary": base64}``.

    ``name`` names the argument in errors (``Argument 2 of 'Emit Socket.IO
    Event'``); ``path`` is where in it the value is (``['a'][1]``). NaN and
    infinities, which JSON cannot carry, and data nested deeper than the
    library reads (a list that contains itself) fail at once.
    """
    if depth > MAX_DEPTH:
        raise InvalidInputError(
            f"{name} nests lists and dictionaries more than {MAX_DEPTH} deep (a list or "
            f"dictionary that contains itself?). Send data of at most {MAX_DEPTH} levels."
        )
    if isinstance(value, (bytes, bytearray)):
        return {"$binary": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {str(k): jsonable(v, name, f"{path}[{str(k)!r}]", depth + 1)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, name, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        where = f"holds {value!r} at {path}" if path else f"is {value!r}"
        raise InvalidInputError(f"{name} {where}, which is not JSON: {_NOT_JSON}")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise InvalidInputError(
        f"{name} {clip(repr(value))} ({type(value).__name__}) cannot be sent: use text, "
        "numbers, booleans, lists, dictionaries or bytes."
    )


def json_argument(value: Any, name: str, example: str, argument: str) -> Any:
    """An argument given as JSON text or as a Robot Framework value, checked as JSON."""
    if not isinstance(value, str):
        return jsonable(value, argument)
    try:
        return load_json(value, f"{name} {clip(value)}")
    except ProtocolError as error:
        raise InvalidInputError(f"{error}. Write e.g. {example}.") from None
