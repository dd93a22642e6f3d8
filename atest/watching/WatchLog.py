"""Runs a suite of atest/watching/nested/ in a robot of its own, to read its log.

The traffic tables that WsRouteLibrary writes into the log can only be seen
in a finished output.xml. This reuses atest/observation/NestedRun.py, which
reads them, with the nested suites of this folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from robot.api import ExecutionResult
from robot.api.deco import keyword, library

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "observation"))

from NestedRun import NestedRun  # noqa: E402 - found through the path above


@library(scope="SUITE")
class WatchLog(NestedRun):
    @keyword
    def run_nested_suite(self, name: str, output_dir: str) -> None:
        """Runs nested/``name``.txt; its output.xml goes to ``output_dir``/nested/``name``."""
        output = Path(output_dir) / "nested" / name
        process = subprocess.run(
            [sys.executable, "-m", "robot", "--pythonpath", str(HERE.parent / "resources"),
             "--outputdir", str(output), "--log", "NONE", "--report", "NONE",
             "--console", "none", str(HERE / "nested" / f"{name}.txt")],
            capture_output=True, text=True, timeout=300,
        )
        if not (output / "output.xml").exists():
            raise AssertionError(f"The nested run wrote no output.xml: {process.stderr}")
        self.results[name] = ExecutionResult(str(output / "output.xml"))
