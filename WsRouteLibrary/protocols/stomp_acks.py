"""A connected STOMP route's acknowledgements of the broker's MESSAGEs the page never got.

On a subscription with ``ack: client`` or ``client-individual`` the broker
waits for an ACK or NACK of each MESSAGE; RabbitMQ stops delivering at
the SUBSCRIBE's ``prefetch-count`` unacknowledged ones, and sends them
again to the next consumer of the queue when the connection closes. When
a rule drops or replaces a broker's MESSAGE the page cannot acknowledge
it, so the library does, and only then: a MESSAGE the page got is the
page's to ACK or NACK, and its ACK or NACK reaches the broker as it came
(a NACK keeps its meaning: the broker redelivers or dead-letters).

``client-individual``: each dropped MESSAGE is ACKed at once, alone.
``client``: an ACK is cumulative (it acknowledges every earlier MESSAGE of
the subscription too), so the library ACKs dropped MESSAGEs only when
none before them is still the page's to acknowledge: at once, or right
after the page's own ACK or NACK of the MESSAGE before them. Pure logic.
"""

from __future__ import annotations

_NEW, _PAGE, _DROPPED = "on its way", "the page's", "dropped"


class Acks:
    """The broker's MESSAGEs of client-ack subscriptions not acknowledged yet, in order."""

    def __init__(self) -> None:
        # subscription -> [[ack key, state], ...] in the broker's order
        self.waiting: dict[str, list[list[str]]] = {}
        self.of: dict[str, tuple[str, str]] = {}  # ack key -> (subscription, ack mode)

    def received(self, key: str, subscription: str, mode: str) -> None:
        """The broker sent MESSAGE ``key`` to ``subscription`` (acked in ``mode``)."""
        if key not in self.of:
            self.of[key] = (subscription, mode)
            self.waiting.setdefault(subscription, []).append([key, _NEW])

    def carried(self, key: str) -> None:
        """The MESSAGE went to the page: it is the page's to acknowledge."""
        entry = self._entry(key)
        if entry is not None:
            entry[1] = _PAGE

    def settled(self, key: str) -> list[tuple[str, str]]:
        """The MESSAGE went its way on the road: the keys the library ACKs now (none
        when the page got it)."""
        entry = self._entry(key)
        if entry is None or entry[1] == _PAGE:
            return []
        subscription, mode = self.of[key]
        if mode != "client":
            self._forget(subscription, 0, entry)
            return [(key, subscription)]
        entry[1] = _DROPPED
        return self._leading(subscription)

    def page_acked(self, key: str) -> list[tuple[str, str]]:
        """The page ACKed or NACKed ``key``: the keys the library ACKs after it."""
        entry = self._entry(key)
        if entry is None:
            return []
        subscription, mode = self.of[key]
        at = self.waiting[subscription].index(entry)
        if mode != "client":
            self._forget(subscription, 0, entry)
            return []
        self._forget(subscription, at + 1)  # the broker's ACK is cumulative: all before it
        return self._leading(subscription)

    def _leading(self, subscription: str) -> list[tuple[str, str]]:
        """Cumulative mode: the last of the dropped MESSAGEs that nothing the page has to
        acknowledge precedes (one ACK covers them all)."""
        entries = self.waiting.get(subscription, [])
        count = 0
        while count < len(entries) and entries[count][1] == _DROPPED:
            count += 1
        if not count:
            return []
        last = entries[count - 1][0]
        self._forget(subscription, count)
        return [(last, subscription)]

    def _entry(self, key: str) -> list[str] | None:
        if key not in self.of:
            return None
        return next(e for e in self.waiting[self.of[key][0]] if e[0] == key)

    def _forget(self, subscription: str, upto: int, only: list[str] | None = None) -> None:
        """Forgets the subscription's first ``upto`` entries, or ``only`` that one."""
        entries = self.waiting[subscription]
        gone = [only] if only is not None else entries[:upto]
        for entry in gone:
            entries.remove(entry)
            self.of.pop(entry[0], None)
        if not entries:
            del self.waiting[subscription]
