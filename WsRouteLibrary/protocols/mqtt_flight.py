"""The page's packet identifiers on a connected MQTT route, shared by the broker and the library.

Beside a real broker two senders publish to the page at QoS 1 and 2: the
broker and the library (a rule's reply, `Publish MQTT Message`). Each picks
its own packet identifiers, so they could pick the same one while both are
in flight, and the page's acknowledgement would then finish the wrong one.
:class:`InFlight` keeps one identifier space on the page's side: the
library's identifiers avoid the broker's in flight, a broker's publish
whose identifier the library holds is renumbered for the page, and the
page's acknowledgements go back under the broker's number (or, for the
library's own publishes, stay off the broker). Pure logic, no I/O.
"""

from __future__ import annotations

from .mqtt_packets import PUBACK, PUBCOMP

_DONE = (PUBACK, PUBCOMP)  # the acknowledgements that end a publish's flight


class InFlight:
    """Packet identifiers in flight to the page: the library's and the broker's."""

    def __init__(self, library: dict[int, int]):
        self.library = library  # page id -> QoS of the library's publishes (the codec's)
        self.broker: dict[int, int] = {}  # page id -> the broker's id
        self.page: dict[int, int] = {}  # the broker's id -> page id

    def taken(self, identifier: int) -> bool:
        return identifier in self.library or identifier in self.broker

    def from_broker(self, identifier: int) -> int:
        """The page's number for the broker's publish ``identifier`` (itself when free)."""
        if identifier in self.page:  # sent again (DUP): the same number
            return self.page[identifier]
        mine = identifier
        while self.taken(mine):
            mine = mine % 65535 + 1
        self.broker[mine], self.page[identifier] = identifier, mine
        return mine

    def release(self, identifier: int) -> int:
        """The page's number for the broker's PUBREL of ``identifier``."""
        return self.page.get(identifier, identifier)

    def from_page(self, kind: int, identifier: int) -> int | None:
        """The broker's number for the page's acknowledgement ``kind`` of ``identifier``;
        None when it acknowledges the library's publish (it stays off the broker)."""
        if identifier in self.library:
            if kind in _DONE:
                del self.library[identifier]
            return None
        theirs = self.broker.get(identifier)
        if theirs is None:
            return identifier  # nothing the library knows of: as it came
        if kind in _DONE:
            del self.broker[identifier]
            self.page.pop(theirs, None)
        return theirs


def renumbered(raw: bytes, at: int, identifier: int) -> bytes:
    """``raw`` with the packet identifier at offset ``at`` set to ``identifier``."""
    if int.from_bytes(raw[at:at + 2], "big") == identifier:
        return raw
    return raw[:at] + identifier.to_bytes(2, "big") + raw[at + 2:]
