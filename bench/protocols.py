"""Benchmark of a protocol route: a Socket.IO event round trip against the mock.

``bench/run.py`` runs it as row 6 of ``make bench``; it also runs on its own
(``.venv/bin/python bench/protocols.py [--quick]``). The page speaks
Engine.IO / Socket.IO frames on a plain WebSocket, so both variants do the
same work in the browser:

- library: ``Route WebSocket    **/lib-sio/**    protocol=socket.io`` and
  ``Reply When Sent    ["ping"]    ["pong"]``: each ``42["ping"]`` frame is
  decoded into an event, matched, answered, encoded and recorded;
- baseline: a raw Playwright handler on the same page that answers the
  frame ``42["ping"]`` with ``42["pong"]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import MOCK, Browser, Comparison, Schedule, interleaved, raw_reply  # noqa: E402

from WsRouteLibrary.datatypes import Direction, RuleKind  # noqa: E402
from WsRouteLibrary.model.matching import Matcher  # noqa: E402
from WsRouteLibrary.model.registry import Rule  # noqa: E402

EVENT, ANSWER = '42["ping"]', '42["pong"]'
SOCKET_IO = "/socket.io/?EIO=4&transport=websocket"

# Opens a socket that speaks Socket.IO frames: Engine.IO's open packet, then
# the default namespace's connect and its answer; bench.roundTrips takes it over.
OPEN_JS = """
async ([name, url]) => {
  const ws = new WebSocket(url);
  const seen = [];
  let wake = null;
  ws.onmessage = (event) => { seen.push(event.data); if (wake) wake(); };
  const next = async () => {
    while (!seen.length) await new Promise((got) => { wake = got; });
    return seen.shift();
  };
  await new Promise((opened, failed) => { ws.onopen = opened; ws.onerror = failed; });
  const open = await next();
  if (!open.startsWith("0")) throw new Error(`no open packet: ${open}`);
  ws.send("40");
  const connected = await next();
  if (!connected.startsWith("40")) throw new Error(`no connect answer: ${connected}`);
  bench.sockets[name] = ws;
}
"""


def socketio_round_trip(browser: Browser, schedule: Schedule) -> Comparison:
    """A Socket.IO event answered by a rule, against the same frame answered raw."""
    engine = browser.engine
    engine.route("**/lib-sio/**", protocol="socket.io")
    engine.add_rule(None, Rule(RuleKind.reply, Direction.sent, Matcher('["ping"]'), ['["pong"]']))
    browser.route_raw("**/raw-sio/**", raw_reply(EVENT, ANSWER))
    browser.run(browser.page.evaluate(OPEN_JS, ["lib-sio", f"{MOCK}/lib-sio{SOCKET_IO}"]))
    browser.open("raw-sio", f"{MOCK}/raw-sio{SOCKET_IO}")
    figures = interleaved({
        "lib": browser.measure("roundTrips", "lib-sio", EVENT),
        "raw": browser.measure("roundTrips", "raw-sio", EVENT),
    }, schedule)
    return Comparison(figures["lib"], figures["raw"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the time budget")
    quick = parser.parse_args().quick
    schedule = Schedule(50, 4, 3 if quick else 5, 30, 20 * (0.25 if quick else 1.0),
                        warm_up=100)
    browser = Browser()
    try:
        result = socketio_round_trip(browser, schedule)
    finally:
        browser.close()
    ratios = sorted(result.wall_ratios)
    print(f"Socket.IO event round trip: library {result.wall:,.0f} µs, raw Playwright "
          f"{result.baseline_wall:,.0f} µs, ratio {ratios[len(ratios) // 2]:.2f} "
          f"({result.rounds} rounds; target <= 1.15); Python CPU {result.cpu:,.0f} µs vs "
          f"{result.baseline_cpu:,.0f} µs per round trip")


if __name__ == "__main__":
    main()
