"""Checking messages against message definitions and JSON Schemas.

A message is JSON text (or, on a protocol route, the decoded message's
document). One that fits none of its direction's definitions is a
:class:`Misfit`: the definition it came closest to and the first violation,
as ``$.price: 'abc' is not of type 'number'``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator, SchemaError, ValidationError
from jsonschema.validators import validator_for

from ...errors import InvalidInputError, ProtocolError, quote
from ..jsontext import load_json
from .definition import Definition
from .files import Files, parse

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SHOWN = 80  # characters of a message a misfit quotes
_RULE = 200  # characters of a rule


@dataclass
class Misfit:
    """Why a message fits no definition: the closest one (None: there were none), and
    the reason (a violation, or that it is no JSON)."""

    definition: str | None
    reason: str


def shorten(text: str, limit: int = _SHOWN) -> str:
    return quote(text if len(text) <= limit else text[:limit - 3] + "...")


def value_of(message: Any) -> Any:
    """The JSON value of a message; a ProtocolError saying why it has none."""
    document = getattr(message, "document", None)
    if document is not None:
        return document
    if isinstance(message, (bytes, bytearray)):
        raise ProtocolError("it is a binary message, not JSON text")
    return load_json(str(message), "it")


def json_path(error: ValidationError) -> str:
    path = "$"
    for part in error.absolute_path:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _NAME.match(str(part)):
            path += f".{part}"
        else:
            path += f"[{quote(str(part))}]"
    return path


def violation(error: ValidationError, definition: Definition | None = None) -> str:
    """``$.path: rule`` of ``error``; in a ``oneOf`` / ``anyOf``, of the closest branch."""
    error = _deepest(error, definition)
    rule = error.message
    if len(rule) > _RULE:
        rule = rule[:_RULE - 3] + "..."
    return f"{json_path(error)}: {rule}"


def _deepest(error: ValidationError, definition: Definition | None) -> ValidationError:
    while error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[ValidationError]] = {}  # by the branch's index
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        schemas = error.validator_value if isinstance(error.validator_value, list) else []
        picked = None
        for index in sorted(branches):
            schema = schemas[index] if index < len(schemas) else None
            if _discriminated(_resolved(schema, definition), error.instance):
                picked = index
                break
        if picked is None:
            picked = min(branches, key=lambda index: len(branches[index]))
        error = branches[picked][0]
    return error


def _resolved(schema: Any, definition: Definition | None) -> Any:
    if (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)
            and definition is not None and definition.files is not None):
        try:
            return definition.files.follow(schema, definition.uri, "")[0]
        except InvalidInputError:
            return None
    return schema


def _discriminated(schema: Any, value: Any) -> bool:
    """Whether ``value`` satisfies every ``const`` / ``enum`` property of ``schema``
    it names, and at least one."""
    if not isinstance(schema, dict) or not isinstance(value, dict):
        return False
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return False
    satisfied = 0
    for name, rule in properties.items():
        if not isinstance(rule, dict) or not ("const" in rule or "enum" in rule):
            continue
        if name not in value:
            return False
        if "const" in rule and value[name] != rule["const"]:
            return False
        if isinstance(rule.get("enum"), list) and value[name] not in rule["enum"]:
            return False
        satisfied += 1
    return satisfied > 0


def check(definitions: list[Definition], message: Any) -> tuple[Definition | None, Misfit | None]:
    """The definition the message fits (and None), or None and the misfit."""
    try:
        value = value_of(message)
    except ProtocolError as error:
        return None, Misfit(None, str(error))
    if not definitions:
        return None, Misfit(None, "no message is defined in this direction")
    try:
        return _check(definitions, value)
    except RecursionError:
        return None, Misfit(None, "it nests too deep to check against the document")


def _check(definitions: list[Definition], value: Any) -> tuple[Definition | None,
                                                               Misfit | None]:
    keyed = [d for d in definitions if _discriminated(d.schema, value)]
    for definition in keyed or definitions:  # the quick yes: no errors collected
        if definition.validator.is_valid(value):
            return definition, None
    found = []
    for definition in definitions:
        errors = list(definition.validator.iter_errors(value))
        found.append((definition, errors))
    fits = [d for d, errors in found if not errors]
    if fits:
        return next((d for d in fits if _discriminated(d.schema, value)), fits[0]), None
    keyed = [d for d, _ in found if _discriminated(d.schema, value)]
    if keyed:
        definition = keyed[0]
        errors = dict((id(d), e) for d, e in found)[id(definition)]
    else:
        # Fewest errors; of as many, the one whose errors lie deepest (it got further).
        definition, errors = min(found, key=lambda pair: (
            len(pair[1]), -max(len(e.absolute_path) for e in pair[1])))
    return None, Misfit(definition.name, violation(errors[0], definition))


class SchemaCheck:
    """A JSON Schema (a file, or the schema as JSON text) compiled once."""

    def __init__(self, schema: str):
        text = schema.strip()
        if text[:1] in ("{", "[") or text in ("true", "false"):
            self.shown = "the schema"
            contents = parse(text, "Argument 'schema'", as_json=True)
            registry, root = None, contents
        else:
            files = Files(text)
            self.shown = files.name(files.uri)
            contents = files.contents[files.uri]
            files.check_refs(contents, files.uri, "")
            registry, root = files.registry, {"$ref": files.uri}
        if not isinstance(contents, (dict, bool)):
            raise InvalidInputError(f"{self.shown} is not a JSON Schema: a schema is an object "
                                    "or true/false.")
        cls = validator_for(contents, default=Draft202012Validator)
        try:
            cls.check_schema(contents)  # type: ignore[arg-type]  # true/false is a schema too
        except SchemaError as error:
            raise InvalidInputError(
                f"{self.shown[:1].upper()}{self.shown[1:]} is not a valid JSON Schema: "
                f"{error.message}. Correct it."
            ) from None
        kwargs: dict[str, Any] = {"format_checker": cls.FORMAT_CHECKER}
        if registry is not None:
            kwargs["registry"] = registry
        self.validator = cls(root, **kwargs)

    def problems(self, message: Any) -> list[str]:
        """Every violation of one message (empty: it fits)."""
        try:
            value = value_of(message)
        except ProtocolError as error:
            return [str(error)]
        return [violation(error) for error in
                sorted(self.validator.iter_errors(value), key=lambda e: list(map(str, e.path)))]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
