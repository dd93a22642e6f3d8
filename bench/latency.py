"""Benchmark of Set WebSocket Latency: how exact the delay is, and that it slows no other route.

``bench/run.py`` runs it as row 9 of ``make bench``; it also runs on its own
(``.venv/bin/python bench/latency.py [--quick]``). Both parts run on the
library's page, on mocked routes with ``Reply When Sent    ping    pong``:

- *accuracy*: the page sends ``ping`` and times the ``pong`` with its own
  clock, one message at a time, on a route with ``Set WebSocket Latency
  50 ms    direction=received`` and on one without latency, in alternating
  chunks of 50. Each delayed round trip minus the median undelayed round
  trip of its chunk is the delay the page measures; 500 of them.
- *isolation*: round trips on a route without latency while the page keeps
  a second route busy (a ``ping`` every 5 ms, so replies are always on
  their way): that second route with 50 ms of latency against the same
  traffic with none. The ratio is what another route's latency costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import MOCK, PING, PONG, Browser, Comparison, Schedule, interleaved, reply_rule  # noqa: E402

from WsRouteLibrary.datatypes import FaultDirection  # noqa: E402

LATENCY = 0.050
MESSAGES = 500
CHUNK = 50
STREAM_MS = 5

# Round trips one at a time, each one's milliseconds; and round trips while
# another socket sends a ping every few milliseconds.
LATENCY_JS = """
() => {
  bench.roundTripTimes = async (name, n, message) => {
    const ws = bench.sockets[name];
    const times = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      await new Promise((done) => { ws.onmessage = done; ws.send(message); });
      times.push(performance.now() - start);
    }
    return times;
  };
  bench.roundTripsBeside = async (name, n, message, busy) => {
    const other = bench.sockets[busy];
    other.onmessage = () => {};
    const timer = setInterval(() => other.send(message), STREAM_MS);
    try {
      return await bench.roundTrips(name, n, message);
    } finally {
      clearInterval(timer);
    }
  };
}
""".replace("STREAM_MS", str(STREAM_MS))


class Accuracy:
    """The delay the page measured per message, in milliseconds, and the one the
    library's journal shows (from the page's message to the delivered reply)."""

    def __init__(self, added: list[float], baseline: list[float], inside: list[float]):
        self.added = added
        cuts = statistics.quantiles(inside, n=20)
        self.inside_p50, self.inside_p95 = statistics.median(inside), cuts[-1]
        self.baseline = statistics.median(baseline)
        # How much undelayed round trips vary by themselves: the noise floor.
        self.baseline_p95 = statistics.quantiles([abs(b - self.baseline) for b in baseline],
                                                 n=20)[-1]
        cuts = statistics.quantiles(added, n=20)
        self.p5, self.p50, self.p95 = cuts[0], statistics.median(added), cuts[-1]
        target = LATENCY * 1000
        self.deviation_p95 = statistics.quantiles([abs(a - target) for a in added], n=20)[-1]


def latency_accuracy(browser: Browser, messages: int = MESSAGES) -> Accuracy:
    """Round trips with 50 ms of latency toward the page, less those without."""
    engine = browser.engine
    browser.run(browser.page.evaluate(LATENCY_JS))
    for name in ("delayed", "prompt"):
        engine.route(f"**/lat-{name}")
        engine.add_rule(None, reply_rule(PING, PONG))
        browser.open(f"lat-{name}", f"{MOCK}/lat-{name}")
    engine.set_latency("**/lat-delayed", LATENCY, FaultDirection.received)

    def times(name: str, count: int) -> list[float]:
        return browser.run(browser.page.evaluate(
            "([n, c, m]) => bench.roundTripTimes(n, c, m)", [name, count, PING]))

    times("lat-prompt", 20)  # warm up
    times("lat-delayed", 5)
    added, baseline = [], []
    for _ in range(messages // CHUNK):
        prompt = times("lat-prompt", CHUNK)
        middle = statistics.median(prompt)
        added += [t - middle for t in times("lat-delayed", CHUNK)]
        baseline += prompt
    return Accuracy(added, baseline, browser.run(_journal_delays(engine)))


async def _journal_delays(engine) -> list[float]:
    """Milliseconds from each recorded ping to its recorded pong on the delayed route:
    the latency as the library's timers kept it, without the browser's noise."""
    entries = engine.registry.resolve("**/lat-delayed").journal.entries
    sent = [e.time for e in entries if e.kind.value == "sent"]
    received = [e.time for e in entries if e.kind.value == "received"]
    return [(r - s) * 1000 for s, r in zip(sent, received, strict=True)][-MESSAGES:]


def latency_isolation(browser: Browser, schedule: Schedule) -> Comparison:
    """Round trips on a route without latency beside a busy route with and without it."""
    engine = browser.engine
    engine.route("**/lat-quiet")
    engine.add_rule(None, reply_rule(PING, PONG))
    browser.open("lat-quiet", f"{MOCK}/lat-quiet")
    for name, latency in (("busy-delayed", LATENCY), ("busy-prompt", 0.0)):
        engine.route(f"**/lat-{name}")
        engine.add_rule(None, reply_rule(PING, PONG))
        engine.set_latency(None, latency, FaultDirection.both)
        browser.open(name, f"{MOCK}/lat-{name}")
    page = browser.page

    def beside(busy: str):
        def measure(count: int) -> tuple[float, float]:
            import time

            cpu = time.process_time()
            wall = browser.run(page.evaluate(
                "([n, c, m, b]) => bench.roundTripsBeside(n, c, m, b)",
                ["lat-quiet", count, PING, busy]))
            return wall, (time.process_time() - cpu) / count * 1e6

        return measure

    figures = interleaved({
        "delayed": beside("busy-delayed"),
        "prompt": beside("busy-prompt"),
    }, schedule)
    return Comparison(figures["delayed"], figures["prompt"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the time budget")
    quick = parser.parse_args().quick
    schedule = Schedule(50, 4, 3 if quick else 5, 30, 20 * (0.25 if quick else 1.0),
                        warm_up=100)
    browser = Browser()
    try:
        accuracy = latency_accuracy(browser)
        isolation = latency_isolation(browser, schedule)
    finally:
        browser.close()
    ratios = sorted(isolation.wall_ratios)
    print(f"Latency {LATENCY * 1000:.0f} ms over {len(accuracy.added)} messages: the page measured "
          f"{accuracy.p50:.1f} ms added (p5 {accuracy.p5:.1f}, p95 {accuracy.p95:.1f}); "
          f"p95 of |added - {LATENCY * 1000:.0f} ms| {accuracy.deviation_p95:.1f} ms "
          f"(target <= 5); round trip without latency {accuracy.baseline:.1f} ms, "
          f"p95 of its own spread {accuracy.baseline_p95:.1f} ms; in the library's journal "
          f"{accuracy.inside_p50:.2f} ms (p95 {accuracy.inside_p95:.2f})")
    print(f"Round trip beside a busy route with latency: {isolation.wall:,.0f} µs, beside the "
          f"same traffic without: {isolation.baseline_wall:,.0f} µs, ratio "
          f"{ratios[len(ratios) // 2]:.2f} ({isolation.rounds} rounds)")


if __name__ == "__main__":
    main()
