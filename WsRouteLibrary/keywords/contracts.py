"""Contract keywords: AsyncAPI documents checked live, JSON Schemas over the journal."""

from __future__ import annotations

from pathlib import Path

from robot.api import logger
from robot.api.deco import keyword

from ..datatypes import Direction
from ..errors import InvalidInputError, quote
from ..model.contracts import SchemaCheck
from ..model.contracts.checking import shorten
from .base import LibraryComponent

_DIRECTIONS = {"sent": (Direction.sent,), "received": (Direction.received,),
               "both": (Direction.sent, Direction.received)}


class ContractKeywords(LibraryComponent):
    @keyword("Use AsyncAPI Document", tags=["Contract"])
    def use_asyncapi_document(self, path: Path, url: str | None = None,
                              channel: str | None = None) -> int:
        """Checks, live, every message that crosses the route from now on against
        the AsyncAPI document at ``path``; returns how many message
        definitions apply to the route.

        The document is AsyncAPI 2.x or 3.0, YAML or JSON; its ``$ref`` entries
        are resolved, within the file and to other files (relative to its
        folder). What the page sends is checked against the messages the
        document lets a client send, what the page receives against those it
        lets the server send (see `Contracts`); on a protocol route, the
        decoded message. A message that fits none fails the test, naming the
        message, the definition it came closest to, and the JSON path and
        rule of the first violation, as in
        ``closest message 'Quote', $.price: 'abc' is not of type 'number'``.
        The message still goes on: a contract observes, it does not block.

        ``channel`` picks the channel by its name or address (default: the
        channel whose address matches the socket URL's path, else the only
        one; on a route whose pattern names no single URL, the channel is
        chosen for each socket as it opens, and the count is of every
        channel). ``url`` selects the route (default: the current route). The
        document holds until the test or suite that set it ends; the log of
        each test says which message definitions were seen and which not.

        Example:
        | Route WebSocket    ws://127.0.0.1:8000/quotes
        | ${count} =    Use AsyncAPI Document    ${CURDIR}/quotes.yaml
        | Open Page    http://127.0.0.1:8000/
        | Send Example Message    Quote
        """
        count = self.engine.use_contract(url, path, channel)
        logger.info(f"Checking the route's messages against {quote(str(path))}: {count} "
                    "message definition(s) apply.")
        return count

    @keyword("Messages Should Match Schema", tags=["Contract"])
    def messages_should_match_schema(self, schema: str, url: str | None = None,
                                     direction: str = "both") -> None:
        """Fails unless every message recorded so far on the route in
        ``direction`` fits the JSON Schema ``schema``.

        ``schema`` is the path of a schema file (JSON or YAML, ``$ref`` entries
        to other files resolved relative to it) or the schema itself as JSON
        text. ``direction`` is ``sent`` (what the page sent), ``received``
        (what it received) or ``both``. The failure lists every message that
        does not fit, with the JSON path and rule of each violation. A
        schema without ``$schema`` is read as JSON Schema 2020-12. ``url``:
        see `Common arguments`.

        Example:
        | Messages Should Match Schema    {"type": "object", "required": ["type"]}
        | Messages Should Match Schema    ${CURDIR}/order.json    direction=sent
        """
        directions = _DIRECTIONS.get(str(direction).strip().lower())
        if directions is None:
            raise InvalidInputError(f"Argument 'direction' got {quote(str(direction))}. Use "
                                    "'sent', 'received' or 'both'.")
        check = SchemaCheck(schema)
        messages = self.engine.recorded_messages(url, directions)
        failures = []
        for socket, way, message in messages:
            problems = check.problems(message)
            if problems:
                failures.append(f"socket #{socket} {way} {shorten(str(message))}: "
                                + "; ".join(problems))
        if failures:
            raise AssertionError(
                f"{len(failures)} of {len(messages)} message(s) do not match "
                f"{check.shown}:\n" + "\n".join(failures))
        logger.info(f"All {len(messages)} message(s) match {check.shown}.")

    @keyword("Send Example Message", tags=["Contract"])
    def send_example_message(self, name: str, url: str | None = None) -> int:
        """Sends the page the example ``name`` of the route's AsyncAPI document, as
        `Send To Page` does; returns the number of sockets reached.

        ``name`` is the name of an example in a message's ``examples``, or a
        message's name: then its first example is sent. The example's
        payload is sent as JSON text (on a protocol route, as the protocol's
        message: the payload is the decoded message's document). Waits up
        to the library timeout for a socket to be open. It is checked
        against the document like any other message. ``url``: see `Common
        arguments`.

        Example:
        | Use AsyncAPI Document    ${CURDIR}/quotes.yaml
        | Send Example Message    cheap quote
        """
        count = self.engine.send_example(url, name, self.timeout(None))
        logger.info(f"Sent example {quote(name)} to {count} socket(s).")
        return count
