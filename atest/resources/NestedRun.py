"""Runs a suite of an area's nested/ folder in a robot of its own and reads what it wrote.

What WsRouteLibrary writes into the log (traffic tables, their notes, the
sequence diagrams) and whether output.xml and log.html can be built at all
can only be checked on a finished run. An area imports this library with its
folder of nested suites::

    Library    NestedRun.py    ${CURDIR}${/}nested

and runs ``nested/NAME.txt`` with `Run Nested Suite` (output.xml only) or
`Run Nested Suite With Log` (a log.html too, to open in a browser).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from robot.api import ExecutionResult, ResultVisitor
from robot.api.deco import keyword, library
from robot.result import Message, TestCase
from TestKit import run_robot

RESOURCES = Path(__file__).parent
TIME = re.compile(r"\+\d+\.\d{3} s")
TIMEOUT = 600  # seconds a nested run may take


@library(scope="SUITE")
class NestedRun:
    """Runs nested suites and reads their results: statuses, messages, traffic tables."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self.results = {}
        self.outputs: dict[str, Path] = {}

    @keyword
    def run_nested_suite(self, name: str, output_dir: str) -> None:
        """Runs nested/``name``.txt; its output.xml goes to ``output_dir``/nested/``name``."""
        self._run(name, Path(output_dir) / "nested" / name, "NONE")

    @keyword
    def run_nested_suite_with_log(self, name: str, output_dir: str) -> str:
        """Runs nested/``name``.txt into ``output_dir``/nested/``name``-log/; returns the
        ``file://`` URL of its log.html."""
        output = Path(output_dir).resolve() / "nested" / f"{name}-log"
        self._run(name, output, "log.html")
        return (output / "log.html").as_uri()

    def _run(self, name: str, output: Path, log: str) -> None:
        process = run_robot(
            "--pythonpath", str(RESOURCES),
            "--outputdir", str(output),
            "--log", log, "--report", "NONE", "--console", "none",
            str(self.folder / f"{name}.txt"),
            timeout=TIMEOUT,
        )
        written = output / ("output.xml" if log == "NONE" else log)
        if not written.exists():
            raise AssertionError(f"The nested run wrote no {written.name}: {process.stderr}")
        self.results[name] = ExecutionResult(str(output / "output.xml"))
        self.outputs[name] = output

    @keyword
    def nested_log_should_build(self, name: str) -> None:
        """Builds log.html of the run of nested/``name``.txt with rebot; fails unless it
        can."""
        output = self.outputs[name]
        process = run_robot(
            "--outputdir", str(output), "--log", "log.html", "--report", "NONE",
            "--output", "NONE", str(output / "output.xml"),
            module="robot.rebot", timeout=300,
        )
        log = output / "log.html"
        if process.returncode >= 250 or not log.exists() or process.stderr.strip():
            raise AssertionError(
                f"rebot could not build log.html (rc {process.returncode}): {process.stderr}"
            )

    @keyword
    def nested_test_status(self, name: str, test: str) -> str:
        """A test's status and message in the run of nested/``name``.txt."""
        found = self._test(name, test)
        return f"{found.status}: {found.message}" if found.message else found.status

    @keyword
    def nested_statuses(self, name: str) -> dict:
        """Every test of the run of nested/``name``.txt: name -> "PASS", or "FAIL: message"."""
        return {
            test.name: test.status if test.passed else f"{test.status}: {test.message}"
            for test in self.results[name].suite.all_tests
        }

    @keyword
    def nested_test_id(self, name: str, test: str) -> str:
        """The id of a test in the log of nested/``name``.txt, such as ``s1-t2``: the part
        after ``#`` of a link to that test."""
        return self._test(name, test).id

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

    @keyword
    def traffic_tables(self, name: str, where: str) -> list[dict]:
        """The traffic tables logged directly in a test, ``suite setup`` or ``suite teardown``
        of the run of nested/``name``.txt.

        Only messages directly in that item count, not those of keywords in
        it. Each table is a dictionary: ``title``, ``notes`` (the lines after
        the title) and ``rows``, each row the list of its cells with the time
        cell (checked to look like ``+1.234 s``) left out.
        """
        item = self._item(name, where)
        tables = []
        for message in item.body:
            if not isinstance(message, Message) or "WebSocket traffic" not in message.message:
                continue
            if not message.html or message.level != "INFO":
                raise AssertionError(f"Traffic table is not an INFO message in HTML: {message}")
            tables.append(_parse(message.message))
        return tables

    @keyword
    def all_traffic_tables(self, name: str) -> int:
        """How many traffic tables the whole output.xml has, wherever they are."""
        counter = _TableCounter()
        self.results[name].suite.visit(counter)
        return counter.count

    def _item(self, name: str, where: str):
        suite = self.results[name].suite
        if where == "suite setup":
            return suite.setup
        if where == "suite teardown":
            return suite.teardown
        return self._test(name, where)

    def _test(self, name: str, test: str) -> TestCase:
        for found in self.results[name].suite.all_tests:
            if found.name == test:
                return found
        raise AssertionError(f"The run of {name} has no test {test!r}.")


class _TableCounter(ResultVisitor):
    def __init__(self):
        self.count = 0

    def visit_message(self, message):
        self.count += "WebSocket traffic" in message.message


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title = ""
        self.notes: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in = None

    def handle_starttag(self, tag, attrs):
        if tag == "b" and not self.rows:
            self._in = "title"
        elif tag == "i" and self._cell is None:
            self._in = "note"
            self.notes.append("")
        elif tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td":
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag in ("b", "i"):
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in == "title":
            self.title += data
        elif self._in == "note":
            self.notes[-1] += data


def _parse(text: str) -> dict:
    parser = _TableParser()
    parser.feed(text)
    rows = [row for row in parser.rows if row]  # the header row has <th> cells only
    for row in rows:
        if len(row) == 5:
            if not TIME.fullmatch(row[0]):
                raise AssertionError(f"Time cell {row[0]!r} does not look like '+1.234 s'.")
            del row[0]
    return {"title": parser.title, "notes": parser.notes, "rows": rows}
