"""Runs a suite of atest/reliability/nested/ in a robot of its own and reads its output.

What the library writes into the log (traffic tables, their notes) and whether
output.xml and log.html can be built at all can only be checked on a finished
run. Reading the tables is NestedRun's (atest/observation/NestedRun.py); this
library runs the suites of this folder and builds their log.html.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from robot.api import ExecutionResult
from robot.api.deco import keyword, library

HERE = Path(__file__).parent
RESOURCES = HERE.parent / "resources"
sys.path.insert(0, str(HERE.parent / "observation"))

from NestedRun import NestedRun  # noqa: E402


@library(scope="SUITE")
class NestedSuites(NestedRun):
    @keyword
    def run_nested_suite(self, name: str, output_dir: str) -> None:
        """Runs nested/``name``.txt; its output.xml goes to ``output_dir``/nested/``name``."""
        output = Path(output_dir) / "nested" / name
        process = subprocess.run(
            [
                sys.executable, "-m", "robot",
                "--pythonpath", str(RESOURCES),
                "--outputdir", str(output),
                "--log", "NONE", "--report", "NONE", "--console", "none",
                str(HERE / "nested" / f"{name}.txt"),
            ],
            capture_output=True, text=True, timeout=600,
        )
        if not (output / "output.xml").exists():
            raise AssertionError(f"The nested run wrote no output.xml: {process.stderr}")
        self.results[name] = ExecutionResult(str(output / "output.xml"))
        self.outputs = getattr(self, "outputs", {})
        self.outputs[name] = output

    @keyword
    def nested_log_should_build(self, name: str) -> None:
        """Builds log.html of the run of nested/``name``.txt with rebot; fails unless it
        can."""
        output = self.outputs[name]
        process = subprocess.run(
            [sys.executable, "-m", "robot.rebot", "--outputdir", str(output),
             "--log", "log.html", "--report", "NONE", "--output", "NONE",
             str(output / "output.xml")],
            capture_output=True, text=True, timeout=300,
        )
        log = output / "log.html"
        if process.returncode >= 250 or not log.exists() or process.stderr.strip():
            raise AssertionError(
                f"rebot could not build log.html (rc {process.returncode}): {process.stderr}"
            )

    @keyword
    def nested_statuses(self, name: str) -> dict:
        """Every test of the run of nested/``name``.txt: name -> "PASS", or "FAIL: message"."""
        return {
            test.name: test.status if test.passed else f"{test.status}: {test.message}"
            for test in self.results[name].suite.all_tests
        }

    @keyword
    def failure_messages(self, name: str, test: str) -> list[str]:
        """The FAIL messages logged anywhere inside ``test`` of the run of nested/``name``.txt
        (by keywords whose failure a 'Run Keyword And Expect Error' expected, too)."""
        found: list[str] = []

        def walk(item) -> None:
            for child in getattr(item, "body", []):
                if getattr(child, "type", None) == "MESSAGE":
                    if child.level == "FAIL":
                        found.append(child.message)
                else:
                    walk(child)

        walk(self._test(name, test))
        return found
