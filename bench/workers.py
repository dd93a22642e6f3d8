"""A worker socket's mocked round trip against a page socket's, on the same page and route.

Standalone: ``PYTHONPATH=. .venv/bin/python bench/workers.py [--quick]``. One engine,
one Chromium, one page served from 127.0.0.1 with a dedicated Worker; both sockets go to
the same mocked route, whose rule answers ``ping`` with ``pong``. Each turn runs
sequential round trips timed with the browser's own clock (the page's for its socket,
the worker's for its own), the two sides taking turns (AB BA ...). The worker's trip
adds the relay hop (worker, relay, library and back) where the page's goes through
Playwright's routing script and driver. Then a flood: each side sends its messages at
once and times until every answer came (the relay's throughput against Playwright's).
It prints the medians and their ratios, and asserts nothing of time.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "atest" / "resources"))
from TestKit import chromium_executable, start_http_server, stop_http_server  # noqa: E402

from WsRouteLibrary.datatypes import Direction, RuleKind  # noqa: E402
from WsRouteLibrary.engine.engine import Engine  # noqa: E402
from WsRouteLibrary.model.matching import Matcher  # noqa: E402
from WsRouteLibrary.model.registry import Rule  # noqa: E402

URL = "ws://bench.test/echo"  # mocked: never contacted
TRIPS = """
async function trips(url, count) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onclose = reject; });
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => { ws.onmessage = resolve; ws.send('ping'); });
  }
  const took = performance.now() - started;
  ws.close();
  return took * 1000 / count;
}
async function flood(url, count) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onclose = reject; });
  const started = performance.now();
  await new Promise((resolve) => {
    let left = count;
    ws.onmessage = () => { if (--left === 0) resolve(); };
    for (let i = 0; i < count; i++) ws.send('ping');
  });
  const took = performance.now() - started;
  ws.close();
  return took * 1000 / count;
}
"""
PAGE = f"""<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><script>
{TRIPS}
window.pageTrips = trips;
window.pageFlood = flood;
window.worker = new Worker('bench-worker.js');
const inWorker = (what) => (url, count) => new Promise((resolve) => {{
  window.worker.onmessage = (e) => resolve(e.data);
  window.worker.postMessage({{what: what, url: url, count: count}});
}});
window.workerTrips = inWorker('trips');
window.workerFlood = inWorker('flood');
</script></body></html>"""
WORKER = TRIPS + (
    "self.onmessage = async (e) => self.postMessage(\n"
    "  await (e.data.what === 'flood' ? flood : trips)(e.data.url, e.data.count));\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    quick = parser.parse_args().quick
    rounds, count = (6, 50) if quick else (20, 100)
    flood_rounds, flood_count = (3, 1000) if quick else (6, 2000)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bench.html").write_text(PAGE, encoding="utf-8")
        Path(folder, "bench-worker.js").write_text(WORKER, encoding="utf-8")
        server = start_http_server(functools.partial(_Quiet, directory=folder))
        engine = Engine(headless=True, executable_path=chromium_executable())
        try:
            engine.route("**/echo")
            engine.add_rule(None, Rule(RuleKind.reply, Direction.sent, Matcher("ping", "exact"),
                                       ["pong"]))
            engine.open_page(f"http://127.0.0.1:{server.server_port}/bench.html")
            figures = _turns(engine, {"page": "pageTrips", "worker": "workerTrips"},
                             rounds, count)
            floods = _turns(engine, {"page": "pageFlood", "worker": "workerFlood"},
                            flood_rounds, flood_count)
            errors = engine.take_errors()
            assert not errors, errors
        finally:
            engine.shutdown()
            stop_http_server(server)
    ratios = [w / p for w, p in zip(figures["worker"], figures["page"], strict=True)]
    print(f"Mocked round trip, worker socket: {statistics.median(figures['worker']):,.0f} µs, "
          f"page socket: {statistics.median(figures['page']):,.0f} µs, ratio "
          f"{statistics.median(ratios):.2f} ({rounds} rounds of {count} trips each)")
    ratios = [w / p for w, p in zip(floods["worker"], floods["page"], strict=True)]
    rate = {side: 1e6 / statistics.median(times) for side, times in floods.items()}
    print(f"Mocked flood (each message answered), worker socket: {rate['worker']:,.0f} msg/s, "
          f"page socket: {rate['page']:,.0f} msg/s, time ratio {statistics.median(ratios):.2f} "
          f"({flood_rounds} rounds of {flood_count:,} messages each)")


def _turns(engine: Engine, sides: dict[str, str], rounds: int, count: int
           ) -> dict[str, list[float]]:
    """µs per message of each side's function, the sides taking turns (AB BA ...)."""
    for function in sides.values():  # warm-up: JIT, first allocations
        engine.evaluate(f"([u, n]) => {function}(u, n)", [URL, count])
    figures: dict[str, list[float]] = {side: [] for side in sides}
    for number in range(rounds):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for side in order:
            figures[side].append(engine.evaluate(
                f"([u, n]) => {sides[side]}(u, n)", [URL, count]))
            engine.clear("**/echo")
    return figures


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    main()
