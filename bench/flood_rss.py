"""RSS per recorded message after a flood the library answers, with the fast path and without.

Usage: python bench/flood_rss.py [--messages N]

A page floods N numbered messages (default 20,000) on a mocked route whose
rule answers each; once the journal holds every message and its reply, the
growth of the process's RSS is divided by the recorded messages (two per
flood message). Without the fast path each reply is a send of Playwright's
client (a task of its own), and the objects made meanwhile keep the
allocator's arenas; with it the page answers by itself and the library only
records. A measurement, not a check.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def grown_per_message(fast_path: bool, count: int) -> float:
    browser = bench.Browser(fast_path=fast_path)
    try:
        engine = browser.engine
        engine.route("**/rss")
        engine.add_rule(None, bench.reply_rule(None, bench.ACK))
        browser.open("rss", f"{bench.MOCK}/rss")
        route = engine.registry.by_pattern("**/rss")
        flood = "([n, c, p]) => bench.floodNumbered(n, c, p)"
        browser.run(browser.page.evaluate(flood, ["rss", 200, "warm "]))
        engine.clear("**/rss")
        gc.collect()
        time.sleep(0.5)
        before = rss_kib()
        browser.run(browser.page.evaluate(flood, ["rss", count, "m "]))
        while len(route.journal.entries) < 2 * count:  # read, not changed, here
            time.sleep(0.01)
        time.sleep(1)  # the last sends finish their way out
        gc.collect()
        return (rss_kib() - before) * 1024 / (2 * count)
    finally:
        browser.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    count = parser.parse_args(argv).messages
    for fast_path in (True, False):
        print(f"fast_path={fast_path}: RSS grew {grown_per_message(fast_path, count):,.0f} "
              f"bytes per recorded message ({count:,} answered messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
