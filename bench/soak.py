"""Soak benchmark: does memory grow from test to test? A real Robot Framework run, one browser.

Usage: python bench/soak.py [--tests 30] [--messages 2000] [--warm-up 10] [--trace]

It writes a suite of ``--tests`` tests and runs it with Robot Framework in a
process of its own. Every test does what a test of a WebSocket app does: it
loads the page, routes a mocked WebSocket, adds a reply rule, and the page
sends ``--messages`` messages that the rule answers (twice as many messages
cross the route, all recorded), then waits for the last one. The tests share
one browser and one library instance, as the tests of a suite do.

At the start of every test (after the previous test's end, cleanup and log
table) and after the last test, this module, imported into the run as a
library, measures in the Robot process:

- RSS, from /proc/self/statm;
- the library's journal entries still alive (the rows of the journals'
  chunks that ``gc.get_objects()`` finds after ``gc.collect()``), all of
  them and those of finished tests, which should be none: auto_cleanup=test
  removes a test's routes with their entries;
- how many of the library's sockets and routes are alive, and how many
  objects Playwright's client keeps for its driver (its WebSocketRoutes
  among them), to show what piles up if RSS grows;
- for context, the RSS of Playwright's driver process (Node.js).

The suite runs twice: with ``--output NONE``, and writing an output.xml as
users run it (every logged message, the traffic tables among them, goes to
the file as the run goes). It prints a table per run and the growth per
test from the end of test ``--warm-up`` to the last (the first tests
allocate caches, pools and code paths once and are left out): the slope of
a least-squares line, and the median of the slopes between every two
points (Theil-Sen), which a single step of the allocator does not move.
The target is at most 0.1 MiB per test with no entry of a finished test
alive. The script only prints figures; it asserts nothing.

With ``--trace`` the Robot process also runs tracemalloc from the end of the
warm-up and prints where the memory that grew after it and stayed was
allocated, by package, file and line, and which object types grew.
"""

from __future__ import annotations

import argparse
import gc
import http.server
import json
import os
import statistics
import sys
import tempfile
import tracemalloc
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The acceptance tests' kit: a page server on a free port, a robot of its own.
sys.path.insert(0, str(ROOT / "atest" / "resources"))
from TestKit import run_robot, start_http_server, stop_http_server  # noqa: E402

MIB = 1024 * 1024

PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>soak</title></head>
<body><script>
window.sockets = [];
window.openSocket = (url) => window.sockets.push(new WebSocket(url)) - 1;
// n messages back to back on socket i, then wait for n answers (at most a minute).
window.flood = (i, n) => new Promise((done, failed) => {
  const ws = window.sockets[i];
  const go = () => {
    let left = n;
    const timer = setTimeout(() => failed(new Error(`${left} answers missing`)), 60000);
    ws.onmessage = () => { if (--left === 0) { clearTimeout(timer); done(n); } };
    for (let k = 0; k < n; k++) ws.send('m ' + k);
  };
  if (ws.readyState === 1) go(); else ws.addEventListener('open', go);
});
</script></body></html>"""

SUITE = """\
*** Settings ***
Library             WsRouteLibrary    timeout=60 s
Library             soak.SoakProbe    ${{FIGURES}}    ${{TRACE_FROM}}
Suite Setup         Start Soak
Suite Teardown      Finish Soak
Test Setup          Record Memory
Test Template       Move Messages


*** Test Cases ***
{tests}

*** Keywords ***
Start Soak
    ${{url}} =    Start Page Server
    VAR    ${{PAGE}} =    ${{url}}    scope=SUITE
    VAR    ${{SOCKET}} =    ws${{url[4:]}}/soak    scope=SUITE
    Launch Browser
    Open Page    ${{PAGE}}

Move Messages
    [Arguments]    ${{count}}
    Navigate To    ${{PAGE}}
    Route WebSocket    **/soak
    Reply When Sent    m *    {{{{message}}}} ok    match=glob
    ${{socket}} =    Run JavaScript    (u) => openSocket(u)    ${{SOCKET}}
    Run JavaScript    ([i, n]) => flood(i, n)    ${{{{[$socket, int($count)]}}}}
    Wait For Received Message    m ${{{{int($count) - 1}}}} ok
    Record Journal Memory

Finish Soak
    Record Memory
    Quit Browser
    Stop Page Server
    Write Figures
"""

WATCHED = ("_Chunk", "Socket", "Route", "Rule", "Delayed", "Owner")


class SoakProbe:
    """Imported into the soak run: serves the page and measures memory between tests."""

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, figures: str, trace_from: str = "0"):
        self.ROBOT_LIBRARY_LISTENER = self
        self.figures = figures
        self.trace_from = int(trace_from)  # 0: no tracemalloc
        self.rows: list[dict] = []
        self.running: str | None = None
        self.server: http.server.HTTPServer | None = None
        self.snapshot = None
        self.types_before: Counter | None = None
        self.report: dict = {}
        self.journals: list[dict] = []  # per test, at its end: what its journal holds

    # listener: which test runs, so entries of the others count as finished
    def start_test(self, data, result) -> None:
        self.running = f"test {data.name}"

    def end_test(self, data, result) -> None:
        self.running = None

    def start_page_server(self) -> str:
        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server interface
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)

            def log_message(self, *args):
                pass

        self.server = start_http_server(Page)
        return f"http://127.0.0.1:{self.server.server_port}/soak.html"

    def stop_page_server(self) -> None:
        stop_http_server(self.server)

    def record_memory(self) -> None:
        """Measures after the previous test ended (or before the first one)."""
        gc.collect()
        counts = Counter()
        playwright = Counter()  # objects Playwright's client keeps for the driver, by type
        finished = 0
        for obj in gc.get_objects():
            kind = type(obj)
            module = kind.__dict__.get("__module__", "")  # a few C types have none
            if not isinstance(module, str):
                continue
            if module.startswith("WsRouteLibrary") and kind.__name__ in WATCHED:
                if kind.__name__ != "_Chunk":
                    counts[kind.__name__] += 1
                    continue
                # A journal's chunk of rows: every row filled counts, kept or not, while
                # the chunk is alive (a view of one keeps it).
                for row in range(obj.n):
                    counts["Entry"] += 1
                    owner = getattr(obj.owner[row], "name", "")
                    if owner.startswith("test ") and owner != self.running:
                        finished += 1
            elif kind.__name__ == "Connection" and module == "playwright._impl.connection":
                playwright.update(type(o).__name__ for o in obj._objects.values())
        done = len(self.rows)  # tests finished so far
        self.rows.append({"after": done, "rss": _rss("self"), "driver_rss": _driver_rss(),
                          "finished_entries": finished, "counts": dict(counts),
                          "playwright": dict(playwright)})
        if self.trace_from and done == self.trace_from:
            self.types_before = _type_counts()
            tracemalloc.start(8)
            self.snapshot = _snapshot()

    def record_journal_memory(self) -> None:
        """At a test's end, before its cleanup: the bytes its journal holds per recorded
        message (its columns' buffers and payloads), and the RSS grown since the test started."""
        from journal_scale import journal_bytes  # bench/, on the run's pythonpath
        from robot.libraries.BuiltIn import BuiltIn

        engine = BuiltIn().get_library_instance("WsRouteLibrary").engine
        journals = engine.loop.call(lambda: [r.journal for r in engine.registry.routes])
        held = engine.loop.call(lambda: sum(journal_bytes(j) for j in journals))
        count = engine.loop.call(lambda: sum(len(j.entries) for j in journals))
        self.journals.append({"held": held, "entries": count, "rss": _rss("self"),
                              "started_rss": self.rows[-1]["rss"]})

    def write_figures(self) -> None:
        if self.snapshot is not None:
            gc.collect()
            grown = _snapshot().compare_to(self.snapshot, "traceback")
            tracemalloc.stop()
            # A traceback runs from the oldest frame to the one that allocated.
            self.report["by_traceback"] = [
                {"size": stat.size_diff, "count": stat.count_diff,
                 "where": [f"{f.filename}:{f.lineno}" for f in reversed(stat.traceback)]}
                for stat in grown[:12]
            ]
            by_file, by_package = Counter(), Counter()
            for stat in grown:
                filename = stat.traceback[-1].filename
                by_file[filename] += stat.size_diff
                by_package[_package(filename)] += stat.size_diff
            self.report["by_file"] = by_file.most_common(12)
            self.report["by_package"] = by_package.most_common()
            self.report["traced_tests"] = len(self.rows) - 1 - self.trace_from
            types = _type_counts() - self.types_before
            self.report["types"] = types.most_common(15)
        Path(self.figures).write_text(json.dumps({"rows": self.rows, "journals": self.journals,
                                                  **self.report}))


def _rss(pid: str | int) -> int:
    """Resident set size of a process in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _driver_rss() -> int:
    """RSS of Playwright's driver (Node.js), the child of this process that runs it."""
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            if parent != me:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if b"run-driver" in cmdline.read():
                    return _rss(entry)
        except (OSError, IndexError, ValueError):
            continue
    return 0


def _snapshot() -> tracemalloc.Snapshot:
    """What Python holds now, without this module's own bookkeeping."""
    return tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, __file__), tracemalloc.Filter(False, tracemalloc.__file__)]
    )


def _package(filename: str) -> str:
    for package in ("WsRouteLibrary", "playwright", "robot", "asyncio"):
        if f"/{package}/" in filename:
            return package
    return "other"


def _type_counts() -> Counter:
    return Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())


# ------------------------------------------------------------- the runner


def run(tests: int, messages: int, warm_up: int, output: bool, trace: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        suite = Path(folder) / "soak.robot"
        rows = "\n".join(f"Soak {n:02d}    {messages}" for n in range(1, tests + 1))
        suite.write_text(SUITE.format(tests=rows), encoding="utf-8")
        figures = Path(folder) / "figures.json"
        process = run_robot(
            "--pythonpath", str(HERE),
            "--variable", f"FIGURES:{figures}",
            "--variable", f"TRACE_FROM:{warm_up if trace else 0}",
            "--outputdir", folder, "--output", "output.xml" if output else "NONE",
            "--log", "NONE", "--report", "NONE", "--console", "dotted", str(suite),
            cwd=ROOT,
        )
        if process.returncode != 0 or not figures.exists():
            raise SystemExit(f"The soak run failed:\n{process.stdout}\n{process.stderr}")
        return json.loads(figures.read_text())


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return num / den


def median_slope(points: list[tuple[float, float]]) -> float:
    """Theil-Sen: the median of the slopes between every two points."""
    slopes = sorted((y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points)
                    for x2, y2 in points[i + 1:])
    middle = len(slopes) // 2
    return slopes[middle] if len(slopes) % 2 else (slopes[middle - 1] + slopes[middle]) / 2


def show(title: str, figures: dict, warm_up: int) -> tuple[float, float, int]:
    rows = figures["rows"]
    print(f"\n{title}")
    print(f"{'after test':>10} {'RSS MiB':>9} {'change':>8} {'entries':>8} {'finished':>9} "
          f"{'sockets':>8} {'routes':>7} {'PW objects':>11} {'PW ws routes':>13} "
          f"{'driver MiB':>11}")
    previous = None
    for row in rows:
        rss = row["rss"] / MIB
        change = "" if previous is None else f"{rss - previous:+.2f}"
        counts = row["counts"]
        playwright = row["playwright"]
        print(f"{row['after']:>10} {rss:>9.2f} {change:>8} {counts.get('Entry', 0):>8} "
              f"{row['finished_entries']:>9} {counts.get('Socket', 0):>8} "
              f"{counts.get('Route', 0):>7} {sum(playwright.values()):>11} "
              f"{playwright.get('WebSocketRoute', 0):>13} {row['driver_rss'] / MIB:>11.2f}")
        previous = rss
    measured = [(r["after"], r["rss"] / MIB) for r in rows if r["after"] >= warm_up]
    growth, robust = slope(measured), median_slope(measured)
    driver = slope([(r["after"], r["driver_rss"] / MIB) for r in rows if r["after"] >= warm_up])
    alive = max(r["finished_entries"] for r in rows)
    journals = figures["journals"]
    held = statistics.median(j["held"] / j["entries"] for j in journals)
    first = journals[0]
    later = statistics.median((j["rss"] - j["started_rss"]) / j["entries"]
                              for j in journals[warm_up:])
    print(f"journal memory per recorded message at a test's end (its columns' buffers and "
          f"payloads): {held:.0f} B (median of the tests; target at most "
          f"400 B); RSS grown during the test per recorded message: "
          f"{(first['rss'] - first['started_rss']) / first['entries']:.0f} B in the first test, "
          f"{later:.0f} B after the warm-up (median)")
    print(f"growth per test from the end of test {warm_up} to the end of test {rows[-1]['after']} "
          f"(the first {warm_up} tests are warm-up), target at most 0.1 MiB/test: "
          f"{growth:+.3f} MiB/test (least squares), {robust:+.3f} MiB/test (median of slopes)")
    print(f"entries of finished tests alive, most at any point: {alive} (target 0)")
    print(f"Playwright's driver process (Node.js), the same slope: {driver:+.3f} MiB/test "
          "(for context; not the library's process)")
    if "by_file" in figures:
        print("(RSS after the warm-up includes tracemalloc's own tables: with --trace, read "
              "what follows, not the RSS growth.)")
        tests = figures["traced_tests"]
        print(f"tracemalloc, memory allocated after the warm-up and still held at the end "
              f"({tests} tests), by the package that allocated it:")
        for package, size in figures["by_package"]:
            print(f"  {size / 1024:>9.1f} KiB  {package} ({size / 1024 / tests:.1f} KiB per test)")
        print("by the file that allocated it:")
        for filename, size in figures["by_file"]:
            print(f"  {size / 1024:>9.1f} KiB  {filename}")
        print("by traceback (the allocating frame first):")
        for stat in figures["by_traceback"]:
            print(f"  {stat['size'] / 1024:>9.1f} KiB in {stat['count']:+} blocks")
            for frame in stat["where"][:4]:
                print(f"      {frame}")
        print("object types that grew after the warm-up:")
        for name, count in figures["types"]:
            print(f"  {count:>+8}  {name}")
    return growth, robust, alive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=30)
    parser.add_argument("--messages", type=int, default=2000,
                        help="messages the page sends per test (each is answered)")
    parser.add_argument("--warm-up", type=int, default=10,
                        help="tests left out of the growth figures")
    parser.add_argument("--trace", action="store_true",
                        help="run tracemalloc after the warm-up and say what grew")
    args = parser.parse_args()
    print(f"Soak: {args.tests} tests in one browser, each: the page sends {args.messages:,} "
          f"messages on a mocked route and a rule answers each ({2 * args.messages:,} "
          "messages recorded per test).")
    results = []
    for output, title in ((False, "Robot Framework run with --output NONE"),
                          (True, "Robot Framework run writing output.xml")):
        figures = run(args.tests, args.messages, args.warm_up, output, args.trace)
        results.append((title, *show(title, figures, args.warm_up)))
    print("\nSummary")
    for title, growth, robust, alive in results:
        print(f"  {title}: {growth:+.3f} MiB/test (least squares), {robust:+.3f} MiB/test "
              f"(median of slopes), finished tests' entries alive: {alive}")


if __name__ == "__main__":
    main()
