"""The QoS 1 and 2 handshakes the library speaks: with the page, and with a real broker.

Toward the page the library is the broker for every QoS 1 or 2 publish
the page gets: its own (a rule's reply, `Publish MQTT Message`) and, on a
connected route, the broker's too. So there is one identifier space on
the page's side, :class:`InFlight`'s: a publish to the page is numbered
when it is sent (a broker's publish a rule dropped takes no number), and
the page's PUBACK, PUBREC and PUBCOMP end it here, never on the broker.

Toward a real broker the library is the client for the broker's
publishes: it acknowledges each itself as it comes (PUBACK; PUBREC, then
PUBCOMP for the broker's PUBREL), whatever a rule makes of it. A broker
stops delivering when too many of its publishes are unacknowledged
(RabbitMQ's ``mqtt.prefetch``, 10), so a dropped publish must be
acknowledged too. The page's own publishes and the broker's
acknowledgements of them pass as they came. Pure logic, no I/O.
"""

from __future__ import annotations

from .mqtt_packets import PUBACK, PUBCOMP, PUBREC, PUBREL, packet


def ack(kind: int, identifier: int) -> bytes:
    """The acknowledgement packet ``kind`` (PUBACK, PUBREC, PUBREL, PUBCOMP) of ``identifier``."""
    return packet(kind, 2 if kind == PUBREL else 0, identifier.to_bytes(2, "big"))


class InFlight:
    """Packet identifiers in flight: of publishes to the page, and of QoS 2 publishes
    the library received (from the page, on a mocked route; from the broker, connected)."""

    def __init__(self) -> None:
        self.outgoing: dict[int, int] = {}  # page id -> QoS of a publish to the page
        self.incoming: set[int] = set()  # QoS 2 ids of the page's publishes awaiting PUBREL
        self.broker: set[int] = set()  # QoS 2 ids of the broker's publishes awaiting PUBREL
        self._next = 0

    def number(self, qos: int) -> int:
        """A free identifier for a publish to the page at ``qos`` (0: for a subscribe)."""
        for _ in range(65535):
            self._next = self._next % 65535 + 1
            if self._next not in self.outgoing:
                break  # else all 65535 in flight: the page is not acknowledging
        if qos:
            self.outgoing[self._next] = qos
        return self._next

    def received(self, identifier: int, qos: int, waiting: set[int]) -> tuple[bool, list[bytes]]:
        """A QoS ``qos`` publish ``identifier`` came: (whether it is new, the acknowledgement
        to send back). ``waiting``: the QoS 2 ids of its sender awaiting PUBREL."""
        if qos == 1:
            return True, [ack(PUBACK, identifier)]
        new = identifier not in waiting  # sent again before our PUBREC came: once only
        waiting.add(identifier)
        return new, [ack(PUBREC, identifier)]

    @staticmethod
    def released(identifier: int, waiting: set[int]) -> list[bytes]:
        """The sender's PUBREL of a QoS 2 publish: its PUBCOMP."""
        waiting.discard(identifier)
        return [ack(PUBCOMP, identifier)]

    def acknowledged(self, kind: int, identifier: int) -> list[bytes]:
        """The page acknowledged a publish to it: the broker's part (PUBREL after PUBREC)."""
        if kind == PUBREC:
            return [ack(PUBREL, identifier)]
        self.outgoing.pop(identifier, None)
        return []


def renumbered(raw: bytes, at: int, identifier: int) -> bytes:
    """``raw`` with the packet identifier at offset ``at`` set to ``identifier``."""
    if int.from_bytes(raw[at:at + 2], "big") == identifier:
        return raw
    return raw[:at] + identifier.to_bytes(2, "big") + raw[at + 2:]
