"""Screenshots a test's sequence diagram in a Robot Framework log.html (docs/diagram.png).

Usage: python tools/screenshot_log.py [LOG.html] [OUTPUT.png] [TEST NAME]

Defaults: results/log.html of ``make demo``, docs/diagram.png, and the demo
test "Ticker Reconnects And Gets Fresh Prices". The log is opened in
Chromium at the link of the test, as a person would follow it; the picture
shows the test's heading, its diagram and the top of the table below it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from robot.api import ExecutionResult

from WsRouteLibrary.engine.browsers import find_executable

ROOT = Path(__file__).resolve().parent.parent
TEST = "Ticker Reconnects And Gets Fresh Prices"
TABLE_SHOWN = 120  # pixels of the table under the diagram in the picture


def test_id(log: Path, name: str) -> str:
    """The id of test ``name`` in the output.xml beside ``log``, e.g. ``s1-t6``."""
    for test in ExecutionResult(str(log.with_name("output.xml"))).suite.all_tests:
        if test.name == name:
            return test.id
    raise SystemExit(f"No test {name!r} in {log.with_name('output.xml')}.")


def main(log: str = "results/log.html", output: str = "docs/diagram.png",
         name: str = TEST) -> int:
    log_path, output_path = (ROOT / log).resolve(), (ROOT / output).resolve()
    element = test_id(log_path, name)
    with sync_playwright() as playwright:
        executable = find_executable("chromium", playwright.chromium.executable_path)
        browser = playwright.chromium.launch(executable_path=executable)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{log_path.as_uri()}#{element}")
        page.locator(f'[id="{element}"] svg.wsd').first.wait_for(timeout=30_000)
        # Where the test's heading starts and its diagram ends, in page coordinates.
        top, bottom = page.evaluate(
            """(id) => {
                const test = document.getElementById(id);
                const svg = test.querySelector('svg.wsd');
                const y = (element) => element.getBoundingClientRect();
                return [y(test).top + scrollY, y(svg).bottom + scrollY];
            }""",
            element,
        )
        page.add_style_tag(content="#report-or-log-link, #theme-toggle { display: none; }")
        page.screenshot(
            path=str(output_path),
            full_page=True,
            clip={"x": 0, "y": top - 4, "width": 1280, "height": bottom - top + TABLE_SHOWN},
        )
        browser.close()
    print(f"{output_path}: {name} ({element})")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
