"""Runs a suite of atest/observation/nested/ in a robot of its own, with a log.html.

diagram.robot opens that log.html in Chromium, as a person would, to look at
the sequence diagrams WsRouteLibrary drew in it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from robot.api import ExecutionResult
from robot.api.deco import keyword, library

HERE = Path(__file__).parent
RESOURCES = HERE.parent / "resources"


@library(scope="SUITE")
class DiagramLog:
    def __init__(self):
        self.results = {}

    @keyword
    def run_nested_suite_with_log(self, name: str, output_dir: str) -> str:
        """Runs nested/``name``.txt into ``output_dir``/nested/``name``-log/; returns the
        ``file://`` URL of its log.html."""
        output = Path(output_dir).resolve() / "nested" / f"{name}-log"
        process = subprocess.run(
            [
                sys.executable, "-m", "robot",
                "--pythonpath", str(RESOURCES),
                "--outputdir", str(output),
                "--log", "log.html",
                "--report", "NONE",
                "--console", "none",
                str(HERE / "nested" / f"{name}.txt"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        log = output / "log.html"
        if not log.exists():
            raise AssertionError(f"The nested run wrote no log.html: {process.stderr}")
        self.results[name] = ExecutionResult(str(output / "output.xml"))
        return log.as_uri()

    @keyword
    def nested_test_id(self, name: str, test: str) -> str:
        """The id of a test in the log of nested/``name``.txt, such as ``s1-t2``: the part
        after ``#`` of a link to that test."""
        return self._test(name, test).id

    @keyword
    def nested_test_status(self, name: str, test: str) -> str:
        """A test's status and message in the run of nested/``name``.txt."""
        found = self._test(name, test)
        return f"{found.status}: {found.message}" if found.message else found.status

    def _test(self, name: str, test: str):
        for found in self.results[name].suite.all_tests:
            if found.name == test:
                return found
        raise AssertionError(f"The run of {name} has no test {test!r}.")
