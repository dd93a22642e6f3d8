"""The library's listener: tests and suites own what they create, the log, lost errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from robot.api import logger
from robot.result import TestSuite as RobotResultSuite
from robot.utils import html_escape

from .datatypes import AutoCleanup
from .model.journal import TrafficReport
from .report.diagram import render_diagram
from .report.logtable import render_table

if TYPE_CHECKING:
    from .engine import Engine
    from .settings import ScopedSetting


class LibraryListener:
    """Follows suites and tests (listener API 3) for the library.

    Each suite and test is an owner of the engine: when it ends, what it
    created is cleaned up as ``auto_cleanup`` says, its traffic is logged as
    a table, and errors that happened on the event loop fail it. Scoped
    settings (the timeout) follow the same frames.
    """

    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, engine: Engine, auto_cleanup: AutoCleanup,
                 settings: list[ScopedSetting]):
        self.engine = engine
        self.auto_cleanup = auto_cleanup
        self.settings = settings
        # Loop errors a keyword of the running test raised: a wrapper such as
        # 'Run Keyword And Ignore Error' may hide them, so the test end checks.
        self._raised: list[str] = []
        self._expect_marks: list[int] = []

    def raised(self, errors: list[str]) -> None:
        """The library raised these loop errors in a keyword of the running test."""
        self._raised.extend(errors)

    def start_suite(self, data: Any, result: Any) -> None:
        self._start("suite", f"suite {data.name}")

    def end_suite(self, data: Any, result: Any) -> None:
        self._end(result, self.auto_cleanup is not AutoCleanup.manual)

    def start_test(self, data: Any, result: Any) -> None:
        self._raised, self._expect_marks = [], []
        self._start("test", f"test {data.name}")

    def end_test(self, data: Any, result: Any) -> None:
        self._end(result, self.auto_cleanup is AutoCleanup.test)
        hidden = [e for e in self._raised if not mentions(result.message or "", e)]
        self._raised, self._expect_marks = [], []
        if hidden:
            message = ("An error on the WebSockets of this test was hidden by a keyword "
                       "such as 'Run Keyword And Ignore Error' or 'Wait Until Keyword "
                       f"Succeeds': {join_errors(hidden)}")
            _fail(result, message)

    def start_keyword(self, data: Any, result: Any) -> None:
        if _expects_error(result):
            self._expect_marks.append(len(self._raised))

    def end_keyword(self, data: Any, result: Any) -> None:
        if _expects_error(result):
            mark = self._expect_marks.pop() if self._expect_marks else 0
            if result.passed:  # the test expected exactly that error
                del self._raised[mark:]
        # A suite's traffic is logged inside its setup and teardown: what
        # end_suite logs has no place in the log (only in the syslog).
        if result.type in (result.SETUP, result.TEARDOWN) and isinstance(
            result.parent, RobotResultSuite
        ):
            log_traffic(self.engine.unlogged_traffic())

    def close(self) -> None:
        """Robot Framework is done with the library: close the browser and the loop."""
        self.engine.shutdown()

    def _start(self, kind: str, name: str) -> None:
        for setting in self.settings:
            setting.start(kind)
        self.engine.start_owner(name)

    def _end(self, result: Any, remove: bool) -> None:
        for setting in self.settings:
            setting.end()
        report = self.engine.end_owner(remove)
        log_traffic(report.traffic)
        if report.errors:
            _fail(result, join_errors(report.errors))


def _fail(result: Any, message: str) -> None:
    """Fails a test or suite result with ``message``, after any message it has."""
    logger.error(message)
    result.status = "FAIL"
    result.message = append_message(result.message or "", message)


# Robot Framework reads a test, suite or keyword failure message as HTML when
# it starts with this. The library's own messages are plain text, and quote
# what the page or a recording sent: written into an HTML message, that text
# is escaped, so the log shows it and never runs it.
HTML = "*HTML*"


def is_html(message: str) -> bool:
    """Whether Robot Framework reads ``message`` (a failure message) as HTML."""
    return message.startswith(HTML)


def plain_message(text: str) -> str:
    """``text`` as a failure message that the log shows as written.

    Plain text stays as it is, unless it starts with ``*HTML*`` (a message
    quoting the page first): then it becomes HTML of that text, escaped, so
    it still reads the same.
    """
    return f"{HTML} {html_escape(text)}" if is_html(text) else text


def append_message(message: str, addition: str) -> str:
    """``message`` followed by the library's plain ``addition``, in the form of ``message``.

    After an HTML message (``Fail    *HTML*<b>x</b>``) the addition is
    escaped, as Robot Framework escapes a plain teardown failure it adds.
    """
    if not message:
        return plain_message(addition)
    if is_html(message):
        addition = html_escape(addition)
    return f"{message}\n\n{addition}"


def mentions(message: str, error: str) -> bool:
    """Whether a failure message already says ``error``, as text or escaped in HTML."""
    return error in message or (is_html(message) and html_escape(error) in message)


def _expects_error(result: Any) -> bool:
    return getattr(result, "name", "").lower() == "run keyword and expect error"


def log_traffic(report: TrafficReport) -> None:
    if report.entries or report.notes:
        # The diagram to look at, then the exact table to copy text from.
        logger.info(render_diagram(report) + render_table(report), html=True)


def join_errors(errors: list[str]) -> str:
    if len(errors) == 1:
        return errors[0]
    return f"{len(errors)} errors happened on WebSockets:\n" + "\n".join(
        f"{number}) {error}" for number, error in enumerate(errors, 1)
    )


def keep_plain(error: Exception) -> Exception:
    """``error`` with a message the log shows as text.

    Robot Framework reads a failure that starts with ``*HTML*`` as HTML; the
    library's messages are text, and one that starts with what the page, a
    recording or a test gave (``*HTML*<img onerror=...>``) is escaped.
    """
    message = str(error)
    if is_html(message):
        error.args = (plain_message(message),)
        if str(error) != error.args[0]:  # a message that does not come from args
            return AssertionError(plain_message(message))
    return error
