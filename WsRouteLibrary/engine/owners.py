"""Owners: the test or suite that owns what it creates, its errors and its unlogged traffic."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..model.journal import TrafficReport
from ..model.registry import Registry, Route, Rule


class Owner:
    """A test or suite (or the library itself, outside any of them)."""

    def __init__(self, name: str, parent: Owner | None = None):
        self.name = name
        self.parent = parent
        self.started = time.monotonic()
        self.errors: list[str] = []


@dataclass
class OwnerReport:
    """What an ended test or suite leaves for the log: its traffic and its errors."""

    traffic: TrafficReport
    errors: list[str] = field(default_factory=list)


class Owners:
    """The stack of running owners over one registry.

    What is created (routes, rules, journal entries) is stamped with the
    current owner; when the owner ends it is removed, or handed to the
    enclosing owner.
    """

    def __init__(self, registry: Registry):
        self.registry = registry
        self.current = Owner("library")

    def start(self, name: str) -> None:
        self.current = Owner(name, self.current)

    def end(self, remove: bool) -> OwnerReport:
        """Ends the current owner and returns what it leaves for the log.

        With ``remove`` what it created goes and what it hid of its parent's
        comes back; otherwise all of it passes to the enclosing owner.
        """
        owner = self.current
        parent = owner.parent or owner
        traffic = self.unlogged()
        for route in list(self.registry.routes):
            if remove and route.owner is owner:
                self.registry.remove(route)
            elif remove:
                route.rules = [r for r in route.rules if r.owner is not owner]
                route.journal.remove(lambda e: e.owner is owner)
            else:
                owned: list[Route | Rule] = [route, *route.rules]
                for item in owned:
                    if item.owner is owner:
                        item.owner = parent
                route.journal.reown(owner, parent)
        self.registry.end_owner(owner, parent, remove)
        self.registry.forget_retired()
        self.current = parent
        return OwnerReport(traffic, owner.errors)

    def unlogged(self) -> TrafficReport:
        """The current owner's entries not logged yet; they count as logged from now on.

        Routes removed meanwhile count too, so a test that unrouted a route
        still shows its traffic.
        """
        owner = self.current
        report = TrafficReport(started=owner.started)
        for route in [*self.registry.routes, *self.registry.retired]:
            for entry in route.journal.take_unlogged(owner):
                report.entries.append(entry)
                report.routes[entry.seq] = route.text
            journal = route.journal
            if journal.dropped > journal.dropped_logged:
                report.dropped[route.text] = journal.dropped - journal.dropped_logged
                journal.dropped_logged = journal.dropped
        report.entries.sort(key=lambda e: e.seq)
        return report

    def take_errors(self) -> list[str]:
        errors, self.current.errors = self.current.errors, []
        return errors
