"""RSS per recorded message after a flood, with the fast path, without it, and raw Playwright.

Usage: python bench/flood_rss.py [--messages N]

A page floods N numbered messages (default 20,000) on a mocked route whose
rule answers each; once the journal holds every message and its reply, the
growth of the process's RSS is divided by the recorded messages (two per
flood message). The same flood on a hand-written raw Playwright handler
that answers each gives the baseline: what Playwright's client alone makes
the process take. Each measurement runs in a process of its own, so one's
peak is not the next one's start. Without the fast path each reply is a
send of Playwright's client, a task of its own waiting for the driver's
answer: at a flood's peak thousands are in flight, and the allocator keeps
much of what they took. A measurement, not a check.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402

FLOOD = "([n, c, p]) => bench.floodNumbered(n, c, p)"


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def grown_per_message(way: str, count: int) -> dict[str, float]:
    """RSS growth per recorded message (two per flood message) on ``way``:
    "fast", "library" or "raw"; for the library also after clearing the journal."""
    browser = bench.Browser(fast_path=way == "fast")
    try:
        engine = browser.engine
        if way == "raw":
            browser.route_raw("**/rss", bench.raw_reply_any(bench.ACK))
        else:
            engine.route("**/rss")
            engine.add_rule(None, bench.reply_rule(None, bench.ACK))
        browser.open("rss", f"{bench.MOCK}/rss")
        browser.run(browser.page.evaluate(FLOOD, ["rss", 200, "warm "]))
        if way != "raw":
            engine.clear("**/rss")
        gc.collect()
        time.sleep(0.5)
        before = rss_kib()
        browser.run(browser.page.evaluate(FLOOD, ["rss", count, "m "]))
        if way != "raw":
            route = engine.registry.by_pattern("**/rss")
            while len(route.journal.entries) < 2 * count:  # read, not changed, here
                time.sleep(0.01)
        time.sleep(1)  # the last sends finish their way out
        gc.collect()
        grown = {"rss": (rss_kib() - before) * 1024 / (2 * count)}
        if way != "raw":
            grown["journal"] = engine.loop.call(route.journal.nbytes) / (2 * count)
            engine.clear("**/rss")
            gc.collect()
            grown["cleared"] = (rss_kib() - before) * 1024 / (2 * count)
        return grown
    finally:
        browser.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--way", choices=["fast", "library", "raw"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.way:  # one measurement, in this process
        print(json.dumps(grown_per_message(args.way, args.messages)))
        return 0
    for way, name in (("raw", "raw Playwright handler"), ("library", "fast_path=False"),
                      ("fast", "fast_path=True")):
        done = subprocess.run([sys.executable, __file__, "--way", way,
                               "--messages", str(args.messages)],
                              capture_output=True, text=True, check=True)
        grown = json.loads(done.stdout.strip().splitlines()[-1])
        line = f"{name}: RSS grew {grown['rss']:,.0f} bytes per recorded message"
        if "journal" in grown:
            line += (f"; the journal's buffers hold {grown['journal']:,.0f}; "
                     f"after clearing the journal RSS is {grown['cleared']:,.0f} above the start")
        print(f"{line} ({args.messages:,} answered messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
