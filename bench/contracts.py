"""Benchmark of Use AsyncAPI Document: what checking every message costs.

Runs on its own (``PYTHONPATH=. .venv/bin/python bench/contracts.py [--quick]``). Two
mocked routes answer ``{"type": "ping", ...}`` with ``{"type": "pong", ...}``
by the same ``Reply When Sent`` rule; one of them also checks both
messages against an AsyncAPI 2.x document (a ``oneOf`` of two messages
each way, ``$ref``'d schemas, a format and a pattern). It prints

- the round trip the page measures on the checked route against the
  unchecked one, measured in turns (target: ratio <= 1.10);
- the CPU µs the library spends per page message without a browser: the
  same ping answered by the rule (a channel remembers its verdicts on
  repeated texts), and every message different (one full validation each).

The figures are measurements, not pass/fail checks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import (  # noqa: E402
    MOCK,
    Browser,
    Comparison,
    Schedule,
    SendsAtOnce,
    in_process_socket,
    interleaved,
)

from WsRouteLibrary.datatypes import Direction, RuleKind  # noqa: E402
from WsRouteLibrary.model.contracts import load_contract  # noqa: E402
from WsRouteLibrary.model.matching import Matcher  # noqa: E402
from WsRouteLibrary.model.registry import Rule  # noqa: E402

PING = '{"type": "ping", "id": "a-1", "at": "2026-01-01"}'
PONG = '{"type": "pong", "id": "a-1", "load": 0.5}'
DOCUMENT = """
asyncapi: 2.6.0
info: {title: bench, version: '1'}
channels:
  /:
    publish:
      message:
        oneOf: [{$ref: '#/components/messages/Ping'}, {$ref: '#/components/messages/Bye'}]
    subscribe:
      message:
        oneOf: [{$ref: '#/components/messages/Pong'}, {$ref: '#/components/messages/Bye'}]
components:
  messages:
    Ping:
      payload:
        type: object
        required: [type, id]
        properties:
          type: {const: ping}
          id: {$ref: '#/components/schemas/Id'}
          at: {type: string, format: date}
    Pong:
      payload:
        type: object
        required: [type, id, load]
        properties:
          type: {const: pong}
          id: {$ref: '#/components/schemas/Id'}
          load: {type: number, minimum: 0, maximum: 1}
    Bye:
      payload: {type: object, required: [type], properties: {type: {const: bye}}}
  schemas:
    Id: {type: string, pattern: '^[a-z]-[0-9]+$'}
"""


def rule() -> Rule:
    return Rule(RuleKind.reply, Direction.sent, Matcher(PING, "exact"), [PONG])


def round_trips(browser: Browser, schedule: Schedule, document: Path) -> Comparison:
    engine = browser.engine
    for name in ("plain", "checked"):
        engine.route(f"**/contract-{name}")
        engine.add_rule(None, rule())
        if name == "checked":
            engine.use_contract(None, document, None)
        browser.open(name, f"{MOCK}/contract-{name}")
    figures = interleaved({
        "checked": browser.measure("roundTrips", "checked", PING,
                                   before=lambda: engine.clear("**/contract-checked")),
        "plain": browser.measure("roundTrips", "plain", PING,
                                 before=lambda: engine.clear("**/contract-plain")),
    }, schedule)
    errors = engine.take_errors()
    assert not errors, errors  # every message fits: nothing but the checking is measured
    return Comparison(figures["checked"], figures["plain"])


def library_cpu(browser: Browser, document: Path, checked: bool, unique: bool,
                rounds: int = 7) -> float:
    """CPU µs per page message. ``unique``: every message differs (no rule answers,
    no verdict is remembered: one full validation each); else the same ping,
    answered by the rule (the channel remembers the verdicts)."""
    engine = browser.engine
    socket = in_process_socket(engine, 1, expected=PING)
    socket.route.rules.clear()
    if not unique:
        socket.route.add_rule(rule())
    if checked:
        engine.traffic.contracts.use(socket.route, load_contract(document),
                                     engine.owners.current)
    count, times = 2000, []
    messages = [PING.replace("a-1", f"a-{n}") if unique else PING for n in range(count)]
    with SendsAtOnce(engine):  # the browser is idle meanwhile
        for _ in range(rounds):
            start = time.thread_time()
            for message in messages:
                socket.road.from_page(socket, message)
            times.append((time.thread_time() - start) / count * 1e6)
            socket.route.journal.entries.clear()
    assert not engine.owners.current.errors, engine.owners.current.errors
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the time budget")
    quick = parser.parse_args().quick
    schedule = Schedule(50, 4, 3 if quick else 5, 30, 20 * (0.25 if quick else 1.0),
                        warm_up=100)
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "bench.yaml"
        document.write_text(DOCUMENT, encoding="utf-8")
        browser = Browser()
        try:
            result = round_trips(browser, schedule, document)
            cpu = {(checked, unique): library_cpu(browser, document, checked, unique)
                   for checked in (False, True) for unique in (False, True)}
        finally:
            browser.close()
    ratios = sorted(result.wall_ratios)
    print(f"Round trip with the AsyncAPI document checked: {result.wall:,.0f} µs, without: "
          f"{result.baseline_wall:,.0f} µs, ratio {ratios[len(ratios) // 2]:.2f} "
          f"(target <= 1.10; {result.rounds} rounds)")
    print(f"Library CPU per page message, the same ping answered by a rule: "
          f"{cpu[False, False]:.1f} µs unchecked, {cpu[True, False]:.1f} µs checked "
          "(verdicts remembered)")
    print(f"Library CPU per page message, every message different, no rule: "
          f"{cpu[False, True]:.1f} µs unchecked, {cpu[True, True]:.1f} µs checked "
          "(one full validation each)")


if __name__ == "__main__":
    main()
