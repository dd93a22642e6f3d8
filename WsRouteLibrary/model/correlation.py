"""Ids the page picks, mapped from the recording to the live run.

A protocol's client picks the ids that tie the server's answers to its own
messages: graphql-ws operation ids (``"id"`` of subscribe, next, error,
complete), Socket.IO acknowledgement ids (``"ack"`` of an event the page
emits, and of the acknowledgement that answers it). A replayed run picks
other ids than the recorded one did, and a client drops an answer under an
id it never used. So a replay compares a page message with the recorded one
as if it carried the recorded id, remembers recorded id -> live id when they
match, and sends the recorded answers under the live id.

The codec class says which field it is (``Codec.correlation``); this module
knows no protocol. Messages are compared as their JSON documents (the
canonical text of a protocol route's messages).
"""

from __future__ import annotations

import json
from typing import Any, TypeGuard

from .comparison import parse
from .matching import Message

_canonical = json.JSONEncoder(ensure_ascii=False).encode


class Correlation:
    """One socket's ids: ``key`` is the field; with ``asks``, only page messages with
    that key start an id of the page (a Socket.IO ``event`` asking for an ack) and only
    server messages without it answer one (the others ask the page, in the server's ids).
    """

    def __init__(self, key: str, asks: str | None = None):
        self.key = key
        self.asks = asks
        self.live: dict[str, Any] = {}  # the recorded id as JSON -> the live id
        # The last recorded message parsed, with its document.
        self._recorded: tuple[Message, dict[str, Any] | None] | None = None

    def _document(self, message: Message, recorded: bool = False) -> dict[str, Any] | None:
        if not isinstance(message, str):
            return None
        if recorded and self._recorded is not None and self._recorded[0] is message:
            return self._recorded[1]
        parsed = parse(message)  # NOT_JSON and TOO_DEEP are no dict either
        document = parsed if isinstance(parsed, dict) else None
        if recorded:
            self._recorded = (message, document)
        return document

    def _page_id(self, document: dict[str, Any] | None) -> TypeGuard[dict[str, Any]]:
        return (document is not None and self.key in document
                and (self.asks is None or self.asks in document))

    def align(self, message: Message, recorded: Message) -> Message:
        """The page's message as compared with the recorded one: under the recorded id,
        when both carry an id of the page."""
        live = self._document(message)
        if not self._page_id(live):
            return message
        document = self._document(recorded, recorded=True)
        if not self._page_id(document) or live[self.key] == document[self.key]:
            return message
        return _canonical({**live, self.key: document[self.key]})

    def learn(self, message: Message, recorded: Message) -> None:
        """The page's message matched the recorded one: its id stands for the recorded id."""
        live = self._document(message)
        document = self._document(recorded, recorded=True)
        if self._page_id(live) and self._page_id(document):
            self.live[json.dumps(document[self.key])] = live[self.key]

    def rewrite(self, reply: Message) -> tuple[Message, str]:
        """A recorded server message under the live id; and what the log adds ('' if
        nothing changed)."""
        if not self.live or not isinstance(reply, str) or self.key not in reply:
            return reply, ""
        document = self._document(reply)
        if document is None or self.key not in document or (
                self.asks is not None and self.asks in document):
            return reply, ""
        recorded = json.dumps(document[self.key])
        if recorded not in self.live or self.live[recorded] == document[self.key]:
            return reply, ""
        now = self.live[recorded]
        return (_canonical({**document, self.key: now}),
                f" ({self.key} {recorded} as this run's {json.dumps(now)})")
