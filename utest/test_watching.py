"""Watching: the browser's socket events and the page's reports, paired and recorded.

The browser is played by fakes of what the watcher uses of Playwright's
Page, WebSocket and Frame (``on`` and a few attributes).
"""

from WsRouteLibrary.datatypes import EntryKind
from WsRouteLibrary.engine.owners import Owner, Owners
from WsRouteLibrary.engine.watching import GOING_AWAY, REPORT_WAIT, Watcher
from WsRouteLibrary.model.closing import NO_STATUS
from WsRouteLibrary.model.registry import Registry, Route
from WsRouteLibrary.model.urlpattern import UrlPattern

OPEN, CLOSE, SENT, RECEIVED = EntryKind.open, EntryKind.close, EntryKind.sent, EntryKind.received
URL = "ws://127.0.0.1:9/feed"


class Emitter:
    def __init__(self):
        self.handlers = {}

    def on(self, event, handler):
        self.handlers.setdefault(event, []).append(handler)

    def emit(self, event, *args):
        for handler in self.handlers.get(event, []):
            handler(*args)


class FakeWebSocket(Emitter):
    def __init__(self, url=URL):
        super().__init__()
        self.url = url


class FakeFrame:
    def __init__(self, parent=None):
        self.parent_frame = parent


class FakePage(Emitter):
    def __init__(self, context):
        super().__init__()
        self.context = context
        self.main_frame = FakeFrame()


class FakeTasks:
    def __init__(self):
        self.timers = []

    def call_later(self, delay, function, *args):
        timer = Timer(delay, function, args)
        self.timers.append(timer)
        return timer

    def run_timers(self):
        timers, self.timers = self.timers, []
        for timer in timers:
            if not timer.cancelled:
                timer.function(*timer.args)


class Timer:
    def __init__(self, delay, function, args):
        self.delay, self.function, self.args = delay, function, args
        self.cancelled = False

    def cancel(self):
        self.cancelled = True


class Browser:
    """A watcher with a watch on ``pattern``, and one page of a hooked context."""

    def __init__(self, pattern="**/feed*", hooked=True):
        self.registry = Registry()
        self.owners = Owners(self.registry)
        self.tasks = FakeTasks()
        self.errors = []
        numbers = iter(range(1, 100))
        self.watcher = Watcher(self.registry, self.owners, self.tasks, self.errors.append,
                               number=lambda: next(numbers), base_url=lambda: None)
        self.context = object()
        self.secret = self.watcher.reports.for_context(self.context)
        if hooked:
            self.watcher._hooked.append(self.context)
        self.page = self.new_page()
        self.watch = self.add(pattern, watch=True) if pattern else None

    def new_page(self):
        page = FakePage(self.context)
        self.watcher.on_page(page)
        return page

    def add(self, pattern, watch=False):
        route = Route(UrlPattern(pattern), owner=self.owners.current, watch=watch)
        self.registry.add(route)
        return route

    def socket(self, url=URL, page=None):
        ws = FakeWebSocket(url)
        (page or self.page).emit("websocket", ws)
        return ws

    def report(self, *args, page=None):
        source = {"page": page or self.page, "context": self.context}
        self.watcher._on_report(source, self.secret, *args)

    def entries(self, route=None):
        return [(e.kind, e.payload, e.note) for e in (route or self.watch).journal.entries]


def test_a_watched_socket_is_recorded_with_its_open_messages_and_close():
    browser = Browser()
    ws = browser.socket()
    assert browser.entries() == []  # the handshake was asked for; it has not opened
    browser.report("open", URL)
    ws.emit("framesent", "hello")
    ws.emit("framereceived", b"\x01\x02")
    ws.emit("close", ws)
    browser.report("close", URL, 4001, "bye", True)
    assert browser.entries() == [
        (OPEN, None, "watched"),
        (SENT, "hello", "watched"),
        (RECEIVED, b"\x01\x02", "watched"),
        (CLOSE, (4001, "bye"), "watched"),
    ]
    assert [s.url for s in browser.watch.sockets] == [URL]
    assert browser.errors == []


def test_a_close_report_may_come_before_the_browser_close():
    browser = Browser()
    ws = browser.socket()
    browser.report("open", URL)
    browser.report("close", URL, 1000, "", True)
    assert browser.entries()[-1][0] is OPEN
    ws.emit("close", ws)
    assert browser.entries()[-1] == (CLOSE, (1000, ""), "watched")


def test_without_a_report_the_close_has_no_code_and_a_late_report_is_ignored():
    browser = Browser()
    first = browser.socket()
    browser.report("open", URL)
    first.emit("close", first)
    assert browser.tasks.timers[0].delay == REPORT_WAIT
    browser.tasks.run_timers()
    assert browser.entries()[-1] == (CLOSE, (NO_STATUS, ""),
                                      "watched; the page reported no close code")
    browser.report("close", URL, 4000, "late", True)  # the first socket's, too late
    second = browser.socket()
    browser.report("open", URL)
    second.emit("close", second)
    browser.report("close", URL, 4001, "second", True)
    assert browser.entries()[-1] == (CLOSE, (4001, "second"), "watched")


def test_reports_of_sockets_with_the_same_url_are_paired_in_order():
    browser = Browser()
    first, second = browser.socket(), browser.socket()
    browser.report("open", URL)
    browser.report("open", URL)
    second.emit("close", second)
    browser.report("close", URL, 4002, "second", True)
    first.emit("close", first)
    browser.report("close", URL, 4001, "first", True)
    closes = [(e.socket_number, e.payload) for e in browser.watch.journal.entries
              if e.kind is CLOSE]
    numbers = [s.number for s in browser.watch.sockets]
    assert closes == [(numbers[1], (4002, "second")), (numbers[0], (4001, "first"))]


def test_a_refused_handshake_is_a_close_without_an_open():
    browser = Browser()
    ws = browser.socket()
    ws.emit("socketerror", "Unexpected response code: 403")
    ws.emit("close", ws)
    browser.report("close", URL, 1006, "", False)
    assert browser.entries() == [
        (CLOSE, (1006, ""), "watched; the connection failed: Unexpected response code: 403")]
    assert [s.url for s in browser.watch.sockets] == [URL]
    assert browser.watch.open_sockets() == []


def test_a_refused_socket_takes_no_open_report_of_the_next_one():
    browser = Browser()
    refused, accepted = browser.socket(), browser.socket()
    refused.emit("socketerror", "refused")
    browser.report("open", URL)
    accepted.emit("framereceived", "welcome")
    numbers = {e.socket_number for e in browser.watch.journal.entries}
    assert numbers == {browser.watch.sockets[0].number}
    assert browser.watch.sockets[0].ws is accepted


def test_a_message_before_the_open_report_opens_the_socket():
    browser = Browser()
    first, second = browser.socket(), browser.socket()
    first.emit("framereceived", "early")
    browser.report("open", URL)  # the first socket's open: it is already recorded
    browser.report("open", URL)
    assert [e[0] for e in browser.entries()] == [OPEN, RECEIVED, OPEN]
    assert [s.ws for s in browser.watch.sockets] == [first, second]


def test_a_routed_socket_is_not_recorded_but_keeps_the_reports_in_step():
    browser = Browser()
    route = browser.add("**/feed")
    routed = browser.socket()
    browser.registry.remove(route)
    watched = browser.socket()
    browser.report("open", URL)
    browser.report("open", URL)
    routed.emit("close", routed)
    browser.report("close", URL, 3000, "routed", True)
    watched.emit("close", watched)
    browser.report("close", URL, 3001, "watched", True)
    assert browser.entries() == [(OPEN, None, "watched"), (CLOSE, (3001, "watched"), "watched")]


def test_a_socket_no_watch_matches_is_remembered_for_hints():
    browser = Browser(pattern="**/chat")
    browser.socket("ws://127.0.0.1:9/feed?token=abc")
    route = browser.add("**/feed")
    route.created = 0.0  # made before the socket opened
    assert browser.entries() == []
    text = browser.watcher.hint(route)
    assert text == (" A socket opened that no route caught: ws://127.0.0.1:9/feed?token=abc "
                    "(its query ?token=abc is part of the URL that the pattern must match; "
                    "'**/feed?*' would catch it).")
    owner = browser.owners.current
    assert browser.watcher.take_notes(owner) == [f"Route '**/feed':{text}"]
    assert browser.watcher.take_notes(owner) == []


def test_watched_and_routed_sockets_are_not_named_in_hints():
    browser = Browser()
    browser.socket()  # watched
    browser.add("**/chat")
    browser.socket("ws://127.0.0.1:9/chat")  # routed
    assert browser.watcher.hint(browser.add("**/other")) == ""


def test_hints_name_sockets_of_the_running_test_only():
    browser = Browser(pattern=None)
    ws = browser.socket("ws://h/feed?x")
    ws.emit("close", ws)
    browser.owners.current = Owner("test later", browser.owners.current)
    assert browser.watcher.hint(browser.add("**/feed")) == ""


def test_a_new_document_closes_the_sockets_of_the_old_one_with_going_away():
    browser = Browser()
    old = browser.socket()
    browser.report("open", URL)
    browser.page.emit("framenavigated", FakeFrame(parent=browser.page.main_frame))  # an iframe
    browser.page.emit("domcontentloaded", browser.page)
    assert browser.watch.open_sockets() != []
    browser.page.emit("framenavigated", browser.page.main_frame)
    new = browser.socket()  # opened by the new document before it loaded
    browser.page.emit("domcontentloaded", browser.page)
    assert browser.entries() == [(OPEN, None, "watched"),
                                 (CLOSE, (GOING_AWAY, ""), "watched; the page navigated away")]
    browser.report("open", URL)
    new.emit("framesent", "still here")
    assert browser.entries()[-1] == (SENT, "still here", "watched")
    old.emit("close", old)  # Playwright forgot it; were it reported, nothing changes
    assert [e[0] for e in browser.entries()].count(CLOSE) == 1


def test_a_same_document_navigation_closes_nothing():
    browser = Browser()
    browser.socket()
    browser.report("open", URL)
    browser.page.emit("framenavigated", browser.page.main_frame)  # history.pushState
    assert len(browser.watch.open_sockets()) == 1


def test_a_closed_page_ends_its_sockets():
    browser = Browser()
    ws = browser.socket()
    browser.report("open", URL)
    ws.emit("close", ws)  # waiting for the page's report, which will never come
    browser.page.emit("close", browser.page)
    assert browser.entries()[-1] == (CLOSE, (NO_STATUS, ""), "page closed")
    assert all(t.cancelled for t in browser.tasks.timers)


def test_a_page_of_a_context_without_the_hook_opens_at_once_and_closes_without_a_code():
    browser = Browser(hooked=False)
    ws = browser.socket()
    assert browser.entries() == [(OPEN, None, "watched")]
    ws.emit("close", ws)
    assert browser.entries()[-1] == (
        CLOSE, (NO_STATUS, ""),
        "watched; the page reported no close code: it was loaded before the watch")


def test_reports_of_another_page_do_not_mix():
    browser = Browser()
    other = browser.new_page()
    mine, theirs = browser.socket(), browser.socket(page=other)
    browser.report("open", URL, page=other)
    assert browser.watch.sockets[0].ws is theirs
    browser.report("open", URL)
    assert browser.watch.sockets[1].ws is mine


def test_a_removed_watch_records_nothing_more():
    browser = Browser()
    ws = browser.socket()
    browser.report("open", URL)
    browser.registry.remove(browser.watch)
    ws.emit("framesent", "after")
    assert browser.entries() == [(OPEN, None, "watched")]


def test_an_error_in_a_handler_fails_the_running_test():
    browser = Browser()
    ws = browser.socket()
    browser.watch.journal = None  # broken on purpose
    ws.emit("framesent", "boom")
    assert len(browser.errors) == 1
    assert browser.errors[0].startswith("Unexpected error while watching WebSocket traffic:")
