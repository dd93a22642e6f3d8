"""An AsyncAPI document's channels and the message definitions of each direction.

The document describes the application the page talks to. In 2.x a
channel's ``subscribe`` messages are what the page receives and its
``publish`` messages what the page sends; in 3.0 the ``send`` operations
are what the page receives and the ``receive`` operations what it sends.
A message that is a ``oneOf`` of messages gives one definition per branch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft7Validator

from ...datatypes import Side
from ...errors import InvalidInputError, quote
from .checking import check
from .definition import Definition
from .files import Files, escape, pointer_text

_SCHEMA_FORMATS = re.compile(
    r"^application/(schema\+(json|yaml)|vnd\.aai\.asyncapi(\+json|\+yaml)?)(;.*)?$")


# Messages whose verdict a channel remembers (repeated messages are checked once),
# and the longest text remembered.
_MEMO_SIZE = 512
_MEMO_TEXT = 2048


@dataclass
class Channel:
    key: str
    address: str | None
    directions: dict[Side, list[Definition]]
    # (side, text) -> the verdict on that plain text message
    memo: dict[tuple[Side, str], tuple[Definition | None, Any]] = field(default_factory=dict,
                                                                        repr=False)

    def check(self, side: Side, message: Any) -> tuple[Definition | None, Any]:
        """The definition the message fits and None, or None and the misfit; the
        verdict on a plain text message is kept, so a repeated one costs a lookup."""
        if type(message) is not str or len(message) > _MEMO_TEXT:
            return check(self.directions[side], message)
        key = (side, message)
        verdict = self.memo.get(key)
        if verdict is None:
            verdict = check(self.directions[side], message)
            if len(self.memo) >= _MEMO_SIZE:
                self.memo.pop(next(iter(self.memo)))
            self.memo[key] = verdict
        return verdict

    def matches(self, path: str) -> bool:
        if self.address is None:
            return False
        address = self.address if self.address.startswith("/") else "/" + self.address
        parts = re.split(r"(\{[^}/]*\})", address)
        regex = "".join("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p)
                        for p in parts)
        return re.fullmatch(regex, path) is not None or re.fullmatch(regex, path + "/") is not None


class Contract:
    """An AsyncAPI document read for one route: its channels, and which one applies."""

    def __init__(self, files: Files, version: str, channels: list[Channel],
                 chosen: Channel | None):
        self.files = files
        self.version = version
        self.channels = channels
        self.chosen = chosen
        self.seen: set[str] = set()  # definition names seen since the last coverage note

    @property
    def name(self) -> str:
        return quote(self.files.path.name)

    def channel_for(self, url: str) -> Channel | None:
        """The channel for a socket: the chosen one, the one whose address matches the
        URL's path, or the only one."""
        if self.chosen is not None:
            return self.chosen
        return choose(self.channels, url)

    def definitions(self) -> list[Definition]:
        """Every definition that applies (of the chosen channel, else of all)."""
        channels = [self.chosen] if self.chosen is not None else self.channels
        unique: dict[int, Definition] = {}
        for channel in channels:
            for side in (Side.server, Side.page):
                for definition in channel.directions[side]:
                    unique.setdefault(id(definition), definition)
        return list(unique.values())

    def example(self, name: str) -> Any:
        """The payload of the example ``name``, or the first example of message ``name``."""
        definitions = self.definitions()
        for definition in definitions:
            for shown, payload in definition.examples:
                if shown == name:
                    return payload
        for definition in definitions:
            if definition.name == name and definition.examples:
                return definition.examples[0][1]
        known = sorted({shown for d in definitions for shown, _ in d.examples}
                       | {d.name for d in definitions if d.examples})
        raise InvalidInputError(
            f"{self.name} has no example or message with an example named {quote(name)}. "
            f"Use one of: {', '.join(map(quote, known)) or 'none (add examples to the messages)'}."
        )

    def coverage(self) -> str:
        """Which definitions were seen and which not; resets what was seen."""
        names = sorted({d.name for d in self.definitions()})
        seen = [n for n in names if n in self.seen]
        unseen = [n for n in names if n not in self.seen]
        self.seen = set()
        return (f"AsyncAPI document {self.name}: {len(seen)} of {len(names)} message "
                f"definitions seen ({', '.join(seen) or 'none'}); not seen: "
                f"{', '.join(unseen) or 'none'}.")


def choose(channels: list[Channel], url: str) -> Channel | None:
    path = urlparse(url).path or "/"
    matching = [c for c in channels if c.matches(path)]
    if matching:
        return matching[0]
    return channels[0] if len(channels) == 1 else None


def load_contract(path: str | Path, channel: str | None = None,
                  socket_url: str | None = None) -> Contract:
    """Reads the document at ``path``; ``channel`` picks a channel by key or address;
    ``socket_url`` (a route's URL, when it names one socket) picks it by its path."""
    files = Files(path)
    document = files.contents[files.uri]
    shown = quote(str(path))
    if not isinstance(document, dict) or "asyncapi" not in document:
        raise InvalidInputError(
            f"Contract file {shown} is not an AsyncAPI document: it has no 'asyncapi' "
            "field at its top. Give an AsyncAPI 2.x or 3.0 document.")
    version = str(document["asyncapi"])
    if version.startswith("2."):
        channels = _channels_2(files, document)
    elif version.startswith("3."):
        channels = _channels_3(files, document)
    else:
        raise InvalidInputError(
            f"Contract file {shown} is AsyncAPI {quote(version)}, which the library does not "
            "read. Give an AsyncAPI 2.x or 3.0 document.")
    if not channels:
        raise InvalidInputError(f"Contract file {shown} defines no channels. Add a channel "
                                "with its messages.")
    chosen = None
    if channel is not None:
        chosen = next((c for c in channels if channel in (c.key, c.address)), None)
        if chosen is None:
            raise InvalidInputError(
                f"Contract file {shown} has no channel {quote(channel)}. Use one of: "
                f"{', '.join(quote(c.key) for c in channels)}.")
    elif socket_url is not None or len(channels) == 1:
        chosen = choose(channels, socket_url or "")
        if chosen is None:
            raise InvalidInputError(
                f"Contract file {shown} has no channel whose address matches the path of "
                f"{quote(socket_url or '')}. Give the channel with channel=, or add the "
                f"channel: its channels are {', '.join(quote(c.key) for c in channels)}.")
    return Contract(files, version, channels, chosen)


def _channels_2(files: Files, document: dict[str, Any]) -> list[Channel]:
    uri = files.uri
    channels = []
    for key, _ in _items(document, "channels", files, uri, ""):
        node, at, pointer = files.at(uri, f"/channels/{escape(key)}")
        directions: dict[Side, list[Definition]] = {Side.server: [], Side.page: []}
        for operation, side in (("publish", Side.server), ("subscribe", Side.page)):
            if isinstance(node, dict) and isinstance(node.get(operation), dict):
                place = f"{pointer}/{operation}/message"
                if "message" in node[operation]:
                    directions[side] = _messages(files, at, place, f"{key} {operation}")
        channels.append(Channel(key, key, directions))
    return channels


def _channels_3(files: Files, document: dict[str, Any]) -> list[Channel]:
    uri = files.uri
    channels: dict[tuple[Any, ...], Channel] = {}
    for key, _ in _items(document, "channels", files, uri, ""):
        node, at, pointer = files.at(uri, f"/channels/{escape(key)}")
        address = node.get("address") if isinstance(node, dict) else None
        channels[(at, pointer)] = Channel(key, address if isinstance(address, str) else None,
                                          {Side.server: [], Side.page: []})
    for key, operation in _items(document, "operations", files, uri, ""):
        operation, at, pointer = files.follow(operation, uri, f"/operations/{escape(key)}")
        where = f"{files.name(at)} at {pointer}"
        action = operation.get("action") if isinstance(operation, dict) else None
        if action not in ("send", "receive"):
            raise InvalidInputError(f"Operation {quote(key)} in {where} has no action 'send' or "
                                    "'receive'. Add its action.")
        reference = operation.get("channel")
        if not (isinstance(reference, dict) and "$ref" in reference):
            raise InvalidInputError(f"Operation {quote(key)} in {where} names no channel. "
                                    "Add channel: {$ref: '#/channels/NAME'}.")
        _, channel_at, channel_pointer = files.follow(reference, at, pointer + "/channel")
        channel = channels.get((channel_at, channel_pointer))
        if channel is None:
            raise InvalidInputError(f"Operation {quote(key)} in {where} refers to "
                                    f"{quote(reference['$ref'])}, which is not a channel of "
                                    "the document's 'channels'. Refer to one of them.")
        side = Side.page if action == "send" else Side.server
        messages = operation.get("messages")
        if messages is None:
            chosen = [(f"{channel_pointer}/messages/{escape(name)}", channel_at)
                      for name, _ in _items(files.at(channel_at, channel_pointer)[0],
                                            "messages", files, channel_at, channel_pointer)]
        else:
            chosen = [(f"{pointer}/messages/{index}", at) for index in range(len(messages))]
        for place, file_uri in chosen:
            channel.directions[side].extend(_messages(files, file_uri, place, key))
    return list(channels.values())


def _items(node: Any, key: str, files: Files, uri: str, pointer: str) -> list[tuple[str, Any]]:
    value = node.get(key, {}) if isinstance(node, dict) else {}
    if value is None:
        return []
    if not isinstance(value, dict):
        raise InvalidInputError(f"{quote(key)} in {files.name(uri)} at {pointer_text(pointer)} "
                                "is not a mapping. Write it as a mapping of names.")
    return [(str(k), v) for k, v in value.items()]


def _messages(files: Files, uri: str, pointer: str, context: str) -> list[Definition]:
    """The definitions of the message at ``pointer``: one, or one per ``oneOf`` branch
    (the same message named twice is one definition)."""
    node, at, place = files.at(uri, pointer)
    known = files.made.get((at, place))
    if known is not None:
        return known
    made = _made(files, node, at, place, context)
    files.made[(at, place)] = made
    return made


def _made(files: Files, node: Any, at: str, place: str, context: str) -> list[Definition]:
    if isinstance(node, dict) and isinstance(node.get("oneOf"), list):
        return [d for index in range(len(node["oneOf"]))
                for d in _messages(files, at, f"{place}/oneOf/{index}", context)]
    where = f"{files.name(at)} at {pointer_text(place)}"
    if not isinstance(node, dict):
        raise InvalidInputError(f"The message in {where} is not a mapping. Give it a payload.")
    key = place.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    default = key if "/messages/" in place and not key.isdigit() else context
    name = str(node.get("name") or node.get("title") or default)
    schema_format = node.get("schemaFormat")
    if schema_format is not None and not _SCHEMA_FORMATS.match(str(schema_format)):
        raise InvalidInputError(f"The message {quote(name)} in {where} has schemaFormat "
                                f"{quote(str(schema_format))}; the library checks JSON Schema "
                                "payloads only. Describe the payload in JSON Schema.")
    payload: Any = True
    payload_at = at
    if "payload" in node:
        payload, payload_at, payload_place = files.follow(node["payload"], at, place + "/payload")
        if isinstance(payload, dict) and "schema" in payload and schema_format is None \
                and set(payload) <= {"schema", "schemaFormat"}:  # 3.0 multi-format schema
            payload_place += "/schema"
            payload = payload["schema"]
        files.check_refs(payload, payload_at, payload_place)
        schema = files.inlined(payload, payload_at, payload_place)
        if schema is None:  # recursive: jsonschema follows its refs (slower)
            schema = {"$ref": f"{payload_at}#{payload_place}"}
        payload = payload if isinstance(payload, (dict, bool)) else True
    else:
        schema = True
    validator = Draft7Validator(schema, registry=files.registry,
                                format_checker=Draft7Validator.FORMAT_CHECKER)
    examples = []
    for index, example in enumerate(node.get("examples") or []):
        if isinstance(example, dict) and "payload" in example:
            examples.append((str(example.get("name") or f"{name} {index + 1}"),
                             example["payload"]))
    return [Definition(name, validator, examples, payload, files, payload_at)]


def example_text(payload: Any) -> str:
    """The text of an example payload: JSON."""
    return json.dumps(payload, ensure_ascii=False)
