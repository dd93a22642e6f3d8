"""Runs a suite of atest/observation/nested/ in a robot of its own and reads its log.

The traffic tables that WsRouteLibrary writes into the log can only be seen
in a finished output.xml, so log_table.robot runs small suites in a separate
robot process and checks what ended up where.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from robot.api import ExecutionResult, ResultVisitor
from robot.api.deco import keyword, library
from robot.result import Message, TestCase

HERE = Path(__file__).parent
RESOURCES = HERE.parent / "resources"
TIME = re.compile(r"\+\d+\.\d{3} s")


@library(scope="SUITE")
class NestedRun:
    def __init__(self):
        self.results = {}

    @keyword
    def run_nested_suite(self, name: str, output_dir: str) -> None:
        """Runs nested/``name``.txt; its output.xml goes to ``output_dir``/nested/``name``."""
        output = Path(output_dir) / "nested" / name
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "robot",
                "--pythonpath",
                str(RESOURCES),
                "--outputdir",
                str(output),
                "--log",
                "NONE",
                "--report",
                "NONE",
                "--console",
                "none",
                str(HERE / "nested" / f"{name}.txt"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if not (output / "output.xml").exists():
            raise AssertionError(f"The nested run wrote no output.xml: {process.stderr}")
        self.results[name] = ExecutionResult(str(output / "output.xml"))

    @keyword
    def nested_test_status(self, name: str, test: str) -> str:
        """A test's status and message in the run of nested/``name``.txt."""
        found = self._test(name, test)
        return f"{found.status}: {found.message}" if found.message else found.status

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
