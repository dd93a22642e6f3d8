"""Runs the acceptance tests in parallel with pabot and prints a summary.

Usage: python atest/run.py [--serial] [--both] [robot options] [suite paths]

Without suite paths every suite under atest/ runs. Expected failures are
declared in a test's [Documentation] as ``FAIL message`` and checked by
robotstatuschecker, so a test that should fail passes only when it fails
with exactly that message. Results go to results/atest/ (or results/$ATEST_NAME/,
so runs side by side do not collide). The last line is
``atest: N passed, M failed``.

``--both`` runs them twice, with the fast path off and on (``WSROUTE_FAST_PATH``,
the default of the import argument ``fast_path``; results in results/atest/ and
results/atest-fast-path/), and its last line sums both runs.

A full run (no suite paths) hands pabot an ordering (see ORDER): the longest
suites start first, and short suites of one area share one robot process.
"""

import os
import subprocess
import sys
from pathlib import Path

from robot.api import ExecutionResult
from robotstatuschecker import process_output

from WsRouteLibrary.settings import FAST_PATH_VARIABLE

HERE = Path(__file__).parent
ROOT = HERE.parent
OUT = ROOT / "results" / os.environ.get("ATEST_NAME", "atest")

# The order of a full parallel run, longest first (seconds: each suite's time in
# a full run on the 2-core machine), so that no long suite starts last and keeps
# one process busy while the others idle. A tuple is a group of short suites of one
# area that pabot runs in one robot process, one after the other, as --serial does:
# each saves a robot start-up, about a second of CPU. Suites not named here run
# after these; names here that no suite has any more are ignored.
ORDER: list[str | tuple[str, ...]] = [
    "Core.Session",  # 218
    "Observation.Scale",  # 183
    "Recording.Har2Robot",  # 153
    "Recording.Har2Robot Brokers",  # 85
    "Interop.Selenium Grid",  # 110
    "Interop.Browser Library",  # 82
    "Interop.Seleniumlibrary",  # 78
    "Observation.Log Table",  # 77
    "Recording.Formats",  # 64
    "Observation.Diagram",  # 63
    ("Connected.Traffic", "Connected.Close", "Connected.Protocols And Binary"),  # 61
    "Observation.Scale Limit",  # 57
    ("Watching.Hints", "Watching.Log", "Watching.Attached"),  # 55
    ("Observation.Waits", "Observation.Close And Timeouts"),  # 53
    "Interop.Browser Server",  # 51
    "Reliability.Browser Crash",  # 50
    "Core.Routing",  # 49
    ("Faults.Drop", "Faults.Latency"),  # 48
    ("Core.Rules", "Core.Errors"),  # 47
    ("Core.Actions", "Core.Cleanup Test", "Core.Smoke"),  # 45
    ("Observation.Recorded Messages", "Observation.Errors"),  # 45
    ("Faults.Hold", "Faults.Refuse"),  # 44
    ("Reliability.Catastrophic Regexp", "Reliability.Hidden Errors"),  # 44
    ("Reliability.Bad Input", "Reliability.Test Boundaries",
     "Reliability.Close Reasons"),  # 43
    "Recording.Where",  # 43
    ("Protocols.Socketio Connected", "Protocols.Socketio Mocked"),  # 42
    ("Protocols.Graphql Connected", "Protocols.Graphql Mocked"),  # 40
    ("Recording.Demo App", "Recording.Replay", "Recording.Bad Input"),  # 40
    ("Workers.Dedicated", "Workers.Shared", "Workers.Service", "Workers.Mixed",
     "Workers.Attached", "Workers.Watch"),  # 45
    ("Reliability.Odd Text Log", "Reliability.Delayed Work"),  # 39
    ("Faults.Bad Input", "Faults.Cleanup"),  # 38
    "Protocols.Mqtt Connected",  # 37 (a RabbitMQ node of its own: 9-18 s of it)
    "Reliability.Server Crash",  # 35
    "Watching.Watch",  # 34
    ("Core.Cleanup Manual", "Core.Cleanup Suite", "Core.Close Page"),  # 32
    "Reliability.Odd Text",  # 32
    "Protocols.Stomp Connected",  # 28 (a RabbitMQ node of its own: 4-10 s of it)
    "Workers.Nested",  # 26 (alone; 17 s of it its tests)
    "Watching.Browser Library",  # 27
    "Reliability.Log Safety",  # 27
    "Reliability.Protocol Hardening",  # 26
    ("Protocols.Protocol Faults", "Protocols.Socketio Polling Binary"),  # 25
    ("Protocols.Protocol Late Connect", "Protocols.Socketio Polling Lifetime"),  # 14 + 12
    "Recording.Replay Socketio Wire",  # 10
    "Recording.Browser Library Har",  # 21
    "Watching.Browser Server",  # 17
]


def main(args: list[str]) -> int:
    if "--both" not in args:
        passed, failed = run(args, OUT)
        print(f"atest: {passed} passed, {failed} failed")
        return 0 if failed == 0 and passed > 0 else 1
    args = [a for a in args if a != "--both"]
    totals = []
    for fast_path, out in (("false", OUT), ("true", OUT.with_name(OUT.name + "-fast-path"))):
        os.environ[FAST_PATH_VARIABLE] = fast_path
        totals.append(run(args, out))
        print(f"atest, fast path {'on' if fast_path == 'true' else 'off'}: "
              f"{totals[-1][0]} passed, {totals[-1][1]} failed")
    passed, failed = (sum(counts) for counts in zip(*totals, strict=True))
    print(f"atest: {passed} passed, {failed} failed")
    return 0 if failed == 0 and all(counts[0] > 0 for counts in totals) else 1


def run(args: list[str], out: Path) -> tuple[int, int]:
    """One run of the suites into ``out``; the numbers of tests passed and failed."""
    serial = "--serial" in args
    args = [a for a in args if a != "--serial"]
    paths = [a for a in args if Path(a).exists()] or [str(HERE)]
    options = [a for a in args if a not in paths]
    out.mkdir(parents=True, exist_ok=True)
    common = [
        "--pythonpath", str(HERE / "resources"),
        "--pythonpath", str(ROOT / "examples" / "plugins"),
        "--outputdir", str(out),
        "--output", "output.xml", "--log", "NONE", "--report", "NONE",
        "--exclude", "not-ready",
        *options,
    ]
    if serial:
        command = [sys.executable, "-m", "robot", *common, *paths]
    else:
        ordering = ["--ordering", str(_ordering(out))] if paths == [str(HERE)] else []
        command = [sys.executable, "-m", "pabot.pabot", "--no-pabotlib", "--processes", "3",
                   *ordering, "--command", sys.executable, "-m", "robot", "--end-command",
                   *common, *paths]
    subprocess.run(command, cwd=ROOT)
    output = out / "output.xml"
    if not output.exists():
        print(f"No {output}: the run did not finish.")
        return 0, 1
    process_output(str(output))
    subprocess.run(
        [sys.executable, "-m", "robot.rebot", "--outputdir", str(out), "--output", "output.xml",
         str(output)],
        cwd=ROOT, capture_output=True,
    )
    stats = ExecutionResult(str(output)).statistics.total
    for test in _failed(output):
        print(f"FAILED: {test}")
    print(f"Log: {out / 'log.html'}")
    return stats.passed, stats.failed


def _ordering(out: Path) -> Path:
    """ORDER as a pabot ordering file (which has no comments) in the output folder."""
    lines = []
    for item in ORDER:
        names = [item] if isinstance(item, str) else ["{", *item, "}"]
        lines += [name if name in ("{", "}") else f"--suite {HERE.name.title()}.{name}"
                  for name in names]
    path = out / "ordering.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _failed(output: Path) -> list[str]:
    result = ExecutionResult(str(output))
    return [
        f"{test.full_name}: {test.message.splitlines()[0] if test.message else ''}"
        for test in result.suite.all_tests
        if test.failed
    ]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
