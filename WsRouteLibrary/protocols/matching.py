"""Matching on a protocol route: the library's match modes over protocol messages."""

from __future__ import annotations

from typing import Any

from ..datatypes import MatchMode
from ..errors import InvalidInputError, ProtocolError
from ..model.matching import Match, Matcher, Message, contains
from .base import Codec, Memo, ProtocolMessage


class ProtocolMatcher:
    """A :class:`Matcher` read the way a protocol route reads messages.

    What the tester wrote becomes a document in the codec's shorthand (a
    Socket.IO ``["event", arg]`` array is ``{"event": ..., "args": [...]}``).
    ``exact``: equal documents (see ``Codec.exact``); ``json``: the message's
    document contains the written one; ``glob`` and ``regexp``: over the
    message's canonical text. Every match carries the message's document,
    so reply templates can use its paths (``{{args.0}}``) in any mode.
    Frames recorded as invalid are plain text or bytes and are matched as
    the plain matcher does.
    """

    def __init__(self, matcher: Matcher, codec: type[Codec]):
        self.plain = matcher
        self.mode = matcher.mode
        self.expected = matcher.expected
        self.codec = codec
        self.written: dict[str, Any] | None = None  # the document, for exact and json
        self._verdicts = Memo(1024)  # canonical text -> whether it matches
        if matcher.expected is not None and self.mode in (MatchMode.exact, MatchMode.json):
            if isinstance(matcher.expected, bytes):
                raise InvalidInputError(
                    f"A {codec.name} message is matched as text, e.g. {codec.example}, not as "
                    "bytes."
                )
            try:
                self.written = codec.document(matcher.expected)
            except ProtocolError as error:
                raise InvalidInputError(str(error)) from None

    def match(self, message: Message) -> Match | None:
        if not isinstance(message, ProtocolMessage):
            return self.plain.match(message)
        document = message.document
        if self.expected is None:
            return Match(message, document=document)
        if self.mode is MatchMode.exact or self.mode is MatchMode.json:
            found = self._verdicts.get(message)
            if found is None:
                written = self.written
                assert written is not None  # made with the matcher: it expects a message
                found = (self.codec.exact(written, document) if self.mode is MatchMode.exact
                         else contains(document, written))
                if len(message) <= 4096:  # long ones are not worth keeping
                    self._verdicts.keep(str(message), found)
        else:
            match = self.plain.match(message)
            if match is not None and match.groups is None:
                match.document = document
            return match
        return Match(message, document=document) if found else None

    def describe(self) -> str:
        return self.plain.describe()
