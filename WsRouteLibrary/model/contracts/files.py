"""Reading AsyncAPI documents and schemas (YAML or JSON) and following their ``$ref``\\ s.

Every file is read once into a :class:`Files`; its ``registry`` (of the
``referencing`` library) serves the same contents to ``jsonschema``, so a
payload's ``$ref`` to another file resolves against the document's folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from ...errors import InvalidInputError, quote

# Past this nesting a document is hostile or broken: YAML and JSON readers recurse.
_MAX_DEPTH = 200
# Past this many nodes walked a document is hostile (YAML aliases can multiply a
# small file into billions of nodes) or far beyond any API's description.
_MAX_NODES = 200_000


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def parse(text: str, shown: str, as_json: bool) -> Any:
    """The contents of a document's text; ``shown`` names it in the error."""
    try:
        if as_json:
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"{shown} is not valid JSON: {error.msg} at line {error.lineno}, column "
            f"{error.colno}. Correct the document there.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InvalidInputError(
            f"{shown} is not valid YAML: {problem}{where}. Correct the document there."
        ) from None
    except RecursionError:
        raise InvalidInputError(f"{shown} nests too deep to read. Flatten it.") from None


def pointer_text(pointer: str) -> str:
    return pointer or "/"


class Files:
    """The files of one document: the document, and those its ``$ref``\\ s name."""

    def __init__(self, path: str | Path):
        self.nodes = 0  # walked so far (see _MAX_NODES)
        self.path = Path(path)
        self.uri = _uri(self.path)
        self.contents: dict[str, Any] = {}
        self.made: dict[tuple[str, str], list[Any]] = {}  # the definitions made of a message
        self.registry: Registry = Registry(retrieve=self._retrieve)  # type: ignore[call-arg]
        self.load(self.uri, None)

    def load(self, uri: str, referrer: str | None) -> Any:
        """The contents of the file at ``uri``; ``referrer`` says who named it."""
        if uri in self.contents:
            return self.contents[uri]
        path = _path(uri)
        shown = quote(str(path if referrer is None else path.name))
        if not path.is_file():
            fix = ("Give the path of an existing file (relative paths are relative to "
                   "the directory Robot Framework runs in)." if referrer is None else
                   "Correct the $ref: other files are found relative to the document's "
                   "folder.")
            named = "" if referrer is None else f" named by {referrer}"
            raise InvalidInputError(f"Contract file {shown}{named} does not exist. {fix}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInputError(
                f"Contract file {shown} cannot be read ({error}). Give a UTF-8 text file."
            ) from None
        contents = parse(text, f"Contract file {shown}", path.suffix.lower() == ".json")
        self.contents[uri] = contents
        self.registry = self.registry.with_resource(
            uri, Resource.from_contents(contents, default_specification=DRAFT7)
            if isinstance(contents, dict) else DRAFT7.create_resource(contents))
        return contents

    def _retrieve(self, uri: str) -> Resource:
        contents = self.load(uri, "a $ref")
        return Resource.from_contents(contents, default_specification=DRAFT7)

    def name(self, uri: str) -> str:
        """A file's name as the errors show it."""
        return quote(self.path.name if uri == self.uri else _path(uri).name)

    def at(self, uri: str, pointer: str, depth: int = 0) -> tuple[Any, str, str]:
        """What is at ``pointer`` in the file ``uri``, following ``$ref``\\ s on the way
        (and of the node itself): ``(node, uri, pointer)`` where it really is."""
        node: Any = self.load(uri, "a $ref")
        walked = ""
        for part in [p for p in pointer.split("/")[1:]] if pointer else []:
            node, uri, walked = self.follow(node, uri, walked, depth)
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise _Missing(pointer)
            walked += "/" + part
        return self.follow(node, uri, walked, depth)

    def follow(self, node: Any, uri: str, pointer: str, depth: int = 0) -> tuple[Any, str, str]:
        """``node`` itself, or where its ``$ref`` leads."""
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, uri, pointer
        ref = node["$ref"]
        where = f"{self.name(uri)} at {pointer_text(pointer)}"
        if depth > _MAX_DEPTH:
            raise InvalidInputError(f"$ref {quote(ref)} in {where} refers in a circle. "
                                    "Make it refer to a definition.")
        target, fragment = urldefrag(urljoin(uri, ref))
        if fragment and not fragment.startswith("/"):
            raise InvalidInputError(f"$ref {quote(ref)} in {where} is not a JSON pointer. "
                                    "Write it as 'file.yaml#/components/...'.")
        try:
            return self.at(target, unquote(fragment), depth + 1)
        except _Missing:
            raise InvalidInputError(
                f"$ref {quote(ref)} in {where} cannot be resolved: "
                f"{self.name(target)} has nothing at {pointer_text(unquote(fragment))}. "
                "Correct the $ref or add the definition.") from None

    def check_refs(self, node: Any, uri: str, pointer: str, seen: set[Any] | None = None) -> None:
        """Every ``$ref`` under ``node`` resolves (a schema's refs resolve lazily in
        jsonschema, too late to name the document)."""
        seen = set() if seen is None else seen
        stack = [(node, uri, pointer)]
        while stack:
            node, uri, pointer = stack.pop()
            self._count(uri, pointer)
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    key = urljoin(uri, node["$ref"])
                    if key not in seen:
                        seen.add(key)
                        stack.append(self.follow(node, uri, pointer))
                for key, value in node.items():
                    if key != "$ref" and isinstance(value, (dict, list)):
                        stack.append((value, uri, f"{pointer}/{_escape(key)}"))
            elif isinstance(node, list):
                stack.extend((value, uri, f"{pointer}/{index}")
                             for index, value in enumerate(node) if isinstance(value, (dict, list)))


    def inlined(self, node: Any, uri: str, pointer: str) -> Any:
        """``node`` with every ``$ref`` replaced by what it refers to, so a validator
        never looks one up per message; None when the refs recur (a recursive schema)."""
        try:
            return self._inline(node, uri, pointer, ())
        except _Recursive:
            return None

    def _inline(self, node: Any, uri: str, pointer: str, trail: tuple[Any, ...]) -> Any:
        self._count(uri, pointer)
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                target, at, place = self.follow(node, uri, pointer)
                if (at, place) in trail or len(trail) > _MAX_DEPTH:
                    raise _Recursive
                return self._inline(target, at, place, (*trail, (at, place)))
            return {key: self._inline(value, uri, f"{pointer}/{_escape(key)}", trail)
                    if isinstance(value, (dict, list)) and key not in ("const", "enum",
                                                                      "examples", "default")
                    else value for key, value in node.items()}
        if isinstance(node, list):
            return [self._inline(value, uri, f"{pointer}/{index}", trail)
                    for index, value in enumerate(node)]
        return node


    def _count(self, uri: str, pointer: str) -> None:
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            raise InvalidInputError(
                f"{self.name(self.uri)} is too large to read: past {_MAX_NODES:,} schema "
                f"nodes (at {self.name(uri)} {pointer_text(pointer)}; YAML aliases repeat "
                "what they name). Describe the messages with fewer, shared definitions.")


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


escape = _escape


class _Missing(LookupError):
    """Nothing is at a pointer."""


class _Recursive(Exception):
    """A schema's refs come back to where they started."""
