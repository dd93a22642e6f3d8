"""How WsRouteLibrary's message journal scales: 100,000 messages on one route.

Usage: python bench/journal_scale.py [--messages N] [--batch B] [--executable-path PATH]
       [--fast-path]

Part 1 drives a real Chromium through the library's keywords: a page sends N
messages (default 100,000) on a mocked route, in a JavaScript loop that
yields to the page's event loop every B messages. It prints

- the throughput: messages a second the library recorded, overall and for
  each tenth of the stream (a falling rate would mean work per message that
  grows with the journal);
- the memory the journal holds per message (its columns' buffers and
  payloads, ``Journal.nbytes()``) and the growth of the process's RSS;
- how long waits and assertions take once the route carries N messages
  (median and worst of a few calls each), and a rule's reply round trip.

Part 2 fills journals directly, without a browser, with twice N messages
and measures with tracemalloc what they hold with message_limit=N and with
no limit: the limit keeps memory bounded.

The figures are measurements, not pass/fail checks. Nothing here asserts on
time; the browser's own WebSocket routing is usually the bottleneck.
"""

from __future__ import annotations

import argparse
import gc
import http.server
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The acceptance tests' kit: a page server on a free port.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "atest" / "resources"))

from TestKit import start_http_server, stop_http_server  # noqa: E402

from WsRouteLibrary import WsRouteLibrary  # noqa: E402
from WsRouteLibrary.datatypes import EntryKind  # noqa: E402
from WsRouteLibrary.model.journal import Entry, Journal  # noqa: E402

PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>journal scale</title></head><body>
<script>
window.sockets = [];
window.openSocket = (url) => window.sockets.push(new WebSocket(url)) - 1;
window.stream = async (n, batch) => {
  const ws = window.sockets[0];
  if (ws.readyState !== 1) await new Promise((r) => ws.addEventListener('open', r));
  for (let i = 0; i < n; i++) {
    ws.send('m ' + i);
    if (i % batch === batch - 1) await new Promise((r) => setTimeout(r, 0));
  }
};
</script></body></html>"""


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server interface
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def timed(function, repeat: int = 5) -> tuple[float, float]:
    """Median and worst milliseconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def expect_failure(function) -> None:
    try:
        function()
    except AssertionError:
        return
    raise RuntimeError("expected an assertion failure")


def journal_bytes(journal: Journal) -> int:
    """What the journal's buffers hold: its columns and payloads."""
    return journal.nbytes()


def browser_part(count: int, batch: int, executable_path: str | None,
                 fast_path: bool = False) -> None:
    server = start_http_server(_Page)
    lib = WsRouteLibrary(timeout="10 s", message_limit=count, fast_path=fast_path)
    try:
        lib.launch_browser(executable_path=executable_path)
        lib.open_page(f"http://127.0.0.1:{server.server_port}/")
        route = lib.route_websocket("**/bench")
        lib.reply_when_sent("ping", "pong")
        lib.run_javascript("(u) => openSocket(u)", "ws://127.0.0.1:9/bench")
        lib.wait_for_websocket()
        journal = lib.engine.registry.resolve(route).journal
        gc.collect()
        rss_before = rss_kib()

        print(f"Part 1: a page sends {count:,} messages on a mocked route (batches of {batch})")
        started = time.perf_counter()
        lib.run_javascript("([n, b]) => { stream(n, b); }", [count, batch])
        tenth = max(1, count // 10)
        marks = []
        for number in range(tenth - 1, count, tenth):
            lib.wait_for_sent_message(f"m {number}", timeout="15 min")
            marks.append((number + 1, time.perf_counter()))
        elapsed = marks[-1][1] - started
        rates, previous = [], (0, started)
        for done, at in marks:
            rates.append((done - previous[0]) / (at - previous[1]))
            previous = (done, at)
        print(f"  recorded all in {elapsed:.1f} s: {count / elapsed:,.0f} messages/s")
        print(
            "  per tenth of the stream (messages/s): " + ", ".join(f"{rate:,.0f}" for rate in rates)
        )

        gc.collect()
        held = lib.engine.loop.call(journal_bytes, journal)
        kept = lib.engine.loop.call(lambda: len(journal.entries))
        print(
            f"  journal holds {kept:,} entries in {held / 2**20:.1f} MiB: "
            f"{held / kept:.0f} bytes per message"
        )
        print(
            f"  process RSS grew by {(rss_kib() - rss_before) / 1024:.1f} MiB "
            f"({(rss_kib() - rss_before) * 1024 / count:.0f} bytes per message, "
            "Playwright's buffers included)"
        )

        last = f"m {count - 1}"
        # Ten messages from the middle of the stream ('m 5000?' of 100,000), one per call.
        middle = f"m {count // 20}?"
        print(
            f"Part 1: latency with {count:,} messages on the route "
            "(milliseconds, median / worst of 5)"
        )
        # The route is at its message_limit: the first new message below (Send
        # To Page) makes the journal drop its oldest tenth, inside that call.
        measures = [
            (
                "Wait For Sent Message, next one (oldest not returned)",
                lambda: lib.wait_for_sent_message(),
            ),
            (
                f"Wait For Sent Message '{middle}' match=glob",
                lambda: lib.wait_for_sent_message(middle, match="glob"),
            ),
            (
                "Wait For Sent Message, fails (timeout 0 s)",
                lambda: expect_failure(lambda: lib.wait_for_sent_message("never", timeout="0 s")),
            ),
            (
                "Sent Messages Should Contain, first message",
                lambda: lib.sent_messages_should_contain("m 0"),
            ),
            (
                "Sent Messages Should Contain, newest message",
                lambda: lib.sent_messages_should_contain(last),
            ),
            (
                "Sent Messages Should Not Contain, absent",
                lambda: lib.sent_messages_should_not_contain("never"),
            ),
            (
                "Sent Messages Should Not Contain match=json",
                lambda: lib.sent_messages_should_not_contain('{"n": 1}', match="json"),
            ),
            (
                "Sent Messages Should Contain, fails",
                lambda: expect_failure(lambda: lib.sent_messages_should_contain("never")),
            ),
            ("Get Sent Messages", lambda: lib.get_sent_messages()),
            (
                "Send To Page + Wait For Received Message",
                lambda: (lib.send_to_page("hello"), lib.wait_for_received_message("hello")),
            ),
            (
                "page sends ping, rule replies, Wait For Received Message pong",
                lambda: (
                    lib.run_javascript("sockets[0].send('ping')"),
                    lib.wait_for_received_message("pong"),
                ),
            ),
            (
                "Clear WebSocket Messages (last: empties the journal)",
                lambda: lib.clear_websocket_messages(),
            ),
        ]
        for name, function in measures:
            median, worst = timed(function, 1 if name.startswith("Clear") else 5)
            print(f"  {name:<64} {median:8.1f} / {worst:8.1f}")
    finally:
        lib.engine.shutdown()  # what Robot Framework's close of the library does
        stop_http_server(server)


def memory_part(count: int) -> None:
    print(f"Part 2: journals filled with {2 * count:,} messages without a browser (tracemalloc)")
    for limit in (count, None):
        gc.collect()
        tracemalloc.start()
        journal = Journal(limit)
        owner = object()
        checkpoints = (count // 2, count, 3 * count // 2, 2 * count)
        held = {}
        for number in range(2 * count):
            journal.add(Entry(1, "ws://x/bench", EntryKind.sent, f"m {number}", "no rule", owner))
            if number + 1 in checkpoints:
                held[number + 1] = tracemalloc.get_traced_memory()[0]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        kept = sum(1 for e in journal.entries if e.kind == EntryKind.sent)
        growth = ", ".join(f"{n:,}: {size / 2**20:.1f} MiB" for n, size in held.items())
        print(f"  message_limit={limit}: kept {kept:,}, dropped {journal.dropped:,}")
        print(
            f"    held after {growth}; peak {peak / 2**20:.1f} MiB; "
            f"{held[2 * count] / kept:.0f} bytes per kept message"
        )
        del journal


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--executable-path",
        default=None,
        help="the browser to run (default: Playwright's or a system Chromium)",
    )
    parser.add_argument("--fast-path", action="store_true",
                        help="the library's fast path: the page answers what it can itself")
    args = parser.parse_args(argv)
    browser_part(args.messages, args.batch, args.executable_path, args.fast_path)
    memory_part(args.messages)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
