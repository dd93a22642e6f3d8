"""Runs the acceptance tests in parallel with pabot and prints a summary.

Usage: python atest/run.py [--serial] [robot options] [suite paths]

Without suite paths every suite under atest/ runs. Expected failures are
declared in a test's [Documentation] as ``FAIL message`` and checked by
robotstatuschecker, so a test that should fail passes only when it fails
with exactly that message. Results go to results/atest/ (or results/$ATEST_NAME/,
so runs side by side do not collide). The last line is
``atest: N passed, M failed``.
"""

import os
import subprocess
import sys
from pathlib import Path

from robot.api import ExecutionResult
from robotstatuschecker import process_output

HERE = Path(__file__).parent
ROOT = HERE.parent
OUT = ROOT / "results" / os.environ.get("ATEST_NAME", "atest")


def main(args: list[str]) -> int:
    serial = "--serial" in args
    args = [a for a in args if a != "--serial"]
    paths = [a for a in args if Path(a).exists()] or [str(HERE)]
    options = [a for a in args if a not in paths]
    OUT.mkdir(parents=True, exist_ok=True)
    common = [
        "--pythonpath", str(HERE / "resources"),
        "--pythonpath", str(ROOT / "examples" / "plugins"),
        "--outputdir", str(OUT),
        "--output", "output.xml", "--log", "NONE", "--report", "NONE",
        "--exclude", "not-ready",
        *options,
    ]
    if serial:
        command = [sys.executable, "-m", "robot", *common, *paths]
    else:
        command = [sys.executable, "-m", "pabot.pabot", "--no-pabotlib", "--processes", "3",
                   "--command", sys.executable, "-m", "robot", "--end-command", *common, *paths]
    subprocess.run(command, cwd=ROOT)
    output = OUT / "output.xml"
    if not output.exists():
        print("atest: 0 passed, 1 failed (no output.xml)")
        return 1
    process_output(str(output))
    subprocess.run(
        [sys.executable, "-m", "robot.rebot", "--outputdir", str(OUT), "--output", "output.xml",
         str(output)],
        cwd=ROOT, capture_output=True,
    )
    stats = ExecutionResult(str(output)).statistics.total
    for test in _failed(output):
        print(f"FAILED: {test}")
    print(f"Log: {OUT / 'log.html'}")
    print(f"atest: {stats.passed} passed, {stats.failed} failed")
    return 0 if stats.failed == 0 and stats.passed > 0 else 1


def _failed(output: Path) -> list[str]:
    result = ExecutionResult(str(output))
    return [
        f"{test.full_name}: {test.message.splitlines()[0] if test.message else ''}"
        for test in result.suite.all_tests
        if test.failed
    ]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
