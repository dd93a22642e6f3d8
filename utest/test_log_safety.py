"""The log never runs page content: the escaping of every message the library writes or
adds to, and the checks on calls of the watch binding that the page could make itself."""

import math
from html.parser import HTMLParser

import pytest

from WsRouteLibrary.datatypes import EntryKind
from WsRouteLibrary.engine.owners import Owners
from WsRouteLibrary.engine.watchhook import (
    BINDING,
    ForgedReport,
    Reports,
    hook_script,
    is_close_code,
)
from WsRouteLibrary.engine.watching import Watcher
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.listener import (
    append_message,
    is_html,
    keep_plain,
    mentions,
    plain_message,
)
from WsRouteLibrary.model.journal import Entry, TrafficReport
from WsRouteLibrary.model.registry import Registry
from WsRouteLibrary.report.diagram import render_diagram
from WsRouteLibrary.report.logtable import render_table

PAGE = "<img src=x onerror=\"alert('x')\"><script>alert(1)</script> & \"q\" 'a'"
URL = "ws://127.0.0.1:9/feed"


class _Elements(HTMLParser):
    """The elements and attributes HTML would make: page markup must make none."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


# ------------------------------------------------------------ failure messages


def test_an_addition_to_an_html_message_is_escaped():
    message = append_message("*HTML*<b>bold</b>", f"The page sent {PAGE}")
    assert message.startswith("*HTML*<b>bold</b>\n\nThe page sent &lt;img")
    assert elements(message[6:]).tags == ["b"]
    assert "onerror" not in elements(message[6:]).attributes


def test_an_addition_to_a_plain_message_stays_plain():
    assert append_message("Failed", f"The page sent {PAGE}") == f"Failed\n\nThe page sent {PAGE}"


def test_a_first_message_stays_plain_text():
    assert append_message("", "The page sent <b>") == "The page sent <b>"


def test_a_plain_message_that_starts_like_html_is_shown_as_written():
    message = plain_message(f"*HTML*{PAGE}")
    assert is_html(message)
    assert elements(message[6:]).tags == []
    assert plain_message("Text <b>") == "Text <b>"
    assert append_message("", "*HTML*<img src=x>").startswith("*HTML* *HTML*&lt;img")


def test_an_error_robot_framework_escaped_into_an_html_message_is_mentioned():
    error = f"The page sent {PAGE}"
    assert mentions(f"*HTML* 1) <b>x</b>\n\n2) {append_message('*HTML*', error)[8:]}", error)
    assert mentions(f"Failed: {error}", error)
    assert not mentions("*HTML* Failed", error)


def test_a_keyword_failure_that_would_read_as_html_is_escaped():
    error = keep_plain(InvalidInputError(f"*HTML*{PAGE}"))
    assert isinstance(error, InvalidInputError)
    assert str(error).startswith("*HTML* *HTML*&lt;img")
    plain = AssertionError("Message 'x' did not arrive")
    assert keep_plain(plain) is plain
    assert str(plain) == "Message 'x' did not arrive"


def test_an_error_whose_message_is_not_its_args_becomes_a_plain_failure():
    class Odd(Exception):
        def __str__(self):
            return "*HTML*<img src=x onerror=alert(1)>"

    error = keep_plain(Odd())
    assert type(error) is AssertionError
    assert str(error) == "*HTML* *HTML*&lt;img src=x onerror=alert(1)&gt;"


# ------------------------------------------------------------ table and diagram


def _report(notes=()):
    entries = [
        Entry(1, URL, EntryKind.open, None, "watched", None),
        Entry(1, URL, EntryKind.sent, PAGE, f"rule 1: {PAGE}", None),
        Entry(1, URL, EntryKind.received, PAGE.encode(), "watched", None),
        Entry(1, URL, EntryKind.close, (4000, PAGE), "watched", None),
    ]
    return TrafficReport(entries, {e.seq: f"**/{PAGE}" for e in entries}, entries[0].time,
                         {f"**/{PAGE}": 2}, list(notes))


def test_the_traffic_table_shows_page_text_as_text():
    html = render_table(_report([f"Route {PAGE}: a hint"]))
    found = elements(html)
    assert set(found.tags) <= {"b", "br", "i", "table", "tr", "th", "td"}
    assert found.attributes == ["class"]
    assert "&lt;img src=x onerror=" in html


def test_the_diagram_shows_page_text_as_text():
    svg = render_diagram(_report())
    found = elements(svg)
    assert "img" not in found.tags and "script" not in found.tags
    assert "onerror" not in found.attributes
    assert "&lt;img src=x onerror=" in svg


# ------------------------------------------------------------ the watch binding


class _Context:
    pass


def _checked(reports, context, *args, frame=None):
    return reports.check({"context": context, "frame": frame}, args)


def test_a_report_of_the_script_is_taken():
    reports, context = Reports(), _Context()
    secret = reports.for_context(context)
    assert _checked(reports, context, secret, "open", URL) == ("open", URL, None, None, None)
    assert _checked(reports, context, secret, "close", URL, 4001, "bye", True) == (
        "close", URL, 4001, "bye", True)
    assert _checked(reports, context, secret, "close", URL, 1006.0, "", False)[2] == 1006


@pytest.mark.parametrize("args", [
    (),
    ("open", URL),
    ("guess", "open", URL),
    (None, "open", URL),
    (math.nan, "close", URL),
])
def test_a_call_without_the_secret_is_refused(args):
    reports, context = Reports(), _Context()
    reports.for_context(context)
    with pytest.raises(ForgedReport, match="lacks the secret"):
        _checked(reports, context, *args)


def test_the_secret_of_another_context_is_refused():
    reports, mine, other = Reports(), _Context(), _Context()
    reports.for_context(mine)
    with pytest.raises(ForgedReport):
        _checked(reports, mine, reports.for_context(other), "open", URL)


def test_a_secret_of_a_loaded_document_is_taken_from_its_frame_only():
    reports, context, frame = Reports(), _Context(), object()
    secret = reports.for_document(context, frame)
    assert _checked(reports, context, secret, "open", URL, frame=frame)[0] == "open"
    with pytest.raises(ForgedReport):
        _checked(reports, context, secret, "open", URL, frame=object())
    reports.forget(context)
    with pytest.raises(ForgedReport):
        _checked(reports, context, secret, "open", URL, frame=frame)


@pytest.mark.parametrize("args, problem", [
    (("bogus", URL), "not an open or close report"),
    (("open",), "not an open or close report"),
    (("open", URL, 1), "not an open or close report"),
    (("close", URL, 1000, ""), "not an open or close report"),
    ((["open"], URL), "not an open or close report"),
    (("open", [URL]), "no WebSocket URL"),
    (("open", "javascript:alert(1)"), "no WebSocket URL"),
    (("open", "ws://" + "x" * (3 * 1024 * 1024)), "no WebSocket URL"),
    (("close", URL, math.nan, "", True), "no close code"),
    (("close", URL, math.inf, "", True), "no close code"),
    (("close", URL, -math.inf, "", True), "no close code"),
    (("close", URL, 1e308, "", True), "no close code"),
    (("close", URL, 2 ** 70, "", True), "no close code"),
    (("close", URL, 10 ** 5000, "", True), "no close code"),
    (("close", URL, "4000", "", True), "no close code"),
    (("close", URL, 4000.5, "", True), "no close code"),
    (("close", URL, True, "", True), "no close code"),
    (("close", URL, 999, "", True), "no close code"),
    (("close", URL, 5000, "", True), "no close code"),
    (("close", URL, 4000, None, True), "no close reason"),
    (("close", URL, 4000, {"toString": 1}, True), "no close reason"),
    (("close", URL, 4000, "x" * 124, True), "no close reason"),
    (("close", URL, 4000, "\u00fc" * 62, True), "no close reason"),
    (("close", URL, 4000, "", 1), "does not say whether it opened"),
    (("close", URL, 4000, "", None), "does not say whether it opened"),
])
def test_a_malformed_report_is_refused(args, problem):
    reports, context = Reports(), _Context()
    secret = reports.for_context(context)
    with pytest.raises(ForgedReport, match=problem):
        _checked(reports, context, secret, *args)


def test_a_refused_call_is_shown_short_and_without_the_secret():
    reports, context = Reports(), _Context()
    secret = reports.for_context(context)
    with pytest.raises(ForgedReport) as refused:
        _checked(reports, context, secret, "close", URL, 4000, "x" * 100, [[[[1]]]] * 1000)
    assert secret not in str(refused.value)
    assert len(str(refused.value)) < 300


def test_close_codes_are_those_a_browser_reports():
    assert all(is_close_code(code) for code in (1000, 1005, 1006, 3000, 4999, 4000.0))
    assert not any(is_close_code(code) for code in (0, 999, 5000, math.nan, "1000", None))


def test_the_script_keeps_its_secret_in_its_closure():
    script = hook_script("0123abcd")
    assert script.count('"0123abcd"') == 1
    assert "const secret = \"0123abcd\";" in script
    assert f"delete globalThis.{BINDING}" in script
    assert "globalThis.secret" not in script and "window." not in script
    assert "__SECRET__" not in script and "__BINDING__" not in script


def test_refused_calls_are_noted_once_for_the_test_they_came_in():
    registry = Registry()
    owners = Owners(registry)
    failures = []
    watcher = Watcher(registry, owners, tasks=None, fail=failures.append, number=lambda: 1,
                      base_url=lambda: None)
    context = _Context()
    watcher.reports.for_context(context)
    for args in [("open", URL), ("close", URL, math.nan, "", True), ()]:
        watcher._on_report({"context": context, "page": object()}, *args)
    assert failures == []
    notes = watcher.take_notes(owners.current)
    assert notes == [
        f"The page made 3 calls to the library's watch binding ({BINDING}) that the library's "
        "script did not make: ignored, nothing recorded. The first: The call with "
        f"['open', '{URL}'] lacks the secret of the library's script."
    ]
    assert watcher.take_notes(owners.current) == []
